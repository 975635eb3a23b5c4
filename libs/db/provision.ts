import { Client } from 'pg';
import { StartupError, type Config, type Logger } from '../config';
import { databaseNameOf, withDatabase } from './pool';
import { startEmbeddedPostgres } from './embedded-postgres';

/** The local server that a developer machine usually has; used when DATABASE_URL is unset. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ProvisionedDatabase {
  url: string;
  /** Where the database came from, for the start-up banner. */
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

/**
 * Finds or starts a PostgreSQL server: DATABASE_URL when set; otherwise the local server at
 * 127.0.0.1:5432 when it answers; otherwise an embedded server under DATA_DIR. Creates the
 * database when missing. `databaseName` overrides DATABASE_NAME (tests use their own).
 */
export async function provisionDatabase(
  config: Readonly<Config>,
  log: Logger,
  options: { databaseName?: string; dataDir: string; localUrl?: string },
): Promise<ProvisionedDatabase> {
  if (config.database.url) {
    await checkConnection(config.database.url, 'DATABASE_URL');
    return { url: config.database.url, source: 'DATABASE_URL', stop: async () => undefined };
  }
  const databaseName = options.databaseName ?? config.database.name;
  const localUrl = options.localUrl ?? LOCAL_POSTGRES_URL;
  if (await answers(localUrl)) {
    await createDatabaseIfMissing(localUrl, databaseName, log);
    return { url: withDatabase(localUrl, databaseName), source: 'local', stop: async () => undefined };
  }
  log.info('no PostgreSQL answers at 127.0.0.1:5432 and DATABASE_URL is unset: starting an embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: config.database.embeddedPort, log });
  await createDatabaseIfMissing(embedded.adminUrl, databaseName, log);
  return { url: withDatabase(embedded.adminUrl, databaseName), source: 'embedded', stop: embedded.stop };
}

/** Creates the database unless it exists; concurrent callers are fine. */
export async function createDatabaseIfMissing(adminUrl: string, name: string, log: Logger): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Identifiers cannot be parameters; the name was validated as a plain identifier.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
      log.info({ database: name }, 'created database');
    }
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects once and fails with a StartupError that names the variable and the server. */
export async function checkConnection(url: string, variable: string): Promise<void> {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || 5432}/${databaseNameOf(url)}`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      variable,
      `${variable}: cannot connect to PostgreSQL at ${where} (${reason}). Check that the server runs and that the URL's user, password and database are right.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
