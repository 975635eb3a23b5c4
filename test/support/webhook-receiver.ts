import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, as it came. */
export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status the receiver answers (or was to answer: see `answered`). */
  status: number;
  /** Whether the answer reached the sender's connection: false while held, or when the sender went away first. */
  answered: boolean;
}

/** How the receiver answers the n-th request (0-based): a status, after an optional delay (Infinity: never, the request is held open). */
export type ReceiverBehaviour = (n: number, body: string) => { status: number; delayMs?: number };

/** A real HTTP receiver on loopback that records every request and the most it served at once. */
export interface WebhookReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  maxConcurrent: number;
  behave(behaviour: ReceiverBehaviour): void;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (port 0 unless given: a test may bring one back up on its old port). */
export async function startWebhookReceiver(
  behaviour: ReceiverBehaviour = () => ({ status: 204 }),
  port = 0,
): Promise<WebhookReceiver> {
  let current = behaviour;
  let inFlight = 0;
  const receiver = { requests: [] as ReceivedRequest[], maxConcurrent: 0 };
  const server = http.createServer((request, response) => {
    inFlight++;
    receiver.maxConcurrent = Math.max(receiver.maxConcurrent, inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const n = receiver.requests.length;
      const { status, delayMs = 0 } = current(n, body);
      const entry = { headers: request.headers, body, status, answered: false };
      receiver.requests.push(entry);
      response.on('finish', () => {
        entry.answered = true;
      });
      if (delayMs === Infinity) return;
      setTimeout(() => {
        inFlight--;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `status ${status}`);
      }, delayMs);
    });
    response.on('close', () => {
      if (!response.writableFinished) inFlight--;
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${actual}/hooks/security`,
    port: actual,
    behave(next: ReceiverBehaviour) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A loopback port with nothing listening on it (taken and released at once). */
export async function freeLoopbackPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
