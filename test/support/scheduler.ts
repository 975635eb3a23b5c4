import {
  WorkflowIdConflictPolicy,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { Pool } from 'pg';
import {
  SCAN_SCHEDULER_WORKFLOW,
  schedulerStatusQuery,
  schedulerTaskQueue,
  schedulerWorkflowId,
  type ScanSchedulerWorkflow,
  type SchedulerInput,
  type SchedulerStatus,
} from '../../libs/contract';
import { SchedulerControl } from '../../libs/temporal';
import { eventually, type TestWorkers } from './temporal';

/** The SchedulerControl the API and CLI use, on the test's client and task-queue prefix. */
export function schedulerControlFor(temporal: TestWorkers): SchedulerControl {
  return new SchedulerControl({
    connect: async () => temporal.client,
    taskQueuePrefix: temporal.prefix,
    namespace: temporal.client.options.namespace,
    address: 'the test server',
  });
}

/** A scheduler's input on the test's task queues: ticks of one second, all starts at once, unless overridden. */
export function testSchedulerInput(temporal: TestWorkers, overrides: Partial<SchedulerInput> = {}): SchedulerInput {
  return {
    taskQueuePrefix: temporal.prefix,
    frequencySeconds: 60,
    tickSeconds: 1,
    startSpreadSeconds: 0,
    checkers: ['synthetic'],
    minFrequencySeconds: 10,
    maxFrequencySeconds: 86_400,
    ...overrides,
  };
}

/** Starts a scheduler on the test's task queues; ticks of one second unless overridden. */
export async function startTestScheduler(
  temporal: TestWorkers,
  overrides: Partial<SchedulerInput> = {},
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return temporal.client.workflow.start<ScanSchedulerWorkflow>(SCAN_SCHEDULER_WORKFLOW, {
    workflowId: schedulerWorkflowId(temporal.prefix),
    taskQueue: schedulerTaskQueue(temporal.prefix),
    args: [testSchedulerInput(temporal, overrides)],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  });
}

/** Polls the scheduler's status until `done` accepts it. */
export function statusWhen(
  handle: WorkflowHandle,
  done: (status: SchedulerStatus) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<SchedulerStatus> {
  return eventually(
    async () => {
      const status = await handle.query(schedulerStatusQuery);
      return done(status) ? status : undefined;
    },
    timeoutMs,
    what,
  );
}

/** Scan workflows started so far, as rows of (zone id, tick id), read from the scans table. */
export async function scansByTick(pool: Pool): Promise<Map<string, string[]>> {
  const rows = await pool.query<{ zone_id: string; workflow_id: string }>(
    'SELECT zone_id, workflow_id FROM scans ORDER BY finished_at',
  );
  const byTick = new Map<string, string[]>();
  for (const row of rows.rows) {
    const tick = row.workflow_id.split(':')[2] as string;
    byTick.set(tick, [...(byTick.get(tick) ?? []), row.zone_id]);
  }
  return byTick;
}

/**
 * A scheduler that ticks once a minute at a 15-minute frequency: there for the API's scheduler
 * routes to talk to, without scanning anything while a test runs.
 */
export function ensureQuietTestScheduler(
  temporal: TestWorkers,
  overrides: Partial<SchedulerInput> = {},
): ReturnType<SchedulerControl['ensureRunning']> {
  return schedulerControlFor(temporal).ensureRunning({
    taskQueuePrefix: temporal.prefix,
    frequencySeconds: 900,
    tickSeconds: 60,
    checkers: ['synthetic'],
    minFrequencySeconds: 60,
    maxFrequencySeconds: 86_400,
    ...overrides,
  });
}

/** Waits until each of `zoneCount` zones has at least one row in `scans`. */
export async function untilEveryZoneScanned(pool: Pool, zoneCount: number, timeoutMs = 45_000): Promise<void> {
  await eventually(
    async () => {
      const scanned = await pool.query('SELECT DISTINCT zone_id FROM scans');
      return scanned.rowCount === zoneCount ? true : undefined;
    },
    timeoutMs,
    () => `a scan of each of the ${zoneCount} zones`,
  );
}

/** After-all clean-up: terminates the test's scheduler, if one still runs. */
export async function stopTestScheduler(temporal: TestWorkers): Promise<void> {
  await temporal.client.workflow
    .getHandle(schedulerWorkflowId(temporal.prefix))
    .terminate('test over')
    .catch(() => undefined);
}
