import { Context, ApplicationFailure } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { NonRetryableCheckError, type Checker } from '../libs/checkers';
import {
  ERROR_TYPES,
  isValidZoneName,
  parseZoneName,
  type CheckerOutcome,
  type Lane,
  type LaneObservation,
  type LanePolicy,
  observeLane,
} from '../libs/domain';
import { InvalidScanResultError, ScanResultRejectedError, type ScanCommitter } from '../libs/db';
import { NetError } from '../libs/net';
import type { WorkerMetrics } from '../libs/observability';
import { parseLaneTaskQueue } from '../libs/contract';

/** A checker refused the target (a bad zone, or an address the SSRF policy refuses): retrying cannot help. */
function isRefusal(reason: unknown): boolean {
  return reason instanceof NonRetryableCheckError || (reason instanceof NetError && reason.code === 'SsrfRefused');
}

export interface RunCheckersInput {
  zoneId: string;
  zoneName: string;
  checkers: string[];
  /** The lane's budget for this attempt, counted from when the checks start (queueing excluded). */
  budgetMs: number;
  /** This attempt (from 1) and the last one: the last records a failing check instead of throwing. */
  attempt: number;
  maxAttempts: number;
}

export interface RunCheckersResult {
  outcomes: CheckerOutcome[];
  /** How long the checks took on this worker, queueing excluded. */
  elapsedMs: number;
}

export interface PersistScanInput {
  zoneId: string;
  workflowId: string;
  runId: string;
  lane: Lane;
  startedAtMs: number;
  outcomes: CheckerOutcome[];
  /** Moves the zone between the lanes in the same transaction; absent: the lane stays as it is. */
  laneObservation?: LaneObservation;
}

export interface ScanFastLaneInput extends RunCheckersInput {
  workflowId: string;
  runId: string;
  startedAtMs: number;
  /** The scan's lane policy: its fast budget and promotion rule decide the zone's lane observation. */
  policy: LanePolicy;
}

/** Persisted (only the checks' statuses come back), or the checks' result for the workflow to persist. */
export type ScanFastLaneResult =
  | { persisted: true; insightCount: number; outcomes: Array<Pick<CheckerOutcome, 'checker' | 'status'>> }
  | { persisted: false; outcomes: CheckerOutcome[]; elapsedMs: number; persistError: string };

// Temporal throttles heartbeats itself (see heartbeatThrottleMs); this only keeps one pending.
const HEARTBEAT_INTERVAL_MS = 100;

