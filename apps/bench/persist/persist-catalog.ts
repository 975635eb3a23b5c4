import { type Pool } from 'pg';
import { createPool } from '../../../libs/db';
import type { Logger } from '../../../libs/config';
import type { PersistPath } from './persist-paths';
import { buildBatch, createBenchZones } from './persist-workload';

/** Writes to pg_class and pg_attribute (inserted + updated + deleted tuples) and their dead tuples. */
export interface CatalogGrowth {
  pg_class: number;
  pg_attribute: number;
  dead_tuples: number;
}

interface CatalogCounters {
  pgClass: number;
  pgAttribute: number;
  dead: number;
}

async function readCounters(pool: Pool): Promise<CatalogCounters> {
  // Statistics of the reading session are cached per transaction; start from a fresh view.
  await pool.query('SELECT pg_stat_clear_snapshot()');
  const result = await pool.query<{ relname: string; writes: string; dead: string }>(
    `SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::text AS writes, n_dead_tup::text AS dead
     FROM pg_stat_sys_tables WHERE relname IN ('pg_class', 'pg_attribute')`,
  );
  const get = (name: string) => result.rows.find((row) => row.relname === name);
  return {
    pgClass: Number(get('pg_class')?.writes ?? 0),
    pgAttribute: Number(get('pg_attribute')?.writes ?? 0),
    dead: result.rows.reduce((sum, row) => sum + Number(row.dead), 0),
  };
}

/**
 * Runs `batches` small batches through `path` on a pool of its own, closes that pool (its
 * sessions then report their statistics and drop their temporary tables), and returns how
 * much the catalogs were written meanwhile. Temporary tables per connection show up as a
 * small constant; a temporary table per batch grows with the batch count.
 */
export async function measureCatalogGrowth(
  url: string,
  admin: Pool,
  log: Logger,
  label: string,
  path: PersistPath,
  options: { batches: number; size: number; connections: number },
): Promise<CatalogGrowth> {
  const pool = createPool(url, options.connections, log);
  const zones = await createBenchZones(admin, `catalog-${label}`, options.size);
  const before = await readCounters(admin);
  try {
    for (let i = 0; i < options.batches; i++) {
      await path(pool, zones, buildBatch(zones, `catalog-${label}`, options.size, i));
    }
  } finally {
    await pool.end();
  }
  // Exiting sessions flush their statistics asynchronously; give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const after = await readCounters(admin);
  return {
    pg_class: after.pgClass - before.pgClass,
    pg_attribute: after.pgAttribute - before.pgAttribute,
    dead_tuples: Math.max(0, after.dead - before.dead),
  };
}
