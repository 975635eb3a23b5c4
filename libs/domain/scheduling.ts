/**
 * The adaptive rate: every zone should be scanned once per `frequencySeconds`, so the
 * scheduler claims `activeZones / frequencySeconds` zones per second. Recomputing it each
 * tick makes onboarding and frequency changes adapt by themselves; the fractional part is
 * carried to the next tick so small rates are not rounded away.
 */
export interface ClaimPlanInput {
  activeZones: number;
  frequencySeconds: number;
  tickSeconds: number;
  /** Fraction of a zone left over from earlier ticks, in [0, 1). */
  carry: number;
}

export interface ClaimPlan {
  /** Zones per second this tick aims for. */
  ratePerSecond: number;
  /** Whole zones to claim this tick. */
  claim: number;
  /** Fraction carried into the next tick. */
  carry: number;
}

/** Plans how many zones one tick claims. */
export function planClaim(input: ClaimPlanInput): ClaimPlan {
  const { activeZones, frequencySeconds, tickSeconds } = input;
  if (!(frequencySeconds > 0) || !(tickSeconds > 0) || activeZones <= 0) {
    return { ratePerSecond: 0, claim: 0, carry: 0 };
  }
  const ratePerSecond = activeZones / frequencySeconds;
  const exact = ratePerSecond * tickSeconds + Math.min(Math.max(input.carry, 0), 1);
  const claim = Math.floor(exact);
  return { ratePerSecond, claim, carry: exact - claim };
}

/** A new zone's first scan time: spread uniformly over one frequency so onboarding never bunches. */
export function jitteredFirstScan(nowMs: number, frequencySeconds: number, random: number): number {
  return nowMs + Math.floor(random * frequencySeconds * 1000);
}
