import { describe, expect, it } from 'vitest';
import {
  allocatePlanRates,
  planClaimByPlan,
  validateFrequencyChange,
  InvalidFrequencyError,
  type PlanLoad,
} from '../../libs/domain';

const DAY = 86_400;
function plans(
  free: number,
  pro: number,
  enterprise: number,
  overdue: Partial<Record<string, number>> = {},
): PlanLoad[] {
  return [
    { plan: 'free', priority: 0, activeZones: free, frequencySeconds: 7 * DAY, overdueZones: overdue.free ?? 0 },
    { plan: 'pro', priority: 1, activeZones: pro, frequencySeconds: 3 * DAY, overdueZones: overdue.pro ?? 0 },
    {
      plan: 'enterprise',
      priority: 3,
      activeZones: enterprise,
      frequencySeconds: DAY,
      overdueZones: overdue.enterprise ?? 0,
    },
  ];
}

describe('allocatePlanRates', () => {
  it('when the cap does not bind, then each plan gets zones / its frequency and the total is their sum', () => {
    const rates = allocatePlanRates(plans(7 * DAY, 3 * DAY, DAY), 100);
    expect(rates.map((r) => r.ratePerSecond)).toEqual([1, 1, 1]);
    expect(rates.map((r) => r.desiredRatePerSecond)).toEqual([1, 1, 1]);
  });

  it('when the cap binds, then free degrades first, then pro, and enterprise last', () => {
    const load = plans(7 * DAY * 10, 3 * DAY * 10, DAY * 10); // 10 zones/s each, 30 in all
    expect(allocatePlanRates(load, 25).map((r) => r.ratePerSecond)).toEqual([5, 10, 10]);
    expect(allocatePlanRates(load, 15).map((r) => r.ratePerSecond)).toEqual([0, 5, 10]);
    expect(allocatePlanRates(load, 4).map((r) => r.ratePerSecond)).toEqual([0, 0, 4]);
  });
});

describe('planClaimByPlan', () => {
  it('when ticks run at steady state, then every plan claims its own rate over time and the total per tick is smooth', () => {
    // free 0.3/s, pro 0.45/s, enterprise 0.25/s: 1 zone/s in all, 5 a tick.
    const load = plans(0.3 * 7 * DAY, 0.45 * 3 * DAY, 0.25 * DAY);
    let carries: Record<string, number> | undefined;
    const totals: Record<string, number> = { free: 0, pro: 0, enterprise: 0 };
    const perTick: number[] = [];
    for (let tick = 0; tick < 200; tick++) {
      const claim = planClaimByPlan({ plans: load, tickSeconds: 5, carries });
      carries = Object.fromEntries(claim.plans.map((p) => [p.plan, p.carry]));
      for (const share of claim.plans) totals[share.plan] = (totals[share.plan] as number) + share.paced;
      perTick.push(claim.claim);
    }
    expect(new Set(perTick)).toEqual(new Set([5]));
    expect(totals.free).toBeCloseTo(0.3 * 1000, -0.5);
    expect(totals.pro).toBeCloseTo(0.45 * 1000, -0.5);
    expect(totals.enterprise).toBeCloseTo(0.25 * 1000, -0.5);
  });

  it('when rates are tiny, then the carries keep them: one zone every few ticks, never rounded away', () => {
    const load = plans(7 * DAY * 0.05, 0, DAY * 0.05); // 0.05/s each: 0.25 a tick each
    let carries: Record<string, number> | undefined;
    let claimed = 0;
    for (let tick = 0; tick < 40; tick++) {
      const claim = planClaimByPlan({ plans: load, tickSeconds: 5, carries });
      carries = Object.fromEntries(claim.plans.map((p) => [p.plan, p.carry]));
      expect(claim.claim).toBeLessThanOrEqual(1);
      claimed += claim.claim;
    }
    expect(claimed).toBe(20);
  });

  it('when a plan is overdue, then its quota allows the catch-up, within catchUpFactor × rate in all', () => {
    const load = plans(0, 0, 10 * DAY, { enterprise: 1_000 }); // 10/s, 50 a tick
    const claim = planClaimByPlan({ plans: load, tickSeconds: 5, catchUpFactor: 1.2 });
    expect(claim.claim).toBe(60);
    expect(claim.catchUp).toBe(10);
    expect(claim.plans.find((p) => p.plan === 'enterprise')?.quota).toBe(60);
  });

  it('when a tick ran late, then the claim stays within the ceiling and the lowest priority plan gives up the excess', () => {
    const load = plans(7 * DAY * 5, 0, DAY * 5); // 5/s each: 50 a 5-s tick, 100 over a 10-s span
    const claim = planClaimByPlan({ plans: load, tickSeconds: 5, spanSeconds: 10, catchUpFactor: 1.2 });
    expect(claim.claim).toBe(60);
    expect(claim.plans.find((p) => p.plan === 'enterprise')?.paced).toBe(50);
    expect(claim.plans.find((p) => p.plan === 'free')?.paced).toBe(10);
  });

  it('when the in-flight cap leaves less room than the plan asks, then the claim is held back to the room', () => {
    const load = plans(0, 0, 10 * DAY);
    const claim = planClaimByPlan({ plans: load, tickSeconds: 5, inFlight: 980, maxInFlight: 1000 });
    expect(claim.claim).toBe(20);
    expect(claim.heldBack).toBe(30);
  });

  it('when the max rate binds, then enterprise keeps its full rate and free gets what is left', () => {
    const load = plans(7 * DAY * 10, 0, DAY * 10);
    const claim = planClaimByPlan({ plans: load, tickSeconds: 5, maxRatePerSecond: 12 });
    expect(claim.ratePerSecond).toBe(12);
    expect(claim.plans.find((p) => p.plan === 'enterprise')?.paced).toBe(50);
    expect(claim.plans.find((p) => p.plan === 'free')?.paced).toBe(10);
  });
});

describe('validateFrequencyChange', () => {
  const bounds = { minFrequencySeconds: 60, maxFrequencySeconds: 30 * DAY };
  it('when one frequency is given, then it is the uniform form', () => {
    expect(validateFrequencyChange({ frequencySeconds: 600 }, bounds)).toEqual({ frequencySeconds: 600 });
  });
  it('when plans are given, then each is checked against the range and named in the message', () => {
    expect(validateFrequencyChange({ plans: { enterprise: 3600 } }, bounds)).toEqual({ plans: { enterprise: 3600 } });
    expect(() => validateFrequencyChange({ plans: { enterprise: 10 } }, bounds)).toThrow(
      'plans.enterprise: frequencySeconds 10 is below the minimum; allowed: 1m to 30d (60 to 2592000 seconds)',
    );
    expect(() => validateFrequencyChange({ plans: { gold: 3600 } }, bounds, ['free', 'enterprise'])).toThrow(
      'plan "gold" does not exist; known plans: free, enterprise',
    );
    expect(() => validateFrequencyChange({ plans: {} }, bounds)).toThrow(InvalidFrequencyError);
    expect(() => validateFrequencyChange({ plans: { free: 600 }, frequencySeconds: 600 }, bounds)).toThrow(
      'give either frequencySeconds (every plan) or plans (per plan), not both',
    );
  });
});
