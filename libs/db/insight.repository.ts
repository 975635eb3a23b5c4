import type { Pool } from 'pg';

export interface InsightRow {
  id: string;
  zoneId: string;
  checker: string;
  kind: string;
  subject: string;
  severity: string;
  title: string;
  status: string;
  details: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  reopenCount: number;
}

/** A zone's insights, most severe first; `limit` bounds the page. */
export async function listZoneInsights(pool: Pool, zoneId: string, limit: number): Promise<InsightRow[]> {
  const result = await pool.query(
    `SELECT id::text AS "id", zone_id AS "zoneId", checker, kind, subject, severity, title, status, details,
            first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", resolved_at AS "resolvedAt",
            reopen_count AS "reopenCount"
     FROM insights
     WHERE zone_id = $1
     ORDER BY array_position(ARRAY['critical','high','moderate','low','info'], severity), id
     LIMIT $2`,
    [zoneId, limit],
  );
  return result.rows as InsightRow[];
}

/** True when the zone exists (and is not deleted). */
export async function zoneExists(pool: Pool, zoneId: string): Promise<boolean> {
  const result = await pool.query(`SELECT 1 FROM zones WHERE id = $1 AND status <> 'deleted'`, [zoneId]);
  return (result.rowCount ?? 0) > 0;
}
