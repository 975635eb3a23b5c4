import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { schedulerWorkflowId } from '../../../libs/domain';
import { schedulerStatusQuery, type SchedulerStatus } from '../../../workflows/definitions';
import type { CliContext } from '../cli-context';

/** Thrown when a scheduler command cannot do its job; main prints the message, exit code 1. */
export class SchedulerCommandError extends Error {
  override readonly name = 'SchedulerCommandError';
}

/** The deployment's scheduler workflow (TASK_QUEUE_PREFIX names it). */
export async function schedulerHandle(ctx: CliContext): Promise<WorkflowHandle> {
  const client = await ctx.temporal();
  return client.workflow.getHandle(schedulerWorkflowId(ctx.config.taskQueuePrefix));
}

/** Runs `fn`; a missing scheduler becomes an error that says how to start one. */
export async function withScheduler<T>(ctx: CliContext, fn: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
  const handle = await schedulerHandle(ctx);
  try {
    return await fn(handle);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new SchedulerCommandError(
        `no scheduler workflow "${handle.workflowId}" is running in namespace ${ctx.config.temporal.namespace}. ` +
          'Start one with npm start or a worker with --lanes scheduler (TASK_QUEUE_PREFIX must match).',
      );
    }
    throw error;
  }
}

/** The scheduler's current status. */
export function queryStatus(ctx: CliContext): Promise<SchedulerStatus> {
  return withScheduler(ctx, (handle) => handle.query(schedulerStatusQuery));
}
