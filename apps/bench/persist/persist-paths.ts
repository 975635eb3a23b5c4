import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeScanBatch } from '../../../libs/db';
import { copyTextChunks } from '../../../libs/db/insight-writer/copy-text';
import type { PreparedScan } from '../../../libs/domain';
import type { BenchZones } from './persist-workload';

/** One way of writing a batch of scan results. */
export type PersistPath = (pool: Pool, zones: BenchZones, batch: PreparedScan[]) => Promise<void>;

/** The seed's baseline: one `INSERT … ON CONFLICT DO UPDATE` round trip per insight, one transaction. */
export const perRowPath: PersistPath = async (pool, zones, batch) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const scan of batch) {
      for (const r of scan.rows) {
        await client.query(
          `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details,
                                 status, first_seen_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $10)
           ON CONFLICT (zone_id, fingerprint) DO UPDATE SET
             last_seen_at = EXCLUDED.last_seen_at, severity = EXCLUDED.severity, title = EXCLUDED.title,
             details = EXCLUDED.details,
             status = CASE WHEN insights.status = 'resolved' THEN 'open' ELSE insights.status END`,
          [
            zones.accountId,
            r.zoneId,
            r.checker,
            r.kind,
            r.subject,
            r.fingerprint,
            r.severity,
            r.title,
            r.details,
            scan.result.finishedAt,
          ],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

/** The production writer with a fixed threshold: Infinity is UNNEST only, 0 is COPY only. */
export function writerPath(copyThreshold: number): PersistPath {
  return async (pool, _zones, batch) => {
    await writeScanBatch(pool, batch, { copyThreshold });
  };
}

/** The write limit: COPY of the same rows into an unindexed, unlogged table. */
export const rawCopyPath: PersistPath = async (pool, zones, batch) => {
  const client = await pool.connect();
  try {
    await copyRawRows(
      client,
      `COPY raw_insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details, seen_at) FROM STDIN`,
      zones,
      batch,
    );
  } finally {
    client.release();
  }
};

/** COPYs a batch's rows, one per insight with its scan's finish time, in `raw_insights`' column order. */
async function copyRawRows(client: PoolClient, copySql: string, zones: BenchZones, batch: PreparedScan[]) {
  const rows = batch.flatMap((scan) => scan.rows.map((row) => ({ row, at: scan.result.finishedAt.toISOString() })));
  const chunks = copyTextChunks(rows, ({ row, at }) => [
    zones.accountId,
    row.zoneId,
    row.checker,
    row.kind,
    row.subject,
    row.fingerprint,
    row.severity,
    row.title,
    row.details,
    at,
  ]);
  await pipeline(Readable.from(chunks), client.query(copyFrom(copySql)));
}

export const CREATE_RAW_TABLE = `
  CREATE UNLOGGED TABLE IF NOT EXISTS raw_insights (
    account_id uuid, zone_id uuid, checker text, kind text, subject text, fingerprint text,
    severity text, title text, details jsonb, seen_at timestamptz
  )`;

/**
 * The naive COPY-then-upsert the seed first tried: a temporary table created and dropped in
 * every batch. Only used to show what that does to the system catalogs.
 */
export const naiveCopyPath: PersistPath = async (pool, zones, batch) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE naive_batch (LIKE raw_insights) ON COMMIT DROP`);
    await copyRawRows(client, `COPY naive_batch FROM STDIN`, zones, batch);
    await client.query(
      `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details, status, first_seen_at, last_seen_at)
       SELECT account_id, zone_id, checker, kind, subject, fingerprint, severity, title, details, 'open', seen_at, seen_at FROM naive_batch
       ON CONFLICT (zone_id, fingerprint) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, details = EXCLUDED.details`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
