import {
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  pauseSignal,
  resumeSignal,
  SCAN_SCHEDULER_WORKFLOW,
  scanNowSignal,
  schedulerStatusQuery,
  schedulerTaskQueue,
  schedulerWorkflowId,
  setFrequencyUpdate,
  type ScanSchedulerWorkflow,
  type SchedulerInput,
  type SchedulerStatus,
  type SetFrequencyInput,
} from '../contract';
import { SchedulerNotRunningError, SchedulerRejectedError, TemporalUnavailableError } from './scheduler-control.errors';

export interface SchedulerControlOptions {
  /** Returns a connected client; called for every control, so a lazy connector can retry after an outage. */
  connect: () => Promise<Client>;
  taskQueuePrefix: string;
  namespace: string;
  /** Named in messages when Temporal cannot be reached. */
  address: string;
}

/**
 * The one way to steer the deployment's scheduler workflow, used by the API, the CLI, `npm
 * start` and the tests. Failures are typed (scheduler-control.errors.ts): callers branch on
 * the error's class or code, never on its message.
 */
export class SchedulerControl {
  readonly workflowId: string;

  constructor(private readonly options: SchedulerControlOptions) {
    this.workflowId = schedulerWorkflowId(options.taskQueuePrefix);
  }

  /** The scheduler's status query. */
  status(): Promise<SchedulerStatus> {
    return this.call((handle) => handle.query(schedulerStatusQuery));
  }

  /**
   * Changes the frequency through the validated update: a number (or `{ frequencySeconds }`) for
   * every plan, `{ plans }` per plan; a refused value throws SchedulerRejectedError.
   */
  setFrequency(change: number | SetFrequencyInput): Promise<SchedulerStatus> {
    const args: [SetFrequencyInput] = [typeof change === 'number' ? { frequencySeconds: change } : change];
    return this.call((handle) => handle.executeUpdate(setFrequencyUpdate, { args }));
  }

  /** No scheduled scans start until `resume` (running scans finish; scan-now still works). */
  pause(): Promise<void> {
    return this.call((handle) => handle.signal(pauseSignal));
  }

  resume(): Promise<void> {
    return this.call((handle) => handle.signal(resumeSignal));
  }

  /** Scan these zones at the next tick, whatever their schedule. */
  scanNow(zoneIds: string[]): Promise<void> {
    return this.call((handle) => handle.signal(scanNowSignal, { zoneIds }));
  }

  /**
   * Starts the scheduler unless it already runs (fixed workflow id, conflict policy
   * USE_EXISTING): every worker or CLI may call this at start-up. A running scheduler keeps
   * its own frequency (changed at run time by the update), not this input's.
   */
  async ensureRunning(input: SchedulerInput): Promise<{ workflowId: string; runId: string }> {
    const client = await this.client();
    try {
      const handle = await client.workflow.start<ScanSchedulerWorkflow>(SCAN_SCHEDULER_WORKFLOW, {
        workflowId: this.workflowId,
        taskQueue: schedulerTaskQueue(this.options.taskQueuePrefix),
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: `scan scheduler of ${this.options.taskQueuePrefix}`,
        staticDetails: `task queues: ${this.options.taskQueuePrefix}-scheduler, -fast, -slow\nchecks every active zone once per ${input.frequencySeconds} s, in ticks of ${input.tickSeconds} s (at start; see the status query for now)`,
      });
      return { workflowId: this.workflowId, runId: handle.firstExecutionRunId };
    } catch (error) {
      throw this.translate(error);
    }
  }

  private async client(): Promise<Client> {
    try {
      return await this.options.connect();
    } catch (error) {
      throw new TemporalUnavailableError(
        `Temporal at ${this.options.address} is unreachable (${messageOf(error)}); scheduler controls are unavailable. Check TEMPORAL_ADDRESS and the Temporal server.`,
      );
    }
  }

  private async call<T>(action: (handle: WorkflowHandle<ScanSchedulerWorkflow>) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await action(client.workflow.getHandle<ScanSchedulerWorkflow>(this.workflowId));
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): Error {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      return new SchedulerRejectedError(
        messageOf(cause ?? error),
        cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
      );
    }
    if (error instanceof ApplicationFailure) return new SchedulerRejectedError(error.message, error.type ?? undefined);
    if (error instanceof WorkflowNotFoundError)
      return new SchedulerNotRunningError(this.workflowId, this.options.namespace);
    return new TemporalUnavailableError(
      `Temporal at ${this.options.address} did not answer (${messageOf(error)}); try again shortly`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
