import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { useTestDatabase } from '../../support/test-database';

describe('insight triage: dismiss, undismiss, classification, audit log', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let accountId: string;
  let zoneId: string;
  let key: { keyId: string; token: string };
  beforeAll(async () => {
    const built = await buildAccountWithZones(db.pool, { count: 1 });
    accountId = built.accountId;
    zoneId = built.zoneIds[0] as string;
    key = await api.keyFor(accountId);
  });

  it('when an insight is dismissed until a date and then undismissed, then its status follows and each change is audited with the key as actor', async () => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'hsts_missing' }]);
    const until = '2099-01-01T00:00:00.000Z';
    const dismissed = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, {
      dismiss: true,
      until,
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.json.result).toMatchObject({ id, status: 'dismissed', dismissedUntil: until });

    const reopened = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, {
      dismiss: false,
    });
    expect(reopened.json.result).toMatchObject({ status: 'open', dismissedUntil: null });

    const one = await api.request(key.token, 'GET', `/accounts/${accountId}/insights/${id}`);
    const audit = one.json.result.audit.map(
      (e: { field: string; oldValue: string | null; newValue: string | null; actor: string }) => [
        e.field,
        e.oldValue,
        e.newValue,
        e.actor,
      ],
    );
    const actor = `api-key:${key.keyId}`;
    expect(audit).toEqual([
      ['status', 'open', 'dismissed', actor],
      ['dismissed_until', null, until, actor],
      ['status', 'dismissed', 'open', actor],
      ['dismissed_until', until, null, actor],
    ]);
  });

  it('when dismissing an insight already dismissed, then nothing new is audited', async () => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'csp_missing' }]);
    await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, { dismiss: true });
    await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, { dismiss: true });
    const rows = await db.pool.query(`SELECT field FROM insight_audit WHERE insight_id = $1`, [id]);
    expect(rows.rows).toEqual([{ field: 'status' }]);
  });

  it('when classifying as accept_risk with a rationale, then both are stored and audited', async () => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'dmarc_missing' }]);
    const response = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/classification`, {
      classification: 'accept_risk',
      rationale: 'legacy host, retired in Q1',
    });
    expect(response.status).toBe(200);
    expect(response.json.result).toMatchObject({
      classification: 'accept_risk',
      rationale: 'legacy host, retired in Q1',
    });
    expect(response.json.result.audit.map((e: { field: string; newValue: string }) => [e.field, e.newValue])).toEqual([
      ['classification', 'accept_risk'],
      ['rationale', 'legacy host, retired in Q1'],
    ]);
  });

  it.each([
    [{ classification: 'other' }, 'rationale', 'required'],
    [{ classification: 'wrong' }, 'classification', 'false_positive'],
    [{ classification: 'false_positive', extra: 1 }, 'extra', 'unknown'],
    [{ dismiss: 'yes' }, 'dismiss', 'true or false'],
  ])('when the body is %j, then 400 names %s and nothing changes', async (body, field, reason) => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'x' }]);
    const action = 'dismiss' in body ? 'dismiss' : 'classification';
    const response = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/${action}`, body);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].field).toBe(field);
    expect(response.json.errors[0].message).toContain(reason);
    expect((await db.pool.query(`SELECT 1 FROM insight_audit WHERE insight_id = $1`, [id])).rowCount).toBe(0);
  });

  it('when dismissing until a past date, then 400 says it must be in the future', async () => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'y' }]);
    const response = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, {
      dismiss: true,
      until: '2001-01-01T00:00:00Z',
    });
    expect([response.status, response.json.errors[0].field, response.json.errors[0].message]).toEqual([
      400,
      'until',
      'until: must be in the future',
    ]);
  });

  it('when the body is not JSON, then 400; when it is oversized, then 413', async () => {
    const [id] = await buildInsights(db.pool, zoneId, [{ kind: 'z' }]);
    const bad = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/dismiss`, '{"dismiss":', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].message).toContain('JSON');
    const huge = JSON.stringify({ classification: 'other', rationale: 'x'.repeat(11_000_000) });
    const big = await api.request(key.token, 'PUT', `/accounts/${accountId}/insights/${id}/classification`, huge, {
      'content-type': 'application/json',
    });
    expect(big.status).toBe(413);
  });

  it('when reading the account audit log in pages, then entries come newest first with a cursor', async () => {
    const first = await api.request(key.token, 'GET', `/accounts/${accountId}/insights/audit?limit=2`);
    expect(first.status).toBe(200);
    expect(first.json.result).toHaveLength(2);
    const second = await api.request(
      key.token,
      'GET',
      `/accounts/${accountId}/insights/audit?limit=2&cursor=${first.json.result_info.cursor}`,
    );
    expect(Number(second.json.result[0].id)).toBeLessThan(Number(first.json.result[1].id));
  });

  it('when the insight id is unknown or malformed, then 404 or 400', async () => {
    expect((await api.request(key.token, 'GET', `/accounts/${accountId}/insights/999999999`)).status).toBe(404);
    const malformed = await api.request(key.token, 'GET', `/accounts/${accountId}/insights/abc`);
    expect([malformed.status, malformed.json.errors[0].field]).toEqual([400, 'insightId']);
  });
});
