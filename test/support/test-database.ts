import { randomBytes } from 'node:crypto';
import { type Pool } from 'pg';
import { inject } from 'vitest';
import { createLogger } from '../../libs/config';
import { createClient, createPool, databaseNameOf, withDatabase } from '../../libs/db';
import { assertTestDatabase } from './test-database-guard';
import { useSuiteResource } from './suite-resource';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, cloned from the migrated template: files run in
 * parallel without seeing each other's zones, and each starts from an empty schema.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = inject('templateDatabaseUrl');
  const template = databaseNameOf(templateUrl);
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(templateUrl, name);
  assertTestDatabase(url);
  await adminQuery(templateUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const pool = createPool(url, 10, createLogger('silent'), 'security-insights-test');
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await adminQuery(templateUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** What a test reads of its database: the pool, and the URL for processes it starts. */
export type TestDatabaseHandle = Pick<TestDatabase, 'url' | 'pool'>;

/**
 * The calling suite's own database (the file's, at its top level): cloned before its first
 * test, dropped after its last. Data left by one test is seen by the next unless the suite
 * truncates in its own beforeEach.
 */
export function useTestDatabase(): TestDatabaseHandle {
  const current = useSuiteResource('the test database', createTestDatabase, (db) => db.drop());
  return {
    get url() {
      return current().url;
    },
    get pool() {
      return current().pool;
    },
  };
}

async function adminQuery(templateUrl: string, sql: string): Promise<void> {
  // Connect to the maintenance database: cloning needs the template to have no sessions.
  const client = createClient({ connectionString: withDatabase(templateUrl, 'postgres') });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        // 55006: another file is cloning the template at this moment; try again shortly.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

/** Drops and re-creates the (empty) template database and drops leftover clones of it. */
export async function recreateTemplate(templateUrl: string): Promise<void> {
  assertTestDatabase(templateUrl);
  const template = databaseNameOf(templateUrl);
  const client = createClient({ connectionString: withDatabase(templateUrl, 'postgres') });
  await client.connect();
  try {
    const leftovers = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname ~ ('^' || $1 || '_[0-9a-f]{8}$')`,
      [template],
    );
    for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
  } finally {
    await client.end();
  }
}
