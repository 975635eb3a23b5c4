import { databaseNameOf } from '../../libs/db';

/** The migrated template database of a test run; TEST_DATABASE_NAME lets parallel checkouts keep apart. */
export const TEST_DATABASE_NAME = process.env.TEST_DATABASE_NAME ?? 'security_insights_test';

/** Refuses to let tests touch a database whose name lacks "test": they drop and truncate freely. */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!name.includes('test')) {
    throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
  }
}
