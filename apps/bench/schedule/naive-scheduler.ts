import type { Pool } from 'pg';

/**
 * The seed's naive scheduler, for comparison: every tick it takes every due zone and, because
 * it schedules by account, every other zone of an account that has a due zone (the cascade).
 * No rate, no jitter. It only claims (records the claim time of each zone); starting that many
 * workflows at once would measure Temporal's queueing, not the scheduler's shape.
 */
export async function naiveTick(pool: Pool, frequencySeconds: number): Promise<number> {
  const result = await pool.query(
    `UPDATE zones SET next_scan_at = now() + $1 * interval '1 second', last_claimed_at = clock_timestamp()
     WHERE status = 'active' AND account_id IN (
       SELECT DISTINCT account_id FROM zones WHERE status = 'active' AND next_scan_at <= now()
     )`,
    [frequencySeconds],
  );
  return result.rowCount ?? 0;
}

/** Runs naive ticks every `tickSeconds` until `untilMs`; returns the claim times, one per zone claimed. */
export async function runNaive(
  pool: Pool,
  options: { frequencySeconds: () => number; tickSeconds: number; untilMs: number },
): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < options.untilMs) {
    const tickAt = Date.now();
    const claimed = await naiveTick(pool, options.frequencySeconds());
    for (let i = 0; i < claimed; i++) times.push(tickAt);
    const wait = tickAt + options.tickSeconds * 1000 - Date.now();
    if (wait > 0)
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, Math.max(0, options.untilMs - Date.now()))));
  }
  return times;
}
