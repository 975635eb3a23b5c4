import { beforeEach, describe, expect, it } from 'vitest';
import { persistScanResult, persistScanResults } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding as finding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';

// The notification outbox, through both halves of the hybrid writer.
describe.each([
  { path: 'UNNEST', copyThreshold: Number.POSITIVE_INFINITY },
  { path: 'COPY', copyThreshold: 0 },
])('insight events through $path', ({ copyThreshold }) => {
  const db = useTestDatabase();
  let zoneId: string;
  const options = { copyThreshold };
  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const dns = (...findings: ReturnType<typeof finding>[]) => [
    { checker: 'dns', status: 'completed' as const, findings },
  ];
  const write = (outcomes: Parameters<typeof buildScan>[1], at: Date) =>
    persistScanResult(db.pool, buildScan(zoneId, outcomes, at), options);
  const events = async () =>
    (
      await db.pool.query<{ kind: string; type: string; severity: string; previous_severity: string | null }>(
        `SELECT kind, type, severity, previous_severity, occurred_at FROM insight_events WHERE zone_id = $1 ORDER BY id`,
        [zoneId],
      )
    ).rows;

  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    zoneId = (await buildAccountWithZones(db.pool, { count: 1 })).zoneIds[0] as string;
  });

  it('when insights are first seen, then one `new` event each, stamped with the scan time', async () => {
    await write(dns(finding('spf-missing'), finding('caa-missing', { severity: 'high' })), t(1));
    expect(await events()).toEqual(
      expect.arrayContaining([
        { kind: 'spf-missing', type: 'new', severity: 'moderate', previous_severity: null, occurred_at: t(1) },
        { kind: 'caa-missing', type: 'new', severity: 'high', previous_severity: null, occurred_at: t(1) },
      ]),
    );
    expect(await events()).toHaveLength(2);
  });

  it('when open insights are seen again at the same or a lower severity, then no event', async () => {
    await write(dns(finding('spf-missing'), finding('caa-missing', { severity: 'high' })), t(1));
    await write(dns(finding('spf-missing'), finding('caa-missing', { severity: 'low' })), t(2));
    await write(dns(finding('spf-missing'), finding('caa-missing', { severity: 'low' })), t(3));
    expect((await events()).map((e) => e.type)).toEqual(['new', 'new']);
  });

  it('when an open insight comes back more severe, then one `worsened` event with the previous severity', async () => {
    await write(dns(finding('spf-missing', { severity: 'low' })), t(1));
    await write(dns(finding('spf-missing', { severity: 'critical' })), t(2));
    await write(dns(finding('spf-missing', { severity: 'critical' })), t(3));
    expect((await events()).slice(1)).toEqual([
      { kind: 'spf-missing', type: 'worsened', severity: 'critical', previous_severity: 'low', occurred_at: t(2) },
    ]);
  });

  it('when a resolved insight is found again, then one `reopened` event; the resolution itself adds none', async () => {
    await write(dns(finding('spf-missing')), t(1));
    await write(dns(), t(2));
    expect(await events()).toHaveLength(1);
    await write(dns(finding('spf-missing')), t(3));
    expect((await events()).slice(1)).toEqual([
      { kind: 'spf-missing', type: 'reopened', severity: 'moderate', previous_severity: 'moderate', occurred_at: t(3) },
    ]);
  });

  it('when a dismissed insight is seen, worse even, then no event until its dismissal lapses', async () => {
    await write(dns(finding('spf-missing', { severity: 'low' })), t(1));
    await db.pool.query(`UPDATE insights SET status = 'dismissed', dismissed_until = $1`, [t(10)]);
    await write(dns(finding('spf-missing', { severity: 'high' })), t(5));
    expect(await events()).toHaveLength(1);
    await write(dns(finding('spf-missing', { severity: 'high' })), t(11));
    expect((await events()).slice(1)).toEqual([
      { kind: 'spf-missing', type: 'reopened', severity: 'high', previous_severity: 'high', occurred_at: t(11) },
    ]);
  });

  it('when the same scan result is applied twice, then its events are recorded once', async () => {
    const result = buildScan(zoneId, dns(finding('spf-missing')), t(1));
    await persistScanResult(db.pool, result, options);
    await persistScanResult(db.pool, result, options);
    expect(await events()).toHaveLength(1);
  });

  it('when one batch holds two scans of the zone, then each round records its own events in order', async () => {
    await persistScanResults(
      db.pool,
      [
        buildScan(zoneId, dns(finding('spf-missing', { severity: 'low' })), t(1)),
        buildScan(zoneId, dns(finding('spf-missing', { severity: 'high' })), t(2)),
      ],
      options,
    );
    expect((await events()).map((e) => [e.type, e.severity])).toEqual([
      ['new', 'low'],
      ['worsened', 'high'],
    ]);
  });

  it('when the transaction fails, then neither the insights nor their events are kept', async () => {
    // A trigger that refuses the scan's grade update makes the writer's transaction fail after the round.
    await db.pool.query(`
      CREATE FUNCTION refuse_grade() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$;
      CREATE TRIGGER refuse_grade BEFORE UPDATE OF grade ON zones FOR EACH ROW EXECUTE FUNCTION refuse_grade();`);
    try {
      await expect(write(dns(finding('spf-missing')), t(1))).rejects.toThrow(/refused by test/);
      const insights = await db.pool.query('SELECT count(*)::int AS n FROM insights');
      expect(insights.rows[0].n).toBe(0);
      expect(await events()).toEqual([]);
    } finally {
      await db.pool.query('DROP TRIGGER refuse_grade ON zones; DROP FUNCTION refuse_grade()');
    }
  });
});
