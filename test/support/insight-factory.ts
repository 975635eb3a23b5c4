import type { Pool } from 'pg';

export interface InsightOverrides {
  checker?: string;
  kind?: string;
  subject?: string;
  severity?: string;
  status?: string;
  title?: string;
  lastSeenAt?: Date;
}

/** Inserts insights for a zone directly (the scanner's job), returning their ids in insertion order. */
export async function buildInsights(pool: Pool, zoneId: string, rows: InsightOverrides[]): Promise<string[]> {
  const result = await pool.query<{ id: string }>(
    `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, status, first_seen_at, last_seen_at)
     SELECT z.account_id, z.id, r.checker, r.kind, r.subject, md5(random()::text || r.ord::text), r.severity, r.title, r.status, r.seen, r.seen
     FROM zones z,
          unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
            WITH ORDINALITY AS r (checker, kind, subject, severity, title, status, seen, ord)
     WHERE z.id = $1
     ORDER BY r.ord
     RETURNING id::text`,
    [
      zoneId,
      rows.map((r) => r.checker ?? 'synthetic'),
      rows.map((r) => r.kind ?? 'hsts_missing'),
      rows.map((r, i) => r.subject ?? `subject-${i}`),
      rows.map((r) => r.severity ?? 'moderate'),
      rows.map((r) => r.title ?? 'A finding'),
      rows.map((r) => r.status ?? 'open'),
      rows.map((r) => r.lastSeenAt ?? new Date()),
    ],
  );
  return result.rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
}
