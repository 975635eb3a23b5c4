import { Pool } from 'pg';
import type { Logger } from '../config';

/** A connection pool whose idle-connection errors are logged instead of crashing the process. */
export function createPool(url: string, max: number, log: Logger): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, application_name: 'security-insights' });
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
