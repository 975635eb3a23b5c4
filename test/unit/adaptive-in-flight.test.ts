import { describe, expect, it } from 'vitest';
import { adaptiveInFlightPolicy, nextInFlightCap } from '../../libs/domain';

const policy = adaptiveInFlightPolicy(1000, 400);

describe("adaptive in-flight cap (AIMD on the scans' start → persisted p50)", () => {
  it('when the p50 is above the target, then the cap shrinks by the factor, never below the minimum', () => {
    expect(nextInFlightCap(200, { p50Ms: 1500, samples: 100 }, 0, policy)).toBe(180);
    expect(nextInFlightCap(10, { p50Ms: 9000, samples: 100 }, 50, policy)).toBe(10);
  });

  it('when the p50 is within the target and the cap held claims back, then it grows by the step up to the bound', () => {
    expect(nextInFlightCap(200, { p50Ms: 400, samples: 100 }, 5, policy)).toBe(220);
    expect(nextInFlightCap(395, { p50Ms: 400, samples: 100 }, 5, policy)).toBe(400);
  });

  it('when the cap did not bind, or there were too few samples, then it stays as it is', () => {
    expect(nextInFlightCap(200, { p50Ms: 400, samples: 100 }, 0, policy)).toBe(200);
    expect(nextInFlightCap(200, { p50Ms: 5000, samples: 19 }, 10, policy)).toBe(200);
    expect(nextInFlightCap(200, { p50Ms: null, samples: 0 }, 10, policy)).toBe(200);
  });

  it('when scans are in flight but too few persist to measure, then the box is starved and the cap shrinks', () => {
    // The collapse seen in bench e2e under CPU starvation: 200 in flight, 4 persisted in the window.
    expect(nextInFlightCap(200, { p50Ms: 25_000, samples: 4 }, 0, policy, 200)).toBe(180);
    expect(nextInFlightCap(200, { p50Ms: null, samples: 0 }, 0, policy, 20)).toBe(180);
    let cap = 400;
    for (let tick = 0; tick < 50; tick++) cap = nextInFlightCap(cap, { p50Ms: null, samples: 0 }, 0, policy, 200);
    expect(cap).toBe(10);
  });

  it('when few scans persist and few are in flight, then the deployment is quiet and the cap stays', () => {
    expect(nextInFlightCap(200, { p50Ms: 300, samples: 3 }, 0, policy, 19)).toBe(200);
    expect(nextInFlightCap(200, { p50Ms: null, samples: 0 }, 5, policy, 0)).toBe(200);
    // Callers from before the in-flight count was passed: unknown, no change.
    expect(nextInFlightCap(200, { p50Ms: null, samples: 0 }, 5, policy)).toBe(200);
  });

  it('when the bound is lowered below the current cap, then the cap comes within it at once', () => {
    expect(nextInFlightCap(900, { p50Ms: null, samples: 0 }, 0, policy)).toBe(400);
  });

  it('when latency stays high, then repeated ticks converge down; when it recovers, the cap climbs back', () => {
    let cap = 400;
    for (let tick = 0; tick < 50; tick++) cap = nextInFlightCap(cap, { p50Ms: 2000, samples: 50 }, 10, policy);
    expect(cap).toBe(10);
    for (let tick = 0; tick < 100; tick++) cap = nextInFlightCap(cap, { p50Ms: 300, samples: 50 }, 10, policy);
    expect(cap).toBe(400);
  });

  it('when the policy is built for a bound, then its steps are sized to it', () => {
    expect(adaptiveInFlightPolicy(1000, 5)).toMatchObject({ min: 5, max: 5, increase: 1 });
    expect(adaptiveInFlightPolicy(1000, 1000)).toMatchObject({ min: 10, max: 1000, increase: 50 });
  });
});
