import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { schedulerTaskQueue, schedulerWorkflowId } from '../../libs/domain';
import type { SchedulerInput } from '../../workflows/definitions';

/**
 * Starts the deployment's scheduler unless it already runs (fixed workflow id, conflict
 * policy USE_EXISTING): every worker or CLI may call this at start-up.
 */
export async function ensureSchedulerRunning(client: Client, input: SchedulerInput): Promise<{ workflowId: string; runId: string }> {
  const workflowId = schedulerWorkflowId(input.taskQueuePrefix);
  const handle = await client.workflow.start('scanScheduler', {
    workflowId,
    taskQueue: schedulerTaskQueue(input.taskQueuePrefix),
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}
