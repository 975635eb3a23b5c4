import { describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { createPool, persistScanResult } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

describe('the COPY path temporary table', () => {
  const db = useTestDatabase();

  it('when many batches go through COPY on one connection, then one temporary table is created once, reused, and left empty', async () => {
    const zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
    // One connection: every query below runs in the writer's own session.
    const pool = createPool(db.url, 1, createLogger('silent'));
    try {
      const table = async () =>
        (
          await pool.query<{ oid: number; relfilenode: number; rows: number }>(
            `SELECT c.oid::int, c.relfilenode::int, (SELECT count(*) FROM insight_batch)::int AS rows
             FROM pg_class AS c WHERE c.relname = 'insight_batch' AND c.relpersistence = 't' AND pg_table_is_visible(c.oid)`,
          )
        ).rows;
      await persistScanResult(
        pool,
        buildScan(zoneId, [{ checker: 'dns', status: 'completed', findings: [buildFinding('a')] }]),
        { copyThreshold: 0 },
      );
      const first = await table();
      expect(first).toHaveLength(1);
      expect(first[0]?.rows).toBe(0);
      for (let i = 0; i < 20; i++) {
        const findings = [buildFinding(`k${i}`), buildFinding(`k${i + 1}`, { subject: 'tab\there' })];
        await persistScanResult(pool, buildScan(zoneId, [{ checker: 'dns', status: 'completed', findings }]), {
          copyThreshold: 0,
        });
      }
      // Same table, same file: neither re-created nor truncated into a new relfilenode.
      expect(await table()).toEqual(first);
      const open = await pool.query(`SELECT kind FROM insights WHERE status = 'open' ORDER BY kind`);
      expect(open.rows).toEqual([{ kind: 'k19' }, { kind: 'k20' }]);
    } finally {
      await pool.end();
    }
  });
});
