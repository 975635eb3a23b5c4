import type { Pool } from 'pg';
import { createLogger, dataDirPath, loadConfig, type Config, type Logger } from '../../libs/config';
import { openDatabase, type OpenDatabase } from '../../libs/db';
import { provisionDatabase } from '../../libs/devstack';

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
  let database: Promise<OpenDatabase> | undefined;
  return {
    config,
    log,
    async pool() {
      database ??= provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) }).then((found) =>
        openDatabase(found, log, config.database.poolSize),
      );
      return (await database).pool;
    },
    async close() {
      if (database) await database.then((open) => open.close(), () => undefined);
    },
  };
}
