import type { Pool } from 'pg';
import type { Lane } from '../domain';

export interface ClaimedZone {
  id: string;
  accountId: string;
  name: string;
  lane: Lane;
}

/**
 * Adds zones to an account; names already there are skipped. Each new zone's first scan is
 * spread uniformly over one frequency, so onboarding a large account never bunches scans.
 * Returns how many zones were added.
 */
export async function insertZones(pool: Pool, accountId: string, names: string[], frequencySeconds: number): Promise<number> {
  const result = await pool.query(
    `INSERT INTO zones (account_id, name, next_scan_at)
     SELECT $1, name, now() + random() * $3 * interval '1 second'
     FROM unnest($2::text[]) AS name
     ON CONFLICT (account_id, name) DO NOTHING`,
    [accountId, names, frequencySeconds],
  );
  return result.rowCount ?? 0;
}

/** Zones the scheduler keeps under check. */
export async function countActiveZones(pool: Pool): Promise<number> {
  const result = await pool.query<{ count: string }>(`SELECT count(*) AS count FROM zones WHERE status = 'active'`);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Claims up to `limit` of the stalest due zones for one scheduler tick, in one statement,
 * and moves their next scan one frequency ahead. Idempotent per tick: when zones already
 * carry this tick's id (an activity retry), those same zones are returned and none added.
 * SKIP LOCKED lets two schedulers (a replaced one and its successor) never claim the same zone.
 */
export async function claimDueZones(pool: Pool, tickId: string, limit: number, frequencySeconds: number): Promise<ClaimedZone[]> {
  const result = await pool.query<{ id: string; account_id: string; name: string; lane_hint: Lane }>(
    `WITH already AS (
       SELECT id, account_id, name, lane_hint FROM zones WHERE claim_tick = $1
     ), due AS (
       SELECT id FROM zones
       WHERE status = 'active' AND next_scan_at <= now() AND NOT EXISTS (SELECT 1 FROM already)
       ORDER BY next_scan_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE zones AS z
       SET claim_tick = $1, next_scan_at = now() + $3 * interval '1 second'
       FROM due WHERE z.id = due.id
       RETURNING z.id, z.account_id, z.name, z.lane_hint
     )
     SELECT id, account_id, name, lane_hint FROM already
     UNION ALL
     SELECT id, account_id, name, lane_hint FROM claimed`,
    [tickId, limit, frequencySeconds],
  );
  return result.rows.map((row) => ({ id: row.id, accountId: row.account_id, name: row.name, lane: row.lane_hint }));
}

/** Active zones whose scan is due now: the scheduler's backlog. */
export async function countDueZones(pool: Pool): Promise<number> {
  const result = await pool.query<{ count: string }>(
    `SELECT count(*) AS count FROM zones WHERE status = 'active' AND next_scan_at <= now()`,
  );
  return Number(result.rows[0]?.count ?? 0);
}
