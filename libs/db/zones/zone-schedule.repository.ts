import type { Pool } from 'pg';
import { reclaimAfterSeconds, type Lane } from '../../domain';
import { jitteredNextScanSql } from './zone-next-scan.sql';

export interface ClaimedZone {
  id: string;
  accountId: string;
  name: string;
  lane: Lane;
}

/** Zones the scheduler keeps under check. */
export async function countActiveZones(pool: Pool): Promise<number> {
  const result = await pool.query<{ count: string }>(`SELECT count(*) AS count FROM zones WHERE status = 'active'`);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Claims, for one scheduler tick and in one statement, the zones named in `forcedIds` (scan
 * now, whatever their schedule) plus up to `limit` of the stalest others, and moves their next
 * scan one frequency ahead.
 *
 * Stalest first, not due only: a zone scheduled up to one frequency ahead may be taken early
 * (but not one claimed less than `reclaimAfterSeconds` ago, see the migration of last_claimed_at).
 * Pacing by rate then gives every tick the same claim even though new zones' first scans are
 * random (a due-only claim would copy that randomness into every later cycle), and a halved
 * frequency raises the rate at the next tick instead of waiting for zones to become due.
 *
 * Idempotent per tick: when zones already carry this tick's id (an activity retry), those same
 * zones are returned and none added. SKIP LOCKED lets two schedulers (a replaced one and its
 * successor) never claim the same zone.
 */
export async function claimDueZones(
  pool: Pool,
  tickId: string,
  limit: number,
  frequencySeconds: number,
  forcedIds: readonly string[] = [],
): Promise<ClaimedZone[]> {
  const result = await pool.query<{ id: string; account_id: string; name: string; lane_hint: Lane }>(
    `WITH already AS (
       SELECT id, account_id, name, lane_hint FROM zones WHERE claim_tick = $1
     ), forced AS (
       SELECT id FROM zones
       WHERE id = ANY($4::uuid[]) AND status = 'active' AND NOT EXISTS (SELECT 1 FROM already)
       FOR UPDATE SKIP LOCKED
     ), stalest AS (
       SELECT id FROM zones
       WHERE status = 'active' AND next_scan_at <= now() + $3 * interval '1 second'
         AND (last_claimed_at IS NULL OR last_claimed_at <= now() - $5 * interval '1 second')
         AND NOT (id = ANY($4::uuid[])) AND NOT EXISTS (SELECT 1 FROM already)
       ORDER BY next_scan_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE zones AS z
       SET claim_tick = $1, last_claimed_at = now(), scan_pending_since = now(), next_scan_at = now() + $3 * interval '1 second'
       FROM (SELECT id FROM forced UNION ALL SELECT id FROM stalest) AS picked
       WHERE z.id = picked.id
       RETURNING z.id, z.account_id, z.name, z.lane_hint
     )
     SELECT id, account_id, name, lane_hint FROM already
     UNION ALL
     SELECT id, account_id, name, lane_hint FROM claimed`,
    [tickId, limit, frequencySeconds, forcedIds, reclaimAfterSeconds(frequencySeconds)],
  );
  return result.rows.map((row) => ({ id: row.id, accountId: row.account_id, name: row.name, lane: row.lane_hint }));
}

/**
 * What the scheduler sizes a tick from: active zones, those due now, those overdue beyond the
 * grace, and those in flight.
 */
export interface ZoneLoad {
  activeZones: number;
  dueZones: number;
  overdueZones: number;
  /**
   * Zones claimed within the in-flight window whose scan has not landed since (the claim sets
   * `scan_pending_since`, the writer clears it): the scans the workers and Temporal still
   * hold. A scan that never lands (its workflow failed before persisting) stops counting when
   * the window ends.
   */
  inFlight: number;
}

/** Counts the scheduler's load in one pass over the zones. */
export async function countZoneLoad(
  pool: Pool,
  overdueGraceSeconds: number,
  inFlightWindowSeconds: number,
): Promise<ZoneLoad> {
  const result = await pool.query<{ active: string; due: string; overdue: string; in_flight: string }>(
    `SELECT count(*) AS active,
            count(*) FILTER (WHERE next_scan_at <= now()) AS due,
            count(*) FILTER (WHERE next_scan_at <= now() - $1 * interval '1 second') AS overdue,
            count(*) FILTER (WHERE scan_pending_since > now() - $2 * interval '1 second') AS in_flight
     FROM zones WHERE status = 'active'`,
    [overdueGraceSeconds, inFlightWindowSeconds],
  );
  const row = result.rows[0];
  return {
    activeZones: Number(row?.active ?? 0),
    dueZones: Number(row?.due ?? 0),
    overdueZones: Number(row?.overdue ?? 0),
    inFlight: Number(row?.in_flight ?? 0),
  };
}

/**
 * Spreads the next scans of all active zones uniformly over one frequency from now: the
 * one-time fix for zones that were created or scheduled in bunches. Returns how many moved.
 */
export async function rejitterZones(pool: Pool, frequencySeconds: number): Promise<number> {
  const result = await pool.query(
    `UPDATE zones SET next_scan_at = ${jitteredNextScanSql('$1')} WHERE status = 'active'`,
    [frequencySeconds],
  );
  return result.rowCount ?? 0;
}

/** Active zones whose scan is due now: the scheduler's backlog. */
export async function countDueZones(pool: Pool): Promise<number> {
  const result = await pool.query<{ count: string }>(
    `SELECT count(*) AS count FROM zones WHERE status = 'active' AND next_scan_at <= now()`,
  );
  return Number(result.rows[0]?.count ?? 0);
}
