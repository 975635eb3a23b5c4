/**
 * The adaptive in-flight cap (AIMD): the scheduler's cap on scans claimed and not yet persisted
 * follows the measured claim → persisted latency instead of a hand-tuned number. Above the
 * target p50 the cap shrinks by a factor (the queue inside Temporal drains); at or below it, and
 * only while the cap is what holds claims back, it grows by a step (more throughput, until the
 * latency says the box is full). A tick without enough persisted scans changes nothing.
 */
export interface AdaptiveInFlightPolicy {
  /** The latency the cap aims for, claim → persisted, p50. */
  targetP50Ms: number;
  /** Bounds of the cap: never below `min`, never above `max` (SCHEDULER_MAX_IN_FLIGHT). */
  min: number;
  max: number;
  /** Additive increase per tick while under the target and the cap binds. */
  increase: number;
  /** Multiplicative decrease above the target, in (0, 1). */
  decreaseFactor: number;
  /** Fewer persisted scans than this in the measured window: no signal, no change. */
  minSamples: number;
}

export interface LatencySample {
  /** p50 of claim → persisted over the scans persisted since the last tick; null: none. */
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

/** The next tick's cap from this tick's cap, its latency and whether the cap held claims back. */
export function nextInFlightCap(
  current: number,
  latency: LatencySample,
  heldBack: number,
  policy: AdaptiveInFlightPolicy,
): number {
  const cap = clamp(Math.floor(current), policy.min, policy.max);
  if (latency.p50Ms === null || latency.samples < policy.minSamples) return cap;
  if (latency.p50Ms > policy.targetP50Ms) return clamp(Math.floor(cap * policy.decreaseFactor), policy.min, policy.max);
  if (heldBack > 0) return clamp(cap + policy.increase, policy.min, policy.max);
  return cap;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
