import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  setWorkflowOptions,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { whenVersioned } from './versioning-behavior';
import type { ClaimTickInput, ClaimTickResult, SchedulerActivities } from '../activities';
import {
  changedSchedulerSettings,
  pauseSignal,
  reconfigureSignal,
  resumeSignal,
  scanNowSignal,
  schedulerSettingsProblem,
  schedulerStatusQuery,
  setFrequencySignal,
  setFrequencyUpdate,
  type PartitionCarry,
  type SchedulerInput,
  type SchedulerSettings,
  type SchedulerStatus,
  withSchedulerSettings,
} from '../libs/contract';
import { applyFrequencyChange, currentPlanStatus } from './scheduler-plans';
import {
  acceptScanNow,
  achievedFrequencySeconds,
  adaptiveInFlightPolicy,
  desiredState,
  InvalidFrequencyError,
  mergePartitionTicks,
  nextInFlightCap,
  partitionShare,
  SCHEDULER_DEFAULTS,
  splitByPartition,
  tickSpanSeconds,
  validateFrequencyChange,
  type FrequencyBounds,
} from '../libs/domain';

// Worker versioning (WORKER_DEPLOYMENT_NAME): the scheduler never ends, so it moves to a promoted
// build at its next workflow task (a tick) and replays its open run there; hence the replay tests
// and the patched() rule (workflows/README.md). Server 1.29 has no upgrade-on-continue-as-new.
setWorkflowOptions(whenVersioned('AUTO_UPGRADE'), scanScheduler);

/**
 * The one scheduler of a deployment. Each tick, on a durable timer grid, one activity counts
 * the active zones, claims `active zones / frequency × tick` of the stalest ones (plus a capped
 * catch-up when zones are overdue, plus the scan-now zones) and starts one `scanZone` per zone
 * through the client (why not as children: see activities/scheduler.activities.ts). Signals and
 * an update change the frequency, pause, resume and ask for scans now; the state survives
 * continue-as-new.
 *
 * Plans (tiers): in plans mode each plan is scanned at its own frequency and the tick's rate
 * is their sum (libs/domain/plan-rates.ts). The plan fields are data of the same commands
 * (the tick activity's input and result, the continue-as-new input) and of handlers; no
 * command was added or reordered, so histories of the scheduler before plans replay as they
 * were (test/durability/scheduler-replay.test.ts) and a scheduler started before plans keeps
 * running, uniform, until someone sets a per-plan frequency.
 *
 * Partitions (`claimPartitions` > 1, behind the patch `scheduler-claim-partitions`): a tick runs
 * one claim activity per partition, concurrently, each over a disjoint slice of the zones
 * (libs/domain/claim-partitions.ts) with its share of the rate and of the in-flight cap and the
 * scan-now ids of its slice; each partition carries its own fraction across ticks and runs.
 * At 1 (and in schedulers started before partitions) the tick is the one claim it always was.
 */
