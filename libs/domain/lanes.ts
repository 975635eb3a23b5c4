import { ERROR_TYPES } from './errors';
import type { Lane } from './lane-names';

/** How scans move between the lanes; read by the scan workflow from its worker's configuration. */
export interface LanePolicy {
  /** Checks on the fast lane that have not finished after this long are cancelled and re-run on slow. */
  fastBudgetMs: number;
  /** Checks on the slow lane that have not finished after this long end the scan with an error. */
  slowBudgetMs: number;
  /** A slow zone returns to the fast lane after this many consecutive scans within the fast budget. */
  promoteAfter: number;
  /**
   * Run a fast-lane scan's checks and persist as local activities of its workflow task: no
   * activity tasks through the server, fewer workflow tasks; cancellation then comes only from
   * the budget, not from heartbeats.
   */
  fastLocalActivities?: boolean;
  /**
   * With fastLocalActivities: one local activity runs a fast-lane scan's checks and persists its
   * result (FAST_LANE_FUSED). An overrun, a failed check or a failed persist falls back to the
   * separate steps, so the lane budget, retries and the overrun → slow move stay as they are.
   */
  fastFused?: boolean;
}

/** Why `value` is not a usable lane policy, or undefined when it is one (for inputs from outside). */
export function lanePolicyProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'lanePolicy must be an object';
  const policy = value as Record<string, unknown>;
  const positive = (key: string) =>
    typeof policy[key] === 'number' && Number.isFinite(policy[key]) && (policy[key] as number) > 0;
  if (!positive('fastBudgetMs')) return 'lanePolicy.fastBudgetMs must be a positive number of milliseconds';
  if (!positive('slowBudgetMs')) return 'lanePolicy.slowBudgetMs must be a positive number of milliseconds';
  if ((policy.fastBudgetMs as number) >= (policy.slowBudgetMs as number))
    return 'lanePolicy.fastBudgetMs must be shorter than lanePolicy.slowBudgetMs';
  if (!(Number.isInteger(policy.promoteAfter) && (policy.promoteAfter as number) >= 1))
    return 'lanePolicy.promoteAfter must be a whole number ≥ 1';
  if (policy.fastLocalActivities !== undefined && typeof policy.fastLocalActivities !== 'boolean')
    return 'lanePolicy.fastLocalActivities must be true or false';
  if (policy.fastFused !== undefined && typeof policy.fastFused !== 'boolean')
    return 'lanePolicy.fastFused must be true or false';
  return undefined;
}

export const DEFAULT_LANE_POLICY: LanePolicy = { fastBudgetMs: 2_000, slowBudgetMs: 300_000, promoteAfter: 3 };

/** Attempts per lane for a check that fails with a retryable error; the last attempt records the error. */
export const CHECK_ATTEMPTS = 3;

/**
 * The pause before retry `attempt + 1` of failed checks on a lane: short on fast, longer on
 * slow, doubling. The scan workflow applies it (not Temporal's activity retry policy) so each
 * attempt gets the whole lane budget and a backoff never counts as an overrun.
 */
export function checkRetryDelayMs(lane: Lane, attempt: number): number {
  return (lane === 'fast' ? 100 : 2_000) * 2 ** (attempt - 1);
}

/** Error types a check retry cannot fix: the scan ends at once with the error recorded. */
export const NON_RETRYABLE_CHECK_ERRORS: string[] = [
  ERROR_TYPES.invalidZoneName,
  ERROR_TYPES.targetRefused,
  ERROR_TYPES.unknownChecker,
];

/** The budget of the checks on a lane. */
export function laneBudgetMs(policy: LanePolicy, lane: Lane): number {
  return lane === 'fast' ? policy.fastBudgetMs : policy.slowBudgetMs;
}

/**
 * The longest gap between heartbeats a lane's worker sends. Temporal delivers cancellation
 * (the scan cancelled, its workflow gone) in the answer to a heartbeat, so this bounds how
 * long a cancelled check keeps running: an eighth of the budget, between 100 ms and 2 s
 * (many long slow-lane checks must not flood the server with heartbeats).
 */
export function heartbeatThrottleMs(budgetMs: number): number {
  return Math.min(2_000, Math.max(100, Math.round(budgetMs / 8)));
}

/**
 * What one scan tells about its zone's lane, applied to `zones.lane_hint` / `slow_streak` in
 * the scan's transaction: an overrun on fast demotes the zone; on a slow zone, a scan whose
 * checks all completed within the fast budget counts towards promotion, any other resets it.
 */
export interface LaneObservation {
  overranFast: boolean;
  withinFastBudget: boolean;
  promoteAfter: number;
}

/** Reads a scan's lane observation from how its checks went. */
export function observeLane(scan: {
  overranFast: boolean;
  allCompleted: boolean;
  /** How long the last run of the checks took, measured by the worker that ran them. */
  checksElapsedMs: number;
  policy: LanePolicy;
}): LaneObservation {
  return {
    overranFast: scan.overranFast,
    withinFastBudget: !scan.overranFast && scan.allCompleted && scan.checksElapsedMs <= scan.policy.fastBudgetMs,
    promoteAfter: scan.policy.promoteAfter,
  };
}

/**
 * The lane state a zone moves to after a scan: the same rule the database applies in
 * `updateZoneAfterScan`, kept here so it is documented and unit-tested in one place.
 */
export function nextLaneState(
  current: { laneHint: Lane; slowStreak: number },
  observation: LaneObservation,
): { laneHint: Lane; slowStreak: number } {
  if (observation.overranFast) return { laneHint: 'slow', slowStreak: 0 };
  if (current.laneHint === 'fast') return current;
  if (!observation.withinFastBudget) return { laneHint: 'slow', slowStreak: 0 };
  const streak = current.slowStreak + 1;
  return streak >= observation.promoteAfter
    ? { laneHint: 'fast', slowStreak: 0 }
    : { laneHint: 'slow', slowStreak: streak };
}
