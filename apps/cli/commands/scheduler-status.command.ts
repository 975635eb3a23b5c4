import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { formatSchedulerStatus } from './scheduler-status.format';

/** `scheduler status [--json]`: what the scheduler is doing. */
export function registerSchedulerStatusCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('status')
    .description('show frequency (desired vs achieved), rate, active zones, due backlog, last tick, pause state')
    .option('--json', 'print the status as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const control = context().scheduler();
      const status = await control.status();
      process.stdout.write(
        options.json ? `${JSON.stringify(status)}\n` : formatSchedulerStatus(control.workflowId, status),
      );
    });
}
