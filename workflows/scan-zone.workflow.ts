import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setWorkflowOptions,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { whenVersioned } from './versioning-behavior';
import type { ScanActivities } from '../activities';
import {
  CHECK_ATTEMPTS,
  checkRetryDelayMs,
  ERROR_TYPES,
  formatDuration,
  heartbeatThrottleMs,
  laneBudgetMs,
  lanePolicyProblem,
  NON_RETRYABLE_CHECK_ERRORS,
  observeLane,
  type CheckerOutcome,
  type Lane,
  type LanePolicy,
} from '../libs/domain';
import { laneKey, laneTaskQueue, parseLaneTaskQueue, type ScanZoneInput, type ScanZoneResult } from '../libs/contract';

// The lane policy comes from the configuration of the worker running this workflow.
const { lanePolicy } = proxyLocalActivities<ScanActivities>({ startToCloseTimeout: '10s' });

type ChecksRun =
  | { kind: 'done'; outcomes: CheckerOutcome[]; elapsedMs: number }
  | { kind: 'overrun' }
  | { kind: 'failed'; error: string };

// Worker versioning (WORKER_DEPLOYMENT_NAME): a scan finishes on the build that started it, so a
// deployment never replays a running scan on other code; old-build workers drain in minutes.
setWorkflowOptions(whenVersioned('PINNED'), scanZone);

/**
 * One scan of one zone. Its checks run on the zone's lane within that lane's budget; checks
 * that overrun the fast budget are cancelled there (their AbortSignal fires and the slot is
 * freed at once, nothing of them is kept) and re-run on the slow lane, and the zone is marked
 * slow. Cancelling the scan reaches running checks through their heartbeats.
 * The findings, the scan's lane and the zone's lane move are persisted in one transaction.
 */
export async function scanZone(input: ScanZoneInput): Promise<ScanZoneResult> {
  const { taskQueue, workflowId, runId } = workflowInfo();
  const home = parseLaneTaskQueue(taskQueue);
  if (!home) {
    throw ApplicationFailure.nonRetryable(
      `scanZone for zone ${input.zoneId} runs on task queue "${taskQueue}"; start it on a lane queue (<prefix>-fast or <prefix>-slow)`,
      'NotALaneTaskQueue',
    );
  }
  // Only scans started without a policy (by hand, or by a scheduler from before it was sent)
  // await the worker's: every promise in a workflow costs the SDK a stack capture.
  const policy = input.lanePolicy === undefined ? await lanePolicy() : sentLanePolicy(input, input.lanePolicy);
  // The scan started when its workflow did (the start request), not when a worker first ran it:
  // the time it waited for a poller or a workflow-task slot is part of its latency (scans.started_at,
  // which the adaptive in-flight cap reads).
  const startedAtMs = workflowInfo().runStartTime.getTime();
  let lane: Lane = input.lane;
  // FAST_LANE_FUSED: checks and persist in one local activity; what it did not persist goes on below.
  // Versioned by the scan's own lane policy, not patched(): `fastFused` is new, so no scan recorded
  // before this code carries it (the policy is in the history, as input or as lanePolicy()'s
  // marker), and a patch marker would cost every scan a TemporalChangeVersion search-attribute
  // upsert (SDK core adds one per patch), a visibility write on the hot path this step removes.
  let run: ChecksRun;
  if (policy.fastFused === true && runsLocally(lane, home.lane, policy)) {
    const fused = await runFusedFastScan(policy, input, { workflowId, runId, startedAtMs });
    if (fused.kind === 'persisted') return { insightCount: fused.insightCount, lane, outcomes: fused.outcomes };
    run = fused;
  } else {
    run = await runChecksOn(lane, home.prefix, policy, input);
  }
  const overranFast = run.kind === 'overrun' && lane === 'fast';
  if (overranFast) {
    lane = 'slow';
    upsertSearchAttributes([{ key: laneKey, value: lane }]);
    run = await runChecksOn(lane, home.prefix, policy, input);
  }

  const outcomes: CheckerOutcome[] =
    run.kind === 'done'
      ? run.outcomes
      : input.checkers.map((checker) => ({ checker, status: 'failed', error: failureText(run, lane, policy) }));
  // A scan that failed outright says nothing about the zone's speed, unless it overran fast.
  const laneObservation =
    run.kind === 'failed' && !overranFast
      ? undefined
      : observeLane({
          overranFast,
          allCompleted: outcomes.every((o) => o.status === 'completed'),
          checksElapsedMs: run.kind === 'done' ? run.elapsedMs : Number.POSITIVE_INFINITY,
          policy,
        });
  const persistOptions = {
    summary: `persist the ${lane}-lane scan of ${input.zoneName}`,
    startToCloseTimeout: '30s',
    retry: {
      initialInterval: '1s',
      maximumInterval: '30s',
      nonRetryableErrorTypes: [ERROR_TYPES.invalidScanResult, ERROR_TYPES.scanResultRejected] as string[],
    },
  };
  const { persistScan } = runsLocally(lane, home.lane, policy)
    ? proxyLocalActivities<ScanActivities>(persistOptions)
    : proxyActivities<ScanActivities>({ ...persistOptions, taskQueue: laneTaskQueue(home.prefix, lane) });
  const { insightCount } = await persistScan({
    zoneId: input.zoneId,
    workflowId,
    runId,
    lane,
    startedAtMs,
    outcomes,
    laneObservation,
  });
  return { insightCount, lane, outcomes: outcomes.map(({ checker, status }) => ({ checker, status })) };
}

