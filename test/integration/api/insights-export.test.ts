import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { useTestDatabase } from '../../support/test-database';

describe('insight export (streamed CSV and NDJSON)', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let accountId: string;
  let zoneId: string;
  let token: string;
  beforeAll(async () => {
    const built = await buildAccountWithZones(db.pool, { count: 1 });
    accountId = built.accountId;
    zoneId = built.zoneIds[0] as string;
    token = (await api.keyFor(accountId)).token;
    // More than one export batch (2,000 rows), to cross a batch boundary.
    await buildInsights(
      db.pool,
      zoneId,
      Array.from({ length: 4500 }, (_, i) => ({ subject: `s-${i}`, severity: i % 3 === 0 ? 'high' : 'low' })),
    );
    await buildInsights(db.pool, zoneId, [
      { subject: '=HYPERLINK("http://evil")', title: 'quote "this", please', severity: 'critical' },
    ]);
  });

  it('when exporting NDJSON with a filter, then every matching insight arrives once, one JSON object per line, in chunks', async () => {
    const response = await fetch(`${api.url}/accounts/${accountId}/insights/export?severity=high`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await response.text()).trim().split('\n');
    const rows = lines.map((line) => JSON.parse(line) as { id: string; severity: string });
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1500);
    expect(rows.every((r) => r.severity === 'high')).toBe(true);
  });

  it('when exporting CSV, then a header, one line per insight, RFC 4180 quoting and formula cells neutralised', async () => {
    const response = await api.request(token, 'GET', `/zones/${zoneId}/insights/export?format=csv&severity~neq=low`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe(
      'id,zone_id,checker,kind,subject,severity,status,title,classification,first_seen_at,last_seen_at,resolved_at',
    );
    expect(lines).toHaveLength(1 + 1500 + 1);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil"")",critical,open,"quote ""this"", please",`);
  });

  it('when the format is unknown, then 400 names it', async () => {
    const response = await api.request(token, 'GET', `/accounts/${accountId}/insights/export?format=xml`);
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'format']);
  });
});
