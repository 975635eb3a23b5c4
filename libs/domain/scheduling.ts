import { capClaim, clamp } from './in-flight-cap';

/**
 * The adaptive rate: every zone should be scanned once per `frequencySeconds`, so the
 * scheduler claims `activeZones / frequencySeconds` zones per second. Recomputing it each
 * tick makes onboarding and frequency changes adapt by themselves; the fractional part is
 * carried to the next tick so small rates are not rounded away.
 */
export interface ClaimPlanInput {
  activeZones: number;
  frequencySeconds: number;
  /** The tick interval. */
  tickSeconds: number;
  /** Seconds this tick covers (default `tickSeconds`): longer when the tick ran late. */
  spanSeconds?: number;
  /** Fraction of a zone left over from earlier ticks, in [0, 1). */
  carry: number;
  /** Zones overdue by more than the grace period (see `overdueGraceSeconds`): the backlog. */
  overdueZones?: number;
  /** A backlog drains at no more than this multiple of the rate (≥ 1). */
  catchUpFactor?: number;
  /** Capacity cap in zones per second; above it the desired frequency is not achievable. */
  maxRatePerSecond?: number;
  /** Scans claimed earlier whose results have not landed yet (see `maxInFlight`). */
  inFlight?: number;
  /**
   * Backpressure: claims stop while this many scans are in flight, so a target above what the
   * workers and Temporal can do queues zones here (as due zones) instead of as a growing task
   * backlog inside Temporal, where every waiting task costs the server a write and a read.
   */
  maxInFlight?: number;
}

export interface ClaimPlan {
  /** Zones per second the frequency asks for. */
  desiredRatePerSecond: number;
  /** Zones per second this tick aims for: the desired rate, capped at `maxRatePerSecond`. */
  ratePerSecond: number;
  /** Whole zones to claim this tick, backlog catch-up included. */
  claim: number;
  /** Of `claim`, the zones beyond the rate that drain the backlog. */
  catchUp: number;
  /** Fraction carried into the next tick. */
  carry: number;
  /** Zones the rate asked for that the in-flight cap held back (they stay due). */
  heldBack: number;
}

/**
 * Plans how many zones one tick claims: the rate over the tick's span plus the catch-up, never
 * more than `min(catchUpFactor × rate, maxRate) × tickSeconds`. A tick that ran late therefore
 * cannot double the next claim; what it could not claim shows up as overdue zones, which
 * drain within the same ceiling.
 */
export function planClaim(input: ClaimPlanInput): ClaimPlan {
  const { activeZones, frequencySeconds, tickSeconds } = input;
  const spanSeconds = input.spanSeconds ?? tickSeconds;
  if (!(frequencySeconds > 0) || !(tickSeconds > 0) || !(spanSeconds >= 0) || !(activeZones > 0)) {
    return { desiredRatePerSecond: 0, ratePerSecond: 0, claim: 0, catchUp: 0, carry: 0, heldBack: 0 };
  }
  const maxRate =
    input.maxRatePerSecond !== undefined && input.maxRatePerSecond > 0 ? input.maxRatePerSecond : Infinity;
  const desiredRatePerSecond = activeZones / frequencySeconds;
  const ratePerSecond = Math.min(desiredRatePerSecond, maxRate);
  const exact = ratePerSecond * spanSeconds + clamp(input.carry, 0, 1);
  const base = Math.floor(exact);
  const factor = Math.max(1, input.catchUpFactor ?? 1);
  const ceiling = Math.floor(Math.min(ratePerSecond * factor, maxRate) * tickSeconds + clamp(input.carry, 0, 1));
  const paced = Math.min(base, ceiling);
  const catchUp = Math.max(0, Math.min(ceiling - paced, Math.floor(input.overdueZones ?? 0)));
  // Held-back zones stay due and come back as overdue zones, drained by the catch-up.
  const capped = capClaim(paced + catchUp, paced, input.maxInFlight, input.inFlight);
  return { desiredRatePerSecond, ratePerSecond, ...capped, carry: exact - base };
}

/**
 * How late a zone may be before it counts as backlog: a tenth of the frequency (the lateness
 * the schedule tolerates), and never less than two ticks, so the ordinary jitter of a tick's
 * claim is not mistaken for an outage.
 */
export function overdueGraceSeconds(frequencySeconds: number, tickSeconds: number): number {
  return Math.max(frequencySeconds * 0.1, tickSeconds * 2);
}

/**
 * How long a claim holds its zone: the claim takes no zone claimed less than this long ago,
 * and a claimed zone whose scan does not land counts as in flight for this long.
 */
export function reclaimAfterSeconds(frequencySeconds: number): number {
  return frequencySeconds * 0.5;
}

/**
 * The seconds a tick covers: the time since the previous tick, so a late tick does not lower
 * the rate; at most two ticks, so a pause or an outage never turns into one large claim.
 */
export function tickSpanSeconds(nowMs: number, previousTickMs: number | null, tickSeconds: number): number {
  if (previousTickMs === null) return tickSeconds;
  return clamp((nowMs - previousTickMs) / 1000, 0, tickSeconds * 2);
}

/** The frequency the scheduler actually achieves at a rate: active zones / rate. */
export function achievedFrequencySeconds(activeZones: number, ratePerSecond: number): number | null {
  if (activeZones <= 0) return null;
  return ratePerSecond > 0 ? activeZones / ratePerSecond : Infinity;
}

/** What the scheduler's frequency asks for right now (see `desiredState`). */
export interface DesiredState {
  desiredRatePerSecond: number;
  /** The desired rate within the cap: what the next tick aims for, catch-up aside. */
  targetRatePerSecond: number;
  frequencyAchievable: boolean;
  /** The frequency the target sustains; null without active zones. */
  achievedFrequencySeconds: number | null;
}

/**
 * The desired state from the current frequency and the active zones the last tick counted:
 * shown at once after a frequency change, instead of the last tick's figures until the next
 * tick ("frequency 20m" beside "every 15m").
 */
export function desiredState(activeZones: number, frequencySeconds: number, maxRatePerSecond: number): DesiredState {
  const desiredRatePerSecond = frequencySeconds > 0 ? activeZones / frequencySeconds : 0;
  const targetRatePerSecond = Math.min(desiredRatePerSecond, maxRatePerSecond);
  const achieved = achievedFrequencySeconds(activeZones, targetRatePerSecond);
  return {
    desiredRatePerSecond,
    targetRatePerSecond,
    frequencyAchievable: desiredRatePerSecond <= maxRatePerSecond,
    achievedFrequencySeconds: achieved === Infinity ? null : achieved,
  };
}
