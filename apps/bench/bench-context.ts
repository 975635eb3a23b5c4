import type { Pool } from 'pg';
import { createLogger, loadConfig, type Config, type Logger } from '../../libs/config';
import { openDatabaseLazily } from '../../libs/devstack';

/** What a benchmark works with; the database is opened only by the benchmarks that use it. */
export interface BenchContext {
  config: Readonly<Config>;
  log: Logger;
  /** The configured database (DATABASE_URL, the local server or an embedded one), migrated. */
  pool(): Promise<Pool>;
  close(): Promise<void>;
}

export function createBenchContext(): BenchContext {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'security-insights-bench');
  const database = openDatabaseLazily(config, log);
  return {
    config,
    log,
    pool: database.pool,
    async close() {
      await database.close();
    },
  };
}
