import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDueZones, countActiveZones, countDueZones, countZoneLoad } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('claimDueZones', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('when the claim is retried with the same tick id, then it returns the same zones and claims no more', async () => {
    await buildAccountWithZones(db.pool, { count: 10 });
    const first = await claimDueZones(db.pool, 'tick-1', 4, 3600);
    const retry = await claimDueZones(db.pool, 'tick-1', 4, 3600);
    expect(first).toHaveLength(4);
    expect(retry.map((z) => z.id).sort()).toEqual(first.map((z) => z.id).sort());
    expect(await countDueZones(db.pool)).toBe(6);
  });

  it('when zones are due at different times, then the stalest are claimed first and moved one frequency ahead', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 3 });
    await db.pool.query(`UPDATE zones SET next_scan_at = now() - ($2 || ' minutes')::interval WHERE id = $1`, [zoneIds[2], 30]);
    await db.pool.query(`UPDATE zones SET next_scan_at = now() - ($2 || ' minutes')::interval WHERE id = $1`, [zoneIds[0], 20]);
    const claimed = await claimDueZones(db.pool, 'tick-2', 2, 600);
    expect(claimed.map((z) => z.id)).toEqual([zoneIds[2], zoneIds[0]]);
    const next = await db.pool.query<{ ahead: number }>(
      `SELECT extract(epoch FROM next_scan_at - now())::int AS ahead FROM zones WHERE id = $1`,
      [zoneIds[2]],
    );
    expect(next.rows[0]?.ahead).toBeGreaterThan(590);
  });

  it('when zones are paused or not yet due, then they are neither counted as active nor claimed', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 3 });
    await db.pool.query(`UPDATE zones SET status = 'paused' WHERE id = $1`, [zoneIds[0]]);
    await db.pool.query(`UPDATE zones SET next_scan_at = now() + interval '1 hour' WHERE id = $1`, [zoneIds[1]]);
    expect(await countActiveZones(db.pool)).toBe(2);
    const claimed = await claimDueZones(db.pool, 'tick-3', 10, 600);
    expect(claimed.map((z) => z.id)).toEqual([zoneIds[2]]);
  });

  it('when two ticks claim concurrently, then no zone is claimed by both', async () => {
    await buildAccountWithZones(db.pool, { count: 50 });
    const [a, b] = await Promise.all([claimDueZones(db.pool, 'tick-a', 30, 600), claimDueZones(db.pool, 'tick-b', 30, 600)]);
    const ids = [...a, ...b].map((z) => z.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(50);
  });

  it('when zones are claimed, then they count in flight until their scan lands or the in-flight window ends', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 6 });
    const claimed = await claimDueZones(db.pool, 'tick-f', 4, 600);
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(4);
    // One scan landed (after its claim), one claim is older than the window, one zone was paused.
    const [landed, stale, paused] = claimed.map((z) => z.id);
    await db.pool.query(`UPDATE zones SET last_scan_at = last_claimed_at + interval '1 second' WHERE id = $1`, [landed]);
    await db.pool.query(`UPDATE zones SET last_claimed_at = now() - interval '301 seconds' WHERE id = $1`, [stale]);
    await db.pool.query(`UPDATE zones SET status = 'paused' WHERE id = $1`, [paused]);
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(1);
    // A scan that finished before the zone's latest claim does not end that claim.
    const unclaimed = zoneIds.filter((id) => !claimed.some((z) => z.id === id));
    await db.pool.query(`UPDATE zones SET last_scan_at = now() - interval '10 seconds', last_claimed_at = now() WHERE id = $1`, [unclaimed[0]]);
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(2);
  });
});
