import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { claimPlanZones, countPlanZoneLoad, listPlans, respreadPlans, scanLatency, type ClaimedZone } from '../libs/db';
import type { WorkerMetrics } from '../libs/observability';
import {
  claimPartitionProblem,
  overdueGraceSeconds,
  type ClaimPartition,
  planClaimByPlan,
  planStatusOf,
  reclaimAfterSeconds,
  type Lane,
  type LanePolicy,
  type PlanStatus,
} from '../libs/domain';
import {
  laneTaskQueue,
  scanWorkflowId,
  type FrequencyMode,
  accountIdKey,
  laneKey,
  zoneIdKey,
  type ScanZoneInput,
  SCAN_ZONE_WORKFLOW,
  type ScanZoneWorkflow,
} from '../libs/contract';

export interface ClaimTickInput {
  /** Unique per tick across scheduler restarts: the tick's workflow time in epoch ms. */
  tickId: string;
  taskQueuePrefix: string;
  checkers: string[];
  frequencySeconds: number;
  /** Seconds this tick covers (see `tickSpanSeconds`). */
  spanSeconds: number;
  tickSeconds: number;
  carry: number;
  catchUpFactor: number;
  maxRatePerSecond: number;
  /** Paused: claim only the scan-now zones. */
  paused: boolean;
  scanNowZoneIds: string[];
  /** The starts are spread evenly over this many seconds, so load is smooth within a tick. */
  spreadSeconds: number;
  /** Backpressure: no claims while this many scans are in flight (absent or 0: no cap). */
  maxInFlight?: number;
  /** Absent (a scheduler from before plans) or `uniform`: every plan at `frequencySeconds`. */
  frequencyMode?: FrequencyMode;
  /** Plans mode: these plans' frequencies instead of their stored ones. */
  planFrequencies?: Record<string, number>;
  /** Per-plan carries of the previous tick (absent: `carry` stands for all). */
  planCarries?: Record<string, number>;
  /**
   * This claim's slice of the zones (absent: all of them). Counts, rate, cap and scan-now ids
   * given are the partition's; the scheduler adds the partitions' results up.
   */
  partition?: ClaimPartition;
  /** Measure the start → persisted p50 of the scans persisted in this many seconds (adaptive cap). */
  latencyWindowSeconds?: number;
}

