import { describe, expect, it } from 'vitest';
import { readZoneLane, updateZoneAfterScan } from '../../libs/db';
import { nextLaneState, type Lane, type LaneObservation } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

describe('updateZoneAfterScan', () => {
  const db = useTestDatabase();

  it('when any lane state meets any observation, then the database moves the zone exactly as nextLaneState says', async () => {
    const states: Array<{ laneHint: Lane; slowStreak: number }> = [
      { laneHint: 'fast', slowStreak: 0 },
      { laneHint: 'slow', slowStreak: 0 },
      { laneHint: 'slow', slowStreak: 1 },
      { laneHint: 'slow', slowStreak: 2 },
    ];
    const observations: LaneObservation[] = [true, false].flatMap((overranFast) =>
      [true, false].flatMap((withinFastBudget) => [1, 3].map((promoteAfter) => ({ overranFast, withinFastBudget, promoteAfter }))),
    );
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: states.length * observations.length });
    const finishedAt = new Date('2026-01-02T03:04:05Z');
    const cases = states.flatMap((state) => observations.map((observation) => ({ state, observation })));
    for (const [i, { state, observation }] of cases.entries()) {
      const zoneId = zoneIds[i] as string;
      await db.pool.query('UPDATE zones SET lane_hint = $2, slow_streak = $3 WHERE id = $1', [zoneId, state.laneHint, state.slowStreak]);
      await updateZoneAfterScan(db.pool, zoneId, finishedAt, observation);
      expect({ state, observation, after: await readZoneLane(db.pool, zoneId) }).toEqual({ state, observation, after: nextLaneState(state, observation) });
    }
    const stamped = await db.pool.query('SELECT count(*)::int AS n FROM zones WHERE last_scan_at = $1', [finishedAt]);
    expect(stamped.rows[0]).toEqual({ n: cases.length });
  });

  it('when there is no observation, then only last_scan_at changes', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'plain' });
    const zoneId = zoneIds[0] as string;
    await db.pool.query(`UPDATE zones SET lane_hint = 'slow', slow_streak = 2 WHERE id = $1`, [zoneId]);
    await updateZoneAfterScan(db.pool, zoneId, new Date());
    expect(await readZoneLane(db.pool, zoneId)).toEqual({ laneHint: 'slow', slowStreak: 2 });
  });
});
