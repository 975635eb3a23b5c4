import { describe, expect, it } from 'vitest';
import { persistScanResults, readZoneLane, updateZonesAfterScans } from '../../libs/db';
import { nextLaneState, type Lane, type LaneObservation } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

describe('the after-scan update of a zone', () => {
  const db = useTestDatabase();

  it('when any lane state meets any observation, then the database moves the zone exactly as nextLaneState says', async () => {
    const states: Array<{ laneHint: Lane; slowStreak: number }> = [
      { laneHint: 'fast', slowStreak: 0 },
      { laneHint: 'slow', slowStreak: 0 },
      { laneHint: 'slow', slowStreak: 1 },
      { laneHint: 'slow', slowStreak: 2 },
    ];
    const observations: LaneObservation[] = [true, false].flatMap((overranFast) =>
      [true, false].flatMap((withinFastBudget) =>
        [1, 3].map((promoteAfter) => ({ overranFast, withinFastBudget, promoteAfter })),
      ),
    );
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: states.length * observations.length });
    const finishedAt = new Date('2026-01-02T03:04:05Z');
    const cases = states.flatMap((state) => observations.map((observation) => ({ state, observation })));
    for (const [i, { state, observation }] of cases.entries()) {
      const zoneId = zoneIds[i] as string;
      await db.pool.query('UPDATE zones SET lane_hint = $2, slow_streak = $3 WHERE id = $1', [
        zoneId,
        state.laneHint,
        state.slowStreak,
      ]);
      await updateZonesAfterScans(db.pool, [{ zoneId, finishedAt, observation }]);
      expect({ state, observation, after: await readZoneLane(db.pool, zoneId) }).toEqual({
        state,
        observation,
        after: nextLaneState(state, observation),
      });
    }
    const stamped = await db.pool.query('SELECT count(*)::int AS n FROM zones WHERE last_scan_at = $1', [finishedAt]);
    expect(stamped.rows[0]).toEqual({ n: cases.length });
  });

  it('when there is no observation, then only last_scan_at changes', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'plain' });
    const zoneId = zoneIds[0] as string;
    await db.pool.query(`UPDATE zones SET lane_hint = 'slow', slow_streak = 2 WHERE id = $1`, [zoneId]);
    await updateZonesAfterScans(db.pool, [{ zoneId, finishedAt: new Date() }]);
    expect(await readZoneLane(db.pool, zoneId)).toEqual({ laneHint: 'slow', slowStreak: 2 });
  });

  it('when one batch holds three new scans of a slow zone within the fast budget, then each counts in order and the zone returns to fast', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'batch' });
    const zoneId = zoneIds[0] as string;
    await db.pool.query(`UPDATE zones SET lane_hint = 'slow', slow_streak = 0 WHERE id = $1`, [zoneId]);
    const within = { overranFast: false, withinFastBudget: true, promoteAfter: 3 };
    const scan = (n: number) => ({
      workflowId: `scan:${zoneId}:${n}`,
      runId: `run-${n}`,
      zoneId,
      lane: 'slow' as const,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
      finishedAt: new Date(Date.UTC(2026, 0, 1, 0, n, 30)),
      outcomes: [],
      laneObservation: within,
    });
    // Two scans: the streak reaches 2 (a replayed scan in the same batch counts once).
    await persistScanResults(db.pool, [scan(1), scan(2), scan(2)], { copyThreshold: 1000 });
    expect(await readZoneLane(db.pool, zoneId)).toEqual({ laneHint: 'slow', slowStreak: 2 });
    await persistScanResults(db.pool, [scan(3), scan(4)], { copyThreshold: 1000 });
    // The third within the budget promotes the zone; the fourth then finds it fast.
    expect(await readZoneLane(db.pool, zoneId)).toEqual({ laneHint: 'fast', slowStreak: 0 });
    const landed = await db.pool.query('SELECT last_scan_at, scan_pending_since FROM zones WHERE id = $1', [zoneId]);
    expect(landed.rows[0]).toEqual({ last_scan_at: scan(4).finishedAt, scan_pending_since: null });
  });
});
