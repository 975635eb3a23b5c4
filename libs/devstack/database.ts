import type { Pool } from 'pg';
import { dataDirPath, type Config, type Logger } from '../config';
import {
  createDatabaseIfMissing,
  findDatabase,
  openDatabase,
  withDatabase,
  type OpenDatabase,
  type ProvisionedDatabase,
} from '../db';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Finds or starts a PostgreSQL server for development, the CLI, benchmarks and tests:
 * DATABASE_URL or the local server (see `findDatabase`); otherwise an embedded server under
 * DATA_DIR. Creates the database when missing.
 */
export async function provisionDatabase(
  config: Readonly<Config>,
  log: Logger,
  options: { databaseName?: string; dataDir: string },
): Promise<ProvisionedDatabase> {
  const found = await findDatabase(config, log, options);
  if (found) return found;
  log.info('no PostgreSQL answers at 127.0.0.1:5432 and DATABASE_URL is unset: starting an embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: config.database.embeddedPort, log });
  const databaseName = options.databaseName ?? config.database.name;
  await createDatabaseIfMissing(embedded.adminUrl, databaseName, log);
  return { url: withDatabase(embedded.adminUrl, databaseName), source: 'embedded', stop: embedded.stop };
}

/** A database opened on first use (provisioned, migrated, pooled): a command that never needs one starts nothing. */
export function openDatabaseLazily(
  config: Readonly<Config>,
  log: Logger,
): { pool(): Promise<Pool>; close(): Promise<void> } {
  let database: Promise<OpenDatabase> | undefined;
  return {
    async pool() {
      database ??= provisionDatabase(config, log, { dataDir: dataDirPath(config.dataDir) }).then((found) =>
        openDatabase(found, log, config.database.poolSize),
      );
      return (await database).pool;
    },
    async close() {
      if (database)
        await database.then(
          (open) => open.close(),
          () => undefined,
        );
    },
  };
}
