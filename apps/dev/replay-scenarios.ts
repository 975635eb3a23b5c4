import {
  WorkflowIdConflictPolicy,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { Pool } from 'pg';
import {
  NOTIFICATION_DISPATCHER_WORKFLOW,
  deliveryWorkflowId,
  notificationTaskQueue,
  type DispatcherInput,
  type NotificationDispatcherWorkflow,
  laneTaskQueue,
  pauseSignal,
  reconfigureSignal,
  resumeSignal,
  SCAN_SCHEDULER_WORKFLOW,
  SCAN_ZONE_WORKFLOW,
  scanNowSignal,
  schedulerStatusQuery,
  schedulerTaskQueue,
  setFrequencySignal,
  setFrequencyUpdate,
  type ScanSchedulerWorkflow,
  type ScanZoneInput,
  type ScanZoneWorkflow,
  type SchedulerInput,
  type SchedulerStatus,
} from '../../libs/contract';
import { createDestination, createPolicy, persistScanResult } from '../../libs/db';
import type { Lane, LanePolicy } from '../../libs/domain';
import { startScenarioReceiver } from './replay-receiver';

/** What a scenario needs: a client, its worker sets' task-queue prefixes, and zones to scan. */
export interface ScenarioContext {
  client: Client;
  pool: Pool;
  /** Workers with the ordinary synthetic checker (fast checks). */
  prefix: string;
  /** Workers whose synthetic checks all take longer than `slowZonePolicy`'s fast budget. */
  slowPrefix: string;
  accountId: string;
  zones: Array<{ id: string; name: string }>;
  policy: LanePolicy;
  slowZonePolicy: LanePolicy;
}

/** One recorded case: its file name (without .json), and the run it recorded. */
export interface Recorded {
  name: string;
  workflowId: string;
  runId: string;
}

type Scenario = (ctx: ScenarioContext) => Promise<Recorded[]>;

const POLL_MS = 100;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`recording stopped: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function statusWhen(handle: WorkflowHandle, done: (s: SchedulerStatus) => boolean, what: string) {
  return until(async () => {
    const status = await handle.query(schedulerStatusQuery);
    return done(status) ? status : undefined;
  }, what);
}

async function startScheduler(ctx: ScenarioContext, id: string, overrides: Partial<SchedulerInput> = {}) {
  const input: SchedulerInput = {
    taskQueuePrefix: ctx.prefix,
    frequencySeconds: 60,
    tickSeconds: 1,
    startSpreadSeconds: 0,
    checkers: ['synthetic'],
    minFrequencySeconds: 10,
    maxFrequencySeconds: 86_400,
    maxInFlight: 100,
    ...overrides,
  };
  return ctx.client.workflow.start<ScanSchedulerWorkflow>(SCAN_SCHEDULER_WORKFLOW, {
    workflowId: `replay-${id}-${Date.now()}`,
    taskQueue: schedulerTaskQueue(ctx.prefix),
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  });
}

/**
 * Ends a scheduler that has continued as new and records its first run: the run that took the
 * path (the next run is an ordinary one).
 */
async function finishFirstRun(handle: WorkflowHandleWithFirstExecutionRunId, name: string): Promise<Recorded> {
  await handle.terminate('recorded its first run');
  return { name, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

/** Ends a scheduler (it never ends by itself) so its recorded history is complete. */
async function finish(handle: WorkflowHandle, name: string): Promise<Recorded> {
  const { runId } = await handle.describe();
  await handle.terminate(`recorded as test/replay/histories/${name}.json`);
  return { name, workflowId: handle.workflowId, runId };
}

async function runScan(
  ctx: ScenarioContext,
  name: string,
  options: { prefix: string; lane: Lane; lanePolicy?: LanePolicy; zone: number },
): Promise<Recorded> {
  const zone = ctx.zones[options.zone];
  if (!zone) throw new Error(`recording needs at least ${options.zone + 1} zones`);
  const input: ScanZoneInput = {
    zoneId: zone.id,
    accountId: ctx.accountId,
    zoneName: zone.name,
    lane: options.lane,
    checkers: ['synthetic'],
    ...(options.lanePolicy ? { lanePolicy: options.lanePolicy } : {}),
  };
  const handle = await ctx.client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
    workflowId: `replay-${name}-${Date.now()}`,
    taskQueue: laneTaskQueue(options.prefix, options.lane),
    args: [input],
  });
  await handle.result();
  return { name, workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

/** A webhook destination of the scenario account for `url`, with a policy taking every new insight of `zoneId`. */
async function webhookDestination(ctx: ScenarioContext, name: string, url: string, zoneId: string): Promise<string> {
  const { destination } = await createDestination(ctx.pool, ctx.accountId, {
    type: 'webhook',
    name,
    url,
    maxConcurrency: 1,
  });
  await createPolicy(ctx.pool, ctx.accountId, {
    destinationId: destination.id,
    name,
    minSeverity: 'info',
    kinds: null,
    zoneIds: [zoneId],
    eventTypes: ['new', 'reopened', 'worsened'],
    mode: 'immediate',
    enabled: true,
  });
  return destination.id;
}

/** The finished delivery of `destinationId` (there is one per destination in the scenario). */
function finishedDelivery(ctx: ScenarioContext, destinationId: string, what: string) {
  return until(async () => {
    const result = await ctx.pool.query<{ id: string; generation: number; status: string }>(
      `SELECT id, generation, status FROM notification_deliveries WHERE destination_id = $1`,
      [destinationId],
    );
    const row = result.rows[0];
    return row && ['delivered', 'failed'].includes(row.status) ? row : undefined;
  }, what);
}

/**
 * The cases the replay test must keep replaying (issue 14): every path of the scheduler and
 * of scanZone that production histories can be in. Add one here when a workflow gains a path.
 */
export const SCENARIOS: Record<string, Scenario> = {
  async schedulerContinuedAsNew(ctx) {
    const handle = await startScheduler(ctx, 'can', { maxTicksBeforeContinueAsNew: 2 });
    await statusWhen(handle, (s) => s.run >= 2, 'the scheduler to continue as new');
    return [await finishFirstRun(handle, 'scheduler-continued-as-new')];
  },

  async schedulerPausedAndScanNow(ctx) {
    const handle = await startScheduler(ctx, 'pause');
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick');
    await handle.signal(pauseSignal);
    const paused = await statusWhen(handle, (s) => s.paused, 'the pause');
    // Paused: no tick runs until a scan-now request (which ticks while paused) or resume.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const zone = ctx.zones[0]?.id as string;
    await handle.signal(scanNowSignal, { zoneIds: [zone, 'not-a-zone-id'] });
    await statusWhen(handle, (s) => s.ticks > paused.ticks, 'the scan-now tick while paused');
    await handle.signal(resumeSignal);
    const resumed = await statusWhen(handle, (s) => !s.paused, 'the resume');
    await statusWhen(handle, (s) => s.ticks > resumed.ticks, 'a tick after resume');
    return [await finish(handle, 'scheduler-paused-scan-now-resumed')];
  },

  async schedulerFrequencyChanges(ctx) {
    const handle = await startScheduler(ctx, 'frequency');
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick');
    await handle.executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds: 120 }] });
    // Rejected by the validator: no event in the history, and the workflow must not mind.
    const rejected = await handle
      .executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds: 1 }] })
      .then(() => 'accepted', String);
    if (rejected === 'accepted') throw new Error('recording: the scheduler accepted a 1 s frequency');
    // A bad value by signal is logged and ignored; a good one applies.
    await handle.signal(setFrequencySignal, { frequencySeconds: -5 });
    await handle.signal(setFrequencySignal, { frequencySeconds: 90 });
    const changed = await statusWhen(handle, (s) => s.frequencySeconds === 90, 'the signalled frequency');
    await statusWhen(handle, (s) => s.ticks > changed.ticks, 'a tick at the new frequency');
    return [await finish(handle, 'scheduler-frequency-update-and-rejected')];
  },

  /** Issue 21's path: a scheduler in plans mode, a per-plan update (and a refused one), continued as new. */
  async schedulerPlans(ctx) {
    const handle = await startScheduler(ctx, 'plans', {
      frequencyMode: 'plans',
      planFrequencies: { free: 600, pro: 300, business: 300, enterprise: 120 },
      maxTicksBeforeContinueAsNew: 3,
    });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick in plans mode');
    await handle.executeUpdate(setFrequencyUpdate, { args: [{ plans: { enterprise: 60 } }] });
    const rejected = await handle
      .executeUpdate(setFrequencyUpdate, { args: [{ plans: { enterprise: 1 } }] })
      .then(() => 'accepted', String);
    if (rejected === 'accepted') throw new Error('recording: the scheduler accepted a 1 s plan frequency');
    await handle.signal(setFrequencySignal, { plans: { pro: 240 } });
    await statusWhen(handle, (s) => s.run >= 2, 'the plans-mode scheduler to continue as new');
    return [await finishFirstRun(handle, 'scheduler-plans-mode')];
  },

  /** Issue 17's path: claims in three partitions, a scan-now routed to its partition, continued as new. */
  async schedulerPartitioned(ctx) {
    const handle = await startScheduler(ctx, 'partitions', { claimPartitions: 3, maxTicksBeforeContinueAsNew: 3 });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first partitioned tick');
    await handle.signal(scanNowSignal, { zoneIds: [ctx.zones[0]?.id as string] });
    await statusWhen(handle, (s) => s.run >= 2, 'the partitioned scheduler to continue as new');
    return [await finishFirstRun(handle, 'scheduler-partitioned-claims')];
  },

  /**
   * Issue 17's adaptive in-flight cap: each tick's claim reads the scans' latency and the cap
   * moves (AIMD on start → persisted p50); the cap reached is carried into the next run.
   */
  async schedulerAdaptiveInFlight(ctx) {
    const handle = await startScheduler(ctx, 'adaptive', {
      maxInFlight: 40,
      adaptiveInFlight: { targetP50Ms: 1_000 },
      maxTicksBeforeContinueAsNew: 6,
    });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first adaptive tick');
    // Scans that persist, so the ticks after read a latency (no zone is due on its own yet).
    await handle.signal(scanNowSignal, { zoneIds: ctx.zones.slice(0, 3).map((zone) => zone.id) });
    await statusWhen(handle, (s) => s.run >= 2, 'the adaptive scheduler to continue as new');
    return [await finishFirstRun(handle, 'scheduler-adaptive-in-flight')];
  },

  /** New deployment settings reach a running scheduler: the reconfigure signal, then continue-as-new. */
  async schedulerReconfigured(ctx) {
    const handle = await startScheduler(ctx, 'reconfigure', { maxInFlight: 100 });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick before the new settings');
    // Invalid settings are ignored (and logged); then ones that change the cap and the partitions.
    await handle.signal(reconfigureSignal, { tickSeconds: -1, checkers: ['synthetic'] });
    await handle.signal(reconfigureSignal, {
      tickSeconds: 1,
      checkers: ['synthetic'],
      maxInFlight: 50,
      claimPartitions: 2,
    });
    await statusWhen(handle, (s) => s.run >= 2, 'the scheduler to continue as new with the new settings');
    return [await finishFirstRun(handle, 'scheduler-reconfigured')];
  },

  async scanFastLocal(ctx) {
    return [
      await runScan(ctx, 'scan-fast-local-activities', {
        prefix: ctx.prefix,
        lane: 'fast',
        lanePolicy: { ...ctx.policy, fastLocalActivities: true },
        zone: 1,
      }),
    ];
  },

  async scanFastRegular(ctx) {
    return [
      await runScan(ctx, 'scan-fast-regular-activities', {
        prefix: ctx.prefix,
        lane: 'fast',
        lanePolicy: { ...ctx.policy, fastLocalActivities: false },
        zone: 2,
      }),
    ];
  },

  async scanSlowLane(ctx) {
    return [
      await runScan(ctx, 'scan-slow-lane', { prefix: ctx.prefix, lane: 'slow', lanePolicy: ctx.policy, zone: 3 }),
    ];
  },

  async scanOverranToSlow(ctx) {
    return [
      await runScan(ctx, 'scan-fast-overran-to-slow-local', {
        prefix: ctx.slowPrefix,
        lane: 'fast',
        lanePolicy: { ...ctx.slowZonePolicy, fastLocalActivities: true },
        zone: 4,
      }),
      await runScan(ctx, 'scan-fast-overran-to-slow-regular', {
        prefix: ctx.slowPrefix,
        lane: 'fast',
        lanePolicy: { ...ctx.slowZonePolicy, fastLocalActivities: false },
        zone: 5,
      }),
    ];
  },

  /** Issue 17's fused fast lane (FAST_LANE_FUSED, versioned by lanePolicy.fastFused): checks and persist in one local activity; an overrun moves to slow. */
  async scanFastFused(ctx) {
    return [
      await runScan(ctx, 'scan-fast-fused', {
        prefix: ctx.prefix,
        lane: 'fast',
        lanePolicy: { ...ctx.policy, fastLocalActivities: true, fastFused: true },
        zone: 8,
      }),
      await runScan(ctx, 'scan-fast-fused-overran-to-slow', {
        prefix: ctx.slowPrefix,
        lane: 'fast',
        lanePolicy: { ...ctx.slowZonePolicy, fastLocalActivities: true, fastFused: true },
        zone: 9,
      }),
    ];
  },

  /**
   * Issue 19's workflows: a dispatcher round that starts two deliveries (then continues as
   * new), a delivery answered 503 then 204 (delivered after a retry), and one answered 400
   * (dead-lettered at once).
   */
  async notifications(ctx) {
    const zone = ctx.zones[NOTIFICATION_ZONE];
    if (!zone) throw new Error(`recording needs at least ${NOTIFICATION_ZONE + 1} zones`);
    const flaky = await startScenarioReceiver((n) => (n === 0 ? 503 : 204));
    const refusing = await startScenarioReceiver(() => 400);
    try {
      const flakyId = await webhookDestination(ctx, 'replay flaky receiver', flaky.url, zone.id);
      const refusingId = await webhookDestination(ctx, 'replay refusing receiver', refusing.url, zone.id);
      // New insights after the policies exist: their events are routed to both destinations.
      const at = new Date();
      await persistScanResult(
        ctx.pool,
        {
          workflowId: `replay-notifications-scan-${Date.now()}`,
          runId: 'replay-notifications',
          zoneId: zone.id,
          lane: 'fast',
          startedAt: at,
          finishedAt: at,
          outcomes: [
            {
              checker: 'dns',
              status: 'completed',
              findings: [
                { kind: 'replay-new', subject: zone.name, severity: 'high', title: 'a new insight', details: {} },
              ],
            },
          ],
        },
        { copyThreshold: 1000 },
      );
      const input: DispatcherInput = {
        windowSeconds: 0.5,
        digestHourUtc: 8,
        maxEventsPerDelivery: 100,
        maxRoundsBeforeContinueAsNew: 4,
        delivery: {
          maxAttempts: 3,
          initialRetrySeconds: 0.5,
          maxRetrySeconds: 1,
          busyRetrySeconds: 0.2,
          pauseAfterFailures: 5,
          attemptTimeoutSeconds: 10,
        },
      };
      const dispatcher = await ctx.client.workflow.start<NotificationDispatcherWorkflow>(
        NOTIFICATION_DISPATCHER_WORKFLOW,
        {
          workflowId: `replay-notification-dispatcher-${Date.now()}`,
          taskQueue: notificationTaskQueue(ctx.prefix),
          args: [input],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        },
      );
      const delivered = await finishedDelivery(ctx, flakyId, 'the delivery to the flaky receiver to finish');
      const deadLettered = await finishedDelivery(ctx, refusingId, 'the delivery to the refusing receiver to finish');
      if (delivered.status !== 'delivered' || flaky.received() !== 2)
        throw new Error(
          `recording: expected delivered after one retry, got ${delivered.status} after ${flaky.received()} requests`,
        );
      if (deadLettered.status !== 'failed' || refusing.received() !== 1)
        throw new Error(
          `recording: expected dead-lettered at once, got ${deadLettered.status} after ${refusing.received()} requests`,
        );
      await until(
        async () => ((await dispatcher.describe()).runId !== dispatcher.firstExecutionRunId ? true : undefined),
        'the dispatcher to continue as new',
      );
      await dispatcher.terminate('recorded its first run');
      // A delivery's row is final before its workflow completes: wait for the workflow, for the whole history.
      const delivery = async (row: { id: string; generation: number }, name: string): Promise<Recorded> => {
        const handle = ctx.client.workflow.getHandle(deliveryWorkflowId(row.id, row.generation));
        await handle.result();
        return { name, workflowId: handle.workflowId, runId: (await handle.describe()).runId };
      };
      return [
        {
          name: 'notification-dispatcher-round',
          workflowId: dispatcher.workflowId,
          runId: dispatcher.firstExecutionRunId,
        },
        await delivery(delivered, 'deliver-notification-after-retry'),
        await delivery(deadLettered, 'deliver-notification-dead-lettered'),
      ];
    } finally {
      await flaky.close();
      await refusing.close();
    }
  },

  async scanWithoutLanePolicy(ctx) {
    // As started by schedulers deployed before the lane policy travelled in the input.
    return [await runScan(ctx, 'scan-without-lane-policy', { prefix: ctx.prefix, lane: 'fast', zone: 6 })];
  },
};

/** How many zones the scenarios scan. */
export const SCENARIO_ZONES = 10;
/** The zone whose insights the notification scenario sends (no other scenario scans it). */
const NOTIFICATION_ZONE = 7;
