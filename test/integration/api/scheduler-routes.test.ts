import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestWorkers } from '../../support/temporal';
import { useTestDatabase } from '../../support/test-database';
import { ensureQuietTestScheduler } from '../../support/scheduler';

describe('scheduler routes and scan now', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db, ['scheduler']);
  beforeAll(async () => {
    // Narrower than the API's range (SCAN_FREQUENCY_MIN/MAX, 10s..30d): the workflow has the last word.
    await ensureQuietTestScheduler(temporal, { minFrequencySeconds: 60, maxFrequencySeconds: 86_400 });
  });
  const api = useTestApi(db, () => ({ env: { TASK_QUEUE_PREFIX: temporal.prefix }, temporalClient: temporal.client }));
  // The same app with no Temporal client and an address where nothing listens (its own
  // database: two instances on one database would be active and passive).
  const offlineDb = useTestDatabase();
  const offline = useTestApi(offlineDb, { env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });

  it('when an admin reads GET /scheduler, then it answers the workflow’s status query', async () => {
    const response = await api.request(api.adminKey.token, 'GET', '/scheduler');
    expect(response.status).toBe(200);
    expect(response.json.result).toMatchObject({ frequencySeconds: 900, tickSeconds: 60 });
  });

  it('when an account key calls any scheduler route, then 403 and nothing is sent', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const token = (await api.keyFor(accountId)).token;
    for (const [method, path] of [
      ['GET', '/scheduler'],
      ['PUT', '/scheduler/frequency'],
      ['POST', '/scheduler/pause'],
      ['POST', '/scheduler/resume'],
    ] as const) {
      expect((await api.request(token, method, path, method === 'PUT' ? { frequency: '1h' } : undefined)).status).toBe(
        403,
      );
    }
  });

  it.each([
    [{ frequency: 'soon' }, 'is not a duration'],
    [{ frequency: -5 }, '-5 seconds is below the minimum; allowed: 10s to 30d (10 to 2592000 seconds)'],
    [{ frequency: '0' }, '"0" is below the minimum; allowed: 10s to 30d'],
    [{ frequency: '15m15m' }, 'is not a duration: write whole numbers with the units d, h, m, s or ms'],
    [{ frequency: true }, 'whole number of seconds, from 10s to 30d'],
    [{}, 'whole number of seconds, from 10s to 30d'],
  ])('when the frequency body is %j, then 400 names frequency before Temporal is asked', async (body, reason) => {
    const response = await api.request(api.adminKey.token, 'PUT', '/scheduler/frequency', body);
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'frequency']);
    expect(response.json.errors[0].message).toContain(reason);
  });

  it('when the workflow rejects the frequency update, then the caller gets 400 with the workflow’s own message', async () => {
    // Two days pass the API's range (SCAN_FREQUENCY_MAX, 30d) but not this workflow's own maximum (1d).
    const response = await api.request(api.adminKey.token, 'PUT', '/scheduler/frequency', { frequency: '2d' });
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'frequency']);
    expect(response.json.errors[0].message).toContain(
      'frequencySeconds 172800 is above the maximum; allowed: 1m to 1d (60 to 86400 seconds)',
    );
  });

  it('when Temporal is unreachable, then scheduler routes and scan now answer 503 naming Temporal, while insights are still served', async () => {
    const status = await offline.request(offline.adminKey.token, 'GET', '/scheduler');
    expect(status.status).toBe(503);
    expect(status.json.errors[0].message).toContain('Temporal at 127.0.0.1:1 is unreachable');
    const { accountId, zoneIds } = await buildAccountWithZones(offlineDb.pool, { count: 1 });
    expect((await offline.request(offline.adminKey.token, 'POST', `/zones/${zoneIds[0]}/scan`)).status).toBe(503);
    expect((await offline.request(offline.adminKey.token, 'GET', `/accounts/${accountId}/insights`)).status).toBe(200);
  });

  it('when scan now names a missing zone or another account’s zone, then 404 and no signal', async () => {
    const mine = await buildAccountWithZones(db.pool, { count: 1 });
    const theirs = await buildAccountWithZones(db.pool, { count: 1 });
    const token = (await api.keyFor(mine.accountId)).token;
    expect((await api.request(token, 'POST', `/zones/${theirs.zoneIds[0]}/scan`)).status).toBe(404);
    expect((await api.request(token, 'POST', '/zones/00000000-0000-4000-8000-000000000000/scan')).status).toBe(404);
    const accepted = await api.request(token, 'POST', `/zones/${mine.zoneIds[0]}/scan`);
    expect([accepted.status, accepted.json.result]).toEqual([202, { id: mine.zoneIds[0], scan: 'requested' }]);
  });
});
