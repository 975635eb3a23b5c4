import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');
const run = promisify(execFile);

describe('npm run cli -- notify …', () => {
  const db = useTestDatabase();
  let receiver: WebhookReceiver;
  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, 'notify', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, NET_ALLOWLIST: '127.0.0.1/32' },
    }).catch((error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }));

  beforeAll(async () => {
    receiver = await startWebhookReceiver(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('when a webhook and a policy are added and a test is sent, then the receiver verifies it with the printed secret', async () => {
    const { accountId, zoneIds } = await buildAccountWithZones(db.pool, { count: 1 });
    const added = JSON.parse((await cli('add-webhook', '--account', accountId, '--url', receiver.url)).stdout);
    expect(added.secret).toMatch(/^whsec_/);
    const policy = await cli(
      'add-policy',
      '--account',
      accountId,
      '--destination',
      added.destination.id,
      '--min-severity',
      'moderate',
      '--zone',
      zoneIds[0] as string,
      '--events',
      'new,worsened',
      '--digest',
    );
    expect(JSON.parse(policy.stdout)).toMatchObject({ minSeverity: 'moderate', mode: 'digest', zoneIds });
    const sent = JSON.parse((await cli('test', '--account', accountId, '--destination', added.destination.id)).stdout);
    expect(sent).toMatchObject({ outcome: 'delivered', responseCode: 200 });
    const request = receiver.requests.at(-1) as (typeof receiver.requests)[number];
    expect(new Webhook(added.secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
      type: 'notification.test',
    });
    const log = JSON.parse((await cli('deliveries', '--account', accountId)).stdout);
    expect(log).toEqual([expect.objectContaining({ id: sent.deliveryId, mode: 'test', status: 'delivered' })]);
  }, 60_000);

  it('when an argument is malformed, then the command fails with a usage error naming the rule', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const badUrl = (await cli('add-webhook', '--account', accountId, '--url', 'ftp://x.example/')) as {
      code?: number;
      stderr: string;
    };
    expect([badUrl.code, badUrl.stderr]).toEqual([2, expect.stringContaining('must be http:// or https://')]);
    const badEvents = (await cli(
      'add-policy',
      '--account',
      accountId,
      '--destination',
      '00000000-0000-4000-8000-000000000000',
      '--events',
      'resolved',
    )) as { code?: number; stderr: string };
    expect(badEvents.stderr).toContain('unknown event type(s) "resolved"');
    const noDestination = (await cli(
      'add-policy',
      '--account',
      accountId,
      '--destination',
      '00000000-0000-4000-8000-000000000000',
    )) as { code?: number; stderr: string };
    expect([noDestination.code, noDestination.stderr]).toEqual([1, expect.stringContaining('has no destination')]);
  }, 60_000);
});
