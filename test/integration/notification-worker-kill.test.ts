import { Client, Connection } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { schedulerWorkflowId } from '../../libs/contract';
import { ATTEMPT_IN_PROGRESS, persistScanResult } from '../../libs/db';
import { webhookForEveryEvent } from '../support/notifications';
import { buildAccountWithZones } from '../support/factories';
import { buildFinding, buildScan } from '../support/scan-builders';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

interface DeliveryRow {
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  event_count: number;
}

/**
 * A worker process is SIGKILLed while its delivery's request is open at the receiver; a second
 * worker process takes the delivery over. The receiver accepts each webhook-id once, and the
 * delivery log shows the killed attempt while it is pending and ends delivered after two.
 */
describe('a notification worker killed mid-delivery', () => {
  const db = useTestDatabase();
  const workers: WorkerProcess[] = [];
  let receiver: WebhookReceiver | undefined;
  let connection: Connection | undefined;
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await receiver?.close();
    await connection?.close();
  });

  it('when the worker running an attempt is SIGKILLed, then a second worker delivers it and the receiver accepts each webhook-id exactly once', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    // The first request is held open (no answer) until the test has killed the worker sending it.
    let hold = true;
    receiver = await startWebhookReceiver(() => (hold ? { status: 204, delayMs: Infinity } : { status: 204 }));
    const destination = await webhookForEveryEvent(db.pool, accountId, {
      name: 'kill test',
      url: receiver.url,
      maxConcurrency: 1,
    });
    const { secret } = destination;
    await persistScanResult(
      db.pool,
      buildScan(zoneIds[0] as string, [
        {
          checker: 'dns',
          status: 'completed',
          findings: [0, 1, 2].map((i) => buildFinding(`kind-${i}`, { subject: `s${i}.example.com` })),
        },
      ]),
      { copyThreshold: 1000 },
    );

    const prefix = `notify-kill-${Math.random().toString(36).slice(2, 8)}`;
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE_PREFIX: prefix,
      // The scheduler lane serves the notification queue and starts the dispatcher.
      WORKER_LANES: 'scheduler',
      WORKER_METRICS_PORT: '0',
      NET_ALLOWLIST: '127.0.0.1/32',
      // The held request outlives the attempt: only the attempt timeout ends the killed attempt.
      NET_REQUEST_TIMEOUT_MS: '120000',
      NOTIFY_WINDOW: '200ms',
      NOTIFY_RETRY_INITIAL: '500ms',
      NOTIFY_ATTEMPT_TIMEOUT: '6s',
      LOG_LEVEL: 'info',
    };
    const first = startWorkerProcess(env);
    workers.push(first);
    await eventually(
      async () => {
        if (first.child.exitCode !== null) throw new Error(`the first worker exited:\n${first.lines().join('\n')}`);
        return receiver?.requests.length ? true : undefined;
      },
      90_000,
      () => `the first worker's request at the receiver; its output:\n${first.lines().slice(-10).join('\n')}`,
    );
    const query = async () =>
      (
        await db.pool.query<DeliveryRow>(
          `SELECT status, attempts, response_code, last_error, event_count FROM notification_deliveries
           WHERE destination_id = $1`,
          [destination.id],
        )
      ).rows;

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    // The receiver sees the sender go away; the killed attempt is in the log, marked unfinished.
    await eventually(async () => (receiver?.requests[0]?.answered === false ? true : undefined), 10_000, 'the cut');
    const afterKill = await query();
    expect(afterKill).toHaveLength(1);
    expect(afterKill[0]).toMatchObject({ status: 'sending', attempts: 1, response_code: null, event_count: 3 });
    expect(afterKill[0]?.last_error).toMatch(
      new RegExp(`^${ATTEMPT_IN_PROGRESS} attempt 1 started at .*stopped mid-attempt`),
    );

    hold = false;
    const second = startWorkerProcess(env);
    workers.push(second);
    const [row] = await eventually(
      async () => {
        const rows = await query();
        return rows[0]?.status === 'delivered' ? rows : undefined;
      },
      90_000,
      () => `the delivery to end delivered; the second worker's output:\n${second.lines().slice(-10).join('\n')}`,
    );
    expect(row).toMatchObject({
      status: 'delivered',
      attempts: 2,
      response_code: 204,
      last_error: null,
      event_count: 3,
    });

    // Exactly one accepted request per webhook-id; every request carried the same id.
    const requests = receiver.requests;
    const ids = new Set(requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const accepted = requests.filter((r) => r.answered && r.status < 300);
    expect(accepted).toHaveLength(1);
    expect(requests[0]?.answered).toBe(false);
    const payload = new Webhook(secret as string).verify(
      accepted[0]?.body ?? '',
      accepted[0]?.headers as Record<string, string>,
    ) as { data: { events: unknown[] } };
    expect(payload.data.events).toHaveLength(3);

    connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection });
    for (const id of [schedulerWorkflowId(prefix), `${prefix}-notification-dispatcher`])
      await client.workflow.getHandle(id).terminate('notification kill test over');
  }, 240_000);
});
