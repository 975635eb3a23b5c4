import type { Pool } from 'pg';
import type { CheckerSummary, Lane, Severity } from '../../domain';
import { jitteredPlanNextScanSql } from './zone-next-scan.sql';

/** A zone as the API shows it. */
export interface ZoneRow {
  id: string;
  accountId: string;
  name: string;
  status: string;
  lane: string;
  /** The plan the zone is scanned by: its own (`planOverride`) or its account's. */
  plan: string;
  planOverride: string | null;
  nextScanAt: Date;
  lastScanAt: Date | null;
  createdAt: Date;
  /** The latest grade (A+ … F) and score (0–100) from the zone's last graded scan; null until graded. */
  grade: string | null;
  score: number | null;
  gradedAt: Date | null;
}

/** Orders of the zone list: by name (default), most recently scanned first, or by grade either way. */
export const ZONE_LIST_SORTS = ['name', 'recent', 'grade', '-grade'] as const;
export type ZoneListSort = (typeof ZONE_LIST_SORTS)[number];

export interface ScanRow {
  id: string;
  workflowId: string;
  lane: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: string;
  insightCount: number;
  error: string | null;
  /** The zone's grade when this scan landed; null when no checker of it completed. */
  grade: string | null;
  score: number | null;
  /** Each checker's outcome; [] for scans written before it was recorded. */
  checkers: CheckerSummary[];
}

const ZONE_COLUMNS = `id, account_id AS "accountId", name, status, lane_hint AS "lane", plan, plan_override AS "planOverride", next_scan_at AS "nextScanAt",
  last_scan_at AS "lastScanAt", created_at AS "createdAt", grade, score, graded_at AS "gradedAt"`;

/**
 * Each order is a key (a number, or none for `name`) then (name, id), so pages are keyset
 * pages for every order. Score orders grades (libs/domain/grade.ts: the letter follows the
 * score); ungraded zones and never-scanned zones come last.
 */
const ZONE_SORT_KEY: Record<ZoneListSort, { key: string; direction: 'ASC' | 'DESC' } | undefined> = {
  name: undefined,
  recent: { key: `coalesce(extract(epoch FROM last_scan_at), -1)::float8`, direction: 'DESC' },
  grade: { key: 'coalesce(score, -1)::float8', direction: 'DESC' },
  '-grade': { key: 'coalesce(score, 101)::float8', direction: 'ASC' },
};

/** Where a page of the zone list ends: the sort key of its last zone (null for `name`), its name and id. */
export interface ZoneListPosition {
  key: number | null;
  name: string;
  id: string;
}

/** The owning account of a zone that is not deleted, or undefined. */
export async function zoneAccountId(pool: Pool, zoneId: string): Promise<string | undefined> {
  const result = await pool.query<{ account_id: string }>(
    `SELECT account_id FROM zones WHERE id = $1 AND status <> 'deleted'`,
    [zoneId],
  );
  return result.rows[0]?.account_id;
}

/** One zone that is not deleted, or undefined. */
export async function findZone(pool: Pool, zoneId: string): Promise<ZoneRow | undefined> {
  const result = await pool.query(`SELECT ${ZONE_COLUMNS} FROM zones WHERE id = $1 AND status <> 'deleted'`, [zoneId]);
  return result.rows[0] as ZoneRow | undefined;
}

export interface ZoneListQuery {
  /** One account's zones, or every account's (null: an admin). */
  accountId: string | null;
  /** An exact, normalised zone name. */
  name?: string;
  /** Names starting with this (lower-case letters, digits, dots and dashes only). */
  namePrefix?: string;
  status?: 'active' | 'paused';
  sort: ZoneListSort;
  limit: number;
  /** The position of the last zone of the previous page, in the same sort. */
  after?: ZoneListPosition;
}

/**
 * One page of zones (not deleted) in the chosen order, after the cursor, with the total that
 * match. Keyset on (sort key, name, id): pages stay stable while zones are scanned or added.
 */
