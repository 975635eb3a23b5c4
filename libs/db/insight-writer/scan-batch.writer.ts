import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { InsightRowInput, PreparedScan } from '../../domain';
import { copyTextChunks } from './copy-text';
import { COPY_INSIGHT_BATCH, CREATE_INSIGHT_BATCH_TABLE, insightRoundSql } from './insight-upsert.sql';
import {
  gradeScannedZones,
  updateZonesAfterScans,
  zoneAfterScanAssignments,
  zoneLandingParams,
  type ZoneScanLanding,
} from '../zones';

export interface WriterOptions {
  /** Rounds with at least this many findings go through COPY; smaller ones through UNNEST. */
  copyThreshold: number;
}

/** What happened to one scan result of a batch. */
export type ScanWriteOutcome =
  { status: 'written' | 'duplicate'; insightCount: number } | { status: 'rejected'; error: ScanResultRejectedError };

/** Thrown (or reported) when PostgreSQL refuses a scan result that passed validation, e.g. its zone is gone. */
export class ScanResultRejectedError extends Error {
  override readonly name = 'ScanResultRejectedError';
}

// The temporary table exists per connection; remember which pooled clients already have it.
const clientsWithBatchTable = new WeakSet<PoolClient>();

/**
 * Persists prepared scan results in one transaction: the `scans` rows (keyed by workflow and
 * run id: a replayed result is a `duplicate` and changes nothing), then the findings in rounds
 * of at most one scan per zone, each round one statement fed by UNNEST or by COPY into the
 * connection's temporary table. A result whose zone no longer exists is `rejected` alone.
 * Any other error rolls back the whole batch and is thrown.
 */
