/**
 * Failures of a scheduler control, with stable codes: the API maps them to HTTP statuses and
 * the CLI to messages by type, never by message text. Each message is written for an operator.
 */
export const SCHEDULER_CONTROL_ERRORS = {
  notRunning: 'SchedulerNotRunning',
  rejected: 'SchedulerRejected',
  unavailable: 'TemporalUnavailable',
} as const;

/** Thrown when the deployment's scheduler workflow is not running (never started, or ended). */
export class SchedulerNotRunningError extends Error {
  override readonly name = 'SchedulerNotRunningError';
  readonly code = SCHEDULER_CONTROL_ERRORS.notRunning;
  constructor(
    readonly workflowId: string,
    namespace: string,
  ) {
    super(
      `no scheduler workflow "${workflowId}" is running in namespace ${namespace}. ` +
        'Start one with npm start or a worker with --lanes scheduler (TASK_QUEUE_PREFIX must match).',
    );
  }
}

/** Thrown when the scheduler's update validator refused a change; `failureType` is the validator's error type. */
export class SchedulerRejectedError extends Error {
  override readonly name = 'SchedulerRejectedError';
  readonly code = SCHEDULER_CONTROL_ERRORS.rejected;
  constructor(
    message: string,
    readonly failureType: string | undefined,
  ) {
    super(message);
  }
}

/** Thrown when Temporal cannot be reached or did not answer; the call may be tried again. */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  readonly code = SCHEDULER_CONTROL_ERRORS.unavailable;
}
