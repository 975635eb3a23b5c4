import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { createLogger, dataDirPath, loadConfig, StartupError, type Config, type Logger } from '../../libs/config';
import { createPool, migrate, provisionDatabase } from '../../libs/db';

/** What a CLI command works with; opened lazily, so `--help` needs no services. */
export interface CliContext {
  config: Readonly<Config>;
  log: Logger;
  /** PostgreSQL, provisioned and migrated like `npm start` does. */
  pool(): Promise<Pool>;
  /** A Temporal client for TEMPORAL_ADDRESS, or the dev server `npm start` runs. */
  temporal(): Promise<Client>;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'security-insights-cli');
  const closers: Array<() => Promise<void>> = [];
  let pool: Pool | undefined;
  let client: Client | undefined;
  return {
    config,
    log,
    async pool() {
      if (!pool) {
        const database = await provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) });
        closers.push(database.stop);
        await migrate(database.url, log);
        pool = createPool(database.url, config.database.poolSize, log);
        const opened = pool;
        closers.push(() => opened.end());
      }
      return pool;
    },
    async temporal() {
      if (!client) {
        const address = config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
        const connection = await Connection.connect({ address, connectTimeout: 5000 }).catch((error: unknown) => {
          throw new StartupError(
            'TEMPORAL_ADDRESS',
            `TEMPORAL_ADDRESS: no Temporal server answers at ${address} (${error instanceof Error ? error.message : String(error)}). Start the system with npm start, or set TEMPORAL_ADDRESS.`,
          );
        });
        closers.push(() => connection.close());
        client = new Client({ connection, namespace: config.temporal.namespace });
      }
      return client;
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}
