import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { Config } from '../../libs/config';
import { schedulerTaskQueue, schedulerWorkflowId } from '../../libs/domain';
import type { SchedulerInput } from '../../workflows/definitions';

/** The scheduler's start input from the configuration (SCAN_FREQUENCY, SCHEDULER_* …). */
export function schedulerInputFromConfig(config: Readonly<Config>, checkers: string[]): SchedulerInput {
  const { frequencySeconds, tickSeconds, catchUpFactor, maxRatePerSecond, maxInFlight, minFrequencySeconds, maxFrequencySeconds } = config.scheduler;
  return {
    taskQueuePrefix: config.taskQueuePrefix,
    frequencySeconds,
    tickSeconds,
    catchUpFactor,
    maxRatePerSecond,
    maxInFlight,
    minFrequencySeconds,
    maxFrequencySeconds,
    checkers,
  };
}

/**
 * Starts the deployment's scheduler unless it already runs (fixed workflow id, conflict
 * policy USE_EXISTING): every worker or CLI may call this at start-up. A running scheduler
 * keeps its own frequency (changed at run time by signal/update), not this input's.
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
