import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planClaim } from '../../libs/domain';

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
