import { type Pool } from 'pg';
import { StartupError, type Config, type Logger } from '../config';
import { migrate } from './migrate';
import { createClient, createPool, databaseNameOf, withDatabase } from './pool';

export interface ProvisionedDatabase {
  url: string;
  /** Where the database came from, for the start-up banner. */
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

/**
 * The PostgreSQL server a process uses: DATABASE_URL when set (checked with one connection);
 * otherwise the local server at 127.0.0.1:5432 when it answers, with the database created when
 * missing. Undefined when neither: a production entry point then stops with a clear message
 * (see `connectDatabase`), the dev stack starts an embedded server (libs/devstack).
 * `databaseName` overrides DATABASE_NAME (tests and benchmarks use their own).
 */
export async function findDatabase(
  config: Readonly<Config>,
  log: Logger,
  options: { databaseName?: string } = {},
): Promise<ProvisionedDatabase | undefined> {
  if (config.database.url) {
    await checkConnection(config.database.url, 'DATABASE_URL');
    return { url: config.database.url, source: 'DATABASE_URL', stop: async () => undefined };
  }
  const databaseName = options.databaseName ?? config.database.name;
  const localUrl = config.database.localUrl;
  if (localUrl === undefined || !(await answers(localUrl))) return undefined;
  await createDatabaseIfMissing(localUrl, databaseName, log);
  return { url: withDatabase(localUrl, databaseName), source: 'local', stop: async () => undefined };
}

/** The database of a production process (API, worker): DATABASE_URL or the local server, never an embedded one. */
export async function connectDatabase(config: Readonly<Config>, log: Logger): Promise<ProvisionedDatabase> {
  const found = await findDatabase(config, log);
  if (found) return found;
  const local = config.database.localUrl
    ? `no PostgreSQL answers at ${new URL(config.database.localUrl).host}`
    : 'LOCAL_DATABASE_URL is off';
  throw new StartupError(
    'DATABASE_URL',
    `DATABASE_URL is unset and ${local}. Set DATABASE_URL to your PostgreSQL (npm start runs an embedded one for development).`,
  );
}

/** Creates the database unless it exists; concurrent callers are fine. */
export async function createDatabaseIfMissing(adminUrl: string, name: string, log: Logger): Promise<void> {
  const client = createClient({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
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
  const client = createClient({ connectionString: url, connectionTimeoutMillis: 2000 });
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
  const client = createClient({ connectionString: url, connectionTimeoutMillis: 10_000 });
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

/** A migrated database with the process's pool; `close` ends the pool, then stops what provisioning started. */
export interface OpenDatabase {
  url: string;
  source: ProvisionedDatabase['source'];
  pool: Pool;
  close(): Promise<void>;
}

/** Migrates a found or provisioned database and opens the process's pool on it. */
export async function openDatabase(
  database: ProvisionedDatabase,
  log: Logger,
  poolSize: number,
): Promise<OpenDatabase> {
  // An embedded server started for us must not outlive a failed migration.
  await migrate(database.url, log).catch(async (error: unknown) => {
    await database.stop().catch(() => undefined);
    throw error;
  });
  const pool = createPool(database.url, poolSize, log);
  return {
    url: database.url,
    source: database.source,
    pool,
    close: async () => {
      await pool.end();
      await database.stop();
    },
  };
}
