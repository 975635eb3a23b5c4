import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { useTestDatabase } from '../../support/test-database';

describe('GET /accounts/:accountId/insights and /zones/:zoneId/insights', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let accountId: string;
  let zoneIds: string[];
  let token: string;
  beforeAll(async () => {
    ({ accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 2 }));
    token = (await api.keyFor(accountId)).token;
    await buildInsights(db.pool, zoneIds[0] as string, [
      { severity: 'critical', kind: 'tls_expired', checker: 'tls', subject: 'a.example.test' },
      { severity: 'high', kind: 'hsts_missing', checker: 'http', subject: 'b,with,commas' },
      {
        severity: 'low',
        kind: 'spf_missing',
        checker: 'dns',
        status: 'resolved',
        lastSeenAt: new Date('2026-01-01T00:00:00Z'),
      },
    ]);
    await buildInsights(db.pool, zoneIds[1] as string, [
      { severity: 'moderate', kind: 'csp_missing', checker: 'http' },
    ]);
  });

  const kinds = (body: { result: Array<{ kind: string }> }) => body.result.map((r) => r.kind).sort();

  it('when listing without filters, then every insight of the account comes newest first in the envelope', async () => {
    const response = await api.request(token, 'GET', `/accounts/${accountId}/insights`);
    expect(response.status).toBe(200);
    expect(response.json.success).toBe(true);
    expect(response.json.result.map((r: { kind: string }) => r.kind)).toEqual([
      'csp_missing',
      'spf_missing',
      'hsts_missing',
      'tls_expired',
    ]);
    expect(response.json.result_info).toEqual({ count: 4, per_page: 50, cursor: null });
  });

  it('when filtering by multi-valued severity and by checker, then only matching insights come back', async () => {
    expect(
      kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?severity=critical,high`)).json),
    ).toEqual(['hsts_missing', 'tls_expired']);
    expect(
      kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?checker=http&checker=dns`)).json),
    ).toEqual(['csp_missing', 'hsts_missing', 'spf_missing']);
  });

  it('when negating with ~neq, then the named values are excluded', async () => {
    expect(
      kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?kind~neq=tls_expired,csp_missing`)).json),
    ).toEqual(['hsts_missing', 'spf_missing']);
    expect(
      kinds(
        (await api.request(token, 'GET', `/accounts/${accountId}/insights?status~neq=resolved&severity~neq=critical`))
          .json,
      ),
    ).toEqual(['csp_missing', 'hsts_missing']);
  });

  it('when filtering by subject (commas kept), zone and since, then each narrows the set', async () => {
    expect(
      kinds(
        (
          await api.request(
            token,
            'GET',
            `/accounts/${accountId}/insights?subject=${encodeURIComponent('b,with,commas')}`,
          )
        ).json,
      ),
    ).toEqual(['hsts_missing']);
    expect(kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?zone=${zoneIds[1]}`)).json)).toEqual(
      ['csp_missing'],
    );
    expect(
      kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?since=2026-06-01T00:00:00Z`)).json),
    ).toEqual(['csp_missing', 'hsts_missing', 'tls_expired']);
    expect(
      kinds((await api.request(token, 'GET', `/accounts/${accountId}/insights?since~neq=2026-06-01`)).json),
    ).toEqual(['spf_missing']);
  });

  it('when listing a zone, then only that zone’s insights come back', async () => {
    const response = await api.request(token, 'GET', `/zones/${zoneIds[1]}/insights`);
    expect(kinds(response.json)).toEqual(['csp_missing']);
  });

  it('when counting by severity, kind, checker and zone with a filter, then [{value, count}] largest first', async () => {
    const bySeverity = await api.request(
      token,
      'GET',
      `/accounts/${accountId}/insights/counts?by=severity&status=open`,
    );
    expect(bySeverity.json.result).toEqual([
      { value: 'critical', count: 1 },
      { value: 'high', count: 1 },
      { value: 'moderate', count: 1 },
    ]);
    const byChecker = await api.request(token, 'GET', `/accounts/${accountId}/insights/counts?by=checker`);
    expect(byChecker.json.result).toEqual([
      { value: 'http', count: 2 },
      { value: 'dns', count: 1 },
      { value: 'tls', count: 1 },
    ]);
    const byZone = await api.request(
      token,
      'GET',
      `/accounts/${accountId}/insights/counts?by=zone&kind~neq=csp_missing`,
    );
    // By zone, each count names its zone (label), so a person can read it.
    expect(byZone.json.result).toEqual([{ value: zoneIds[0], count: 3, label: 'zone-0.example.com' }]);
    const byKind = await api.request(token, 'GET', `/zones/${zoneIds[0]}/insights/counts?by=kind&severity=low`);
    expect(byKind.json.result).toEqual([{ value: 'spf_missing', count: 1 }]);
  });

  it.each([
    ['severity=urgent', 'severity', 'not one of'],
    ['kind~neq=', 'kind~neq', '1-500 characters'],
    ['since=yesterday', 'since', 'ISO 8601'],
    ['limit=0', 'limit', '1 to 500'],
    ['limit=abc', 'limit', '1 to 500'],
    ['cursor=forged', 'cursor', 'not a cursor'],
    ['zone=not-a-uuid', 'zone', 'UUID'],
    ['colour=red', 'colour', 'unknown parameter'],
  ])('when the query has %s, then 400 names the field %s and the reason', async (query, field, reason) => {
    const response = await api.request(token, 'GET', `/accounts/${accountId}/insights?${query}`);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].field).toBe(field);
    expect(response.json.errors[0].message).toContain(reason);
  });

  it('when counting by an unknown dimension or with a bad account id, then 400 names the field', async () => {
    const by = await api.request(token, 'GET', `/accounts/${accountId}/insights/counts?by=colour`);
    expect([by.status, by.json.errors[0].field]).toEqual([400, 'by']);
    const account = await api.request(token, 'GET', `/accounts/not-a-uuid/insights`);
    expect([account.status, account.json.errors[0].field]).toEqual([400, 'accountId']);
  });
});
