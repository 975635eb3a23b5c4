import { createHash } from 'node:crypto';
import { projectRoot } from '../../libs/config';
import { databaseNameOf } from '../../libs/db';

/**
 * The migrated template database of a test run. Each checkout gets its own by default (a hash
 * of its path), because a run drops and re-creates its template and the leftover clones of
 * it: two checkouts sharing one name destroyed each other's databases mid-run.
 * TEST_DATABASE_NAME overrides it.
 */
export const TEST_DATABASE_NAME =
  process.env.TEST_DATABASE_NAME ??
  `security_insights_test_${createHash('sha1').update(projectRoot()).digest('hex').slice(0, 6)}`;

/** Refuses to let tests touch a database whose name lacks "test": they drop and truncate freely. */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!name.includes('test')) {
    throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  }
}
