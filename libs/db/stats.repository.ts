import type { Pool } from 'pg';

export interface DashboardStats {
  /** Scans finished per minute and lane over the last hour, oldest first. */
  scansPerMinute: Array<{ minute: string; fast: number; slow: number }>;
  openBySeverity: Array<{ severity: string; count: number }>;
  /** Open insights per severity at the end of each of the last 30 days, oldest first. */
  openTrend: Array<{ day: string; bySeverity: Record<string, number> }>;
  topKinds: Array<{ kind: string; count: number }>;
  topCriticalZones: Array<{ zoneId: string; name: string; count: number }>;
}

/** The figures of the dashboard, optionally for one account. */
export async function readDashboardStats(pool: Pool, accountId: string | null): Promise<DashboardStats> {
  const [scans, bySeverity, opened, resolved, kinds, zones] = await Promise.all([
    pool.query<{ minute: Date; lane: string; n: number }>(
      `SELECT date_trunc('minute', s.finished_at) AS minute, s.lane, count(*)::int AS n
       FROM scans s JOIN zones z ON z.id = s.zone_id
       WHERE s.finished_at > now() - interval '60 minutes' AND ($1::uuid IS NULL OR z.account_id = $1)
       GROUP BY 1, 2`,
      [accountId],
    ),
    pool.query<{ severity: string; n: number }>(
      `SELECT severity, count(*)::int AS n FROM insights
       WHERE status = 'open' AND ($1::uuid IS NULL OR account_id = $1) GROUP BY 1`,
      [accountId],
    ),
    pool.query<{ day: Date; severity: string; n: number }>(
      `SELECT date_trunc('day', first_seen_at) AS day, severity, count(*)::int AS n FROM insights
       WHERE first_seen_at > now() - interval '30 days' AND ($1::uuid IS NULL OR account_id = $1) GROUP BY 1, 2`,
      [accountId],
    ),
    pool.query<{ day: Date; severity: string; n: number }>(
      `SELECT date_trunc('day', resolved_at) AS day, severity, count(*)::int AS n FROM insights
       WHERE status = 'resolved' AND resolved_at > now() - interval '30 days' AND ($1::uuid IS NULL OR account_id = $1) GROUP BY 1, 2`,
      [accountId],
    ),
    pool.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM insights
       WHERE status = 'open' AND ($1::uuid IS NULL OR account_id = $1) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
      [accountId],
    ),
    pool.query<{ zone_id: string; name: string; n: number }>(
      `SELECT i.zone_id, z.name, count(*)::int AS n FROM insights i JOIN zones z ON z.id = i.zone_id
       WHERE i.status = 'open' AND i.severity = 'critical' AND ($1::uuid IS NULL OR i.account_id = $1)
       GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 10`,
      [accountId],
    ),
  ]);
  return {
    scansPerMinute: minuteSeries(scans.rows),
    openBySeverity: bySeverity.rows.map((r) => ({ severity: r.severity, count: r.n })),
    openTrend: trendSeries(bySeverity.rows, opened.rows, resolved.rows),
    topKinds: kinds.rows.map((r) => ({ kind: r.kind, count: r.n })),
    topCriticalZones: zones.rows.map((r) => ({ zoneId: r.zone_id, name: r.name, count: r.n })),
  };
}

function minuteSeries(rows: Array<{ minute: Date; lane: string; n: number }>) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const series = Array.from({ length: 60 }, (_, i) => ({
    minute: new Date(now - (59 - i) * 60_000).toISOString(),
    fast: 0,
    slow: 0,
  }));
  const byMinute = new Map(series.map((point) => [point.minute, point]));
  for (const row of rows) {
    const point = byMinute.get(row.minute.toISOString());
    if (point && (row.lane === 'fast' || row.lane === 'slow')) point[row.lane] += row.n;
  }
  return series;
}

/**
 * Open insights at the end of each past day, walked back from today's count: a day's open
 * count is the next day's minus what opened and plus what was resolved on the next day.
 * Reopened and dismissed insights make this an estimate, which is what a trend line needs.
 */
function trendSeries(
  openNow: Array<{ severity: string; n: number }>,
  opened: Array<{ day: Date; severity: string; n: number }>,
  resolved: Array<{ day: Date; severity: string; n: number }>,
) {
  const dayKey = (date: Date) => date.toISOString().slice(0, 10);
  const delta = new Map<string, Record<string, number>>();
  const add = (day: string, severity: string, n: number) => {
    const entry = delta.get(day) ?? {};
    entry[severity] = (entry[severity] ?? 0) + n;
    delta.set(day, entry);
  };
  for (const row of opened) add(dayKey(row.day), row.severity, row.n);
  for (const row of resolved) add(dayKey(row.day), row.severity, -row.n);
  const current: Record<string, number> = Object.fromEntries(openNow.map((r) => [r.severity, r.n]));
  const today = new Date();
  const days: Array<{ day: string; bySeverity: Record<string, number> }> = [];
  for (let i = 0; i < 30; i++) {
    const day = dayKey(new Date(today.getTime() - i * 86_400_000));
    days.unshift({ day, bySeverity: { ...current } });
    for (const [severity, n] of Object.entries(delta.get(day) ?? {}))
      current[severity] = Math.max(0, (current[severity] ?? 0) - n);
  }
  return days;
}
