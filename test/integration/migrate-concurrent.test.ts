import { describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { migrate } from '../../libs/db';
import { useTestDatabase } from '../support/test-database';

describe('migrations from processes starting together', () => {
  const db = useTestDatabase();

  it('when several processes migrate one database at once, then each waits for the lock instead of failing', async () => {
    const log = createLogger('silent');
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => migrate(db.url, log)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const applied = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(applied.rows[0]?.n).toBeGreaterThan(0);
  });
});
