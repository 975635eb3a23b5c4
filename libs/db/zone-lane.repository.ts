import type { Pool, PoolClient } from 'pg';
import type { Lane, LaneObservation } from '../domain';

/**
 * Records a finished scan on its zone: `last_scan_at`, and the lane move the scan observed
 * (the rule of `nextLaneState` in libs/domain, as one statement so it can run inside the
 * scan's transaction). `slow_streak` counts, on a slow zone, the consecutive scans within the
 * fast budget. Without an observation only `last_scan_at` changes.
 */
export async function updateZoneAfterScan(client: PoolClient | Pool, zoneId: string, finishedAt: Date, observation?: LaneObservation): Promise<void> {
  if (!observation) {
    await client.query('UPDATE zones SET last_scan_at = $2 WHERE id = $1', [zoneId, finishedAt]);
    return;
  }
  await client.query(
    `UPDATE zones SET
       last_scan_at = $2,
       lane_hint = CASE
         WHEN $3 THEN 'slow'
         WHEN lane_hint = 'slow' AND $4 AND slow_streak + 1 >= $5 THEN 'fast'
         ELSE lane_hint
       END,
       slow_streak = CASE
         WHEN $3 THEN 0
         WHEN lane_hint = 'fast' THEN slow_streak
         WHEN $4 AND slow_streak + 1 < $5 THEN slow_streak + 1
         ELSE 0
       END
     WHERE id = $1`,
    [zoneId, finishedAt, observation.overranFast, observation.withinFastBudget, observation.promoteAfter],
  );
}

/** A zone's lane state, as the scheduler reads it. */
export async function readZoneLane(pool: Pool, zoneId: string): Promise<{ laneHint: Lane; slowStreak: number } | undefined> {
  const result = await pool.query<{ laneHint: Lane; slowStreak: number }>(
    `SELECT lane_hint AS "laneHint", slow_streak AS "slowStreak" FROM zones WHERE id = $1`,
    [zoneId],
  );
  return result.rows[0];
}
