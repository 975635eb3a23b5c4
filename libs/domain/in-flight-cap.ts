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

/** Fast-lane workflow-task slots without eager start (FAST_LANE_WORKFLOW_TASKS unset). */
export const FAST_LANE_WORKFLOW_TASKS_DEFAULT = 20;
/** The most slots a fast-lane worker is given (FAST_LANE_WORKFLOW_TASKS's bound). */
export const FAST_LANE_WORKFLOW_TASKS_MAX = 1000;

/**
 * Fast-lane workflow-task slots a process needs for eager start: a scan starts eagerly only on
 * a free slot in the process that claimed it, and a fast scan holds its slot while its local
 * activities run. So one slot per scan the process may have in flight (its share of the cap,
 * `maxInFlight` spread over `processes`), plus 16 for a share that comes out uneven (claim
 * partitions are hash slices); never below the default, never above the bound; the bound when
 * there is no cap (`maxInFlight` 0).
 */
export function eagerFastLaneWorkflowTasks(maxInFlight: number, processes: number): number {
  if (!(maxInFlight > 0)) return FAST_LANE_WORKFLOW_TASKS_MAX;
  return clamp(
    Math.ceil(maxInFlight / Math.max(1, processes)) + 16,
    FAST_LANE_WORKFLOW_TASKS_DEFAULT,
    FAST_LANE_WORKFLOW_TASKS_MAX,
  );
}
