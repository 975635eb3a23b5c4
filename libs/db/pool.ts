import { Pool } from 'pg';
import type { Logger } from '../config';

/**
 * A connection pool whose idle-connection errors are logged instead of crashing the process.
 * `applicationName` shows in pg_stat_activity, so an operator can tell our processes apart.
 */
export function createPool(url: string, max: number, log: Logger, applicationName = 'security-insights'): Pool {
  const pool = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    application_name: applicationName,
  });
  pool.on('error', (error) => {
    log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool will open a new one');
  });
  return pool;
}

/** The database name of a connection URL. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Returns the URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
