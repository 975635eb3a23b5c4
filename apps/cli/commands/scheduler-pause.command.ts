import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** `scheduler pause`: no new scans until `scheduler resume` (running scans finish; scan-now still works). */
export function registerSchedulerPauseCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('pause')
    .description('stop starting scheduled scans (running scans finish; scan-now still works)')
    .action(async () => {
      await context().scheduler().pause();
      process.stdout.write('scheduler paused: no scheduled scans start until `scheduler resume`\n');
    });
}
