import { beforeEach, describe, expect, it } from 'vitest';
import { claimPlanZones, countPlanZoneLoad, type PlanQuota } from '../../libs/db';
import { zonePartition } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

const FREE: PlanQuota = { plan: 'free', frequencySeconds: 3600, reclaimAfterSeconds: 1800, quota: 1000 };

describe('claims in partitions', () => {
  const db = useTestDatabase();
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
  });

  it('when every partition of one tick claims at once, then no zone is claimed twice and each takes only its slice', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 300 });
    const count = 4;
    const claims = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        claimPlanZones(db.pool, 'tick-p', 1000, [FREE], [], { index, count }),
      ),
    );
    const ids = claims.flat().map((zone) => zone.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...zoneIds].sort());
    for (const [index, claimed] of claims.entries()) {
      // The SQL slice and the workflow's routing (libs/domain) agree on every zone.
      expect(claimed.every((zone) => zonePartition(zone.id, count) === index)).toBe(true);
      expect(claimed.length).toBeGreaterThan(0);
    }
  });

  it('when two ticks run every partition concurrently, then no zone is claimed by two claims', async () => {
    await buildAccountWithZones(db.pool, { count: 200 });
    const count = 3;
    const claims = await Promise.all(
      ['tick-a', 'tick-b'].flatMap((tick) =>
        Array.from({ length: count }, (_, index) => claimPlanZones(db.pool, tick, 40, [FREE], [], { index, count })),
      ),
    );
    const ids = claims.flat().map((zone) => zone.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('when one partition retries its claim, then it gets its own zones back and no other partition’s', async () => {
    await buildAccountWithZones(db.pool, { count: 60 });
    const partition = (index: number) => ({ index, count: 2 });
    const first = await claimPlanZones(db.pool, 'tick-r', 10, [FREE], [], partition(0));
    const other = await claimPlanZones(db.pool, 'tick-r', 10, [FREE], [], partition(1));
    const retry = await claimPlanZones(db.pool, 'tick-r', 10, [FREE], [], partition(0));
    expect(first).toHaveLength(10);
    expect(other).toHaveLength(10);
    expect(retry.map((z) => z.id).sort()).toEqual(first.map((z) => z.id).sort());
    expect(other.some((zone) => first.some((mine) => mine.id === zone.id))).toBe(false);
  });

  it('when a scan-now zone is given to the wrong partition, then that partition does not claim it', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 10, dueNow: false });
    const zone = zoneIds[0] as string;
    const home = zonePartition(zone, 3);
    const wrong = await claimPlanZones(db.pool, 'tick-s', 0, [{ ...FREE, quota: 0 }], [zone], {
      index: (home + 1) % 3,
      count: 3,
    });
    const right = await claimPlanZones(db.pool, 'tick-s', 0, [{ ...FREE, quota: 0 }], [zone], {
      index: home,
      count: 3,
    });
    expect(wrong).toEqual([]);
    expect(right.map((z) => z.id)).toEqual([zone]);
  });

  it('when the load is counted per partition, then the partitions add up to the whole and in flight is per slice', async () => {
    await buildAccountWithZones(db.pool, { count: 120 });
    await claimPlanZones(db.pool, 'tick-l', 30, [FREE], [], { index: 1, count: 3 });
    const window = [{ plan: 'free', overdueGraceSeconds: 0, inFlightWindowSeconds: 1800 }];
    const whole = (await countPlanZoneLoad(db.pool, window))[0];
    const parts = await Promise.all(
      [0, 1, 2].map(async (index) => (await countPlanZoneLoad(db.pool, window, { index, count: 3 }))[0]),
    );
    expect(parts.reduce((sum, part) => sum + (part?.activeZones ?? 0), 0)).toBe(whole?.activeZones);
    expect(whole?.activeZones).toBe(120);
    expect(parts.map((part) => part?.inFlight)).toEqual([0, whole?.inFlight, 0]);
    expect(whole?.inFlight).toBeGreaterThan(0);
  });
});
