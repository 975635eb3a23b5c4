import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** `scheduler resume`: scheduled scans start again, at the rate, without a burst for the pause. */
export function registerSchedulerResumeCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('resume')
    .description(
      'start scheduled scans again (at the normal rate: zones that fell due drain at most at catch-up speed)',
    )
    .action(async () => {
      await context().scheduler().resume();
      process.stdout.write('scheduler resumed\n');
    });
}
