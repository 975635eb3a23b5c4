/**
 * The in-flight cap, shared by the uniform claim (`planClaim`) and the per-plan claim
 * (`planClaimByPlan`): a tick claims what its pace and catch-up want, but never more than the
 * room left under `maxInFlight`. What the cap holds back stays due and comes back as overdue
 * zones, drained by a later tick's catch-up.
 */

/** Claims a tick may still start under the cap; Infinity when no cap is set (absent or ≤ 0). */
export function inFlightRoom(maxInFlight: number | undefined, inFlight: number | undefined): number {
  if (maxInFlight === undefined || !(maxInFlight > 0)) return Infinity;
  return Math.max(0, Math.floor(maxInFlight - Math.max(0, inFlight ?? 0)));
}

/** What a tick claims once the cap applies, with its catch-up share and what it held back. */
export interface CappedClaim {
  claim: number;
  /** The part of the claim beyond the paced zones. */
  catchUp: number;
  heldBack: number;
}

/**
 * Applies the cap to a tick's wanted claim: `paced` zones keep the schedule, the rest of
 * `wanted` is catch-up.
 */
export function capClaim(
  wanted: number,
  paced: number,
  maxInFlight: number | undefined,
  inFlight: number | undefined,
): CappedClaim {
  const claim = Math.min(wanted, inFlightRoom(maxInFlight, inFlight));
  return { claim, catchUp: Math.max(0, claim - paced), heldBack: wanted - claim };
}

/** `value` within [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