export interface ClaimTickResult {
  activeZones: number;
  dueZones: number;
  overdueZones: number;
  desiredRatePerSecond: number;
  ratePerSecond: number;
  carry: number;
  catchUp: number;
  /** Zones this tick claimed and started (scan-now zones included). */
  started: number;
  /** Of those, zones whose scan an earlier attempt of this tick had already started. */
  alreadyStarted: number;
  /** Scan-now ids that are not active zones: nothing was started for them. */
  scanNowIgnored: string[];
  /** Scans in flight when the tick began (see `ZoneLoad.inFlight`). */
  inFlight: number;
  /** Zones the rate asked for that the in-flight cap held back. */
  heldBack: number;
  /** Per plan: target frequency, zones, rates, achieved frequency. */
  plans: PlanStatus[];
  planCarries: Record<string, number>;
  /** Zones whose next scan moved because their plan's frequency changed (re-spread). */
  respread: number;
  /** Of `started`, scans started eagerly (absent in results of ticks before eager start). */
  eagerStarted?: number;
  /** When asked (`latencyWindowSeconds`): start → persisted p50 of recent scans, and how many. */
  latencyP50Ms?: number | null;
  latencySamples?: number;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, in order. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/**
 * Activities of the scheduler lane.
 *
 * Fan-out design, chosen by `bench schedule` on this machine's in-memory dev server (four runs,
 * 2 shared cores, figures drift with the load): starting the scan workflows here, through the
 * client, gave the most starts/s in every run (72-162/s) and adds ~47 history events per 1,000
 * scans to the scheduler (one activity per tick). Children started by the scheduler itself gave
 * 17-112/s and cost 3,300-4,100 events per 1,000 scans in the long-running parent (initiated,
 * started and completed events, plus workflow tasks): at 50 scans/s that is ~165 events/s, so
 * the scheduler would continue as new every minute or so and its single history would serialize
 * every start and completion. A per-tick batch child gave 31-88/s. Scans therefore have no
 * parent: they outlive any scheduler run by construction, as `ParentClosePolicy.ABANDON`
 * children would, and idempotency comes from the workflow id `scan:<zone>:<tick>` with
 * REJECT_DUPLICATE instead of from replayed child commands.
 */
export function createSchedulerActivities(deps: {
  pool: Pool;
  client?: Client;
  lanePolicy?: LanePolicy;
  /** This process's metrics (the scheduler's target and achieved rate, in flight, held back, backlog). */
  metrics?: WorkerMetrics;
  /**
   * The scan lanes this process's workers poll: scans of these lanes start eagerly (their first
   * workflow task goes straight to the local lane worker). Eager start needs the activity
   * context's client (it shares the worker's NativeConnection), so it is off with `client`.
   */
  eagerLanes?: readonly Lane[];
}) {
  return {
    /**
     * One scheduler tick: counts the load, sizes the claim (`planClaim`), claims the scan-now
     * zones and the stalest others in one statement, then starts one `scanZone` per zone,
     * spread evenly over the tick so the load is smooth within a tick too. Safe to retry: the
     * claim returns the same zones for the same tick id and a started scan is not started twice.
     */
    async claimTick(input: ClaimTickInput): Promise<ClaimTickResult> {
      const ctx = Context.current();
      const client = deps.client ?? ctx.client;
      const partition = input.partition ?? { index: 0, count: 1 };
      const problem = claimPartitionProblem(partition);
      if (problem)
        throw ApplicationFailure.nonRetryable(
          `claimTick ${input.tickId} was given a bad partition: ${problem}; the scheduler's SCHEDULER_CLAIM_PARTITIONS decides them`,
          'InvalidClaimPartition',
        );
      const stored = await listPlans(deps.pool);
      const plansMode = input.frequencyMode === 'plans';
      const frequencies = stored.map((plan) => ({
        plan: plan.name,
        priority: plan.priority,
        frequencySeconds: plansMode
          ? (input.planFrequencies?.[plan.name] ?? plan.frequencySeconds)
          : input.frequencySeconds,
      }));
      // Only in plans mode: a uniform scheduler keeps the schedule as schedulers before plans did.
      // Re-spreading is over every zone: the first partition does it for the tick.
      const respread =
        plansMode && partition.index === 0
          ? await respreadPlans(
              deps.pool,
              frequencies.map(({ plan, frequencySeconds }) => ({ plan, frequencySeconds })),
            )
          : 0;
      const loads = await countPlanZoneLoad(
        deps.pool,
        frequencies.map(({ plan, frequencySeconds }) => ({
          plan,
          overdueGraceSeconds: overdueGraceSeconds(frequencySeconds, input.tickSeconds),
          inFlightWindowSeconds: reclaimAfterSeconds(frequencySeconds),
        })),
        partition,
      );
      const load = {
        activeZones: sumOf(loads, 'activeZones'),
        dueZones: sumOf(loads, 'dueZones'),
        overdueZones: sumOf(loads, 'overdueZones'),
        inFlight: sumOf(loads, 'inFlight'),
      };
      const plan = planClaimByPlan({
        plans: frequencies.map((f, index) => ({ ...f, ...(loads[index] as (typeof loads)[number]) })),
        tickSeconds: input.tickSeconds,
        spanSeconds: input.spanSeconds,
        // A scheduler from before plans carried one fraction: it goes to the first plan with zones.
        carries: input.planCarries ?? firstWithZones(loads, input.carry),
        catchUpFactor: input.catchUpFactor,
        maxRatePerSecond: input.maxRatePerSecond,
        inFlight: load.inFlight,
        maxInFlight: input.maxInFlight,
      });
      const zones = await claimPlanZones(
        deps.pool,
        input.tickId,
        input.paused ? 0 : plan.claim,
        plan.plans.map((share) => ({
          plan: share.plan,
          frequencySeconds: share.frequencySeconds,
          reclaimAfterSeconds: reclaimAfterSeconds(share.frequencySeconds),
          quota: input.paused ? 0 : share.quota,
        })),
        input.scanNowZoneIds,
        partition,
      );
      // Measured before this tick's starts, over the scans persisted since about the last tick.
      const latency =
        input.latencyWindowSeconds !== undefined ? await scanLatency(deps.pool, input.latencyWindowSeconds) : undefined;
      const claimedIds = new Set(zones.map((zone) => zone.id));
      const eagerLanes = deps.client ? [] : (deps.eagerLanes ?? []);
      let alreadyStarted = 0;
      let eagerStarted = 0;
      let eagerFallback = 0;
      const spreadMs = Math.max(0, input.spreadSeconds) * 1000;
      const firstAt = Date.now();
      const heartbeat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        await inPool(zones, 64, async (zone, index) => {
          const wait = firstAt + (index * spreadMs) / zones.length - Date.now();
          if (wait > 0) await ctx.sleep(wait);
          const outcome = await startScan(client, input, zone, deps.lanePolicy, eagerLanes.includes(zone.lane));
          if (outcome === 'already-started') alreadyStarted++;
          else if (outcome === 'eager') eagerStarted++;
          else if (outcome === 'eager-fell-back') eagerFallback++;
        });
      } finally {
        clearInterval(heartbeat);
      }
      deps.metrics?.tickDone({
        targetRatePerSecond: input.paused ? 0 : plan.ratePerSecond,
        desiredRatePerSecond: plan.desiredRatePerSecond,
        started: zones.length,
        spanSeconds: input.spanSeconds,
        inFlight: load.inFlight,
        heldBack: input.paused ? 0 : plan.heldBack,
        dueZones: load.dueZones,
        activeZones: load.activeZones,
        eagerStarted,
        eagerFallback,
      });
      return {
        ...load,
        desiredRatePerSecond: plan.desiredRatePerSecond,
        ratePerSecond: plan.ratePerSecond,
        carry: input.paused ? input.carry : plan.carry,
        catchUp: input.paused ? 0 : plan.catchUp,
        started: zones.length,
        alreadyStarted,
        scanNowIgnored: input.scanNowZoneIds.filter((id) => !claimedIds.has(id)),
        heldBack: input.paused ? 0 : plan.heldBack,
        plans: plan.plans.map(planStatusOf),
        planCarries: input.paused
          ? (input.planCarries ?? {})
          : Object.fromEntries(plan.plans.map((share) => [share.plan, share.carry])),
        respread,
        eagerStarted,
        ...(latency ? { latencyP50Ms: latency.p50Ms, latencySamples: latency.samples } : {}),
      };
    },
  };
}