/** Activities of the scan lanes: run a zone's checkers, then persist what they found. */
export function createScanActivities(deps: {
  checkers: ReadonlyMap<string, Checker>;
  committer: ScanCommitter;
  lanePolicy: LanePolicy;
  /** This process's metrics (check durations, scans by lane and outcome, lane moves). */
  metrics?: WorkerMetrics;
}) {
  return {
    /** The lane budgets and promotion rule of this worker's configuration (a local activity). */
    async lanePolicy(): Promise<LanePolicy> {
      return deps.lanePolicy;
    },

    /**
     * Runs the named checkers concurrently within the lane's budget: at the budget the
     * checkers' AbortSignal fires and the activity fails with LaneBudgetExceeded, freeing its
     * slot at once. It heartbeats, so a cancellation from Temporal (the scan cancelled, the
     * worker shutting down) reaches the same signal. A bad zone name or a refused target
     * fails as non-retryable; any other checker error is thrown as retryable for the workflow
     * to retry on the same lane, and on the last attempt becomes a `failed` outcome.
     */
    async runCheckers(input: RunCheckersInput): Promise<RunCheckersResult> {
      return checkZone(input);
    },

    /**
     * The fused fast-lane step (FAST_LANE_FUSED): runs the checks as runCheckers does (same
     * budget, same errors for the workflow's retry loop and the overrun → slow move) and, when
     * they return, persists the result as persistScan does, through the same committer. A
     * failed persist is not retried here: the outcomes come back for the workflow to persist
     * with persistScan's retries (harmless: the writer recognises a result already applied).
     */
    async scanFastLane(input: ScanFastLaneInput): Promise<ScanFastLaneResult> {
      const { outcomes, elapsedMs } = await checkZone(input);
      const laneObservation = observeLane({
        overranFast: false,
        allCompleted: outcomes.every((o) => o.status === 'completed'),
        checksElapsedMs: elapsedMs,
        policy: input.policy,
      });
      try {
        const { insightCount } = await persist({
          zoneId: input.zoneId,
          workflowId: input.workflowId,
          runId: input.runId,
          lane: 'fast',
          startedAtMs: input.startedAtMs,
          outcomes,
          laneObservation,
        });
        return {
          persisted: true,
          insightCount,
          outcomes: outcomes.map(({ checker, status }) => ({ checker, status })),
        };
      } catch (error) {
        Context.current().log.warn(
          `persisting the fast-lane scan of zone ${input.zoneName} (${input.zoneId}) failed: ${messageOf(error)}; the scan retries it as a separate step`,
        );
        return { persisted: false, outcomes, elapsedMs, persistError: messageOf(error) };
      }
    },

    /**
     * Hands the result (findings and the zone's lane move) to the worker's group committer
     * and completes once its rows are committed. A malformed or refused result fails without
     * retries; a retry after a lost connection is harmless, because the writer recognises a
     * result it already applied.
     */
    async persistScan(input: PersistScanInput): Promise<{ insightCount: number }> {
      try {
        return await persist(input);
      } catch (error) {
        if (error instanceof InvalidScanResultError) {
          throw ApplicationFailure.nonRetryable(error.message, ERROR_TYPES.invalidScanResult);
        }
        if (error instanceof ScanResultRejectedError) {
          throw ApplicationFailure.nonRetryable(error.message, ERROR_TYPES.scanResultRejected);
        }
        throw error;
      }
    },
  };

  /** Commits one scan's result through the group committer; a result already applied counts once. */
  async function persist(input: PersistScanInput): Promise<{ insightCount: number }> {
    const { insightCount, duplicate } = await deps.committer.submit({
      ...input,
      startedAt: new Date(input.startedAtMs),
      finishedAt: new Date(),
    });
    // A retried persist of a result already applied is the same scan: counted once.
    if (!duplicate && deps.metrics) {
      deps.metrics.scanPersisted(input.lane, scanOutcome(input.outcomes));
      if (input.laneObservation?.overranFast) deps.metrics.laneMoved('fast', 'slow');
    }
    return { insightCount };
  }

  async function checkZone(input: RunCheckersInput): Promise<RunCheckersResult> {
    const ctx = Context.current();
    const unknown = input.checkers.filter((id) => !deps.checkers.has(id));
    if (unknown.length > 0) {
      throw ApplicationFailure.nonRetryable(
        `this worker has no checker named ${unknown.join(', ')}; known: ${[...deps.checkers.keys()].join(', ')}`,
        ERROR_TYPES.unknownChecker,
      );
    }
    if (!isValidZoneName(input.zoneName)) {
      const parsed = parseZoneName(input.zoneName);
      const why = 'error' in parsed ? parsed.error : `it is not stored in its normal form (${parsed.name})`;
      throw ApplicationFailure.nonRetryable(
        `zone ${input.zoneId} has the name ${JSON.stringify(input.zoneName.slice(0, 300))}, which is not a zone name: ${why}; fix or delete the zone`,
        ERROR_TYPES.invalidZoneName,
      );
    }
    const started = Date.now();
    // The checkers stop when Temporal cancels the activity (heartbeat answer, worker
    // shutdown) or when the lane's budget runs out, whichever comes first.
    const budget = new AbortController();
    const budgetTimer = setTimeout(
      () =>
        budget.abort(
          ApplicationFailure.create({
            message: `checks of zone ${input.zoneName} did not finish within the lane budget of ${input.budgetMs} ms; cancelled`,
            type: ERROR_TYPES.laneBudgetExceeded,
            nonRetryable: true,
            // An overrun moves the zone to the slow lane, as designed: the SDK then logs it at
            // debug instead of as a WARN "Activity failed" for every slow zone's first scan.
            category: ApplicationFailureCategory.BENIGN,
          }),
        ),
      input.budgetMs,
    );
    const signal = AbortSignal.any([ctx.cancellationSignal, budget.signal]);
    // Local activities (FAST_LANE_LOCAL_ACTIVITIES) have no heartbeats: their budget is the bound.
    const beat = () => {
      if (!ctx.info.isLocal) ctx.heartbeat();
    };
    beat();
    const heartbeat = setInterval(beat, HEARTBEAT_INTERVAL_MS);
    try {
      const deadline = started + input.budgetMs;
      const lane = parseLaneTaskQueue(ctx.info.taskQueue)?.lane ?? 'unknown';
      const settled = await Promise.allSettled(
        input.checkers.map(async (id) => {
          const checkStarted = performance.now();
          const observe = (status: string) =>
            deps.metrics?.checkFinished(id, lane, status, (performance.now() - checkStarted) / 1000);
          try {
            const findings = await (deps.checkers.get(id) as Checker).run(
              { id: input.zoneId, name: input.zoneName },
              { signal, deadline },
            );
            observe(signal.aborted ? 'cancelled' : 'completed');
            return findings;
          } catch (error) {
            observe(signal.aborted ? 'cancelled' : 'failed');
            throw error;
          }
        }),
      );
      // Nothing of a cancelled run is returned, so nothing of it is ever persisted.
      if (signal.aborted) throw signal.reason;
      const outcomes = settled.map((result, i): CheckerOutcome => {
        const checker = input.checkers[i] as string;
        return result.status === 'fulfilled'
          ? { checker, status: 'completed', findings: result.value }
          : { checker, status: 'failed', error: messageOf(result.reason) };
      });
      const refused = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected' && isRefusal(r.reason));
      if (refused) {
        const error = refused.reason as NonRetryableCheckError | NetError;
        const type = error instanceof NonRetryableCheckError ? error.type : ERROR_TYPES.targetRefused;
        throw ApplicationFailure.nonRetryable(`zone ${input.zoneName}: ${error.message}`, type);
      }
      const failed = outcomes.filter((o) => o.status === 'failed');
      if (failed.length > 0 && input.attempt < input.maxAttempts) {
        throw ApplicationFailure.retryable(
          `zone ${input.zoneName}, attempt ${input.attempt} of ${input.maxAttempts}: ${failed.map((f) => `${f.checker}: ${f.status === 'failed' ? f.error : ''}`).join('; ')}`,
          ERROR_TYPES.checkFailed,
        );
      }
      return { outcomes, elapsedMs: Date.now() - started };
    } finally {
      clearInterval(heartbeat);
      clearTimeout(budgetTimer);
    }
  }
}

/** A scan's outcome as the scans table records it: every checker, some, or none completed. */
function scanOutcome(outcomes: CheckerOutcome[]): 'completed' | 'partial' | 'failed' {
  const completed = outcomes.filter((o) => o.status === 'completed').length;
  if (completed === outcomes.length) return 'completed';
  return completed === 0 ? 'failed' : 'partial';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
