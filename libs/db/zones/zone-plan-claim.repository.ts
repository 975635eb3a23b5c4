import type { Pool } from 'pg';
import type { ClaimPartition, Lane } from '../../domain';
import type { ClaimedZone } from './zone-schedule.repository';

/**
 * The partition of zone `z` (see zonePartition in libs/domain, which it must match): its id's
 * last 32 bits modulo the count. `$count` and `$index` are placeholders for parameters.
 */
export function zonePartitionSql(count: string, index: string): string {
  return `(${count}::int <= 1 OR (('x' || right(z.id::text, 8))::bit(32)::bigint % ${count}::int) = ${index}::int)`;
}

/** One plan's part of a tick: the frequency its zones are scheduled by, and the most its claim may take. */
export interface PlanQuota {
  plan: string;
  frequencySeconds: number;
  /** No zone of the plan claimed less than this long ago is taken (see reclaimAfterSeconds). */
  reclaimAfterSeconds: number;
  quota: number;
}

/**
 * Claims, for one scheduler tick and in one statement, the zones named in `forcedIds` plus up
 * to `limit` others: each plan offers its stalest eligible zones up to its quota (through the
 * (plan, next_scan_at) index), and of those the claim takes the ones most overdue relative to
 * their own plan's frequency, so a day late on a 7-day plan yields to an hour late on a daily
 * one. Each claimed zone's next scan moves one of its plan's frequencies ahead.
 *
 * Eligibility, idempotency per tick id and SKIP LOCKED are those of claimDueZones: a zone may be
 * taken up to one frequency early, never within `reclaimAfterSeconds` of its last claim; a
 * retried tick gets the same zones back and no others.
 *
 * With a `partition`, the claim sees only its slice of the zones (forced ones included), so
 * the partitions of one tick claim disjoint zones, and each one's retry gets its own zones back.
 */
export async function claimPlanZones(
  pool: Pool,
  tickId: string,
  limit: number,
  quotas: readonly PlanQuota[],
  forcedIds: readonly string[] = [],
  partition: ClaimPartition = { index: 0, count: 1 },
): Promise<ClaimedZone[]> {
  const inPartition = zonePartitionSql('$8', '$9');
  const result = await pool.query<{ id: string; account_id: string; name: string; lane_hint: Lane }>(
    `WITH already AS (
       SELECT id, account_id, name, lane_hint FROM zones z WHERE claim_tick = $1 AND ${inPartition}
     ), q AS (
       SELECT plan, quota, freq, reclaim
       FROM unnest($2::text[], $3::int[], $4::float8[], $5::float8[]) AS q(plan, quota, freq, reclaim)
     ), forced AS (
       SELECT z.id, q.freq FROM zones z JOIN q ON q.plan = z.plan
       WHERE z.id = ANY($6::uuid[]) AND z.status = 'active' AND NOT EXISTS (SELECT 1 FROM already)
         AND ${inPartition}
       FOR UPDATE OF z SKIP LOCKED
     ), offered AS (
       SELECT c.id, c.freq, c.lateness FROM q CROSS JOIN LATERAL (
         SELECT z.id, q.freq, extract(epoch FROM now() - z.next_scan_at) / q.freq AS lateness
         FROM zones z
         WHERE z.status = 'active' AND z.plan = q.plan
           AND z.next_scan_at <= now() + q.freq * interval '1 second'
           AND (z.last_claimed_at IS NULL OR z.last_claimed_at <= now() - q.reclaim * interval '1 second')
           AND NOT (z.id = ANY($6::uuid[])) AND NOT EXISTS (SELECT 1 FROM already)
           AND ${inPartition}
         ORDER BY z.next_scan_at
         LIMIT q.quota
         FOR UPDATE OF z SKIP LOCKED
       ) AS c
     ), stalest AS (
       SELECT id, freq FROM offered ORDER BY lateness DESC LIMIT $7
     ), claimed AS (
       UPDATE zones AS z
       SET claim_tick = $1, last_claimed_at = now(), scan_pending_since = now(),
           next_scan_at = now() + picked.freq * interval '1 second'
       FROM (SELECT id, freq FROM forced UNION ALL SELECT id, freq FROM stalest) AS picked
       WHERE z.id = picked.id
       RETURNING z.id, z.account_id, z.name, z.lane_hint
     )
     SELECT id, account_id, name, lane_hint FROM already
     UNION ALL
     SELECT id, account_id, name, lane_hint FROM claimed`,
    [
      tickId,
      quotas.map((q) => q.plan),
      quotas.map((q) => Math.max(0, Math.floor(q.quota))),
      quotas.map((q) => q.frequencySeconds),
      quotas.map((q) => q.reclaimAfterSeconds),
      forcedIds,
      Math.max(0, Math.floor(limit)),
      partition.count,
      partition.index,
    ],
  );
  return result.rows.map((row) => ({ id: row.id, accountId: row.account_id, name: row.name, lane: row.lane_hint }));
}

/** A plan's frequency and the windows its load is counted with. */
export interface PlanLoadWindow {
  plan: string;
  overdueGraceSeconds: number;
  inFlightWindowSeconds: number;
}

/** What one plan contributes to a tick's load (see ZoneLoad). */
export interface PlanZoneLoad {
  plan: string;
  activeZones: number;
  dueZones: number;
  overdueZones: number;
  inFlight: number;
}

/** Counts each plan's load in one pass over the active zones (of one partition's slice, if given). */
export async function countPlanZoneLoad(
  pool: Pool,
  windows: readonly PlanLoadWindow[],
  partition: ClaimPartition = { index: 0, count: 1 },
): Promise<PlanZoneLoad[]> {
  const result = await pool.query<{ plan: string; active: string; due: string; overdue: string; in_flight: string }>(
    `SELECT q.plan,
            count(z.id) AS active,
            count(z.id) FILTER (WHERE z.next_scan_at <= now()) AS due,
            count(z.id) FILTER (WHERE z.next_scan_at <= now() - q.grace * interval '1 second') AS overdue,
            count(z.id) FILTER (WHERE z.scan_pending_since > now() - q.win * interval '1 second') AS in_flight
     FROM unnest($1::text[], $2::float8[], $3::float8[]) AS q(plan, grace, win)
     LEFT JOIN zones z ON z.plan = q.plan AND z.status = 'active' AND ${zonePartitionSql('$4', '$5')}
     GROUP BY q.plan`,
    [
      windows.map((w) => w.plan),
      windows.map((w) => w.overdueGraceSeconds),
      windows.map((w) => w.inFlightWindowSeconds),
      partition.count,
      partition.index,
    ],
  );
  const byPlan = new Map(result.rows.map((row) => [row.plan, row]));
  return windows.map((w) => {
    const row = byPlan.get(w.plan);
    return {
      plan: w.plan,
      activeZones: Number(row?.active ?? 0),
      dueZones: Number(row?.due ?? 0),
      overdueZones: Number(row?.overdue ?? 0),
      inFlight: Number(row?.in_flight ?? 0),
    };
  });
}
