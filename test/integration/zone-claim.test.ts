import { beforeEach, describe, expect, it } from 'vitest';
import { claimDueZones, countActiveZones, countDueZones, countZoneLoad, persistScanResult } from '../../libs/db';
import { reclaimAfterSeconds } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

describe('claimDueZones', () => {
  const db = useTestDatabase();
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
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
    await db.pool.query(`UPDATE zones SET next_scan_at = now() - ($2 || ' minutes')::interval WHERE id = $1`, [
      zoneIds[2],
      30,
    ]);
    await db.pool.query(`UPDATE zones SET next_scan_at = now() - ($2 || ' minutes')::interval WHERE id = $1`, [
      zoneIds[0],
      20,
    ]);
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
    const [a, b] = await Promise.all([
      claimDueZones(db.pool, 'tick-a', 30, 600),
      claimDueZones(db.pool, 'tick-b', 30, 600),
    ]);
    const ids = [...a, ...b].map((z) => z.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(50);
  });

  it('when zones are claimed, then they count in flight until a scan of them lands or the in-flight window ends', async () => {
    await buildAccountWithZones(db.pool, { count: 6 });
    const claimed = await claimDueZones(db.pool, 'tick-f', 4, 600);
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(4);
    // One scan lands through the writer, one claim is older than the window, one zone was paused.
    const [landed, stale, paused] = claimed.map((z) => z.id) as [string, string, string];
    await persistScanResult(
      db.pool,
      {
        workflowId: `scan:${landed}:tick-f`,
        runId: 'r1',
        zoneId: landed,
        lane: 'fast',
        startedAt: new Date(),
        finishedAt: new Date(),
        outcomes: [{ checker: 'synthetic', status: 'completed', findings: [] }],
      },
      { copyThreshold: 1000 },
    );
    await db.pool.query(`UPDATE zones SET scan_pending_since = now() - interval '301 seconds' WHERE id = $1`, [stale]);
    await db.pool.query(`UPDATE zones SET status = 'paused' WHERE id = $1`, [paused]);
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(1);
    // The worker's clock plays no part: a scan stamped an hour in the past still ends the claim.
    const last = claimed[3]?.id as string;
    await persistScanResult(
      db.pool,
      {
        workflowId: `scan:${last}:tick-f`,
        runId: 'r1',
        zoneId: last,
        lane: 'fast',
        startedAt: new Date(Date.now() - 3_600_000),
        finishedAt: new Date(Date.now() - 3_600_000),
        outcomes: [{ checker: 'synthetic', status: 'completed', findings: [] }],
      },
      { copyThreshold: 1000 },
    );
    expect((await countZoneLoad(db.pool, 60, 300)).inFlight).toBe(0);
  });

  it('when a zone was claimed less than reclaimAfterSeconds ago, then a later tick does not claim it again, even when it is due', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 2 });
    const [recent, older] = zoneIds as [string, string];
    // Both due now; one claimed 100 s ago, the other 400 s ago; at 600 s frequency the guard is 300 s.
    expect(reclaimAfterSeconds(600)).toBe(300);
    await db.pool.query(
      `UPDATE zones SET next_scan_at = now() - interval '1 second', last_claimed_at = now() - interval '100 seconds' WHERE id = $1`,
      [recent],
    );
    await db.pool.query(
      `UPDATE zones SET next_scan_at = now() - interval '1 second', last_claimed_at = now() - interval '400 seconds' WHERE id = $1`,
      [older],
    );
    const claimed = await claimDueZones(db.pool, 'tick-r', 10, 600);
    expect(claimed.map((z) => z.id)).toEqual([older]);
  });
});
