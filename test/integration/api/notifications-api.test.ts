import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';

describe('notifications API: destinations, policies, test sends, delivery log', () => {
  const db = useTestDatabase();
  // Loopback receivers are admitted as the scan tests admit their fixtures; nothing else is.
  const api = useTestApi(db, { env: { NET_ALLOWLIST: '127.0.0.1/32', NET_REQUEST_TIMEOUT_MS: '2000' } });
  let accountId: string;
  let zoneIds: string[];
  let token: string;
  let receiver: WebhookReceiver;
  const base = () => `/accounts/${accountId}/notifications`;
  const call = (method: string, path: string, body?: unknown) => api.request(token, method, `${base()}${path}`, body);

  beforeAll(async () => {
    receiver = await startWebhookReceiver(() => ({ status: 204 }));
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    ({ accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 }));
    token = (await api.keyFor(accountId)).token;
  });

  it('when a webhook is created, then its secret is in that answer only and the list never shows it', async () => {
    const created = await call('POST', '/destinations', { type: 'webhook', name: 'ops', url: receiver.url });
    expect(created.status).toBe(201);
    expect(created.json.result.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.json.result.destination).toMatchObject({ type: 'webhook', url: receiver.url, status: 'active' });
    const listed = await call('GET', '/destinations');
    expect(listed.json.result).toHaveLength(1);
    expect(listed.text).not.toContain(created.json.result.secret);
    expect(listed.text).not.toContain('whsec_');
  });

  it('when a destination is malformed, then 400 names the field and the rule, and nothing is created', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ type: 'webhook', name: 'x' }, 'url', /needs the URL/],
      [{ type: 'webhook', url: 'ftp://example.com/' }, 'url', /http/],
      [{ type: 'webhook', url: 'not a url' }, 'url', /not a URL/],
      [{ type: 'webhook', url: 'https://u:p@example.com/' }, 'url', /credentials/],
      [{ type: 'email', email: 'nobody' }, 'email', /address/],
      [{ type: 'pager', url: 'https://example.com/' }, 'type', /webhook or email/],
      [{ type: 'webhook', url: 'https://example.com/', maxConcurrency: 99 }, 'maxConcurrency', /at most 16/],
    ];
    for (const [body, field, message] of cases) {
      const response = await call('POST', '/destinations', body);
      expect(`${JSON.stringify(body)} → ${response.status}`).toBe(`${JSON.stringify(body)} → 400`);
      expect(response.json.errors[0].field).toBe(field);
      expect(response.json.errors[0].message).toMatch(message);
    }
    expect((await call('GET', '/destinations')).json.result).toEqual([]);
  });

  it('when a policy is created, then it reads back with its filters; unknown zones and destinations are refused', async () => {
    const destination = (await call('POST', '/destinations', { type: 'email', email: 'sec@example.com' })).json.result
      .destination;
    const created = await call('POST', '/policies', {
      destinationId: destination.id,
      minSeverity: 'moderate',
      kinds: ['spf-missing'],
      zoneIds,
      eventTypes: ['new', 'worsened'],
      mode: 'digest',
    });
    expect(created.status).toBe(201);
    expect((await call('GET', '/policies')).json.result).toEqual([
      expect.objectContaining({
        destinationId: destination.id,
        minSeverity: 'moderate',
        kinds: ['spf-missing'],
        zoneIds,
        eventTypes: ['new', 'worsened'],
        mode: 'digest',
        enabled: true,
      }),
    ]);
    const otherZone = (await buildAccountWithZones(db.pool, { count: 1, prefix: 'other' })).zoneIds[0];
    const foreign = await call('POST', '/policies', { destinationId: destination.id, zoneIds: [otherZone] });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors[0].field).toBe('zoneIds');
    const unknown = await call('POST', '/policies', { destinationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const badType = await call('POST', '/policies', { destinationId: destination.id, eventTypes: ['resolved'] });
    expect(badType.status).toBe(400);
    expect((await call('GET', '/policies')).json.result).toHaveLength(1);
  });

  it('when a test is sent, then the receiver gets a signed notification.test and the log shows it delivered', async () => {
    const created = (await call('POST', '/destinations', { type: 'webhook', url: receiver.url })).json.result;
    const before = receiver.requests.length;
    const sent = await call('POST', `/destinations/${created.destination.id}/test`);
    expect(sent.status).toBe(200);
    expect(sent.json.result).toMatchObject({ outcome: 'delivered', responseCode: 204, error: null });
    const request = receiver.requests[before] as (typeof receiver.requests)[number];
    const payload = new Webhook(created.secret).verify(request.body, request.headers as Record<string, string>);
    expect(payload).toMatchObject({ type: 'notification.test', data: { events: [] } });
    const log = await call('GET', `/deliveries?destination=${created.destination.id}`);
    expect(log.json.result).toEqual([
      expect.objectContaining({
        id: sent.json.result.deliveryId,
        mode: 'test',
        status: 'delivered',
        attempts: 1,
        responseCode: 204,
      }),
    ]);
  });

  it('when a test goes to a private or metadata address, then the network guard refuses it and no request leaves', async () => {
    const created = (await call('POST', '/destinations', { type: 'webhook', url: 'http://169.254.169.254/latest' }))
      .json.result;
    const sent = await call('POST', `/destinations/${created.destination.id}/test`);
    expect(sent.json.result.outcome).toBe('rejected');
    expect(sent.json.result.error).toMatch(/169\.254\.169\.254.*refusing to connect/);
  });

  it('when a secret is rotated, then the new one is shown once and the old one signs until the overlap ends', async () => {
    const created = (await call('POST', '/destinations', { type: 'webhook', url: receiver.url })).json.result;
    const rotated = await call('POST', `/destinations/${created.destination.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.result.secret).not.toBe(created.secret);
    const overlapEnds = new Date(rotated.json.result.previousSecretUntil).getTime();
    expect(overlapEnds - Date.now()).toBeGreaterThan(23 * 3600_000);
    const before = receiver.requests.length;
    await call('POST', `/destinations/${created.destination.id}/test`);
    const request = receiver.requests[before] as (typeof receiver.requests)[number];
    for (const secret of [created.secret, rotated.json.result.secret])
      expect(() => new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
  });

  it('when a paused destination is resumed, then it is active again with its reason cleared', async () => {
    const created = (await call('POST', '/destinations', { type: 'webhook', url: receiver.url })).json.result;
    await db.pool.query(
      `UPDATE notification_destinations SET status = 'paused', paused_reason = 'test', paused_at = now(), failure_streak = 3 WHERE id = $1`,
      [created.destination.id],
    );
    expect((await call('GET', '/destinations')).json.result[0]).toMatchObject({
      status: 'paused',
      pausedReason: 'test',
    });
    const resumed = await call('POST', `/destinations/${created.destination.id}/resume`);
    expect(resumed.json.result).toEqual({ id: created.destination.id, status: 'active', requeued: 0 });
    expect((await call('GET', '/destinations')).json.result[0]).toMatchObject({
      status: 'active',
      pausedReason: null,
      failureStreak: 0,
    });
  });

  it('when a destination is deleted, then its policies go with it', async () => {
    const destination = (await call('POST', '/destinations', { type: 'email', email: 'sec@example.com' })).json.result
      .destination;
    await call('POST', '/policies', { destinationId: destination.id });
    expect((await call('DELETE', `/destinations/${destination.id}`)).json.result).toEqual({
      id: destination.id,
      deleted: true,
    });
    expect((await call('GET', '/policies')).json.result).toEqual([]);
    expect((await call('DELETE', `/destinations/${destination.id}`)).status).toBe(404);
  });
});
