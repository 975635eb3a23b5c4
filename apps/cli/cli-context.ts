import type { Pool } from 'pg';
import { createLogger, dataDirPath, loadConfig, type Config, type Logger } from '../../libs/config';
import { openDatabase, type OpenDatabase } from '../../libs/db';
import { provisionDatabase } from '../../libs/devstack';
import { connectTemporalLazily, SchedulerControl, temporalAddress } from '../../libs/temporal';

/** What a CLI command works with; opened lazily, so `--help` needs no services. */
export interface CliContext {
  config: Readonly<Config>;
  log: Logger;
  /** PostgreSQL, provisioned and migrated like `npm start` does. */
  pool(): Promise<Pool>;
  /** The deployment's scheduler, through TEMPORAL_ADDRESS or the dev server `npm start` runs. */
  scheduler(): SchedulerControl;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'security-insights-cli');
  const address = temporalAddress(config);
  const connect = connectTemporalLazily(address, config.temporal.namespace, 5000);
  let database: Promise<OpenDatabase> | undefined;
  let scheduler: SchedulerControl | undefined;
  return {
    config,
    log,
    async pool() {
      database ??= provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) }).then((found) =>
        openDatabase(found, log, config.database.poolSize),
      );
      return (await database).pool;
    },
    scheduler() {
      scheduler ??= new SchedulerControl({ connect, taskQueuePrefix: config.taskQueuePrefix, namespace: config.temporal.namespace, address });
      return scheduler;
    },
    async close() {
      if (scheduler) await connect().then((client) => client.connection.close(), () => undefined);
      if (database) await database.then((open) => open.close(), () => undefined);
    },
  };
}
