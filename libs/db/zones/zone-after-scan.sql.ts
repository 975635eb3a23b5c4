import type { PoolClient, Pool } from 'pg';
import type { LaneObservation } from '../../domain';

/**
 * What a finished scan changes on its zone, as the SET list of an `UPDATE zones … FROM <alias>`
 * whose rows carry (finished_at, overran_fast, within_fast_budget, promote_after; the last
 * three null when the scan observed nothing about its lane). The scan lands (last_scan_at, the
 * in-flight claim ends) and the zone moves between the lanes by the rule of `nextLaneState`
 * (libs/domain/lanes.ts), written here once so it runs inside the writer's statement.
 * `slow_streak` counts, on a slow zone, the consecutive scans within the fast budget.
 */
export function zoneAfterScanAssignments(alias: string): string {
  const o = alias;
  return `
    last_scan_at = GREATEST(zones.last_scan_at, ${o}.finished_at),
    scan_pending_since = NULL,
    lane_hint = CASE
      WHEN ${o}.overran_fast IS NULL THEN zones.lane_hint
      WHEN ${o}.overran_fast THEN 'slow'
      WHEN zones.lane_hint = 'slow' AND ${o}.within_fast_budget AND zones.slow_streak + 1 >= ${o}.promote_after THEN 'fast'
      ELSE zones.lane_hint
    END,
    slow_streak = CASE
      WHEN ${o}.overran_fast IS NULL THEN zones.slow_streak
      WHEN ${o}.overran_fast THEN 0
      WHEN zones.lane_hint = 'fast' THEN zones.slow_streak
      WHEN ${o}.within_fast_budget AND zones.slow_streak + 1 < ${o}.promote_after THEN zones.slow_streak + 1
      ELSE 0
    END`;
}

/** One finished scan as the after-scan update reads it. */
export interface ZoneScanLanding {
  zoneId: string;
  finishedAt: Date;
  observation?: LaneObservation;
}

/** The parameters of `landings` as the unnest columns zoneAfterScanAssignments reads (from `$first`). */
export function zoneLandingParams(landings: readonly ZoneScanLanding[]): unknown[] {
  return [
    landings.map((l) => l.zoneId),
    landings.map((l) => l.finishedAt),
    landings.map((l) => l.observation?.overranFast ?? null),
    landings.map((l) => l.observation?.withinFastBudget ?? null),
    landings.map((l) => l.observation?.promoteAfter ?? null),
  ];
}

/**
 * Applies finished scans to their zones in one statement: at most one landing per zone (a
 * zone's later scans go in a later call, in order, so each lane move sees the one before).
 */
export async function updateZonesAfterScans(
  client: PoolClient | Pool,
  landings: readonly ZoneScanLanding[],
): Promise<void> {
  if (landings.length === 0) return;
  await client.query(
    `UPDATE zones SET ${zoneAfterScanAssignments('o')}
     FROM unnest($1::uuid[], $2::timestamptz[], $3::bool[], $4::bool[], $5::int[])
       AS o (zone_id, finished_at, overran_fast, within_fast_budget, promote_after)
     WHERE zones.id = o.zone_id`,
    zoneLandingParams(landings),
  );
}
