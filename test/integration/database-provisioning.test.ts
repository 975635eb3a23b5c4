import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../libs/config';
import { createClient, migrate } from '../../libs/db';
import { provisionDatabase } from '../../libs/devstack';
import { freePort } from '../../libs/runtime';
import { assertTestDatabase } from '../support/test-database-guard';
import { useTestDatabase } from '../support/test-database';

const log = createLogger('silent');

describe('schema migrations', () => {
  const db = useTestDatabase();

  it('when migrations run again on a migrated database, then nothing changes and every table exists', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    await migrate(db.url, log);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const tables = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['accounts', 'api_keys', 'insight_audit', 'insights', 'scans', 'zones']),
    );
  });
});

describe('the test-database guard', () => {
  it('when a database name lacks "test", then tests refuse to use it', () => {
    expect(() => assertTestDatabase('postgres://postgres@127.0.0.1:5432/security_insights')).toThrow(
      /must contain "test"/,
    );
    expect(() => assertTestDatabase('postgres://postgres@127.0.0.1:5432/security_insights_test')).not.toThrow();
  });
});

describe('embedded PostgreSQL fallback', () => {
  it('when no server answers locally and DATABASE_URL is unset, then an embedded server starts, serves a migrated database and stops', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'si-embedded-'));
    const closedPort = await freePort();
    const config = loadConfig({
      EMBEDDED_PG_PORT: String(await freePort()),
      LOCAL_DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
    });
    const database = await provisionDatabase(config, log, {
      databaseName: 'embedded_test',
      dataDir,
    });
    try {
      expect(database.source).toBe('embedded');
      await migrate(database.url, log);
      const client = createClient({ connectionString: database.url });
      await client.connect();
      const result = await client.query<{ db: string; zones: number }>(
        'SELECT current_database() AS db, (SELECT count(*)::int FROM zones) AS zones',
      );
      await client.end();
      expect(result.rows[0]).toEqual({ db: 'embedded_test', zones: 0 });
    } finally {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
