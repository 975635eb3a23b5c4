import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

describe('API keys over the admin API', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);

  it('when an admin creates, uses, lists and revokes a key, then the list shows scope, created and last used, never a token, and the revoked key stops working', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const created = await api.request(api.adminKey.token, 'POST', '/keys', { accountId, name: 'ci' });
    expect(created.status).toBe(201);
    const { keyId, token } = created.json.result as { keyId: string; token: string };
    expect((await api.request(token, 'GET', '/zones')).status).toBe(200);

    const listed = await api.request(api.adminKey.token, 'GET', `/keys?account=${accountId}`);
    expect(listed.json.result).toEqual([
      expect.objectContaining({ id: keyId, name: 'ci', accountId, scope: 'account', revokedAt: null }),
    ]);
    expect(listed.json.result[0].lastUsedAt).not.toBeNull();
    expect(listed.text).not.toContain(token);

    expect((await api.request(api.adminKey.token, 'DELETE', `/keys/${keyId}`)).status).toBe(200);
    expect((await api.request(token, 'GET', '/zones')).status).toBe(401);
    expect((await api.request(api.adminKey.token, 'GET', `/keys?account=${accountId}`)).json.result).toEqual([]);
    const revoked = await api.request(api.adminKey.token, 'GET', `/keys?account=${accountId}&status=revoked`);
    expect(revoked.json.result.map((k: { id: string }) => k.id)).toEqual([keyId]);
    expect((await api.request(api.adminKey.token, 'DELETE', `/keys/${keyId}`)).status).toBe(404);
  });

  it('when an account key calls the key routes, then 403; an unknown account is a 404 naming accountId', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const token = (await api.keyFor(accountId)).token;
    expect((await api.request(token, 'GET', '/keys')).status).toBe(403);
    expect((await api.request(token, 'POST', '/keys', { accountId: null })).status).toBe(403);
    const unknown = await api.request(api.adminKey.token, 'POST', '/keys', {
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect([unknown.status, unknown.json.errors[0].field]).toEqual([404, 'accountId']);
  });
});
