/**
 * The adaptive in-flight cap (AIMD): the scheduler's cap on scans claimed and not yet persisted
 * follows the measured start → persisted latency of scans instead of a hand-tuned number. Above the
 * target p50 the cap shrinks by a factor (the queue inside Temporal drains); at or below it, and
 * only while the cap is what holds claims back, it grows by a step (more throughput, until the
 * latency says the box is full). A tick with too few persisted scans to measure changes nothing,
 * unless many scans are in flight: then hardly anything finishes, which is the worst latency of
 * all (a starved box, where scans outlive their workflow-task timeout and are run again), and
 * the cap shrinks. Without that rule the cap froze at its top exactly when the box collapsed.
 */
export interface AdaptiveInFlightPolicy {
  /** The latency the cap aims for, scan start → persisted, p50. */
  targetP50Ms: number;
  /** Bounds of the cap: never below `min`, never above `max` (SCHEDULER_MAX_IN_FLIGHT). */
  min: number;
  max: number;
  /** Additive increase per tick while under the target and the cap binds. */
  increase: number;
  /** Multiplicative decrease above the target, in (0, 1). */
  decreaseFactor: number;
  /**
   * Fewer persisted scans than this in the measured window: no latency signal. The cap then
   * stays, or shrinks when at least this many scans are in flight (they are not finishing).
   */
  minSamples: number;
}

export interface LatencySample {
  /** p50 of start → persisted over the scans persisted since the last tick; null: none. */
  p50Ms: number | null;
  samples: number;
}

/** Defaults for a target: a tenth of the way down per tick, 5 % of the bound up. */
export function adaptiveInFlightPolicy(targetP50Ms: number, max: number): AdaptiveInFlightPolicy {
  const bound = Math.max(1, Math.floor(max));
  return {
    targetP50Ms,
    min: Math.min(bound, 10),
    max: bound,
    increase: Math.max(1, Math.round(bound * 0.05)),
    decreaseFactor: 0.9,
    minSamples: 20,
  };
}

/**
 * The next tick's cap from this tick's cap, its latency, whether the cap held claims back and
 * how many scans were in flight when the tick began (absent: unknown, as in ticks before it was
 * passed; then too few samples never shrink the cap).
 */
export function nextInFlightCap(
  current: number,
  latency: LatencySample,
  heldBack: number,
  policy: AdaptiveInFlightPolicy,
  inFlight = 0,
): number {
  const cap = clamp(Math.floor(current), policy.min, policy.max);
  const shrunk = clamp(Math.floor(cap * policy.decreaseFactor), policy.min, policy.max);
  if (latency.p50Ms === null || latency.samples < policy.minSamples)
    return inFlight >= policy.minSamples ? shrunk : cap;
  if (latency.p50Ms > policy.targetP50Ms) return shrunk;
  if (heldBack > 0) return clamp(cap + policy.increase, policy.min, policy.max);
  return cap;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
