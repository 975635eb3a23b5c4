import type { Pool } from 'pg';

/** The names of the given zones (deleted ones included: their insights still name them), by id. */
export async function zoneNamesById(pool: Pool, zoneIds: readonly string[]): Promise<Map<string, string>> {
  if (zoneIds.length === 0) return new Map();
  const result = await pool.query<{ id: string; name: string }>(
    `SELECT id, name FROM zones WHERE id = ANY($1::uuid[])`,
    [[...new Set(zoneIds)]],
  );
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

/** Open critical and high insights of each given zone (zones without any are absent). */
export async function openCriticalHighByZone(
  pool: Pool,
  zoneIds: readonly string[],
): Promise<Map<string, { critical: number; high: number }>> {
  if (zoneIds.length === 0) return new Map();
  // One page of zones at a time: the (zone_id, fingerprint) index finds each zone's insights.
  const result = await pool.query<{ zone_id: string; critical: number; high: number }>(
    `SELECT zone_id,
            count(*) FILTER (WHERE severity = 'critical')::int AS critical,
            count(*) FILTER (WHERE severity = 'high')::int AS high
     FROM insights
     WHERE zone_id = ANY($1::uuid[]) AND status = 'open' AND severity IN ('critical', 'high')
     GROUP BY zone_id`,
    [[...new Set(zoneIds)]],
  );
  return new Map(result.rows.map((row) => [row.zone_id, { critical: row.critical, high: row.high }]));
}
