import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidScanResultError, persistScanResult, type ScanResult } from '../../libs/db';
import type { Finding } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

function finding(kind: string, overrides: Partial<Finding> = {}): Finding {
  return { kind, subject: 'example.test', severity: 'moderate', title: `title of ${kind}`, details: { n: 1 }, ...overrides };
}

describe('persistScanResult', () => {
  let db: TestDatabase;
  let zoneId: string;
  let run = 0;

  function scan(outcomes: ScanResult['outcomes'], at = new Date()): ScanResult {
    run += 1;
    return { workflowId: `scan:${zoneId}:${run}`, runId: `run-${run}`, zoneId, lane: 'fast', startedAt: at, finishedAt: at, outcomes };
  }

  async function insights() {
    const result = await db.pool.query<{ kind: string; status: string; reopen_count: number }>(
      'SELECT kind, status, reopen_count FROM insights WHERE zone_id = $1 ORDER BY kind',
      [zoneId],
    );
    return result.rows;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('when the same result is applied twice, then the second application changes nothing', async () => {
    const result = scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }]);
    expect(await persistScanResult(db.pool, result)).toEqual({ insightCount: 2, duplicate: false });
    const before = await db.pool.query('SELECT * FROM insights ORDER BY id');
    expect(await persistScanResult(db.pool, result)).toEqual({ insightCount: 2, duplicate: true });
    expect((await db.pool.query('SELECT * FROM insights ORDER BY id')).rows).toEqual(before.rows);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM scans')).rows[0].n).toBe(1);
  });

  it('when a completed checker no longer finds an insight, then it resolves, and reopens when found again', async () => {
    await persistScanResult(db.pool, scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }]));
    await persistScanResult(db.pool, scan([{ checker: 'dns', status: 'completed', findings: [finding('caa-missing')] }]));
    expect(await insights()).toEqual([
      { kind: 'caa-missing', status: 'open', reopen_count: 0 },
      { kind: 'spf-missing', status: 'resolved', reopen_count: 0 },
    ]);
    await persistScanResult(db.pool, scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }]));
    expect(await insights()).toEqual([
      { kind: 'caa-missing', status: 'open', reopen_count: 0 },
      { kind: 'spf-missing', status: 'open', reopen_count: 1 },
    ]);
  });

  it('when a checker failed, then its open insights stay open and the scan is recorded as partial', async () => {
    await persistScanResult(db.pool, scan([
      { checker: 'dns', status: 'completed', findings: [finding('spf-missing')] },
      { checker: 'http', status: 'completed', findings: [finding('hsts-missing')] },
    ]));
    await persistScanResult(db.pool, scan([
      { checker: 'dns', status: 'failed', error: 'resolver timed out' },
      { checker: 'http', status: 'completed', findings: [] },
    ]));
    expect(await insights()).toEqual([
      { kind: 'hsts-missing', status: 'resolved', reopen_count: 0 },
      { kind: 'spf-missing', status: 'open', reopen_count: 0 },
    ]);
    const last = await db.pool.query('SELECT outcome, error FROM scans ORDER BY id DESC LIMIT 1');
    expect(last.rows[0]).toEqual({ outcome: 'partial', error: 'dns: resolver timed out' });
  });

  it('when a finding is malformed, then nothing of the scan is written', async () => {
    const bad = scan([{ checker: 'dns', status: 'completed', findings: [finding('ok'), finding('bad', { severity: 'urgent' as never })] }]);
    await expect(persistScanResult(db.pool, bad)).rejects.toBeInstanceOf(InvalidScanResultError);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM scans')).rows[0].n).toBe(0);
    expect(await insights()).toEqual([]);
  });
});
