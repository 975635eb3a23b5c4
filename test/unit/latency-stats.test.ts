import { describe, expect, it } from 'vitest';
import { quantile, summariseFastScans } from '../../apps/bench/lanes/latency-stats';

describe('bench lanes figures', () => {
  it('when latencies are summarised, then p50/p99 are nearest-rank and throughput spans first claim to last persist', () => {
    const scans = Array.from({ length: 100 }, (_, i) => ({
      claimedAtMs: 1_000 + i * 100,
      persistedAtMs: 1_000 + i * 100 + (i + 1),
    }));
    expect(summariseFastScans(scans)).toEqual({ fastScans: 100, throughput: 10, p50Ms: 50, p99Ms: 99 });
  });

  it('when there are no values, then the quantile is NaN rather than a made-up number', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([7], 0.99)).toBe(7);
  });
});