export async function writeScanBatch(
  pool: Pool,
  scans: PreparedScan[],
  options: WriterOptions,
): Promise<ScanWriteOutcome[]> {
  const outcomes: ScanWriteOutcome[] = scans.map((scan) => ({ status: 'duplicate', insightCount: scan.rows.length }));
  if (scans.length === 0) return outcomes;
  const client = await pool.connect();
  let broken = false;
  try {
    if (totalRows(scans) >= options.copyThreshold) {
      await ensureBatchTable(client);
    }
    await client.query('BEGIN');
    const { existing, fresh } = await lockZonesAndInsertScans(client, scans);
    const live: number[] = [];
    scans.forEach((scan, index) => {
      if (existing.has(scan.result.zoneId)) live.push(index);
      else
        outcomes[index] = {
          status: 'rejected',
          error: new ScanResultRejectedError(
            `zone ${scan.result.zoneId} no longer exists; the result of ${scan.actor} was dropped`,
          ),
        };
    });
    const written: number[] = [];
    for (const index of live) {
      const scan = scans[index] as PreparedScan;
      if (fresh.delete(scanKey(scan))) {
        written.push(index);
        outcomes[index] = { status: 'written', insightCount: scan.rows.length };
      }
    }
    let tableHasRows = false;
    for (const round of rounds(written.map((index) => scans[index] as PreparedScan))) {
      tableHasRows = (await applyRound(client, round, options, tableHasRows)) || tableHasRows;
    }
    await gradeScannedZones(
      client,
      written.map((index) => (scans[index] as PreparedScan).result),
    );
    await client.query('COMMIT');
    return outcomes;
  } catch (error) {
    // A connection that cannot even roll back is broken: destroy it rather than pool it.
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}

function totalRows(scans: PreparedScan[]): number {
  return scans.reduce((sum, scan) => sum + scan.rows.length, 0);
}

function scanKey(scan: PreparedScan): string {
  return JSON.stringify([scan.result.workflowId, scan.result.runId]);
}

async function ensureBatchTable(client: PoolClient): Promise<void> {
  if (clientsWithBatchTable.has(client)) return;
  // Outside any transaction, so a later rollback cannot undo it behind our back.
  await client.query(CREATE_INSIGHT_BATCH_TABLE);
  clientsWithBatchTable.add(client);
}

/**
 * In one statement: locks the scans' zones in id order (no deadlocks between writers; the
 * round statements that follow take their snapshot after these locks), inserts the `scans`
 * rows of zones that exist, and lands each zone's first new scan of the batch on it
 * (zoneAfterScanAssignments: last_scan_at, the in-flight claim ends, the lane move). A zone's
 * later new scans of the same batch (rare: a scan-now beside a scheduled scan) land after it,
 * in order. Returns the existing zone ids and the keys of the scans rows that were new (the
 * others are replays, which change nothing).
 */
async function lockZonesAndInsertScans(
  client: PoolClient,
  scans: PreparedScan[],
): Promise<{ existing: Set<string>; fresh: Set<string> }> {
  const landings: ZoneScanLanding[] = scans.map((s) => ({
    zoneId: s.result.zoneId,
    finishedAt: s.result.finishedAt,
    observation: s.result.laneObservation,
  }));
  const result = await client.query<{ zone_id: string; workflow_id: string | null; run_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bool[], $4::bool[], $5::int[],
                            $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::int[], $12::text[], $13::text[])
         WITH ORDINALITY
         AS u (zone_id, finished_at, overran_fast, within_fast_budget, promote_after,
               workflow_id, run_id, lane, started_at, outcome, insight_count, error, checkers, ord)
     ), locked AS (
       SELECT id FROM zones WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE
     ), s AS (
       INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome, insight_count, error, checkers)
       SELECT zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome, insight_count, error, checkers::jsonb
       FROM input WHERE zone_id IN (SELECT id FROM locked)
       ON CONFLICT (workflow_id, run_id) DO NOTHING
       RETURNING zone_id, workflow_id, run_id
     ), first_new AS (
       SELECT DISTINCT ON (i.zone_id) i.zone_id, i.finished_at, i.overran_fast, i.within_fast_budget, i.promote_after
       FROM input AS i JOIN s ON s.workflow_id = i.workflow_id AND s.run_id = i.run_id
       ORDER BY i.zone_id, i.ord
     ), landed AS (
       UPDATE zones SET ${zoneAfterScanAssignments('f')}
       FROM first_new AS f WHERE zones.id = f.zone_id
     )
     SELECT id AS zone_id, NULL AS workflow_id, NULL AS run_id FROM locked
     UNION ALL
     SELECT zone_id, workflow_id, run_id FROM s`,
    [
      ...zoneLandingParams(landings),
      scans.map((s) => s.result.workflowId),
      scans.map((s) => s.result.runId),
      scans.map((s) => s.result.lane),
      scans.map((s) => s.result.startedAt),
      scans.map((s) => s.outcome),
      scans.map((s) => s.rows.length),
      scans.map((s) => s.error),
      scans.map((s) => JSON.stringify(s.checkers)),
    ],
  );
  const existing = new Set<string>();
  const fresh = new Set<string>();
  for (const row of result.rows) {
    if (row.workflow_id === null) existing.add(row.zone_id);
    else fresh.add(JSON.stringify([row.workflow_id, row.run_id]));
  }
  // Each zone's later new scans of this batch, in order: a replayed scan must not count twice.
  const landed = new Set<string>();
  const newScans = scans.filter(
    (scan) => fresh.has(scanKey(scan)) && !landed.has(scanKey(scan)) && Boolean(landed.add(scanKey(scan))),
  );
  const later = rounds(newScans).slice(1);
  for (const round of later) {
    await updateZonesAfterScans(
      client,
      round.map((scan) => ({
        zoneId: scan.result.zoneId,
        finishedAt: scan.result.finishedAt,
        observation: scan.result.laneObservation,
      })),
    );
  }
  return { existing, fresh };
}

/**
 * Splits scans into rounds with at most one scan per zone, keeping each zone's scans in
 * order: one statement cannot upsert the same insight twice, and later scans must win.
 */
function rounds(scans: PreparedScan[]): PreparedScan[][] {
  const result: PreparedScan[][] = [];
  const nextRound = new Map<string, number>();
  for (const scan of scans) {
    const index = nextRound.get(scan.result.zoneId) ?? 0;
    (result[index] ??= []).push(scan);
    nextRound.set(scan.result.zoneId, index + 1);
  }
  return result;
}

/** Applies one round; true when it went through the temporary table. */
async function applyRound(
  client: PoolClient,
  round: PreparedScan[],
  options: WriterOptions,
  tableHasRows: boolean,
): Promise<boolean> {
  const rows = round.flatMap((scan) => scan.rows);
  const completed = round.flatMap((scan) =>
    scan.completedCheckers.map((checker) => ({ zoneId: scan.result.zoneId, checker })),
  );
  if (rows.length === 0 && completed.length === 0) return false;
  const params: unknown[] = [
    round.map((scan) => scan.result.zoneId),
    round.map((scan) => scan.result.finishedAt),
    round.map((scan) => scan.actor),
    completed.map((c) => c.zoneId),
    completed.map((c) => c.checker),
  ];
  if (rows.length >= options.copyThreshold) {
    // An earlier round's rows are still there: ON COMMIT DELETE ROWS only empties it at commit.
    if (tableHasRows) await client.query('DELETE FROM insight_batch');
    await copyRows(client, rows);
    await client.query(insightRoundSql('temp-table'), params);
    return true;
  }
  params.push(
    ...(['zoneId', 'checker', 'kind', 'subject', 'fingerprint', 'severity', 'title', 'details'] as const).map((field) =>
      rows.map((row) => row[field]),
    ),
  );
  await client.query(insightRoundSql('unnest'), params);
  return false;
}

async function copyRows(client: PoolClient, rows: InsightRowInput[]): Promise<void> {
  const stream = client.query(copyFrom(COPY_INSIGHT_BATCH));
  const chunks = copyTextChunks(rows, (r) => [
    r.zoneId,
    r.checker,
    r.kind,
    r.subject,
    r.fingerprint,
    r.severity,
    r.title,
    r.details,
  ]);
  await pipeline(Readable.from(chunks), stream);
}
