import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateSchedule, type SimulationEvent } from '../../libs/domain';

/** A seeded generator, so a failing run can be replayed from fast-check's seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const event = fc.oneof(
  fc.record({
    kind: fc.constant('onboard' as const),
    zones: fc.integer({ min: 100, max: 3_000 }),
    atSeconds: fc.integer({ min: 10, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('setFrequency' as const),
    frequencySeconds: fc.integer({ min: 40, max: 200 }),
    atSeconds: fc.integer({ min: 10, max: 300 }),
  }),
);

describe('simulateSchedule (the scheduler algorithm without services)', () => {
  it('when zones are onboarded and the frequency changes at random, then no 5 s bucket exceeds 1.2 × the target and every zone is rescanned within 1.1 × the frequency once steady', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 2_000 }),
        fc.integer({ min: 40, max: 200 }),
        fc.array(event, { maxLength: 4 }),
        fc.integer(),
        (initialZones, frequencySeconds, events, seed) => {
          const result = simulateSchedule({
            initialZones,
            frequencySeconds,
            tickSeconds: 1,
            bucketSeconds: 5,
            catchUpFactor: 1.2,
            durationSeconds: 300 + 3 * 200,
            events: events as SimulationEvent[],
            random: seeded(seed),
          });
          for (const bucket of result.buckets) {
            // One zone of rounding per tick is the claim's granularity.
            expect(bucket.starts).toBeLessThanOrEqual(1.2 * bucket.targetPerSecond * 5 + 5);
          }
          expect(result.maxGapOverFrequency).toBeLessThanOrEqual(1.1);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('when 20,000 zones are scanned every 400 s, then every 5 s bucket starts 250 scans ± 10 %', () => {
    const result = simulateSchedule({
      initialZones: 20_000,
      frequencySeconds: 400,
      tickSeconds: 1,
      bucketSeconds: 5,
      catchUpFactor: 1.2,
      durationSeconds: 120,
      events: [],
      random: seeded(7),
    });
    expect(result.buckets).toHaveLength(24);
    for (const bucket of result.buckets) expect(Math.abs(bucket.starts - 250)).toBeLessThanOrEqual(25);
  });

  it('when the zone count grows tenfold, then the rate rises at once to the new target without a bucket above 1.2 × it', () => {
    const result = simulateSchedule({
      initialZones: 2_000,
      frequencySeconds: 400,
      tickSeconds: 1,
      bucketSeconds: 5,
      catchUpFactor: 1.2,
      durationSeconds: 100,
      events: [{ kind: 'onboard', zones: 18_000, atSeconds: 50 }],
      random: seeded(11),
    });
    const after = result.buckets.filter((b) => b.startSeconds >= 50);
    expect(after[0]?.starts).toBe(250);
    for (const bucket of after) expect(bucket.starts).toBeLessThanOrEqual(300);
  });
});

const PLAN_NAMES = ['free', 'pro', 'enterprise'] as const;
const planEvent = fc.oneof(
  fc.record({
    kind: fc.constant('onboard' as const),
    plan: fc.constantFrom(...PLAN_NAMES),
    zones: fc.integer({ min: 50, max: 1_500 }),
    atSeconds: fc.integer({ min: 10, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('setPlanFrequency' as const),
    plan: fc.constantFrom(...PLAN_NAMES),
    frequencySeconds: fc.integer({ min: 40, max: 300 }),
    atSeconds: fc.integer({ min: 10, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('movePlan' as const),
    from: fc.constantFrom(...PLAN_NAMES),
    to: fc.constantFrom(...PLAN_NAMES),
    zones: fc.integer({ min: 10, max: 500 }),
    atSeconds: fc.integer({ min: 10, max: 300 }),
  }),
);

describe('simulateSchedule over plans', () => {
  it('when plans are mixed at random and zones, plan frequencies and plans change, then no 5 s bucket exceeds 1.2 × the target and each plan achieves its frequency within ±10 % once steady', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 0, max: 2_000 }),
          fc.integer({ min: 0, max: 800 }),
          fc.integer({ min: 0, max: 300 }),
        ),
        fc.tuple(
          fc.integer({ min: 40, max: 300 }),
          fc.integer({ min: 40, max: 300 }),
          fc.integer({ min: 40, max: 300 }),
        ),
        fc.array(planEvent, { maxLength: 4 }),
        fc.integer(),
        (counts, frequencies, events, seed) => {
          const result = simulateSchedule({
            initialZones: 0,
            frequencySeconds: 0,
            plans: PLAN_NAMES.map((plan, i) => ({
              plan,
              priority: i,
              initialZones: counts[i] as number,
              frequencySeconds: frequencies[i] as number,
            })),
            tickSeconds: 1,
            bucketSeconds: 5,
            catchUpFactor: 1.2,
            durationSeconds: 300 + 4 * 300,
            events: events as SimulationEvent[],
            random: seeded(seed),
          });
          for (const bucket of result.buckets) {
            // One zone of rounding per tick is the claim's granularity.
            expect(bucket.starts).toBeLessThanOrEqual(1.2 * bucket.targetPerSecond * 5 + 5);
          }
          for (const plan of result.plans) {
            // Plans with a handful of zones are dominated by whole-zone rounding over the window.
            if (plan.zones < 100) continue;
            expect(plan.achievedFrequencySeconds).not.toBeNull();
            const ratio = (plan.achievedFrequencySeconds as number) / plan.frequencySeconds;
            expect(ratio, `${plan.plan}: ${plan.zones} zones every ${plan.frequencySeconds} s`).toBeGreaterThan(0.9);
            expect(ratio, `${plan.plan}: ${plan.zones} zones every ${plan.frequencySeconds} s`).toBeLessThan(1.1);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('when the max rate binds, then free degrades first and enterprise keeps its frequency', () => {
    const result = simulateSchedule({
      initialZones: 0,
      frequencySeconds: 0,
      plans: [
        { plan: 'free', priority: 0, initialZones: 2_000, frequencySeconds: 100 },
        { plan: 'enterprise', priority: 3, initialZones: 500, frequencySeconds: 50 },
      ],
      maxRatePerSecond: 15, // asks for 20 + 10 = 30/s
      tickSeconds: 1,
      bucketSeconds: 5,
      catchUpFactor: 1.2,
      durationSeconds: 600,
      events: [],
      random: seeded(11),
    });
    const [free, enterprise] = result.plans;
    expect((enterprise?.achievedFrequencySeconds as number) / 50).toBeCloseTo(1, 1);
    expect((free?.achievedFrequencySeconds as number) / 100).toBeCloseTo(4, 0); // 5/s of the 20/s it asks for
  });
});
