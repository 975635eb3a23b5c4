import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createLogger, loadConfig, type Config, type Logger } from '../../libs/config';
import { openDatabaseLazily } from '../../libs/devstack';
import { connectTemporalLazily, SchedulerControl, temporalAddress } from '../../libs/temporal';

/** What a CLI command works with; opened lazily, so `--help` needs no services. */
export interface CliContext {
  config: Readonly<Config>;
  log: Logger;
  /** PostgreSQL, provisioned and migrated like `npm start` does. */
  pool(): Promise<Pool>;
  /** The deployment's scheduler, through TEMPORAL_ADDRESS or the dev server `npm start` runs. */
  scheduler(): SchedulerControl;
  /** A Temporal client on TEMPORAL_ADDRESS (or the dev server), and that address for messages. */
  temporal(): { connect: () => Promise<Client>; address: string };
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'security-insights-cli');
  const address = temporalAddress(config);
  const connect = connectTemporalLazily(address, config.temporal.namespace, 5000);
  const database = openDatabaseLazily(config, log);
  let scheduler: SchedulerControl | undefined;
  let connected = false;
  return {
    config,
    log,
    pool: database.pool,
    scheduler() {
      scheduler ??= new SchedulerControl({
        connect,
        taskQueuePrefix: config.taskQueuePrefix,
        namespace: config.temporal.namespace,
        address,
      });
      return scheduler;
    },
    temporal() {
      connected = true;
      return { connect, address };
    },
    async close() {
      if (scheduler || connected)
        await connect().then(
          (client) => client.connection.close(),
          () => undefined,
        );
      await database.close();
    },
  };
}