export async function scanScheduler(input: SchedulerInput): Promise<void> {
  const bounds: FrequencyBounds = {
    minFrequencySeconds: input.minFrequencySeconds ?? SCHEDULER_DEFAULTS.minFrequencySeconds,
    maxFrequencySeconds: input.maxFrequencySeconds ?? SCHEDULER_DEFAULTS.maxFrequencySeconds,
  };
  const maxTicks = input.maxTicksBeforeContinueAsNew ?? SCHEDULER_DEFAULTS.maxTicksBeforeContinueAsNew;
  const carried = input.carried;
  const status: SchedulerStatus = {
    frequencySeconds: input.frequencySeconds,
    tickSeconds: input.tickSeconds,
    ratePerSecond: 0,
    desiredRatePerSecond: 0,
    maxRatePerSecond: input.maxRatePerSecond ?? SCHEDULER_DEFAULTS.maxRatePerSecond,
    catchUpFactor: input.catchUpFactor ?? SCHEDULER_DEFAULTS.catchUpFactor,
    maxInFlight: input.maxInFlight ?? 0,
    inFlight: 0,
    lastTickHeldBack: 0,
    activeZones: 0,
    achievedFrequencySeconds: null,
    frequencyAchievable: true,
    dueBacklog: 0,
    overdueZones: 0,
    lastTickAt: carried?.lastTickAt ?? null,
    lastTickClaimed: 0,
    lastTickCatchUp: 0,
    ticks: carried?.ticks ?? 0,
    paused: carried?.paused ?? false,
    pendingScanNow: [...(carried?.pendingScanNow ?? [])],
    lastScanNowIgnored: [],
    ...bounds,
    run: (carried?.run ?? 0) + 1,
    // Schedulers started before plans carry neither: they keep one frequency for every plan.
    frequencyMode: carried?.frequencyMode ?? input.frequencyMode ?? 'uniform',
    planFrequencies: { ...(carried?.planFrequencies ?? input.planFrequencies ?? {}) },
    plans: [],
  };
  let carry = carried?.carry ?? 0;
  let planCarries = carried?.planCarries;
  const partitions = Math.max(1, Math.floor(input.claimPartitions ?? 1));
  let partitionCarries: PartitionCarry[] = carried?.partitionCarries ?? [];
  // Adaptive cap (AIMD on the scans' start → persisted p50), within the configured cap; off without one.
  const adaptive =
    input.adaptiveInFlight && status.maxInFlight > 0
      ? adaptiveInFlightPolicy(input.adaptiveInFlight.targetP50Ms, status.maxInFlight)
      : undefined;
  let inFlightCap = Math.min(carried?.inFlightCap ?? status.maxInFlight, status.maxInFlight);
  if (adaptive) status.adaptiveInFlightCap = inFlightCap;
  // After a pause the next tick covers one tick, not the whole pause: no burst on resume.
  let resumed = false;
  // New deployment settings (reconfigure signal), applied by continuing as new before the next tick.
  let newSettings: SchedulerSettings | undefined;

  // The desired state shows at once after a change; the last tick's figures stay as they were.
  const current = (): SchedulerStatus => {
    const plans = currentPlanStatus(status);
    if (plans.length === 0)
      return { ...status, ...desiredState(status.activeZones, status.frequencySeconds, status.maxRatePerSecond) };
    const desired = plans.reduce((total, plan) => total + plan.desiredRatePerSecond, 0);
    const target = plans.reduce((total, plan) => total + plan.ratePerSecond, 0);
    return {
      ...status,
      plans,
      desiredRatePerSecond: desired,
      targetRatePerSecond: target,
      frequencyAchievable: plans.every((plan) => plan.frequencyAchievable),
      achievedFrequencySeconds: status.activeZones > 0 && target > 0 ? status.activeZones / target : null,
    };
  };
  const knownPlans = () => (status.plans ?? []).map((plan) => plan.plan);
  setHandler(schedulerStatusQuery, current);
  setHandler(setFrequencySignal, (change) => {
    try {
      applyFrequencyChange(status, validateFrequencyChange(change, bounds, knownPlans()));
    } catch (error) {
      log.warn('setFrequency signal ignored: use the setFrequency update to get this error back', {
        error: String(error),
      });
    }
  });
  setHandler(
    setFrequencyUpdate,
    (change) => {
      applyFrequencyChange(status, validateFrequencyChange(change, bounds, knownPlans()));
      return current();
    },
    {
      validator: (change) => {
        try {
          validateFrequencyChange(change, bounds, knownPlans());
        } catch (error) {
          if (error instanceof InvalidFrequencyError) throw ApplicationFailure.nonRetryable(error.message, error.type);
          throw error;
        }
      },
    },
  );
  setHandler(pauseSignal, () => {
    status.paused = true;
  });
  setHandler(resumeSignal, () => {
    if (status.paused) resumed = true;
    status.paused = false;
  });
  setHandler(reconfigureSignal, (settings) => {
    const problem = schedulerSettingsProblem(settings);
    if (problem) {
      log.warn('reconfigure signal ignored: the settings are invalid', { problem });
      return;
    }
    const changes = changedSchedulerSettings(input, settings);
    // Settings equal to this run's cancel a change not yet applied.
    newSettings = changes.length > 0 ? settings : undefined;
    if (changes.length > 0)
      log.info('scheduler settings change: continuing as new with them before the next tick', { changes });
  });
  setHandler(scanNowSignal, (request) => {
    const { accepted, rejected } = acceptScanNow(status.pendingScanNow, request?.zoneIds);
    status.pendingScanNow = accepted;
    if (rejected.length > 0)
      log.warn('scanNow ignored ids that are not zone ids (UUIDs) or beyond the queue limit', {
        rejected: rejected.slice(0, 20),
      });
  });

  const { claimTick } = proxyActivities<SchedulerActivities>({
    summary: 'claim due zones and start their scans',
    // The activity spreads its starts over one tick; a dead worker is noticed by its heartbeats.
    startToCloseTimeout: `${Math.ceil(input.tickSeconds * 2 + 60)}s`,
    heartbeatTimeout: `${Math.min(30, Math.max(5, Math.ceil(input.tickSeconds * 3)))}s`,
    retry: { initialInterval: '1s', maximumInterval: '10s' },
  });

  async function claimPartitioned(claimInput: ClaimTickInput): Promise<ClaimTickResult> {
    const routed = splitByPartition(claimInput.scanNowZoneIds, partitions);
    const results = await Promise.all(
      routed.map((scanNowIds, index) => {
        const partition = { index, count: partitions };
        const carried = partitionCarries[index];
        return claimTick({
          ...claimInput,
          carry: carried?.carry ?? 0,
          planCarries: carried?.planCarries,
          maxRatePerSecond: claimInput.maxRatePerSecond / partitions,
          maxInFlight: partitionShare(claimInput.maxInFlight ?? 0, partition),
          scanNowZoneIds: scanNowIds,
          partition,
          // One measure of latency per tick is enough: the first partition's.
          latencyWindowSeconds: index === 0 ? claimInput.latencyWindowSeconds : undefined,
        });
      }),
    );
    partitionCarries = results.map((result) => ({ carry: result.carry, planCarries: result.planCarries }));
    const merged = mergePartitionTicks(results);
    // `carry` and `planCarries` stay as they were: the partitions carry their own.
    const first = results[0];
    return {
      ...merged,
      carry,
      planCarries: planCarries ?? {},
      ...(first?.latencySamples !== undefined
        ? { latencyP50Ms: first.latencyP50Ms, latencySamples: first.latencySamples }
        : {}),
    };
  }

  /** The next run's input: the settings it should have, the frequency and the state this run reached. */
  const nextRunInput = (): SchedulerInput => ({
    ...(newSettings === undefined ? input : withSchedulerSettings(input, newSettings)),
    frequencySeconds: status.frequencySeconds,
    carried: {
      carry,
      ticks: status.ticks,
      paused: status.paused,
      pendingScanNow: status.pendingScanNow,
      lastTickAt: status.lastTickAt,
      run: status.run,
      planCarries,
      frequencyMode: status.frequencyMode,
      planFrequencies: status.planFrequencies,
      ...(partitions > 1 ? { partitionCarries } : {}),
      ...(adaptive ? { inFlightCap } : {}),
    },
  });
  /** Ends this run and starts the next; handlers finish first, so no signal or update is lost between the runs. */
  const continueAsNextRun = async (): Promise<never> => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof scanScheduler>(nextRunInput());
  };

  let ticksThisRun = 0;
  for (;;) {
    // A paused scheduler still takes new settings (newSettings is never set in runs recorded
    // before the signal existed, so their waits and commands are as they were).
    await condition(() => !status.paused || status.pendingScanNow.length > 0 || newSettings !== undefined);
    if (newSettings !== undefined) await continueAsNextRun();
    const tickStartedAt = Date.now();
    // Workflow time is deterministic and unique per tick, even across scheduler restarts.
    const tickId = String(tickStartedAt);
    const spanSeconds = resumed
      ? input.tickSeconds
      : tickSpanSeconds(tickStartedAt, status.lastTickAt, input.tickSeconds);
    resumed = false;
    const scanNowZoneIds = status.pendingScanNow;
    status.pendingScanNow = [];
    const claimInput = {
      tickId,
      taskQueuePrefix: input.taskQueuePrefix,
      checkers: input.checkers,
      frequencySeconds: status.frequencySeconds,
      spanSeconds,
      tickSeconds: input.tickSeconds,
      carry,
      catchUpFactor: status.catchUpFactor,
      maxRatePerSecond: status.maxRatePerSecond,
      paused: status.paused,
      scanNowZoneIds,
      spreadSeconds: input.startSpreadSeconds ?? input.tickSeconds,
      maxInFlight: adaptive ? inFlightCap : status.maxInFlight,
      frequencyMode: status.frequencyMode,
      planFrequencies: status.planFrequencies,
      planCarries,
      // The scans persisted since about the last tick tell the adaptive cap where latency is.
      ...(adaptive ? { latencyWindowSeconds: Math.max(2, input.tickSeconds) } : {}),
    };
    // Several partitions: one claim activity each over its slice, run concurrently (any worker
    // process on the scheduler lane may take each), with its share of the rate and of the cap.
    const tick =
      partitions > 1 && patched('scheduler-claim-partitions')
        ? await claimPartitioned(claimInput)
        : await claimTick(claimInput);
    carry = tick.carry;
    // Absent in results of ticks that ran before plans (replays).
    planCarries = tick.planCarries;
    status.plans = tick.plans ?? [];
    const achieved = achievedFrequencySeconds(tick.activeZones, tick.ratePerSecond);
    Object.assign(status, {
      ratePerSecond: tick.ratePerSecond,
      desiredRatePerSecond: tick.desiredRatePerSecond,
      activeZones: tick.activeZones,
      achievedFrequencySeconds: achieved === Infinity ? null : achieved,
      frequencyAchievable: tick.desiredRatePerSecond <= status.maxRatePerSecond,
      dueBacklog: tick.dueZones,
      overdueZones: tick.overdueZones,
      lastTickAt: tickStartedAt,
      lastTickClaimed: tick.started,
      lastTickCatchUp: tick.catchUp,
      // Absent in results of ticks that ran before the cap existed (replays).
      inFlight: tick.inFlight ?? 0,
      lastTickHeldBack: tick.heldBack ?? 0,
      lastScanNowIgnored: tick.scanNowIgnored,
      ticks: status.ticks + 1,
    });
    if (adaptive) {
      inFlightCap = nextInFlightCap(
        inFlightCap,
        { p50Ms: tick.latencyP50Ms ?? null, samples: tick.latencySamples ?? 0 },
        tick.heldBack ?? 0,
        adaptive,
        tick.inFlight ?? 0,
      );
      status.adaptiveInFlightCap = inFlightCap;
      status.lastLatencyP50Ms = tick.latencyP50Ms ?? null;
    }
    ticksThisRun++;

    if (ticksThisRun >= maxTicks || workflowInfo().continueAsNewSuggested) await continueAsNextRun();
    // Ticks sit on a fixed grid; a tick that overran starts the next one at once.
    const wait = tickStartedAt + input.tickSeconds * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
  }
}