export async function listZones(
  pool: Pool,
  query: ZoneListQuery,
): Promise<{ zones: Array<ZoneRow & { position: ZoneListPosition }>; total: number }> {
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`status <> 'deleted'`];
  if (query.accountId !== null) where.push(`account_id = ${add(query.accountId)}`);
  if (query.name !== undefined) where.push(`name = ${add(query.name)}`);
  // The prefix has no LIKE wildcards: the caller allows only [a-z0-9.-].
  if (query.namePrefix !== undefined) where.push(`name LIKE ${add(`${query.namePrefix}%`)}`);
  if (query.status !== undefined) where.push(`status = ${add(query.status)}`);
  const filter = where.join(' AND ');
  const countParams = [...params];
  const sort = ZONE_SORT_KEY[query.sort];
  const key = sort?.key ?? 'NULL::float8';
  let page = '';
  if (query.after) {
    const tie = `(name, id) > (${add(query.after.name)}, ${add(query.after.id)}::uuid)`;
    page = sort
      ? ` AND (${sort.key} ${sort.direction === 'DESC' ? '<' : '>'} ${add(query.after.key ?? 0)}::float8
              OR (${sort.key} = ${add(query.after.key ?? 0)}::float8 AND ${tie}))`
      : ` AND ${tie}`;
  }
  const order = sort ? `${sort.key} ${sort.direction}, name, id` : 'name, id';
  const [rows, total] = await Promise.all([
    pool.query<ZoneRow & { sortKey: number | null }>(
      `SELECT ${ZONE_COLUMNS}, ${key} AS "sortKey" FROM zones WHERE ${filter}${page} ORDER BY ${order} LIMIT ${add(query.limit)}`,
      params,
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM zones WHERE ${filter}`, countParams),
  ]);
  const zones = rows.rows.map(({ sortKey, ...zone }) => ({
    ...zone,
    position: { key: sortKey, name: zone.name, id: zone.id },
  }));
  return { zones, total: Number(total.rows[0]?.n ?? 0) };
}

/** A zone's owner and status, deleted zones included (scan-now explains why it refuses them). */
export async function zoneState(
  pool: Pool,
  zoneId: string,
): Promise<{ accountId: string; status: 'active' | 'paused' | 'deleted' } | undefined> {
  const result = await pool.query<{ accountId: string; status: 'active' | 'paused' | 'deleted' }>(
    `SELECT account_id AS "accountId", status FROM zones WHERE id = $1`,
    [zoneId],
  );
  return result.rows[0];
}

/** The zone's latest scans, newest first. */
export async function zoneScanHistory(pool: Pool, zoneId: string, limit: number): Promise<ScanRow[]> {
  const result = await pool.query(
    `SELECT id::text AS "id", workflow_id AS "workflowId", lane, started_at AS "startedAt", finished_at AS "finishedAt",
            outcome, insight_count AS "insightCount", error, grade, score, checkers
     FROM scans WHERE zone_id = $1 ORDER BY finished_at DESC LIMIT $2`,
    [zoneId, limit],
  );
  return result.rows as ScanRow[];
}

/** The kind and severity of each open insight of a zone: what its grade is computed from. */
export async function openInsightSeverities(
  pool: Pool,
  zoneId: string,
): Promise<Array<{ kind: string; severity: Severity }>> {
  const result = await pool.query<{ kind: string; severity: Severity }>(
    `SELECT kind, severity FROM insights WHERE zone_id = $1 AND status = 'open'`,
    [zoneId],
  );
  return result.rows;
}

/** Creates one zone; undefined when the account already has a zone of that name. */
export async function createZone(
  pool: Pool,
  accountId: string,
  name: string,
  frequencySeconds: number,
): Promise<ZoneRow | undefined> {
  const result = await pool.query(
    `INSERT INTO zones (account_id, name, plan, next_scan_at)
     SELECT a.id, $2, a.plan, ${jitteredPlanNextScanSql('$3', 'a.plan')} FROM accounts a WHERE a.id = $1
     ON CONFLICT (account_id, name) DO NOTHING
     RETURNING ${ZONE_COLUMNS}`,
    [accountId, name, frequencySeconds],
  );
  return result.rows[0] as ZoneRow | undefined;
}

/** Sets a zone's status (active, paused, deleted); false when it is missing or deleted. */
export async function setZoneStatus(
  pool: Pool,
  zoneId: string,
  status: 'active' | 'paused' | 'deleted',
): Promise<boolean> {
  const result = await pool.query(`UPDATE zones SET status = $2 WHERE id = $1 AND status <> 'deleted'`, [
    zoneId,
    status,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * Adds zones to an account, on the account's plan; names already there are skipped. Each new
 * zone's first scan is spread uniformly over its plan's frequency, or over `frequencySeconds`
 * when that is shorter (see jitteredPlanNextScanSql; 0: all due now).
 * Returns how many zones were added.
 */
export async function insertZones(
  pool: Pool,
  accountId: string,
  names: string[],
  frequencySeconds: number,
): Promise<number> {
  const result = await pool.query(
    `INSERT INTO zones (account_id, name, plan, next_scan_at)
     SELECT a.id, n.zone_name, a.plan, ${jitteredPlanNextScanSql('$3', 'a.plan')}
     FROM accounts a, unnest($2::text[]) AS n(zone_name) WHERE a.id = $1
     ON CONFLICT (account_id, name) DO NOTHING`,
    [accountId, names, frequencySeconds],
  );
  return result.rowCount ?? 0;
}

/** Sets the status of every zone of an account that is not deleted; returns how many changed. */
export async function setAccountZonesStatus(
  pool: Pool,
  accountId: string,
  status: 'active' | 'paused',
): Promise<number> {
  const result = await pool.query(`UPDATE zones SET status = $2 WHERE account_id = $1 AND status <> 'deleted'`, [
    accountId,
    status,
  ]);
  return result.rowCount ?? 0;
}

/** A zone's lane state, as the scheduler reads it. */
export async function readZoneLane(
  pool: Pool,
  zoneId: string,
): Promise<{ laneHint: Lane; slowStreak: number } | undefined> {
  const result = await pool.query<{ laneHint: Lane; slowStreak: number }>(
    `SELECT lane_hint AS "laneHint", slow_streak AS "slowStreak" FROM zones WHERE id = $1`,
    [zoneId],
  );
  return result.rows[0];
}