/**
 * Runs the checks on one lane. Each attempt is bounded by the lane's budget, counted by the
 * worker from when the checks start, so time spent queued on a busy lane is never an
 * overrun; a retryable failure is retried on the same lane.
 */
function runChecksOn(lane: Lane, prefix: string, policy: LanePolicy, input: ScanZoneInput): Promise<ChecksRun> {
  const budgetMs = laneBudgetMs(policy, lane);
  const { runCheckers } = runsLocally(lane, parseLaneTaskQueue(workflowInfo().taskQueue)?.lane, policy)
    ? proxyLocalActivities<ScanActivities>({
        startToCloseTimeout: budgetMs + 5_000,
        retry: { maximumAttempts: 1 },
        summary: `${input.checkers.join(', ')} checks of ${input.zoneName} on the ${lane} lane`,
      })
    : proxyActivities<ScanActivities>({
        summary: `${input.checkers.join(', ')} checks of ${input.zoneName} on the ${lane} lane`,
        taskQueue: laneTaskQueue(prefix, lane),
        // A backstop for a worker that died mid-check; the activity enforces the budget itself.
        startToCloseTimeout: budgetMs + 5_000,
        heartbeatTimeout: Math.max(10_000, 5 * heartbeatThrottleMs(budgetMs)),
        cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        // Retries are this loop's, so that they stay on this lane with a lane-sized backoff.
        retry: { maximumAttempts: 1 },
      });
  return attemptOnLane(
    lane,
    (attempt) =>
      runCheckers({
        zoneId: input.zoneId,
        zoneName: input.zoneName,
        checkers: input.checkers,
        budgetMs,
        attempt,
        maxAttempts: CHECK_ATTEMPTS,
      }),
    (result): ChecksRun => ({ kind: 'done', ...result }),
  );
}

type FusedRun = { kind: 'persisted'; insightCount: number; outcomes: ScanZoneResult['outcomes'] } | ChecksRun;

/**
 * The fast lane's checks and persist in one local activity (FAST_LANE_FUSED), retried on this
 * lane as runChecksOn retries. Persisted: the scan is done. Otherwise the run (done with a
 * persist that failed, overrun or failed) goes on as after runChecksOn.
 */
