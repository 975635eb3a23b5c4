import path from 'node:path';
import { runner } from 'node-pg-migrate';
import { projectRoot, type Logger } from '../config';
import { createClient } from './pool';

/** node-pg-migrate's refusal when another process holds its advisory lock (it does not wait). */
const LOCK_HELD = /Another migration is already running/;
/** How long a process waits for another one's migration run before giving up. */
const LOCK_WAIT_MS = 120_000;

/**
 * Applies every pending migration from libs/db/migrations. Safe to run concurrently: processes
 * started together (npm run cluster, several worker processes, compose's workers after
 * `migrate`) each migrate on start, and node-pg-migrate refuses, rather than waits, while
 * another holds its lock; so a refused run waits and tries again, and then finds nothing (or
 * what is left) to apply.
 */
export async function migrate(databaseUrl: string, log: Logger): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(databaseUrl, log);
    } catch (error) {
      if (!LOCK_HELD.test(String(error))) throw error;
      if (Date.now() > deadline) {
        throw new Error(
          `another process has held the migration lock of the database for over ${LOCK_WAIT_MS / 1000} s; ` +
            'look for a stuck migration (pg_locks, advisory lock) or a process still starting, then start this one again',
          { cause: error },
        );
      }
      if (attempt === 1)
        log.info({ component: 'migrate' }, 'another process is migrating the database: waiting for it');
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)));
    }
  }
}

/**
 * One run of node-pg-migrate on a connection of ours: given a URL, it opens a `pg` Client of its
 * own with no 'error' listener and does not wait for it to close, so a run refused for the lock
 * (or one just finished) left a closing connection behind that a server-side termination turned
 * into an uncaught exception (seen in CI when a test database was dropped).
 */
async function migrateOnce(databaseUrl: string, log: Logger): Promise<void> {
  const client = createClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: path.join(projectRoot(), 'libs', 'db', 'migrations'),
      migrationsTable: 'schema_migrations',
      direction: 'up',
      count: Infinity,
      checkOrder: true,
      log: (message: string) => log.debug({ component: 'migrate' }, message),
    });
    if (applied.length > 0) log.info({ migrations: applied.map((m) => m.name) }, 'database schema migrated');
  } finally {
    await client.end().catch(() => undefined);
  }
}
