import type { Pool } from 'pg';

export interface LiveStatus {
  scansLastMinute: number;
  zonesScanned: number;
  openInsights: number;
  dueBacklog: number;
  lastScannedZoneId: string | null;
}

/** Reads the figures of the one-line live status. */
export async function readLiveStatus(pool: Pool): Promise<LiveStatus> {
  const result = await pool.query(`
    SELECT
      (SELECT count(*) FROM scans WHERE finished_at > now() - interval '1 minute')::int AS "scansLastMinute",
      (SELECT count(*) FROM zones WHERE last_scan_at IS NOT NULL)::int AS "zonesScanned",
      (SELECT count(*) FROM insights WHERE status = 'open')::int AS "openInsights",
      (SELECT count(*) FROM zones WHERE status = 'active' AND next_scan_at <= now())::int AS "dueBacklog",
      (SELECT zone_id FROM scans WHERE insight_count > 0 ORDER BY finished_at DESC LIMIT 1) AS "lastScannedZoneId"`);
  return result.rows[0] as LiveStatus;
}

/** One line an operator can read at a glance. */
export function formatLiveStatus(status: LiveStatus, at: Date): string {
  return (
    `[${at.toISOString().slice(11, 19)}] scans/min ${status.scansLastMinute} · zones scanned ${status.zonesScanned}` +
    ` · open insights ${status.openInsights} · due backlog ${status.dueBacklog}`
  );
}
