import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DispatcherInput } from '../../libs/contract';
import { ATTEMPT_IN_PROGRESS, persistScanResult, resumeDestination, rotateDestinationSecret } from '../../libs/db';
import { ensureNotificationDispatcher } from '../../libs/temporal';
import { buildAccountWithZones } from '../support/factories';
import { webhookForEveryEvent } from '../support/notifications';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';
import { eventually, useTestWorkers } from '../support/temporal';
import { freeLoopbackPort, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

// Short windows and retries so the file runs in seconds; the logic is the production one.
const DISPATCHER: DispatcherInput = {
  windowSeconds: 0.2,
  digestHourUtc: 8,
  maxEventsPerDelivery: 100,
  delivery: {
    maxAttempts: 4,
    initialRetrySeconds: 0.3,
    maxRetrySeconds: 1,
    busyRetrySeconds: 0.1,
    pauseAfterFailures: 2,
    attemptTimeoutSeconds: 5,
  },
};

interface Delivery {
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  event_count: number;
}

describe('notification delivery to real receivers on loopback', () => {
  const db = useTestDatabase();
  // Attempts end after 1 s (NET_REQUEST_TIMEOUT_MS), so a slow receiver is cut off quickly.
  const workers = useTestWorkers(db, ['notify'], { notifyEnv: { NET_REQUEST_TIMEOUT_MS: '1000' } });
  let accountId: string;
  let zoneIds: string[];
  const receivers: WebhookReceiver[] = [];

  const receiver = async (...args: Parameters<typeof startWebhookReceiver>) => {
    const started = await startWebhookReceiver(...args);
    receivers.push(started);
    return started;
  };
  const webhook = (url: string, maxConcurrency = 2) =>
    webhookForEveryEvent(db.pool, accountId, { name: 'hook', url, maxConcurrency });
  /** `count` new insights on the account's first zone, in one scan (one transaction). */
  const newInsights = (count: number, zone = 0) =>
    persistScanResult(
      db.pool,
      buildScan(zoneIds[zone] as string, [
        {
          checker: 'dns',
          status: 'completed',
          findings: Array.from({ length: count }, (_, i) =>
            buildFinding(`kind-${i}`, { subject: `s${i}.example.com` }),
          ),
        },
      ]),
      { copyThreshold: 1000 },
    );
  const deliveries = async (destinationId: string) =>
    (
      await db.pool.query<Delivery>(
        `SELECT status, attempts, response_code, last_error, event_count FROM notification_deliveries
         WHERE destination_id = $1 ORDER BY created_at, id`,
        [destinationId],
      )
    ).rows;
  const settled = (destinationId: string, count: number, what: string) =>
    eventually(
      async () => {
        const rows = await deliveries(destinationId);
        return rows.length === count && rows.every((r) => ['delivered', 'failed', 'held'].includes(r.status))
          ? rows
          : undefined;
      },
      30_000,
      what,
    );

  beforeAll(async () => {
    await ensureNotificationDispatcher(workers.client, workers.prefix, DISPATCHER);
  });
  afterAll(async () => {
    await workers.client.workflow.getHandle(`${workers.prefix}-notification-dispatcher`).terminate('test over');
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    ({ accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 2 }));
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('when a scan finds 250 new insights, then each destination gets 3 signed requests (100+100+50), not 250', async () => {
    const a = await receiver();
    const b = await receiver();
    const hookA = await webhook(a.url);
    const hookB = await webhook(b.url);
    await newInsights(250);
    for (const hook of [hookA, hookB]) {
      const rows = await settled(hook.id, 3, 'three deliveries');
      expect(rows.map((r) => [r.status, r.event_count]).sort()).toEqual([
        ['delivered', 100],
        ['delivered', 100],
        ['delivered', 50],
      ]);
    }
    for (const [r, hook] of [
      [a, hookA],
      [b, hookB],
    ] as const) {
      expect(r.requests).toHaveLength(3);
      const events = r.requests.flatMap((request) => {
        // An independent implementation (the standardwebhooks package) checks the signature.
        const payload = new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>) as {
          type: string;
          data: { events: Array<{ id: string; type: string; insight: { kind: string }; links: { insight: string } }> };
        };
        expect(payload.type).toBe('insights.notification');
        return payload.data.events;
      });
      expect(new Set(events.map((e) => e.id)).size).toBe(250);
      expect(
        events.every((e) => e.type === 'new' && e.links.insight.includes(`/accounts/${accountId}/insights/`)),
      ).toBe(true);
    }
  });

  it('when the signature is checked by hand with node:crypto, then it is v1,HMAC-SHA256 of "id.timestamp.body" under the decoded secret', async () => {
    const r = await receiver();
    const hook = await webhook(r.url);
    await newInsights(1);
    await settled(hook.id, 1, 'one delivery');
    const request = r.requests[0] as (typeof r.requests)[number];
    const id = request.headers['webhook-id'] as string;
    const timestamp = request.headers['webhook-timestamp'] as string;
    const key = Buffer.from(hook.secret.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);
    // Deliveries name themselves, apart from the scanner's requests.
    expect(request.headers['user-agent']).toMatch(/^security-insights-webhooks\/\d/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    // A tampered body fails verification: the test can fail.
    expect(() =>
      new Webhook(hook.secret).verify(
        request.body.replace('"new"', '"old"'),
        request.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('when the receiver is down and comes up later, then the batch is delivered once, with the same webhook-id', async () => {
    const port = await freeLoopbackPort();
    const hook = await webhook(`http://127.0.0.1:${port}/hooks/security`);
    await newInsights(3);
    await eventually(
      async () => {
        const [row] = await deliveries(hook.id);
        // Two attempts counted, and the second one over (an attempt is counted as it starts).
        return ((row?.attempts ?? 0) >= 2 && !row?.last_error?.startsWith(ATTEMPT_IN_PROGRESS)) || undefined;
      },
      20_000,
      'two failed attempts',
    );
    const r = await receiver(() => ({ status: 200 }), port);
    const [row] = await settled(hook.id, 1, 'the delivery');
    expect(row).toMatchObject({ status: 'delivered', response_code: 200, last_error: null, event_count: 3 });
    expect(row?.attempts).toBeGreaterThanOrEqual(3);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]?.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
  });

  it('when the receiver is slow, then the attempt times out and the retry (same webhook-id) is delivered', async () => {
    const r = await receiver((n) => (n === 0 ? { status: 200, delayMs: 3_000 } : { status: 200 }));
    const hook = await webhook(r.url);
    await newInsights(2);
    const [row] = await settled(hook.id, 1, 'the delivery');
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(r.requests).toHaveLength(2);
    expect(r.requests[1]?.headers['webhook-id']).toBe(r.requests[0]?.headers['webhook-id']);
  });

  it('when the receiver answers 503 then 200, then it is retried and delivered; when it answers 400, then it is dead-lettered at once', async () => {
    const flaky = await receiver((n) => ({ status: n < 2 ? 503 : 200 }));
    const refusing = await receiver(() => ({ status: 400 }));
    const hookFlaky = await webhook(flaky.url);
    const hookRefusing = await webhook(refusing.url);
    await newInsights(1);
    expect(await settled(hookFlaky.id, 1, 'the flaky delivery')).toMatchObject([
      { status: 'delivered', attempts: 3, response_code: 200 },
    ]);
    const [refused] = await settled(hookRefusing.id, 1, 'the refused delivery');
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, response_code: 400 });
    expect(refused?.last_error).toContain('HTTP 400');
    expect(refusing.requests).toHaveLength(1);
  });

  it('when deliveries keep failing, then the destination is paused with a reason, later ones are held, and resuming delivers them', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const hook = await webhook(r.url);
    await newInsights(1);
    await settled(hook.id, 1, 'the first dead letter');
    await newInsights(1, 1);
    await settled(hook.id, 2, 'the second dead letter');
    const paused = await db.pool.query(`SELECT status, paused_reason FROM notification_destinations WHERE id = $1`, [
      hook.id,
    ]);
    expect(paused.rows[0].status).toBe('paused');
    expect(paused.rows[0].paused_reason).toMatch(
      /2 deliveries in a row dead-lettered.*HTTP 410.*resume the destination/,
    );
    r.behave(() => ({ status: 200 }));
    const before = r.requests.length;
    await persistScanResult(
      db.pool,
      buildScan(zoneIds[0] as string, [
        {
          checker: 'dns',
          status: 'completed',
          findings: [buildFinding('kind-0', { subject: 's0.example.com', severity: 'critical' })],
        },
      ]),
      { copyThreshold: 1000 },
    );
    const held = await settled(hook.id, 3, 'the held delivery');
    expect(held[2]?.status).toBe('held');
    expect(r.requests.length).toBe(before);
    expect(await resumeDestination(db.pool, accountId, hook.id)).toEqual({ requeued: 1 });
    await eventually(
      async () => ((await deliveries(hook.id))[2]?.status === 'delivered' ? true : undefined),
      20_000,
      'resumed delivery',
    );
    expect(r.requests.length).toBe(before + 1);
    const payload = JSON.parse(r.requests[before]?.body ?? '{}');
    expect(payload.data.events[0]).toMatchObject({
      type: 'worsened',
      severity: 'critical',
      previousSeverity: 'moderate',
    });
  });

  it('when a destination allows one delivery at a time, then its receiver never sees two at once', async () => {
    const r = await receiver(() => ({ status: 200, delayMs: 300 }));
    const hook = await webhook(r.url, 1);
    await newInsights(400);
    const rows = await settled(hook.id, 4, 'four deliveries');
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
    expect(r.requests).toHaveLength(4);
    expect(r.maxConcurrent).toBe(1);
  });

  it('when the secret was rotated, then both secrets sign during the overlap and each verifies alone', async () => {
    const r = await receiver();
    const hook = await webhook(r.url);
    const rotated = await rotateDestinationSecret(db.pool, accountId, hook.id, 3600);
    await newInsights(1);
    await settled(hook.id, 1, 'the delivery');
    const request = r.requests[0] as (typeof r.requests)[number];
    expect((request.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const secret of [hook.secret, rotated?.secret as string])
      expect(() => new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
  });
});
