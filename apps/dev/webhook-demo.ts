import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../libs/config';
import { CommandFailure, runMain } from '../../libs/runtime';

/** Standard Webhooks check: one `v1,<base64>` of the signature header is HMAC-SHA256("id.timestamp.body"). */
function verified(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((part) => {
      const [version, signature] = part.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

interface Envelope<T> {
  success: boolean;
  result: T;
  errors?: Array<{ message: string }>;
}

/**
 * `KEY=si_… npm run webhook-demo` (with `npm start` running, NET_ALLOWLIST=127.0.0.1/32): the
 * webhook walk-through in one command. It starts a receiver on loopback, creates a webhook
 * destination and a policy for the demo account through the API, adds new zones and asks for
 * their scans (insights that existed before the policy are never sent; these are new), then
 * prints each signed delivery as it arrives, with its signature checked, and the delivery log.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const key = process.env.KEY ?? '';
  if (!/^si_/.test(key))
    throw new CommandFailure(
      'set KEY to the admin key npm start printed (its "Admin key" line): KEY=si_… npm run webhook-demo',
    );
  const apiUrl = process.env.API_URL ?? `http://${config.api.host}:${config.api.port}`;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      throw new CommandFailure(
        `no API at ${apiUrl} (${(error as Error).message}): start it with npm start, or set API_URL`,
      );
    });
    const parsed = (await response.json()) as Envelope<T>;
    if (!response.ok)
      throw new CommandFailure(
        `${method} ${path}: HTTP ${response.status}: ${parsed.errors?.map((e) => e.message).join('; ')}`,
      );
    return parsed.result;
  };

  let secret = '';
  const seenZones = new Set<string>();
  let requests = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = secret !== '' && verified(secret, request.headers, body);
      response.writeHead(ok ? 204 : 401).end();
      const payload = JSON.parse(body) as {
        data: { events: Array<{ type: string; severity: string; insight: { zoneName: string; kind: string } }> };
      };
      const events = payload.data.events;
      say(
        `← POST ${request.url} webhook-id=${String(request.headers['webhook-id'])} signature ${ok ? 'verified' : 'INVALID (answered 401)'}, ${events.length} event(s):`,
      );
      for (const event of events) {
        seenZones.add(event.insight.zoneName);
        say(`    ${event.type.padEnd(9)} ${event.severity.padEnd(8)} ${event.insight.zoneName}  ${event.insight.kind}`);
      }
    });
  });
  const port = Number(process.env.WEBHOOK_DEMO_PORT ?? 0);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/security`;
  say(`Receiver listening on ${url}`);

  try {
    const accounts = await call<Array<{ id: string; name: string }>>('GET', '/accounts');
    const account = accounts[0];
    if (!account) throw new CommandFailure('no account yet: npm start seeds the demo account (DEMO_ZONES)');
    const base = `/accounts/${account.id}/notifications`;
    const created = await call<{ destination: { id: string }; secret: string }>('POST', `${base}/destinations`, {
      type: 'webhook',
      name: 'webhook demo',
      url,
    });
    secret = created.secret;
    const destinationId = created.destination.id;
    await call('POST', `${base}/policies`, {
      destinationId,
      name: 'webhook demo: everything new',
      minSeverity: 'info',
    });
    say(`Destination ${destinationId} and a policy (every severity) created for account "${account.name}"`);

    // New zones, scanned now: their insights are new, after the policy, so they are sent.
    const stamp = Date.now().toString(36);
    const zones: Array<{ id: string; name: string }> = [];
    for (let i = 1; i <= 3; i++) {
      const zone = await call<{ id: string; name: string }>('POST', `/accounts/${account.id}/zones`, {
        name: `webhook-demo-${stamp}-${i}.example.com`,
      });
      await call('POST', `/zones/${zone.id}/scan`);
      zones.push(zone);
    }
    say(`Zones ${zones.map((z) => z.name).join(', ')} added, scans requested; waiting for deliveries…`);

    // Done when every new zone was scanned, its events (if any) arrived, and no delivery is still being sent.
    const deadline = Date.now() + 180_000;
    type Delivery = {
      id: string;
      status: string;
      attempts: number;
      responseCode: number | null;
      lastError: string | null;
      eventCount: number;
    };
    for (;;) {
      const details = await Promise.all(
        zones.map((z) =>
          call<{ name: string; lastScanAt: string | null; insightsByStatus: Array<{ count: number }> }>(
            'GET',
            `/zones/${z.id}`,
          ),
        ),
      );
      const scanned = details.map((z) => z.lastScanAt);
      // A new zone with insights is done once its events arrived (a zone may have none).
      const arrived = details.every((z) => z.insightsByStatus.every((c) => c.count === 0) || seenZones.has(z.name));
      const deliveries = await call<Delivery[]>('GET', `${base}/deliveries?destination=${destinationId}`);
      const settled =
        deliveries.length > 0 && deliveries.every((d) => ['delivered', 'failed', 'held'].includes(d.status));
      if (scanned.every(Boolean) && arrived && settled && seenZones.size > 0) {
        say('Delivery log:');
        for (const d of deliveries)
          say(
            `    ${d.id}  ${d.status}  ${d.eventCount} event(s), ${d.attempts} attempt(s), HTTP ${d.responseCode ?? '–'}${d.lastError ? `, ${d.lastError}` : ''}`,
          );
        say(`Done: ${requests} signed request(s) for the new insights of ${seenZones.size} zone(s).`);
        return;
      }
      // Dead-lettered before anything arrived: the guard refused the receiver, or it never answered.
      const failedUnseen = settled && requests === 0 && deliveries.some((d) => d.status === 'failed');
      if (failedUnseen || Date.now() > deadline) {
        const last = deliveries.find((d) => d.lastError)?.lastError;
        throw new CommandFailure(
          `${failedUnseen ? 'the deliveries were dead-lettered' : 'no complete delivery after 3 min'} (zones scanned: ${scanned.filter(Boolean).length}/3, deliveries: ${deliveries.map((d) => d.status).join(', ') || 'none'})${last ? `; last error: ${last.replace(/\.$/, '')}` : ''}. A loopback receiver needs NET_ALLOWLIST=127.0.0.1/32 in npm start's environment.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

runMain('webhook-demo', main);
