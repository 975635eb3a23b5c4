import type { Pool } from 'pg';

/** The claim → persisted latency of recent scans (see scanLatency). */
export interface ScanLatency {
  /** p50 in ms; null when no scheduled scan was persisted in the window. */
  p50Ms: number | null;
  samples: number;
}

/**
 * The p50 of claim → persisted over the scheduled scans persisted in the last `windowSeconds`:
 * from the tick that claimed the scan (its workflow id `scan:<zone>:<tick epoch ms>`) to its
 * row's `finished_at`, as `bench e2e` measures it. Scans not started by a tick are left out.
 */
export async function scanLatency(pool: Pool, windowSeconds: number): Promise<ScanLatency> {
  const result = await pool.query<{ n: number; p50: number | null }>(
    `SELECT count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50
     FROM (SELECT extract(epoch FROM finished_at - to_timestamp(split_part(workflow_id, ':', 3)::bigint / 1000.0)) * 1000
                    AS latency_ms
           FROM scans
           WHERE finished_at > now() - $1 * interval '1 second' AND workflow_id ~ '^scan:[^:]+:[0-9]{1,15}$') AS s`,
    [Math.max(0, windowSeconds)],
  );
  const row = result.rows[0];
  return { p50Ms: row?.p50 === null || row?.p50 === undefined ? null : Math.round(row.p50), samples: row?.n ?? 0 };
}
