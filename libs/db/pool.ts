import { once } from 'node:events';
import { Client, Pool, type ClientConfig, type PoolClient } from 'pg';
import type { Logger } from '../config';

/** How long `end()` waits for the last connections to close before it gives up waiting. */
const DISCONNECT_WAIT_MS = 5_000;

/**
 * A connection pool whose idle-connection errors are logged instead of crashing the process.
 * `applicationName` shows in pg_stat_activity, so an operator can tell our processes apart.
 *
 * Its `end()` resolves only once every connection has closed. pg-pool's own `end()` resolves
 * as soon as it has *asked* its clients to disconnect; whoever stops the server right after
 * (the embedded PostgreSQL on Ctrl-C, a test dropping its database) then cuts connections
 * that are still closing, and each one surfaced as a spurious "idle connection failed" error.
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
  // pg-pool listens for errors only while a client is idle. One checked out and held between
  // queries (an advisory lock, a transaction) whose connection dies emits 'error' with no
  // listener, which ends the process (a worker died this way when the durability test cut its
  // connections). The failure still reaches its holder through the next query.
  pool.on('connect', (client) => client.on('error', () => undefined));
  waitForDisconnectsOnEnd(pool);
  return pool;
}

function waitForDisconnectsOnEnd(pool: Pool): void {
  // 'remove' is emitted once a client's own end() has completed (its socket is closed).
  const open = new Set<PoolClient>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  const endPool = pool.end.bind(pool) as () => Promise<void>;
  const end = async (): Promise<void> => {
    await endPool();
    const deadline = AbortSignal.timeout(DISCONNECT_WAIT_MS);
    while (open.size > 0 && !deadline.aborted) {
      await once(pool, 'remove', { signal: deadline }).catch(() => undefined);
    }
  };
  // Keeps pg's callback form working for any caller that uses it.
  pool.end = ((callback?: () => void) => {
    const ended = end();
    if (!callback) return ended;
    ended.then(callback, callback);
    return undefined;
  }) as Pool['end'];
}

/**
 * A single connection for a short admin task (create a database, probe a server). A `pg`
 * Client emits 'error' when its socket fails, besides failing the query in flight; without a
 * listener that event crashes the process (seen: a whole test run ended by one ECONNRESET).
 * The failure still reaches the caller through the query or `end()` it awaits.
 */
export function createClient(config: ClientConfig): Client {
  const client = new Client(config);
  client.on('error', () => undefined);
  return client;
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
