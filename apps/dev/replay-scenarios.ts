import { WorkflowIdConflictPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Pool } from 'pg';
import {
  laneTaskQueue,
  pauseSignal,
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
import type { Lane, LanePolicy } from '../../libs/domain';

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

/**
 * The cases the replay test must keep replaying (issue 14): every path of the scheduler and
 * of scanZone that production histories can be in. Add one here when a workflow gains a path.
 */
export const SCENARIOS: Record<string, Scenario> = {
  async schedulerContinuedAsNew(ctx) {
    const handle = await startScheduler(ctx, 'can', { maxTicksBeforeContinueAsNew: 2 });
    await statusWhen(handle, (s) => s.run >= 2, 'the scheduler to continue as new');
    const first: Recorded = {
      name: 'scheduler-continued-as-new',
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
    };
    await handle.terminate('recorded its first run');
    return [first];
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
    const first: Recorded = {
      name: 'scheduler-plans-mode',
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
    };
    await handle.terminate('recorded its first run');
    return [first];
  },

  /** Issue 17's path: claims in three partitions, a scan-now routed to its partition, continued as new. */
  async schedulerPartitioned(ctx) {
    const handle = await startScheduler(ctx, 'partitions', { claimPartitions: 3, maxTicksBeforeContinueAsNew: 3 });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first partitioned tick');
    await handle.signal(scanNowSignal, { zoneIds: [ctx.zones[0]?.id as string] });
    await statusWhen(handle, (s) => s.run >= 2, 'the partitioned scheduler to continue as new');
    const first: Recorded = {
      name: 'scheduler-partitioned-claims',
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
    };
    await handle.terminate('recorded its first run');
    return [first];
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

  async scanWithoutLanePolicy(ctx) {
    // As started by schedulers deployed before the lane policy travelled in the input.
    return [await runScan(ctx, 'scan-without-lane-policy', { prefix: ctx.prefix, lane: 'fast', zone: 6 })];
  },
};

/** How many zones the scenarios scan. */
export const SCENARIO_ZONES = 7;
