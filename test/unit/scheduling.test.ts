import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { achievedFrequencySeconds, overdueGraceSeconds, planClaim, tickSpanSeconds } from '../../libs/domain';

describe('planClaim', () => {
  it('when 1,000 zones are due every 15 minutes with 5 s ticks, then claims 5 or 6 a tick at 1.11/s', () => {
    const plan = planClaim({ activeZones: 1000, frequencySeconds: 900, tickSeconds: 5, carry: 0 });
    expect(plan.ratePerSecond).toBeCloseTo(1.111, 3);
    expect(plan.claim).toBe(5);
    expect(plan.carry).toBeCloseTo(0.556, 3);
  });

  it('when there are no zones or the frequency is not positive, then claims nothing', () => {
    expect(planClaim({ activeZones: 0, frequencySeconds: 60, tickSeconds: 5, carry: 0.5 }).claim).toBe(0);
    expect(planClaim({ activeZones: 10, frequencySeconds: 0, tickSeconds: 5, carry: 0 }).claim).toBe(0);
    expect(planClaim({ activeZones: 10, frequencySeconds: Number.NaN, tickSeconds: 5, carry: 0 }).claim).toBe(0);
  });

  it('when ticks repeat, then the carry makes the claims add up to rate × elapsed time, within one zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 10, max: 86_400 }),
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        (activeZones, frequencySeconds, tickSeconds, ticks) => {
          let carry = 0;
          let claimed = 0;
          for (let i = 0; i < ticks; i++) {
            const plan = planClaim({ activeZones, frequencySeconds, tickSeconds, carry });
            expect(plan.carry).toBeGreaterThanOrEqual(0);
            expect(plan.carry).toBeLessThan(1);
            claimed += plan.claim;
            carry = plan.carry;
          }
          const exact = (activeZones / frequencySeconds) * tickSeconds * ticks;
          expect(Math.abs(claimed - exact)).toBeLessThanOrEqual(1 + 1e-6 * exact);
        },
      ),
    );
  });
});

describe('planClaim: backlog and capacity', () => {
  it('when zones are overdue, then the claim grows by at most (catchUpFactor − 1) × rate × tick', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      overdueZones: 5_000,
      catchUpFactor: 1.2,
    });
    expect(plan.ratePerSecond).toBe(50);
    expect(plan.catchUp).toBe(50);
    expect(plan.claim).toBe(300);
  });

  it('when the backlog is smaller than the headroom, then only the backlog is added', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      overdueZones: 7,
      catchUpFactor: 2,
    });
    expect(plan.claim).toBe(257);
  });

  it('when the desired rate exceeds maxRate, then the rate is capped and the catch-up never passes the cap', () => {
    const plan = planClaim({
      activeZones: 200_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      overdueZones: 10_000,
      catchUpFactor: 2,
      maxRatePerSecond: 100,
    });
    expect(plan.desiredRatePerSecond).toBe(500);
    expect(plan.ratePerSecond).toBe(100);
    expect(plan.catchUp).toBe(0);
    expect(plan.claim).toBe(500);
  });

  it('when the frequency halves, then the next tick claims twice as many zones at once', () => {
    const before = planClaim({ activeZones: 20_000, frequencySeconds: 800, tickSeconds: 5, carry: 0 });
    const after = planClaim({ activeZones: 20_000, frequencySeconds: 400, tickSeconds: 5, carry: 0 });
    expect(after.claim).toBe(before.claim * 2);
  });

  it('for any input, the claim never exceeds min(catchUpFactor × rate, maxRate) × tick + 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 10, max: 86_400 }),
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 10_000, noNaN: true }),
        (activeZones, frequencySeconds, tickSeconds, overdueZones, catchUpFactor, maxRatePerSecond) => {
          const plan = planClaim({
            activeZones,
            frequencySeconds,
            tickSeconds,
            carry: 0.5,
            overdueZones,
            catchUpFactor,
            maxRatePerSecond,
          });
          const rate = Math.min(activeZones / frequencySeconds, maxRatePerSecond);
          expect(plan.ratePerSecond).toBeLessThanOrEqual(maxRatePerSecond);
          expect(plan.claim).toBeLessThanOrEqual(
            Math.min(rate * catchUpFactor, maxRatePerSecond) * tickSeconds + 1 + 1e-9,
          );
          expect(plan.catchUp).toBeLessThanOrEqual(overdueZones);
        },
      ),
    );
  });
});

