import type { Pool } from 'pg';
import { type Config, type Logger, dataDirPath } from '../../../libs/config';
import {
  createDatabaseIfMissing,
  createPool,
  databaseNameOf,
  insertZones,
  migrate,
  withDatabase,
} from '../../../libs/db';
import { provisionDatabase } from '../../../libs/devstack';

/** A database of the bench's own (`<DATABASE_NAME>_bench_schedule`): it truncates zones freely. */
export async function openBenchDatabase(
  config: Readonly<Config>,
  log: Logger,
): Promise<{ pool: Pool; name: string; stop(): Promise<void> }> {
  const base = await provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) });
  const name = `${databaseNameOf(base.url)}_bench_schedule`.slice(0, 63);
  await createDatabaseIfMissing(base.url, name, log);
  const url = withDatabase(base.url, name);
  await migrate(url, log);
  const pool = createPool(url, 10, log);
  return {
    pool,
    name,
    stop: async () => {
      await pool.end();
      await base.stop();
    },
  };
}

/**
 * Adds `zones` zones in `accounts` accounts of Zipf-like sizes (a few big accounts, many small
 * ones: what makes cascades hurt). `jitter`: first scans spread over one frequency (ours);
 * otherwise all due now (the naive scheduler's data).
 */
export async function seedBenchZones(
  pool: Pool,
  options: {
    zones: number;
    accounts: number;
    frequencySeconds: number;
    jitter: boolean;
    label: string;
    /** The accounts' plan (default free). */
    plan?: string;
  },
): Promise<void> {
  const weights = Array.from({ length: options.accounts }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let remaining = options.zones;
  for (const [index, weight] of weights.entries()) {
    const size =
      index === weights.length - 1
        ? remaining
        : Math.min(remaining, Math.max(1, Math.round((options.zones * weight) / total)));
    remaining -= size;
    if (size <= 0) continue;
    const account = await pool.query<{ id: string }>(`INSERT INTO accounts (name, plan) VALUES ($1, $2) RETURNING id`, [
      `${options.label}-account-${index}`,
      options.plan ?? 'free',
    ]);
    const names = Array.from({ length: size }, (_, g) => `${options.label}-${index}-${g + 1}.bench.example.com`);
    // Without jitter every first scan is due now: spread over a frequency of 0.
    await insertZones(pool, account.rows[0]?.id as string, names, options.jitter ? options.frequencySeconds : 0);
  }
}

/** Starts per bucket over [fromMs, fromMs + buckets × bucketMs). */
export function bucketize(timesMs: number[], fromMs: number, buckets: number, bucketMs: number): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (const at of timesMs) {
    const index = Math.floor((at - fromMs) / bucketMs);
    if (index >= 0 && index < buckets) counts[index] = (counts[index] as number) + 1;
  }
  return counts;
}
