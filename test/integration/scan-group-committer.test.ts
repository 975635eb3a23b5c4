import { loadConfig, createLogger } from '../../libs/config';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createScanActivities } from '../../activities';
import { createScanCommitter, ScanResultRejectedError, type ScanCommitter } from '../../libs/db';
import { ERROR_TYPES } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

describe('scan group committer', () => {
  const db = useTestDatabase();
  let zoneIds: string[];
  let committer: ScanCommitter;
  const log = createLogger('silent');
  const scanOf = (zoneId: string, subject = 'example.test') =>
    buildScan(zoneId, [{ checker: 'dns', status: 'completed', findings: [buildFinding('spf-missing', { subject })] }]);

  beforeAll(async () => {
    // A rule a later migration might add: PostgreSQL, not our validation, refuses the row.
    await db.pool.query(
      `ALTER TABLE insights ADD CONSTRAINT test_no_forbidden_subject CHECK (subject <> 'forbidden.example')`,
    );
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneIds = (await buildAccountWithZones(db.pool, { count: 5 })).zoneIds;
    committer = createScanCommitter(db.pool, { maxRows: 1000, maxWaitMs: 200, writer: { copyThreshold: 3 }, log });
  });
  afterEach(async () => {
    await committer.close();
  });

  it('when scans arrive together, then they are committed in one transaction and each resolves after its rows are visible', async () => {
    const results = await Promise.all(
      zoneIds.map(async (zoneId) => {
        const outcome = await committer.submit(scanOf(zoneId));
        // Read through another connection at the moment this activity would complete.
        const seen = await db.pool.query('SELECT count(*)::int AS n FROM insights WHERE zone_id = $1', [zoneId]);
        return { outcome, visible: seen.rows[0].n };
      }),
    );
    expect(results).toEqual(zoneIds.map(() => ({ outcome: { insightCount: 1, duplicate: false }, visible: 1 })));
    // Rows written by one transaction share its id.
    const transactions = await db.pool.query('SELECT count(DISTINCT xmin::text)::int AS n FROM scans');
    expect(transactions.rows[0].n).toBe(1);
  });

  it('when a group reaches maxRows, then it is flushed without waiting for maxWaitMs', async () => {
    await committer.close();
    committer = createScanCommitter(db.pool, { maxRows: 2, maxWaitMs: 60_000, writer: { copyThreshold: 3 }, log });
    const outcomes = await Promise.all([
      committer.submit(scanOf(zoneIds[0] as string)),
      committer.submit(scanOf(zoneIds[1] as string)),
    ]);
    expect(outcomes).toEqual([
      { insightCount: 1, duplicate: false },
      { insightCount: 1, duplicate: false },
    ]);
  });

  it('when one result of a group is refused by PostgreSQL, then only its submit fails, with a clear error, and the others commit', async () => {
    const bad = scanOf(zoneIds[2] as string, 'forbidden.example');
    const settled = await Promise.allSettled(
      zoneIds.map((zoneId) => committer.submit(zoneId === zoneIds[2] ? bad : scanOf(zoneId))),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const reason = (settled[2] as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(ScanResultRejectedError);
    expect(reason.message).toContain(
      `PostgreSQL refused the result of scan:${bad.workflowId} for zone ${zoneIds[2]} (SQLSTATE 23514)`,
    );
    expect(reason.message).toContain('test_no_forbidden_subject');
    const written = await db.pool.query<{ zone_id: string }>('SELECT zone_id FROM scans ORDER BY zone_id');
    expect(written.rows.map((r) => r.zone_id)).toEqual(zoneIds.filter((id) => id !== zoneIds[2]).sort());
  });

  it('when a malformed result is submitted, then it is refused at once and its neighbours are unaffected', async () => {
    const malformed = buildScan(zoneIds[0] as string, [
      { checker: 'dns', status: 'completed', findings: [buildFinding('x', { subject: 'a\u0000' })] },
    ]);
    const good = committer.submit(scanOf(zoneIds[1] as string));
    await expect(committer.submit(malformed)).rejects.toThrow(/finding 0: subject contains a NUL character/);
    await expect(good).resolves.toEqual({ insightCount: 1, duplicate: false });
  });

  it('when the same result is submitted again (an activity retry), then it is reported as a duplicate and nothing changes', async () => {
    const result = scanOf(zoneIds[0] as string);
    await committer.submit(result);
    const before = await db.pool.query('SELECT * FROM insights ORDER BY id');
    await expect(committer.submit(result)).resolves.toEqual({ insightCount: 1, duplicate: true });
    expect((await db.pool.query('SELECT * FROM insights ORDER BY id')).rows).toEqual(before.rows);
  });

  it('when the persist activity gets a refused or malformed result, then it fails non-retryably with a stable type', async () => {
    const activities = createScanActivities({
      checkers: new Map(),
      committer,
      lanePolicy: loadConfig({}).lanes.policy,
    });
    const input = (zoneId: string, subject: string) => ({
      zoneId,
      workflowId: `wf-${subject}`,
      runId: 'run',
      lane: 'fast' as const,
      startedAtMs: Date.now(),
      outcomes: [
        { checker: 'dns', status: 'completed' as const, findings: [buildFinding('spf-missing', { subject })] },
      ],
    });
    const refused = await activities
      .persistScan(input(zoneIds[0] as string, 'forbidden.example'))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: ERROR_TYPES.scanResultRejected, nonRetryable: true });
    const malformed = await activities.persistScan(input(zoneIds[1] as string, '\uD800')).catch((e: unknown) => e);
    expect(malformed).toMatchObject({
      type: ERROR_TYPES.invalidScanResult,
      nonRetryable: true,
      message: expect.stringContaining('unpaired UTF-16 surrogate'),
    });
    await expect(activities.persistScan(input(zoneIds[3] as string, 'fine.example'))).resolves.toEqual({
      insightCount: 1,
    });
  });
});
