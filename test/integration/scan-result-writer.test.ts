import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidScanResultError, persistScanResult, persistScanResults } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding as finding, buildScan, readAudit, readInsights } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

// Every rule runs through both halves of the hybrid writer.
describe.each([
  { path: 'UNNEST', copyThreshold: Number.POSITIVE_INFINITY },
  { path: 'COPY', copyThreshold: 0 },
])('persistScanResult through $path', ({ copyThreshold }) => {
  const db = useTestDatabase();
  let zoneId: string;
  const options = { copyThreshold };
  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const scan = (outcomes: Parameters<typeof buildScan>[1], at = new Date()) => buildScan(zoneId, outcomes, at);
  const insights = () => readInsights(db.pool, zoneId);

  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
  });

  it('when the same result is applied twice, then the second application changes nothing, audit trail included', async () => {
    await persistScanResult(
      db.pool,
      scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(1)),
      options,
    );
    const result = scan([{ checker: 'dns', status: 'completed', findings: [finding('caa-missing')] }], t(2));
    expect(await persistScanResult(db.pool, result, options)).toEqual({ insightCount: 1, duplicate: false });
    const before = await db.pool.query('SELECT * FROM insights ORDER BY id');
    const auditBefore = await readAudit(db.pool, zoneId);
    expect(auditBefore).toHaveLength(1);
    expect(await persistScanResult(db.pool, result, options)).toEqual({ insightCount: 1, duplicate: true });
    expect((await db.pool.query('SELECT * FROM insights ORDER BY id')).rows).toEqual(before.rows);
    expect(await readAudit(db.pool, zoneId)).toEqual(auditBefore);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM scans')).rows[0].n).toBe(2);
  });

  it('when a completed checker no longer finds an insight, then it resolves, and reopens when found again, each change audited', async () => {
    const first = scan(
      [{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }],
      t(1),
    );
    const second = scan([{ checker: 'dns', status: 'completed', findings: [finding('caa-missing')] }], t(2));
    await persistScanResult(db.pool, first, options);
    await persistScanResult(db.pool, second, options);
    expect(await insights()).toEqual([
      { kind: 'caa-missing', status: 'open', reopen_count: 0 },
      { kind: 'spf-missing', status: 'resolved', reopen_count: 0 },
    ]);
    const third = scan(
      [{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }],
      t(3),
    );
    await persistScanResult(db.pool, third, options);
    expect(await insights()).toEqual([
      { kind: 'caa-missing', status: 'open', reopen_count: 0 },
      { kind: 'spf-missing', status: 'open', reopen_count: 1 },
    ]);
    expect(await readAudit(db.pool, zoneId)).toEqual([
      {
        kind: 'spf-missing',
        field: 'status',
        old_value: 'open',
        new_value: 'resolved',
        actor: `scan:${second.workflowId}`,
        changed_at: t(2),
      },
      {
        kind: 'spf-missing',
        field: 'status',
        old_value: 'resolved',
        new_value: 'open',
        actor: `scan:${third.workflowId}`,
        changed_at: t(3),
      },
    ]);
    const resolvedAt = await db.pool.query(
      'SELECT resolved_at, last_seen_at, first_seen_at FROM insights WHERE kind = $1',
      ['spf-missing'],
    );
    expect(resolvedAt.rows[0]).toEqual({ resolved_at: null, last_seen_at: t(3), first_seen_at: t(1) });
  });

  it('when a checker failed, then its open insights stay open and the scan is recorded as partial', async () => {
    await persistScanResult(
      db.pool,
      scan([
        { checker: 'dns', status: 'completed', findings: [finding('spf-missing')] },
        { checker: 'http', status: 'completed', findings: [finding('hsts-missing')] },
      ]),
      options,
    );
    await persistScanResult(
      db.pool,
      scan([
        { checker: 'dns', status: 'failed', error: 'resolver timed out' },
        { checker: 'http', status: 'completed', findings: [] },
      ]),
      options,
    );
    expect(await insights()).toEqual([
      { kind: 'hsts-missing', status: 'resolved', reopen_count: 0 },
      { kind: 'spf-missing', status: 'open', reopen_count: 0 },
    ]);
    const last = await db.pool.query('SELECT outcome, error FROM scans ORDER BY id DESC LIMIT 1');
    expect(last.rows[0]).toEqual({ outcome: 'partial', error: 'dns: resolver timed out' });
  });

  it('when an insight is dismissed until a time, then it stays dismissed when seen before that time and reopens when seen after it', async () => {
    await persistScanResult(
      db.pool,
      scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(1)),
      options,
    );
    await db.pool.query(`UPDATE insights SET status = 'dismissed', dismissed_until = $1`, [t(10)]);
    await persistScanResult(
      db.pool,
      scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(5)),
      options,
    );
    expect(await insights()).toEqual([{ kind: 'spf-missing', status: 'dismissed', reopen_count: 0 }]);
    // Not found while dismissed: a dismissal is not an open insight, so nothing resolves it.
    await persistScanResult(db.pool, scan([{ checker: 'dns', status: 'completed', findings: [] }], t(6)), options);
    expect(await insights()).toEqual([{ kind: 'spf-missing', status: 'dismissed', reopen_count: 0 }]);
    const after = scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(10));
    await persistScanResult(db.pool, after, options);
    expect(await insights()).toEqual([{ kind: 'spf-missing', status: 'open', reopen_count: 0 }]);
    expect((await db.pool.query('SELECT dismissed_until FROM insights')).rows[0]).toEqual({ dismissed_until: null });
    expect(await readAudit(db.pool, zoneId)).toEqual([
      {
        kind: 'spf-missing',
        field: 'status',
        old_value: 'dismissed',
        new_value: 'open',
        actor: `scan:${after.workflowId}`,
        changed_at: t(10),
      },
    ]);
  });

  it('when an insight is dismissed without an end, then later scans never reopen it', async () => {
    await persistScanResult(
      db.pool,
      scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(1)),
      options,
    );
    await db.pool.query(`UPDATE insights SET status = 'dismissed', dismissed_until = NULL`);
    await persistScanResult(
      db.pool,
      scan([{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }], t(50)),
      options,
    );
    expect(await insights()).toEqual([{ kind: 'spf-missing', status: 'dismissed', reopen_count: 0 }]);
    expect(await readAudit(db.pool, zoneId)).toEqual([]);
  });

  it('when one batch holds two scans of the same zone, then they apply in order', async () => {
    const outcomes = await persistScanResults(
      db.pool,
      [
        scan(
          [{ checker: 'dns', status: 'completed', findings: [finding('spf-missing'), finding('caa-missing')] }],
          t(1),
        ),
        scan([{ checker: 'dns', status: 'completed', findings: [finding('caa-missing')] }], t(2)),
      ],
      options,
    );
    expect(outcomes.map((o) => o.status)).toEqual(['written', 'written']);
    expect(await insights()).toEqual([
      { kind: 'caa-missing', status: 'open', reopen_count: 0 },
      { kind: 'spf-missing', status: 'resolved', reopen_count: 0 },
    ]);
  });

  it('when a batch holds a result for a deleted zone, then only that result is rejected', async () => {
    const other = (await buildAccountWithZones(db.pool, { count: 1, prefix: 'gone' })).zoneIds[0] as string;
    await db.pool.query('DELETE FROM zones WHERE id = $1', [other]);
    const outcomes = await persistScanResults(
      db.pool,
      [
        buildScan(other, [{ checker: 'dns', status: 'completed', findings: [finding('spf-missing')] }]),
        scan([{ checker: 'dns', status: 'completed', findings: [finding('caa-missing')] }]),
      ],
      options,
    );
    expect(outcomes[0]).toMatchObject({
      status: 'rejected',
      error: { name: 'ScanResultRejectedError', message: expect.stringContaining(`zone ${other} no longer exists`) },
    });
    expect(outcomes[1]).toEqual({ status: 'written', insightCount: 1 });
    expect(await insights()).toEqual([{ kind: 'caa-missing', status: 'open', reopen_count: 0 }]);
  });

  it('when a finding is malformed, then nothing of the scan is written', async () => {
    const bad = scan([
      {
        checker: 'dns',
        status: 'completed',
        findings: [finding('ok'), finding('bad', { severity: 'urgent' as never })],
      },
    ]);
    await expect(persistScanResult(db.pool, bad, options)).rejects.toThrow(InvalidScanResultError);
    await expect(persistScanResult(db.pool, bad, options)).rejects.toThrow(
      /checker dns, finding 1: severity must be one of critical/,
    );
    expect((await db.pool.query('SELECT count(*)::int AS n FROM scans')).rows[0].n).toBe(0);
    expect(await insights()).toEqual([]);
  });
});
