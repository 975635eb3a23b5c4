import { expect, it } from 'vitest';
import { persistScanResults } from '../../libs/db';
import { webhookForEveryEvent } from '../support/notifications';
import { ensureNotificationDispatcher } from '../../libs/temporal';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { useTestDatabase } from '../support/test-database';
import { eventually, useTestWorkers } from '../support/temporal';
import { startWebhookReceiver } from '../support/webhook-receiver';

// The burst of the issue: 10,000 new insights over 100 destinations (100 accounts, one zone of
// 100 findings and one webhook each) in one write. Asserts the grouping (100 requests carry all
// 10,000 events); prints the figures (deliveries/s, events/s, CPU of this process, which runs
// the writer, the workers and the receiver) and asserts no timing.
const db = useTestDatabase();
const workers = useTestWorkers(db, ['notify']);
it('when 10,000 new insights reach 100 destinations in one write, then 100 requests carry them all', async () => {
  const receiver = await startWebhookReceiver(() => ({ status: 204 }));
  const scans = [];
  for (let a = 0; a < 100; a++) {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1, prefix: `b${a}` });
    await webhookForEveryEvent(db.pool, accountId, { name: 'h', url: receiver.url, maxConcurrency: 2 });
    scans.push(
      buildScan(zoneIds[0] as string, [
        { checker: 'dns', status: 'completed', findings: Array.from({ length: 100 }, (_, i) => buildFinding(`k${i}`)) },
      ]),
    );
  }
  await ensureNotificationDispatcher(workers.client, workers.prefix, {
    windowSeconds: 1,
    digestHourUtc: 8,
    maxEventsPerDelivery: 500,
    delivery: {
      maxAttempts: 5,
      initialRetrySeconds: 1,
      maxRetrySeconds: 5,
      busyRetrySeconds: 0.2,
      pauseAfterFailures: 3,
      attemptTimeoutSeconds: 10,
    },
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await persistScanResults(db.pool, scans, { copyThreshold: 1000 });
  const tWritten = performance.now();
  await eventually(
    async () => {
      const r = await db.pool.query(
        `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS d FROM notification_deliveries`,
      );
      return r.rows[0].d === 100 ? true : undefined;
    },
    120_000,
    'all delivered',
  );
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const events = receiver.requests.reduce((n, r) => n + JSON.parse(r.body).data.events.length, 0);
  const span = await db.pool.query(
    `SELECT extract(epoch FROM max(finished_at) - min(created_at))::float AS s FROM notification_deliveries`,
  );
  console.log(
    JSON.stringify({
      requests: receiver.requests.length,
      events,
      writeMs: Math.round(tWritten - t0),
      writeToAllDeliveredMs: Math.round(t1 - t0),
      firstBatchToLastDeliveredS: span.rows[0].s,
      deliveriesPerS: 100 / ((t1 - tWritten) / 1000),
      eventsPerS: events / ((t1 - tWritten) / 1000),
      testProcessCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    }),
  );
  expect(receiver.requests).toHaveLength(100);
  expect(events).toBe(10_000);
  await workers.client.workflow.getHandle(`${workers.prefix}-notification-dispatcher`).terminate('done');
  await receiver.close();
}, 180_000);
