import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { gradeScannedZones, persistScanResult, persistScanResults } from '../../libs/db';
import { gradeOf, SEVERITIES, type Severity } from '../../libs/domain';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding as finding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

describe('grades stored with each scan', () => {
  const db = useTestDatabase();
  const options = { copyThreshold: Number.POSITIVE_INFINITY };
  let zoneId: string;
  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

  const scans = async () =>
    (
      await db.pool.query<{ outcome: string; grade: string | null; score: number | null }>(
        'SELECT outcome, grade, score FROM scans WHERE zone_id = $1 ORDER BY finished_at',
        [zoneId],
      )
    ).rows;
  const zone = async () =>
    (
      await db.pool.query<{ grade: string | null; score: number | null; graded_at: Date | null }>(
        'SELECT grade, score, graded_at FROM zones WHERE id = $1',
        [zoneId],
      )
    ).rows[0];

  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
  });

  it('when scans change the open insights, then each scan keeps the grade of its moment and the zone the latest', async () => {
    const moderate = (kind: string) => finding(kind, { severity: 'moderate' });
    await persistScanResult(
      db.pool,
      buildScan(zoneId, [{ checker: 'http', status: 'completed', findings: [moderate('csp-missing')] }], t(1)),
      options,
    );
    await persistScanResult(
      db.pool,
      buildScan(
        zoneId,
        [
          {
            checker: 'http',
            status: 'completed',
            findings: [moderate('csp-missing'), finding('hsts-missing', { severity: 'high' })],
          },
        ],
        t(2),
      ),
      options,
    );
    await persistScanResult(
      db.pool,
      buildScan(zoneId, [{ checker: 'http', status: 'completed', findings: [] }], t(3)),
      options,
    );
    expect(await scans()).toEqual([
      { outcome: 'completed', grade: 'A', score: 90 },
      { outcome: 'completed', grade: 'B', score: 70 },
      { outcome: 'completed', grade: 'A+', score: 100 },
    ]);
    expect(await zone()).toEqual({ grade: 'A+', score: 100, graded_at: t(3) });
  });

  it('when no checker of a scan completes, then that scan is not graded and the zone keeps its last grade', async () => {
    await persistScanResult(
      db.pool,
      buildScan(
        zoneId,
        [{ checker: 'tls', status: 'completed', findings: [finding('tls-cert-expired', { severity: 'critical' })] }],
        t(1),
      ),
      options,
    );
    await persistScanResult(
      db.pool,
      buildScan(zoneId, [{ checker: 'tls', status: 'failed', error: 'DnsFailed: no answer' }], t(2)),
      options,
    );
    expect(await scans()).toEqual([
      { outcome: 'completed', grade: 'D', score: 39 },
      { outcome: 'failed', grade: null, score: null },
    ]);
    expect(await zone()).toEqual({ grade: 'D', score: 39, graded_at: t(1) });
  });

  it('when an insight is dismissed, then the next scan grades without it', async () => {
    const scanWith = (at: Date) =>
      buildScan(
        zoneId,
        [{ checker: 'dns', status: 'completed', findings: [finding('spf-missing', { severity: 'moderate' })] }],
        at,
      );
    await persistScanResult(db.pool, scanWith(t(1)), options);
    await db.pool.query(`UPDATE insights SET status = 'dismissed' WHERE zone_id = $1`, [zoneId]);
    await persistScanResult(db.pool, scanWith(t(2)), options);
    expect((await scans()).map((s) => s.grade)).toEqual(['A', 'A+']);
  });

  it('when a group commits scans of several zones together, then each zone gets its own grade in the one transaction', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 3 });
    const severities: Severity[] = ['critical', 'low', 'info'];
    await persistScanResults(
      db.pool,
      zoneIds.map((id, i) =>
        buildScan(id, [{ checker: 'dns', status: 'completed', findings: [finding('k', { severity: severities[i] })] }]),
      ),
      options,
    );
    const rows = await db.pool.query<{ id: string; grade: string; score: number }>(
      'SELECT id, grade, score FROM zones WHERE id = ANY($1)',
      [zoneIds],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, [r.grade, r.score]]));
    expect(zoneIds.map((id) => byId.get(id))).toEqual([
      ['D', 39],
      ['A', 96],
      ['A+', 100],
    ]);
  });

  it('when random open, resolved and dismissed insights are graded in SQL, then the grade equals gradeOf over the open ones', async () => {
    const insightArb = fc.record({
      kind: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      subject: fc.constantFrom('x', 'y', 'z'),
      severity: fc.constantFrom(...SEVERITIES),
      status: fc.constantFrom('open', 'open', 'resolved', 'dismissed'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(insightArb, { maxLength: 25 }), async (insights) => {
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('DELETE FROM insights WHERE zone_id = $1', [zoneId]);
          await client.query(
            `INSERT INTO insights (account_id, zone_id, checker, kind, subject, fingerprint, severity, title, status, first_seen_at, last_seen_at)
             SELECT z.account_id, z.id, 'dns', i.kind, i.subject, i.kind || '/' || i.subject, i.severity, 't', i.status, now(), now()
             FROM zones AS z, unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS i (kind, subject, severity, status)
             WHERE z.id = $1
             ON CONFLICT (zone_id, fingerprint) DO NOTHING`,
            [
              zoneId,
              insights.map((i) => i.kind),
              insights.map((i) => i.subject),
              insights.map((i) => i.severity),
              insights.map((i) => i.status),
            ],
          );
          const key = { workflowId: `grade-${Math.random()}`, runId: 'r' };
          await client.query(
            `INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome)
             VALUES ($1, $2, $3, 'fast', now(), now(), 'completed')`,
            [zoneId, key.workflowId, key.runId],
          );
          await gradeScannedZones(client, [key]);
          const stored = await client.query<{ grade: string; score: number }>(
            'SELECT grade, score FROM scans WHERE workflow_id = $1',
            [key.workflowId],
          );
          // The rows as written (one per fingerprint: the first of duplicates wins, as ON CONFLICT keeps it).
          const written = await client.query<{ kind: string; severity: Severity }>(
            `SELECT kind, severity FROM insights WHERE zone_id = $1 AND status = 'open'`,
            [zoneId],
          );
          const expected = gradeOf(written.rows);
          expect(stored.rows[0]).toEqual({ grade: expected.grade, score: expected.score });
        } finally {
          await client.query('ROLLBACK');
          client.release();
        }
      }),
      { numRuns: 60 },
    );
  });
});
