/** The notification dispatcher: one per deployment, started idempotently by the scheduler-lane worker. */
export const NOTIFICATION_DISPATCHER_WORKFLOW = 'notificationDispatcher';
export type NotificationDispatcherWorkflow = (input: DispatcherInput) => Promise<void>;

export interface DispatcherInput {
  /** Seconds between rounds: events of one window to one destination go in one delivery. */
  windowSeconds: number;
  /** UTC hour at which daily digests fall due. */
  digestHourUtc: number;
  /** Events per delivery at most; a larger burst becomes several deliveries. */
  maxEventsPerDelivery: number;
  delivery: DeliveryPolicy;
  /** Rounds before continue-as-new (a bounded history); default 500. */
  maxRoundsBeforeContinueAsNew?: number;
}

/** One delivery workflow per (destination, batch); its id names the delivery and the start. */
export const DELIVER_NOTIFICATION_WORKFLOW = 'deliverNotification';
export type DeliverNotificationWorkflow = (input: DeliverNotificationInput) => Promise<DeliverNotificationResult>;

/** Retries of one delivery: backoff from `initialRetrySeconds` doubling to `maxRetrySeconds`. */
export interface DeliveryPolicy {
  maxAttempts: number;
  initialRetrySeconds: number;
  maxRetrySeconds: number;
  /** Wait before trying again when the destination's concurrency slots are all taken. */
  busyRetrySeconds: number;
  /** Dead-lettered deliveries in a row after which the destination is paused. */
  pauseAfterFailures: number;
  /** Bound of one attempt (a worker that dies mid-attempt is noticed after this). */
  attemptTimeoutSeconds: number;
}

export interface DeliverNotificationInput {
  deliveryId: string;
  policy: DeliveryPolicy;
  /** Attempts made before a continue-as-new (absent at the first start). */
  attemptsSoFar?: number;
}

export interface DeliverNotificationResult {
  status: 'delivered' | 'failed' | 'held';
  attempts: number;
}

/** What one attempt reports to the delivery workflow (activities/notification.activities.ts). */
export interface DeliveryAttemptResult {
  outcome: 'delivered' | 'retryable' | 'rejected' | 'busy' | 'held' | 'gone';
  responseCode: number | null;
  error: string | null;
}

/** Task queue of the notification dispatcher and the deliveries. */
export function notificationTaskQueue(prefix: string): string {
  return `${prefix}-notify`;
}

export function notificationDispatcherWorkflowId(prefix: string): string {
  return `${prefix}-notification-dispatcher`;
}

/** A delivery's workflow id: the same start is idempotent; a resumed (held) delivery starts anew. */
export function deliveryWorkflowId(deliveryId: string, generation: number): string {
  return `notify:${deliveryId}:${generation}`;
}
