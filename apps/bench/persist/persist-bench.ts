import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { Logger } from '../../../libs/config';
import { createPool } from '../../../libs/db';
import { measureCatalogGrowth } from './persist-catalog';
import {
  CREATE_RAW_TABLE,
  naiveCopyPath,
  perRowPath,
  rawCopyPath,
  writerPath,
  type PersistPath,
} from './persist-paths';
import type { PathName, PersistBenchReport, SizeResult } from './persist-report';
import { buildBatch, createBenchZones, type BenchZones } from './persist-workload';

export interface PersistBenchOptions {
  sizes: number[];
  threshold: number;
  catalogBatches: number;
  /** Progress for the operator, one line per step (stderr, so --json stdout stays clean). */
  progress(line: string): void;
}

/** The seed's per-row baseline takes minutes above this size, and the issue allows skipping it. */
const PER_ROW_MAX_SIZE = 10_000;

/** Timed batches per size: enough rows for a stable rate, at least 5 batches. */
function iterationsFor(size: number): number {
  return Math.min(300, Math.max(5, Math.ceil(30_000 / size)));
}

/**
 * Runs every path at every size on one database. Each path writes to zones of its own; an
 * untimed first batch creates the insights, the timed ones are re-scans (90 % found again,
 * 10 % new, 10 % resolved). Paths take turns batch by batch, so drift on a shared machine
 * hits them alike.
 */
export async function runPersistBench(
  url: string,
  log: Logger,
  options: PersistBenchOptions,
): Promise<PersistBenchReport> {
  const admin = createPool(url, 2, log);
  const pool = createPool(url, 2, log);
  try {
    await admin.query(CREATE_RAW_TABLE);
    const paths: Array<[PathName, PersistPath]> = [
      ['per_row', perRowPath],
      ['unnest', writerPath(Number.POSITIVE_INFINITY)],
      ['copy', writerPath(0)],
      ['hybrid', writerPath(options.threshold)],
      ['raw_copy', rawCopyPath],
    ];
    const results: SizeResult[] = [];
    for (const size of options.sizes) {
      results.push(await runSize(admin, pool, size, paths, options));
    }
    options.progress(`catalog growth: ${options.catalogBatches} batches of 10 rows per path`);
    const catalog_growth: PersistBenchReport['catalog_growth'] = {};
    const catalogPaths: Array<[string, PersistPath]> = [
      ['unnest', writerPath(Number.POSITIVE_INFINITY)],
      ['copy', writerPath(0)],
      ['hybrid', writerPath(options.threshold)],
      ['naive_copy', naiveCopyPath],
    ];
    for (const [name, path] of catalogPaths) {
      catalog_growth[name] = await measureCatalogGrowth(url, admin, log, name, path, {
        batches: options.catalogBatches,
        size: 10,
        connections: 2,
      });
    }
    return { bench: 'persist', results, catalog_growth };
  } finally {
    await pool.end();
    await admin.end();
  }
}

async function runSize(
  admin: Pool,
  pool: Pool,
  size: number,
  paths: Array<[PathName, PersistPath]>,
  options: PersistBenchOptions,
): Promise<SizeResult> {
  const active = paths.filter(([name]) => name !== 'per_row' || size <= PER_ROW_MAX_SIZE);
  const zones = new Map<PathName, BenchZones>();
  for (const [name, path] of active) {
    const z = await createBenchZones(admin, name, size);
    zones.set(name, z);
    await path(pool, z, buildBatch(z, name, size, 0));
  }
  await admin.query('ANALYZE insights');
  const iterations = iterationsFor(size);
  options.progress(`size ${size}: ${iterations} timed batches per path`);
  const elapsed = new Map<PathName, number>(active.map(([name]) => [name, 0]));
  for (let k = 1; k <= iterations; k++) {
    for (let p = 0; p < active.length; p++) {
      const [name, path] = active[(p + k) % active.length] as [PathName, PersistPath];
      const z = zones.get(name) as BenchZones;
      const batch = buildBatch(z, name, size, k);
      const start = performance.now();
      await path(pool, z, batch);
      elapsed.set(name, (elapsed.get(name) as number) + (performance.now() - start));
    }
  }
  const rate = (name: PathName) => {
    const ms = elapsed.get(name);
    return ms === undefined ? null : (size * iterations) / (ms / 1000);
  };
  return {
    size,
    per_row: rate('per_row'),
    unnest: rate('unnest'),
    copy: rate('copy'),
    hybrid: rate('hybrid'),
    raw_copy: rate('raw_copy'),
  };
}
