import { clearLine, cursorTo } from 'node:readline';
import type { Pool } from 'pg';
import { countZoneLoad } from '../../libs/db';
import { overdueGraceSeconds, reclaimAfterSeconds, type Lane } from '../../libs/domain';

export interface LiveStatus {
  scansLastMinute: Record<Lane, number>;
  inFlight: number;
  openInsights: number;
  dueBacklog: number;
  lastScannedZoneId: string | null;
}

/** Reads the figures of the live status line; in flight and backlog count as the scheduler counts them. */
export async function readLiveStatus(
  pool: Pool,
  schedule: { frequencySeconds: number; tickSeconds: number },
): Promise<LiveStatus> {
  const [load, result] = await Promise.all([
    countZoneLoad(
      pool,
      overdueGraceSeconds(schedule.frequencySeconds, schedule.tickSeconds),
      reclaimAfterSeconds(schedule.frequencySeconds),
    ),
    pool.query<{ fast: number; slow: number; open: number; last: string | null }>(`
      SELECT
        (SELECT count(*) FROM scans WHERE finished_at > now() - interval '1 minute' AND lane = 'fast')::int AS fast,
        (SELECT count(*) FROM scans WHERE finished_at > now() - interval '1 minute' AND lane = 'slow')::int AS slow,
        (SELECT count(*) FROM insights WHERE status = 'open')::int AS open,
        (SELECT zone_id FROM scans WHERE insight_count > 0 ORDER BY finished_at DESC LIMIT 1) AS last`),
  ]);
  const row = result.rows[0] ?? { fast: 0, slow: 0, open: 0, last: null };
  return {
    scansLastMinute: { fast: row.fast, slow: row.slow },
    inFlight: load.inFlight,
    openInsights: row.open,
    dueBacklog: load.dueZones,
    lastScannedZoneId: row.last,
  };
}

/** One line an operator can read at a glance. */
export function formatLiveStatus(status: LiveStatus, at: Date): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `[${at.toISOString().slice(11, 19)}] scans/min fast ${n(status.scansLastMinute.fast)} · slow ${n(status.scansLastMinute.slow)}` +
    ` · in flight ${n(status.inFlight)} · open insights ${n(status.openInsights)} · due backlog ${n(status.dueBacklog)}`
  );
}

/**
 * The line that points at the first zone with insights: the dashboard's zone page, which a
 * browser opens as it is (the API route needs a bearer key and answers 401 there).
 */
export function firstInsightsLine(baseUrl: string, zoneId: string): string {
  return `  first insights: ${baseUrl.replace(/\/+$/, '')}/#/zones/${encodeURIComponent(zoneId)}`;
}

export interface StatusLine {
  /** Shows the newest status: redrawn in place on a terminal, a plain line otherwise. */
  show(text: string): void;
  /** Prints a line of its own above the status (a terminal keeps the status below it). */
  print(text: string): void;
  /** Leaves the cursor on a fresh line, so what follows does not overwrite the status. */
  end(): void;
}

/** The live status of `npm start` on `stream`: one line that stays put on a terminal. */
export function createStatusLine(stream: NodeJS.WriteStream): StatusLine {
  let current = '';
  const redraw = () => {
    cursorTo(stream, 0);
    clearLine(stream, 0);
    stream.write(current);
  };
  if (!stream.isTTY) {
    return {
      show: (text) => stream.write(`${text}\n`),
      print: (text) => stream.write(`${text}\n`),
      end: () => undefined,
    };
  }
  return {
    show(text) {
      current = text;
      redraw();
    },
    print(text) {
      cursorTo(stream, 0);
      clearLine(stream, 0);
      stream.write(`${text}\n`);
      redraw();
    },
    end() {
      if (current !== '') stream.write('\n');
      current = '';
    },
  };
}
