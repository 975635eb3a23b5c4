import { capClaim, clamp } from './in-flight-cap';

/**
 * The adaptive rate over plans (tiers): every plan's zones should be scanned once per that
 * plan's frequency, so the scheduler aims for Σ (active zones of a plan / its frequency) zones
 * per second. When that is more than `maxRatePerSecond`, the plans degrade in a fixed order:
 * the rate goes to the plans by descending priority (enterprise, business, pro, free by
 * default), each getting what it asks for while capacity lasts. So free slows down first and
 * enterprise last, and a plan that does get its rate keeps its frequency exactly instead of
 * every plan missing its frequency a little.
 */

/** One plan's load as a tick counts it. */
export interface PlanLoad {
  plan: string;
  /** Higher keeps its frequency longer when the cap binds. */
  priority: number;
  activeZones: number;
  frequencySeconds: number;
  /** Zones of the plan overdue beyond its grace (see `overdueGraceSeconds`). */
  overdueZones: number;
}

/** One plan's share of a tick. */
export interface PlanShare {
  plan: string;
  priority: number;
  activeZones: number;
  frequencySeconds: number;
  /** Zones per second the plan's frequency asks for. */
  desiredRatePerSecond: number;
  /** Zones per second it gets within the cap (see the degradation order above). */
  ratePerSecond: number;
  /** Whole zones paced for this tick. */
  paced: number;
  /** The most this plan's claim may take: paced plus the backlog it may drain. */
  quota: number;
  /** Fraction carried into the next tick, in (-1, 1). */
  carry: number;
}

export interface PlanClaimInput {
  plans: readonly PlanLoad[];
  tickSeconds: number;
  /** Seconds this tick covers (default `tickSeconds`). */
  spanSeconds?: number;
  /** Carries of the previous tick by plan (absent: 0). */
  carries?: Readonly<Record<string, number>>;
  catchUpFactor?: number;
  maxRatePerSecond?: number;
  inFlight?: number;
  maxInFlight?: number;
}

export interface PlanClaim {
  desiredRatePerSecond: number;
  ratePerSecond: number;
  /** Whole zones to claim this tick over all plans, catch-up included, within the in-flight room. */
  claim: number;
  /** Of `claim`, the most that may be beyond the paced zones (backlog). */
  catchUp: number;
  /** Zones the rate asked for that the in-flight cap held back. */
  heldBack: number;
  /** The sum of the plans' carries: in [0, 1). */
  carry: number;
  plans: PlanShare[];
}

/** Splits the capped rate over the plans, highest priority first (the documented degradation order). */
export function allocatePlanRates(
  plans: readonly PlanLoad[],
  maxRatePerSecond: number | undefined,
): Array<{ plan: string; desiredRatePerSecond: number; ratePerSecond: number }> {
  let left = maxRatePerSecond !== undefined && maxRatePerSecond > 0 ? maxRatePerSecond : Infinity;
  const rates = new Map<string, { desiredRatePerSecond: number; ratePerSecond: number }>();
  for (const load of [...plans].sort((a, b) => b.priority - a.priority)) {
    const desired = load.activeZones > 0 && load.frequencySeconds > 0 ? load.activeZones / load.frequencySeconds : 0;
    const rate = Math.min(desired, left);
    left -= rate;
    rates.set(load.plan, { desiredRatePerSecond: desired, ratePerSecond: rate });
  }
  return plans.map((load) => ({
    plan: load.plan,
    ...(rates.get(load.plan) as { desiredRatePerSecond: number; ratePerSecond: number }),
  }));
}

/**
 * Plans one tick over all plans. The paced total is `floor(rate × span + carry)`, as with one
 * frequency, so small rates are not rounded away nor bunched; it is apportioned to the plans
 * by largest remainder of their exact shares and each plan carries its own remainder, so each
 * plan gets its own rate over time. The total never exceeds `min(catchUpFactor × rate,
 * maxRate) × tick` (a late tick cannot double a claim; the lowest priority plans give up the
 * excess). The catch-up room is shared: each plan's quota allows its overdue zones, and the
 * claim takes the zones most overdue relative to their own frequency up to the total.
 */
