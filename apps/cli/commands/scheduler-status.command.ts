import type { Command } from 'commander';
import { schedulerWorkflowId } from '../../../libs/domain';
import type { CliContext } from '../cli-context';
import { queryStatus } from '../scheduler/scheduler-handle';
import { formatSchedulerStatus } from '../scheduler/status-format';

/** `scheduler status [--json]`: what the scheduler is doing. */
export function registerSchedulerStatusCommand(scheduler: Command, context: () => CliContext): void {
  scheduler
    .command('status')
    .description('show frequency (desired vs achieved), rate, active zones, due backlog, last tick, pause state')
    .option('--json', 'print the status as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const status = await queryStatus(ctx);
      process.stdout.write(options.json ? `${JSON.stringify(status)}\n` : formatSchedulerStatus(schedulerWorkflowId(ctx.config.taskQueuePrefix), status));
    });
}
