import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../libs/config';
import { batchDueEvents, createDestination, createPolicy, persistScanResult, routeInsightEvents } from '../../libs/db';
import { nextDigestAt } from '../../libs/domain';
import { attemptDelivery, buildNotifyDeps, type DeliveryDeps } from '../../libs/notify';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';
import { testLogStream } from '../support/test-logs';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

// A real SMTP server on loopback (smtp-server), and the routing/batching steps driven with the
// test's own clock: a day of events becomes one digest at NOTIFY_DIGEST_HOUR.
describe('email notifications and the daily digest', () => {
  const db = useTestDatabase();
  const mail: Received[] = [];
  let smtp: SMTPServer;
  let deps: DeliveryDeps;
  let accountId: string;
  let zoneId: string;
  const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 2, day, hour, minute));

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mail.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bounce@')) callback(new Error('550 no such mailbox'));
        else callback();
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_EMAIL_FROM: 'alerts@insights.example' });
    deps = { pool: db.pool, ...buildNotifyDeps(config, createLogger('warn', 'test-email', testLogStream)) };
  });
  afterAll(async () => {
    deps.email.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    ({
      accountId,
      zoneIds: [zoneId = ''],
    } = await buildAccountWithZones(db.pool, { count: 1 }));
    mail.length = 0;
  });

  const emailDestination = async (email: string, mode: 'immediate' | 'digest') => {
    const { destination } = await createDestination(db.pool, accountId, { type: 'email', name: 'mail', email });
    await createPolicy(db.pool, accountId, {
      destinationId: destination.id,
      name: mode,
      minSeverity: 'moderate',
      kinds: null,
      zoneIds: null,
      eventTypes: ['new', 'reopened', 'worsened'],
      mode,
      enabled: true,
    });
    return destination.id;
  };
  const scanAt = (when: Date, kinds: string[], severity: 'low' | 'moderate' | 'high' = 'high') =>
    persistScanResult(
      db.pool,
      buildScan(
        zoneId,
        [{ checker: 'dns', status: 'completed', findings: kinds.map((k) => buildFinding(k, { severity })) }],
        when,
      ),
      { copyThreshold: 1000 },
    );
  /** One dispatcher round as the activity runs it, at the test's `now`. */
  const round = async (now: Date) => {
    await routeInsightEvents(db.pool, { now, digestAt: nextDigestAt(now, 8), limit: 10_000 });
    return batchDueEvents(db.pool, { now, maxEventsPerDelivery: 500, limit: 10_000 });
  };
  const deliveryIds = async () =>
    (await db.pool.query<{ id: string }>(`SELECT id FROM notification_deliveries ORDER BY created_at, id`)).rows.map(
      (r) => r.id,
    );

  it('when a day of events is routed to a digest policy, then nothing is sent before 08:00 UTC and one email covers the day after it', async () => {
    await emailDestination('sec@example.com', 'digest');
    await scanAt(at(10, 9), ['spf-missing']);
    await round(at(10, 9, 1));
    await scanAt(at(10, 15), ['spf-missing', 'caa-missing']);
    await round(at(10, 15, 1));
    await scanAt(at(10, 23, 30), ['spf-missing', 'caa-missing', 'dmarc-missing']);
    await scanAt(at(10, 23, 40), ['spf-missing', 'caa-missing', 'dmarc-missing', 'hsts-missing']);
    expect(await round(at(11, 7, 59))).toBe(0);
    expect(await round(at(11, 8, 0))).toBe(1);
    const [id] = await deliveryIds();
    expect(await attemptDelivery(deps, id as string, AbortSignal.timeout(10_000))).toMatchObject({
      outcome: 'delivered',
    });
    expect(mail).toHaveLength(1);
    const message = mail[0] as Received;
    expect(message.to).toEqual(['sec@example.com']);
    expect(message.from).toBe('alerts@insights.example');
    expect(message.raw).toMatch(/Subject: Security Insights: 4 insight\(s\) in your daily digest/);
    for (const kind of ['spf-missing', 'caa-missing', 'dmarc-missing', 'hsts-missing'])
      expect(message.raw).toContain(`title of ${kind}`);
    expect(message.raw).toMatch(/Content-Type: text\/plain/);
    expect(message.raw).toMatch(/Content-Type: text\/html/);
    expect(await round(at(12, 8, 0))).toBe(0);
  });

  it('when an immediate policy routes events, then they are due in the same round; a low-severity one is filtered out', async () => {
    await emailDestination('sec@example.com', 'immediate');
    await scanAt(at(10, 9), ['minor'], 'low');
    expect(await round(at(10, 9, 1))).toBe(0);
    await scanAt(at(10, 10), ['minor', 'spf-missing']);
    expect(await round(at(10, 10, 1))).toBe(1);
  });

  it('when the SMTP server refuses the address, then the attempt is rejected (no retry) with its answer', async () => {
    await emailDestination('bounce@example.com', 'immediate');
    await scanAt(at(10, 9), ['spf-missing']);
    await round(at(10, 9, 1));
    const [id] = await deliveryIds();
    const result = await attemptDelivery(deps, id as string, AbortSignal.timeout(10_000));
    expect(result.outcome).toBe('rejected');
    expect(result.error).toMatch(/SMTP: .*550|no such mailbox/);
    expect(mail).toHaveLength(0);
  });
});