export function planClaimByPlan(input: PlanClaimInput): PlanClaim {
  const { tickSeconds } = input;
  const spanSeconds = Math.max(0, input.spanSeconds ?? tickSeconds);
  const maxRate =
    input.maxRatePerSecond !== undefined && input.maxRatePerSecond > 0 ? input.maxRatePerSecond : Infinity;
  const rates = allocatePlanRates(input.plans, input.maxRatePerSecond);
  const shares: PlanShare[] = input.plans.map((load, index) => {
    const rate = rates[index] as { desiredRatePerSecond: number; ratePerSecond: number };
    return {
      plan: load.plan,
      priority: load.priority,
      activeZones: load.activeZones,
      frequencySeconds: load.frequencySeconds,
      desiredRatePerSecond: rate.desiredRatePerSecond,
      ratePerSecond: rate.ratePerSecond,
      paced: 0,
      quota: 0,
      carry: 0,
    };
  });
  const desiredRatePerSecond = sum(shares.map((s) => s.desiredRatePerSecond));
  const ratePerSecond = sum(shares.map((s) => s.ratePerSecond));
  if (!(tickSeconds > 0) || ratePerSecond <= 0) {
    return { desiredRatePerSecond, ratePerSecond, claim: 0, catchUp: 0, heldBack: 0, carry: 0, plans: shares };
  }
  // A plan without zones carries nothing; the others keep their remainder within (-1, 1).
  const exact = shares.map((s) =>
    s.ratePerSecond > 0 ? s.ratePerSecond * spanSeconds + clamp(input.carries?.[s.plan] ?? 0, -1, 1) : 0,
  );
  const carryTotal = clamp(sum(exact) - ratePerSecond * spanSeconds, 0, 1);
  const total = Math.max(0, Math.floor(ratePerSecond * spanSeconds + carryTotal + 1e-9));
  const given = exact.map((e) => Math.max(0, Math.floor(e)));
  let left = total - sum(given);
  // Largest remainders first; ties to the higher priority.
  const order = shares
    .map((s, i) => i)
    .filter((i) => (shares[i] as PlanShare).ratePerSecond > 0)
    .sort(
      (a, b) =>
        (exact[b] as number) - (given[b] as number) - ((exact[a] as number) - (given[a] as number)) ||
        (shares[b] as PlanShare).priority - (shares[a] as PlanShare).priority,
    );
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--)
    given[order[k] as number] = (given[order[k] as number] as number) + 1;
  for (let k = 0; left < 0 && order.length > 0; k = (k + 1) % order.length) {
    const index = order[order.length - 1 - k] as number;
    if ((given[index] as number) > 0) {
      given[index] = (given[index] as number) - 1;
      left++;
    }
  }
  shares.forEach((s, i) => {
    s.carry = s.ratePerSecond > 0 ? clamp((exact[i] as number) - (given[i] as number), -0.999999, 0.999999) : 0;
  });
  // A late tick: no more than the ceiling; the lowest priority plans give up the excess.
  const factor = Math.max(1, input.catchUpFactor ?? 1);
  const ceiling = Math.floor(Math.min(ratePerSecond * factor, maxRate) * tickSeconds + carryTotal);
  let excess = total - ceiling;
  for (const index of [...shares.keys()].sort(
    (a, b) => (shares[a] as PlanShare).priority - (shares[b] as PlanShare).priority,
  )) {
    const cut = Math.min(Math.max(0, excess), given[index] as number);
    given[index] = (given[index] as number) - cut;
    excess -= cut;
  }
  const paced = sum(given);
  const overdue = sum(input.plans.map((p) => Math.max(0, Math.floor(p.overdueZones))));
  const catchUpRoom = Math.max(0, Math.min(ceiling - paced, overdue));
  shares.forEach((s, i) => {
    s.paced = given[i] as number;
    s.quota = s.paced + Math.min(Math.max(0, Math.floor((input.plans[i] as PlanLoad).overdueZones)), catchUpRoom);
  });
  const capped = capClaim(paced + catchUpRoom, paced, input.maxInFlight, input.inFlight);
  return {
    desiredRatePerSecond,
    ratePerSecond,
    ...capped,
    carry: sum(shares.map((s) => s.carry)),
    plans: shares,
  };
}

/** A plan's figures for the status: its target frequency and the one its rate achieves. */
export interface PlanStatus {
  plan: string;
  priority: number;
  /** The frequency the plan asks for (target). */
  frequencySeconds: number;
  activeZones: number;
  desiredRatePerSecond: number;
  ratePerSecond: number;
  /** The frequency the plan's rate sustains (active zones / rate); null without zones or without a rate. */
  achievedFrequencySeconds: number | null;
  /** False when the cap leaves this plan less than its frequency asks for. */
  frequencyAchievable: boolean;
}

/** The status line of each plan from its share. */
export function planStatusOf(share: Omit<PlanShare, 'paced' | 'quota' | 'carry'>): PlanStatus {
  return {
    plan: share.plan,
    priority: share.priority,
    frequencySeconds: share.frequencySeconds,
    activeZones: share.activeZones,
    desiredRatePerSecond: share.desiredRatePerSecond,
    ratePerSecond: share.ratePerSecond,
    achievedFrequencySeconds:
      share.activeZones > 0 && share.ratePerSecond > 0 ? share.activeZones / share.ratePerSecond : null,
    frequencyAchievable: share.ratePerSecond >= share.desiredRatePerSecond - 1e-12,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
