import { describe, expect, it } from 'vitest';
import { createSyntheticChecker, DEFAULT_SYNTHETIC_OPTIONS, syntheticPlan } from '../../libs/checkers';
import { isSeverity } from '../../libs/domain';

describe('synthetic checker', () => {
  it('when planned twice for one zone and seed, then latency and findings are identical', () => {
    const a = syntheticPlan('shop.example.com', DEFAULT_SYNTHETIC_OPTIONS);
    expect(syntheticPlan('shop.example.com', DEFAULT_SYNTHETIC_OPTIONS)).toEqual(a);
    expect(a.latencyMs).toBeGreaterThanOrEqual(5);
    expect(a.latencyMs).toBeLessThanOrEqual(50);
  });

  it('when planned for many zones, then findings average the mean, are labelled synthetic and well-formed', () => {
    const plans = Array.from({ length: 2000 }, (_, i) => syntheticPlan(`z${i}.example`, DEFAULT_SYNTHETIC_OPTIONS));
    const mean = plans.reduce((sum, p) => sum + p.findings.length, 0) / plans.length;
    expect(mean).toBeGreaterThan(4);
    expect(mean).toBeLessThan(6);
    for (const finding of plans.flatMap((p) => p.findings)) {
      expect(finding.title.startsWith('[synthetic]')).toBe(true);
      expect(finding.details).toMatchObject({ synthetic: true });
      expect(isSeverity(finding.severity)).toBe(true);
    }
  });

  it('when a slow fraction is set, then about that share of zones take the slow latency', () => {
    const options = { ...DEFAULT_SYNTHETIC_OPTIONS, slowFraction: 0.1, slowLatencyMs: 9999 };
    const slow = Array.from({ length: 5000 }, (_, i) => syntheticPlan(`z${i}`, options)).filter(
      (p) => p.latencyMs === 9999,
    ).length;
    expect(slow / 5000).toBeGreaterThan(0.08);
    expect(slow / 5000).toBeLessThan(0.12);
  });

  it('when the signal aborts, then the run rejects at once instead of waiting out its latency', async () => {
    const checker = createSyntheticChecker({ ...DEFAULT_SYNTHETIC_OPTIONS, slowFraction: 1, slowLatencyMs: 60_000 });
    const controller = new AbortController();
    const started = Date.now();
    const run = checker.run(
      { id: 'z', name: 'slow.example' },
      { signal: controller.signal, deadline: started + 60_000 },
    );
    controller.abort(new Error('cancelled by test'));
    await expect(run).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