function sumOf<K extends string>(rows: ReadonlyArray<Record<K, number>>, key: K): number {
  return rows.reduce((total, row) => total + row[key], 0);
}

function firstWithZones(loads: ReadonlyArray<{ plan: string; activeZones: number }>, carry: number) {
  const first = loads.find((load) => load.activeZones > 0);
  return first ? { [first.plan]: carry } : {};
}

/**
 * Starts one zone's scan: `eager` when its first workflow task went straight to this process,
 * `eager-fell-back` when eager start was asked for and the server started it the ordinary way
 * (no free workflow-task slot), `already-started` when this tick had started it (a retry).
 */
async function startScan(
  client: Client,
  input: ClaimTickInput,
  zone: ClaimedZone,
  lanePolicy: LanePolicy | undefined,
  eager: boolean,
): Promise<'started' | 'eager' | 'eager-fell-back' | 'already-started'> {
  const args: [ScanZoneInput] = [
    {
      zoneId: zone.id,
      accountId: zone.accountId,
      zoneName: zone.name,
      lane: zone.lane,
      checkers: input.checkers,
      lanePolicy,
    },
  ];
  try {
    const handle = await client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId: scanWorkflowId(zone.id, input.tickId),
      taskQueue: laneTaskQueue(input.taskQueuePrefix, zone.lane),
      args,
      // A retried tick must not start a second run of a scan that already finished.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // Shown in the Temporal UI, so a run is recognisable without decoding its ids.
      staticSummary: `scan ${zone.name} (${zone.lane} lane)`,
      staticDetails: [
        `zone: ${zone.name} (${zone.id})`,
        `account: ${zone.accountId}`,
        `lane: ${zone.lane}`,
        `scheduler tick: ${new Date(Number(input.tickId)).toISOString()} (${input.tickId})`,
      ].join('\n'),
      typedSearchAttributes: [
        { key: zoneIdKey, value: zone.id },
        { key: accountIdKey, value: zone.accountId },
        { key: laneKey, value: zone.lane },
      ],
      ...(eager ? { requestEagerStart: true } : {}),
    });
    if (!eager) return 'started';
    return handle.eagerlyStarted ? 'eager' : 'eager-fell-back';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
    throw error;
  }
}
