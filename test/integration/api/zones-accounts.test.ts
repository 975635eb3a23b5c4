import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { buildInsights } from '../../support/insight-factory';
import { useTestDatabase } from '../../support/test-database';

describe('accounts and zones', () => {
  const db = useTestDatabase();
  const api = useTestApi(db);
  let admin: string;
  beforeAll(async () => {
    admin = api.adminKey.token;
  });

  it('when an admin creates an account and a zone in it, then both are listed and the zone is due within one frequency', async () => {
    const account = await api.request(admin, 'POST', '/accounts', { name: 'Example Corp' });
    expect(account.status).toBe(201);
    const accountId = account.json.result.id as string;
    const zone = await api.request(admin, 'POST', `/accounts/${accountId}/zones`, { name: ' Shop.Example.COM. ' });
    expect(zone.status).toBe(201);
    expect(zone.json.result).toMatchObject({ accountId, name: 'shop.example.com', status: 'active' });
    const listed = await api.request(admin, 'GET', `/accounts/${accountId}/zones`);
    expect(listed.json.result.map((z: { name: string }) => z.name)).toEqual(['shop.example.com']);
    expect((await api.request(admin, 'GET', `/accounts/${accountId}`)).json.result).toMatchObject({
      name: 'Example Corp',
      zoneCount: 1,
    });
    const again = await api.request(admin, 'POST', `/accounts/${accountId}/zones`, { name: 'shop.example.com' });
    expect([again.status, again.json.errors[0].field]).toEqual([409, 'name']);
  });

  it('when a zone name is not a DNS name, then 400 names the field and the reason', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const response = await api.request(admin, 'POST', `/accounts/${accountId}/zones`, { name: 'bad_label!.com' });
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'name']);
    expect(response.json.errors[0].message).toContain('letters, digits or inner dashes');
  });

  it.each([
    ['169.254.169.254', 'IP addresses are not zones'],
    ['[::1]', 'IP addresses are not zones'],
    ['printer.local', 'multicast DNS (RFC 6762)'],
  ])('when the zone name is %s, then 400 says why it is no zone and nothing is added', async (name, reason) => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const response = await api.request(admin, 'POST', `/accounts/${accountId}/zones`, { name });
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'name']);
    expect(response.json.errors[0].message).toContain(reason);
    expect((await api.request(admin, 'GET', `/accounts/${accountId}/zones`)).json.result).toEqual([]);
  });

  it('when a zone is paused, resumed and deleted, then its status follows and a deleted zone answers 404', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const token = (await api.keyFor(accountId)).token;
    const zoneId = zoneIds[0] as string;
    expect((await api.request(token, 'PATCH', `/zones/${zoneId}`, { status: 'paused' })).json.result.status).toBe(
      'paused',
    );
    expect((await db.pool.query(`SELECT status FROM zones WHERE id = $1`, [zoneId])).rows[0].status).toBe('paused');
    expect((await api.request(token, 'PATCH', `/zones/${zoneId}`, { status: 'active' })).json.result.status).toBe(
      'active',
    );
    const bad = await api.request(token, 'PATCH', `/zones/${zoneId}`, { status: 'deleted' });
    expect([bad.status, bad.json.errors[0].field]).toEqual([400, 'status']);
    expect((await api.request(token, 'DELETE', `/zones/${zoneId}`)).status).toBe(200);
    expect((await api.request(token, 'GET', `/zones/${zoneId}`)).status).toBe(404);
    expect((await api.request(token, 'GET', `/accounts/${accountId}/zones`)).json.result).toEqual([]);
  });

  it('when reading a zone, then it carries its scan history newest first and its insight counts by status', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const zoneId = zoneIds[0] as string;
    await db.pool.query(
      `INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome, insight_count)
       VALUES ($1, 'scan:a', 'r1', 'fast', now() - interval '2 hours', now() - interval '2 hours', 'completed', 2),
              ($1, 'scan:b', 'r2', 'slow', now() - interval '1 hour', now() - interval '1 hour', 'partial', 1)`,
      [zoneId],
    );
    await buildInsights(db.pool, zoneId, [{ status: 'open' }, { status: 'open' }, { status: 'resolved' }]);
    const response = await api.request((await api.keyFor(accountId)).token, 'GET', `/zones/${zoneId}`);
    expect(response.status).toBe(200);
    expect(
      response.json.result.scans.map((s: { workflowId: string; outcome: string }) => [s.workflowId, s.outcome]),
    ).toEqual([
      ['scan:b', 'partial'],
      ['scan:a', 'completed'],
    ]);
    expect(response.json.result.insightsByStatus).toEqual([
      { value: 'open', count: 2 },
      { value: 'resolved', count: 1 },
    ]);
  });

  it('when an admin deletes an account, then its zones and insights are gone', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    await buildInsights(db.pool, zoneIds[0] as string, [{}]);
    expect((await api.request(admin, 'DELETE', `/accounts/${accountId}`)).status).toBe(200);
    expect((await db.pool.query(`SELECT 1 FROM insights WHERE account_id = $1`, [accountId])).rowCount).toBe(0);
    expect((await api.request(admin, 'GET', `/accounts/${accountId}`)).status).toBe(404);
  });

  it('when an account key lists accounts and zones, then it sees only its own', async () => {
    const mine = await buildAccountWithZones(db.pool, { count: 2, prefix: 'mine' });
    await buildAccountWithZones(db.pool, { count: 2, prefix: 'theirs' });
    const token = (await api.keyFor(mine.accountId)).token;
    expect((await api.request(token, 'GET', '/accounts')).json.result.map((a: { id: string }) => a.id)).toEqual([
      mine.accountId,
    ]);
    const zones = (await api.request(token, 'GET', '/zones')).json.result.map((z: { id: string }) => z.id).sort();
    expect(zones).toEqual([...mine.zoneIds].sort());
  });
});
