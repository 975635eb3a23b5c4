import {
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../config';
import {
  changedSchedulerSettings,
  describeSchedulerSettingChanges,
  pauseSignal,
  reconfigureSignal,
  resumeSignal,
  SCAN_SCHEDULER_WORKFLOW,
  scanNowSignal,
  schedulerStatusQuery,
  schedulerTaskQueue,
  schedulerSettingsOf,
  schedulerWorkflowId,
  setFrequencyUpdate,
  type ScanSchedulerWorkflow,
  type SchedulerInput,
  type SchedulerSettingChange,
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
   * its own frequency (changed at run time by the update), not this input's; but when its
   * deployment settings (SchedulerSettings: the tick, the checkers, the rate and in-flight caps,
   * the claim partitions, the adaptive cap) differ from this input's, it is sent this input's,
   * and it continues as new with them before its next tick. The changes are returned.
   */
  async ensureRunning(
    input: SchedulerInput,
  ): Promise<{ workflowId: string; runId: string; changes: SchedulerSettingChange[] }> {
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
      const running = await this.runInput(client, handle.firstExecutionRunId);
      const wanted = schedulerSettingsOf(input);
      const changes = running ? changedSchedulerSettings(running, wanted) : [];
      if (changes.length > 0) await handle.signal(reconfigureSignal, wanted);
      return { workflowId: this.workflowId, runId: handle.firstExecutionRunId, changes };
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** The input a run of the scheduler started with (its first event), or undefined without one. */
  private async runInput(client: Client, runId: string): Promise<SchedulerInput | undefined> {
    const { history } = await client.workflowService.getWorkflowExecutionHistory({
      namespace: this.options.namespace,
      execution: { workflowId: this.workflowId, runId },
      maximumPageSize: 1,
    });
    const payload = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    return payload
      ? client.options.loadedDataConverter.payloadConverter.fromPayload<SchedulerInput>(payload)
      : undefined;
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

/** Says at start-up that the running scheduler is taking this process's settings, and which. */
export function logSchedulerSettingChanges(log: Logger, changes: SchedulerSettingChange[]): void {
  if (changes.length === 0) return;
  log.info(
    { changes },
    `the running scheduler had other settings than this process's configuration (${describeSchedulerSettingChanges(changes)}): sent it these; it continues as new with them before its next tick`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
