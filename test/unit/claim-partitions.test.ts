import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  claimPartitionProblem,
  mergePartitionTicks,
  partitionShare,
  splitByPartition,
  zonePartition,
  type PartitionTick,
} from '../../libs/domain';

describe('claim partitions', () => {
  it('when a zone id is partitioned, then its last 32 bits modulo the count decide, and one partition takes all', () => {
    expect(zonePartition('3f2c1a9e-0000-4000-8000-0000000000ff', 4)).toBe(255 % 4);
    expect(zonePartition('3f2c1a9e-0000-4000-8000-0000ffffffff', 7)).toBe(4294967295 % 7);
    expect(zonePartition('3f2c1a9e-0000-4000-8000-0000ffffffff', 1)).toBe(0);
    expect(() => zonePartition('not-a-uuid-at-all-zzzz', 3)).toThrow(/not a UUID/);
  });

  it('when many random zone ids are split, then every id lands in exactly one slice and the slices are even', () => {
    const ids = Array.from({ length: 6000 }, () => randomUUID());
    const slices = splitByPartition(ids, 3);
    expect(slices).toHaveLength(3);
    expect(slices.flat().sort()).toEqual([...ids].sort());
    for (const [index, slice] of slices.entries()) {
      expect(slice.every((id) => zonePartition(id, 3) === index)).toBe(true);
      // 2000 expected; 6 standard deviations either side.
      expect(Math.abs(slice.length - 2000)).toBeLessThan(220);
    }
  });

  it('when a cap is shared, then the shares add up to it, differ by at most one, and no cap stays no cap', () => {
    for (const [total, count] of [
      [200, 3],
      [7, 4],
      [1, 5],
      [1000, 64],
    ] as const) {
      const shares = Array.from({ length: count }, (_, index) => partitionShare(total, { index, count }));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
    expect(partitionShare(0, { index: 1, count: 3 })).toBe(0);
  });

  it.each([
    [{ index: 0, count: 0 }, /count 0/],
    [{ index: 3, count: 3 }, /index 3 is not a whole number from 0 to 2/],
    [{ index: -1, count: 2 }, /index -1/],
    [{ index: 0.5, count: 2 }, /index 0.5/],
    [{ index: 0, count: 65 }, /count 65/],
  ])('when the partition is %j, then it is refused with the reason', (partition, reason) => {
    expect(claimPartitionProblem(partition)).toMatch(reason);
  });

  it('when partition ticks are merged, then counts and rates add up and plans merge by name', () => {
    const plan = (name: string, zones: number, rate: number, achievable = true) => ({
      plan: name,
      priority: 1,
      frequencySeconds: 100,
      activeZones: zones,
      desiredRatePerSecond: zones / 100,
      ratePerSecond: rate,
      achievedFrequencySeconds: zones / rate,
      frequencyAchievable: achievable,
    });
    const tick = (n: number, extra: Partial<PartitionTick> = {}): PartitionTick => ({
      activeZones: 100 * n,
      dueZones: 10 * n,
      overdueZones: n,
      desiredRatePerSecond: n,
      ratePerSecond: n,
      catchUp: n,
      started: 5 * n,
      alreadyStarted: 0,
      scanNowIgnored: [`ignored-${n}`],
      inFlight: 2 * n,
      heldBack: n,
      plans: [plan('free', 100 * n, n, n !== 2)],
      respread: 0,
      ...extra,
    });
    const merged = mergePartitionTicks([tick(1, { eagerStarted: 4 }), tick(2)]);
    expect(merged).toMatchObject({
      activeZones: 300,
      dueZones: 30,
      overdueZones: 3,
      ratePerSecond: 3,
      started: 15,
      inFlight: 6,
      heldBack: 3,
      eagerStarted: 4,
      scanNowIgnored: ['ignored-1', 'ignored-2'],
    });
    expect(merged.plans).toEqual([
      { ...plan('free', 300, 3, false), desiredRatePerSecond: 3, achievedFrequencySeconds: 100 },
    ]);
  });
});