describe('planClaim: in-flight cap (backpressure)', () => {
  it('when scans are in flight, then the claim fills only the room left under maxInFlight and reports the rest as held back', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      inFlight: 180,
      maxInFlight: 200,
    });
    expect(plan.claim).toBe(20);
    expect(plan.heldBack).toBe(230);
    expect(plan.catchUp).toBe(0);
  });

  it('when more scans are in flight than the cap allows, then nothing is claimed', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      inFlight: 250,
      maxInFlight: 200,
    });
    expect(plan.claim).toBe(0);
    expect(plan.heldBack).toBe(250);
  });

  it('when the cap leaves room for the whole claim, or no cap is set, then nothing is held back', () => {
    expect(
      planClaim({
        activeZones: 20_000,
        frequencySeconds: 400,
        tickSeconds: 5,
        carry: 0,
        inFlight: 10,
        maxInFlight: 1_000,
      }),
    ).toMatchObject({ claim: 250, heldBack: 0 });
    expect(
      planClaim({ activeZones: 20_000, frequencySeconds: 400, tickSeconds: 5, carry: 0, inFlight: 10_000 }),
    ).toMatchObject({ claim: 250, heldBack: 0 });
  });

  it('when the cap cuts into the catch-up, then the catch-up shrinks first', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      carry: 0,
      overdueZones: 5_000,
      catchUpFactor: 1.2,
      inFlight: 0,
      maxInFlight: 270,
    });
    expect(plan).toMatchObject({ claim: 270, catchUp: 20, heldBack: 30 });
  });

  it('for any input, claim + heldBack is the uncapped claim and in flight never passes the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 10, max: 86_400 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (activeZones, frequencySeconds, overdueZones, maxInFlight, inFlight) => {
          const common = {
            activeZones,
            frequencySeconds,
            tickSeconds: 5,
            carry: 0.3,
            overdueZones,
            catchUpFactor: 1.5,
          };
          const uncapped = planClaim(common);
          const capped = planClaim({ ...common, inFlight, maxInFlight });
          expect(capped.claim + capped.heldBack).toBe(uncapped.claim);
          expect(capped.claim).toBeLessThanOrEqual(Math.max(0, maxInFlight - inFlight));
          expect(capped.carry).toBe(uncapped.carry);
        },
      ),
    );
  });
});

describe('planClaim: late ticks', () => {
  it('when a tick covers twice its interval, then it claims at most catchUpFactor × rate × tick, not twice the rate', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      spanSeconds: 10,
      carry: 0,
      catchUpFactor: 1.2,
    });
    expect(plan.claim).toBe(300);
    expect(plan.catchUp).toBe(0);
  });

  it('when a tick is slightly late, then it claims the rate over its whole span, so the rate holds', () => {
    const plan = planClaim({
      activeZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 5,
      spanSeconds: 5.4,
      carry: 0,
      catchUpFactor: 1.2,
    });
    expect(plan.claim).toBe(270);
  });
});

describe('tickSpanSeconds and achievedFrequencySeconds', () => {
  it('when a tick runs late, then it covers the time since the previous tick, but never more than two ticks', () => {
    expect(tickSpanSeconds(10_700, 5_000, 5)).toBeCloseTo(5.7);
    expect(tickSpanSeconds(600_000, 5_000, 5)).toBe(10);
    expect(tickSpanSeconds(5_000, null, 5)).toBe(5);
  });

  it('when the rate is capped, then the achieved frequency is longer than the desired one', () => {
    expect(achievedFrequencySeconds(200_000, 100)).toBe(2_000);
    expect(achievedFrequencySeconds(0, 100)).toBeNull();
    expect(overdueGraceSeconds(400, 5)).toBe(40);
    expect(overdueGraceSeconds(60, 5)).toBe(10);
  });
});