function runFusedFastScan(
  policy: LanePolicy,
  input: ScanZoneInput,
  run: { workflowId: string; runId: string; startedAtMs: number },
): Promise<FusedRun> {
  const budgetMs = laneBudgetMs(policy, 'fast');
  const { scanFastLane } = proxyLocalActivities<ScanActivities>({
    // The checks' budget plus the persist's own bound (persistScan's startToClose).
    startToCloseTimeout: budgetMs + 30_000,
    retry: { maximumAttempts: 1 },
    summary: `${input.checkers.join(', ')} checks of ${input.zoneName} on the fast lane, then persist`,
  });
  return attemptOnLane(
    'fast',
    (attempt) =>
      scanFastLane({
        zoneId: input.zoneId,
        zoneName: input.zoneName,
        checkers: input.checkers,
        budgetMs,
        attempt,
        maxAttempts: CHECK_ATTEMPTS,
        ...run,
        policy,
      }),
    (result): FusedRun =>
      result.persisted
        ? { kind: 'persisted', insightCount: result.insightCount, outcomes: result.outcomes }
        : { kind: 'done', outcomes: result.outcomes, elapsedMs: result.elapsedMs },
  );
}

/**
 * Calls one attempt after another on a lane until one answers (made into the run's result by
 * `answered`) or a failure ends the run (see afterFailedAttempt); a retry waits the lane's
 * backoff first. The attempt's promise is awaited here directly: no promise of its own per call.
 */
async function attemptOnLane<T, R>(
  lane: Lane,
  attemptOnce: (attempt: number) => Promise<T>,
  answered: (result: T) => R,
): Promise<R | ChecksRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return answered(await attemptOnce(attempt));
    } catch (error) {
      const next = afterFailedAttempt(error, attempt);
      if (next !== 'retry') return next;
      await sleep(checkRetryDelayMs(lane, attempt));
    }
  }
}

/** What a failed attempt of the checks means: try again on the same lane, or how the run ended. */
function afterFailedAttempt(error: unknown, attempt: number): 'retry' | ChecksRun {
  // The scan itself was cancelled (an operator): let the cancellation through.
  if (isCancellation(error)) throw error;
  // A regular activity's failure arrives wrapped in ActivityFailure; a local one's may not.
  const cause =
    error instanceof ActivityFailure ? error.cause : error instanceof ApplicationFailure ? error : undefined;
  if (!cause) throw error;
  if (cause instanceof ApplicationFailure && cause.type === ERROR_TYPES.laneBudgetExceeded) return { kind: 'overrun' };
  const retryable = !(
    cause instanceof ApplicationFailure &&
    (cause.nonRetryable || NON_RETRYABLE_CHECK_ERRORS.includes(cause.type ?? ''))
  );
  if (retryable && attempt < CHECK_ATTEMPTS) return 'retry';
  // The worker died or hung on every attempt: as good as an overrun.
  if (cause instanceof TimeoutFailure) return { kind: 'overrun' };
  return {
    kind: 'failed',
    error: cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : cause.message,
  };
}

/** The policy the scheduler sent with the scan, validated. */
function sentLanePolicy(input: ScanZoneInput, policy: LanePolicy): LanePolicy {
  const problem = lanePolicyProblem(policy);
  if (problem) {
    throw ApplicationFailure.nonRetryable(
      `scanZone for zone ${input.zoneId} was started with a bad lane policy: ${problem}`,
      ERROR_TYPES.invalidScanInput,
    );
  }
  return policy;
}

/** Fast-lane work of a workflow running on the fast queue may run as local activities (see LanePolicy). */
function runsLocally(lane: Lane, homeLane: Lane | undefined, policy: LanePolicy): boolean {
  return policy.fastLocalActivities === true && lane === 'fast' && homeLane === 'fast';
}

function failureText(run: ChecksRun, lane: Lane, policy: LanePolicy): string {
  if (run.kind === 'failed') return run.error;
  return `checks did not finish within the ${lane} lane's budget of ${formatDuration(laneBudgetMs(policy, lane) / 1000)}`;
}
