import { describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { createClient, migrate } from '../../libs/db';
import { useTestDatabase } from '../support/test-database';

/** node-pg-migrate's advisory lock id (its PG_MIGRATE_LOCK_ID). */
const MIGRATE_LOCK = '7241865325823964';
const log = createLogger('silent');

/**
 * Processes started together (npm run cluster's workers and API instances) each migrate on
 * start; node-pg-migrate refuses while another holds its lock. migrate() waits instead.
 */
describe('migrate while another process migrates', () => {
  const db = useTestDatabase();

  it('when another session holds the migration lock, then migrate waits for it instead of failing', async () => {
    const holder = createClient({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
      let settled = false;
      const migrating = migrate(db.url, log).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(settled).toBe(false);
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
      await expect(migrating).resolves.toBeUndefined();
    } finally {
      await holder.end();
    }
  });

  it('when six processes migrate at once, then all succeed and none leaves a connection open behind it', async () => {
    const connections = async () =>
      (
        await db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        )
      ).rows[0]?.n;
    const before = await connections();
    await expect(Promise.all(Array.from({ length: 6 }, () => migrate(db.url, log)))).resolves.toHaveLength(6);
    // Each run, refused for the lock or not, has closed its connection when migrate() returns: a
    // connection still closing then dies uncaught when the server terminates it.
    expect(await connections()).toBe(before);
    // And a server-side end of every other connection to the database now (as dropping a test
    // database or a failover does) reaches nothing of migrate's: no uncaught 'error' event.
    await db.pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
});
