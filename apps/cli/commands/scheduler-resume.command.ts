import type { Command } from 'commander';
import { resumeSignal } from '../../../workflows/definitions';
import type { CliContext } from '../cli-context';
import { withScheduler } from '../scheduler/scheduler-handle';

/** `scheduler resume`: scheduled scans start again, at the rate, without a burst for the pause. */
export function registerSchedulerResumeCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('resume')
    .description('start scheduled scans again (at the normal rate: zones that fell due drain at most at catch-up speed)')
    .action(async () => {
      await withScheduler(context(), (handle) => handle.signal(resumeSignal));
      process.stdout.write('scheduler resumed\n');
    });
}
