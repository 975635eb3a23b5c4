import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { Config } from '../config';
import {
  NOTIFICATION_DISPATCHER_WORKFLOW,
  notificationDispatcherWorkflowId,
  notificationTaskQueue,
  type DispatcherInput,
  type NotificationDispatcherWorkflow,
} from '../contract';

/** The dispatcher's input from the configuration (NOTIFY_*). */
export function dispatcherInputFromConfig(config: Readonly<Config>): DispatcherInput {
  const notify = config.notify;
  return {
    windowSeconds: notify.windowSeconds,
    digestHourUtc: notify.digestHourUtc,
    maxEventsPerDelivery: notify.maxEventsPerDelivery,
    delivery: {
      maxAttempts: notify.maxAttempts,
      initialRetrySeconds: notify.initialRetrySeconds,
      maxRetrySeconds: notify.maxRetrySeconds,
      busyRetrySeconds: 1,
      pauseAfterFailures: notify.pauseAfterFailures,
      attemptTimeoutSeconds: notify.attemptTimeoutSeconds,
    },
  };
}

/**
 * Starts the deployment's notification dispatcher unless it runs already (fixed id, conflict
 * policy USE_EXISTING), like the scheduler: every scheduler-lane worker calls it at start-up.
 */
export async function ensureNotificationDispatcher(
  client: Client,
  taskQueuePrefix: string,
  input: DispatcherInput,
): Promise<string> {
  const workflowId = notificationDispatcherWorkflowId(taskQueuePrefix);
  await client.workflow.start<NotificationDispatcherWorkflow>(NOTIFICATION_DISPATCHER_WORKFLOW, {
    workflowId,
    taskQueue: notificationTaskQueue(taskQueuePrefix),
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return workflowId;
}
