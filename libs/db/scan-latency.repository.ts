import type { Pool } from 'pg';

/** The start → persisted latency of recent scans (see scanLatency). */
export interface ScanLatency {
  /** p50 in ms; null when no scheduled scan was persisted in the window. */
  p50Ms: number | null;
  samples: number;
}

/**
 * The p50 of start → persisted over the scheduled scans persisted in the last `windowSeconds`:
 * from the scan workflow's start (`scans.started_at`) to its row's `finished_at`. This is the
 * time a scan spends inside the pipeline (waiting for a workflow-task slot or a poller, checks,
 * persist), which the in-flight cap governs; the scheduler's own pacing before the start (the
 * tick's starts are spread over the tick, 2.5 s on average at the default 5-s tick) is left out,
 * or a target below half a tick would shrink the cap whatever the load. Scans not started by a
 * tick are left out.
 */
export async function scanLatency(pool: Pool, windowSeconds: number): Promise<ScanLatency> {
  const result = await pool.query<{ n: number; p50: number | null }>(
    `SELECT count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000) AS p50
     FROM scans
     WHERE finished_at > now() - $1 * interval '1 second' AND workflow_id ~ '^scan:[^:]+:[0-9]{1,15}$'`,
    [Math.max(0, windowSeconds)],
  );
  const row = result.rows[0];
  return { p50Ms: row?.p50 === null || row?.p50 === undefined ? null : Math.round(row.p50), samples: row?.n ?? 0 };
}
