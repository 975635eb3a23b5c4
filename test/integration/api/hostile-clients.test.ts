import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** The whole byte stream the server sent, interim answers (100 Continue) included. */
  raw: string;
  closedByServer: boolean;
}

/** Writes raw bytes to the API and reads until the server closes or `waitMs` passes. */
function rawRequest(url: string, bytes: string, options: { waitMs?: number; keepSending?: boolean } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let raw = '';
    let closedByServer = false;
    let sending: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearInterval(sending);
      socket.destroy();
      const final = raw.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
      const [head = '', body = ''] = final.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body, raw, closedByServer });
    };
    const timer = setTimeout(finish, options.waitMs ?? 5000);
    socket.on('data', (chunk) => (raw += chunk.toString('latin1')));
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', () => undefined); // a reset after the answer is the point of some tests
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.keepSending)
        sending = setInterval(() => {
          if (!socket.destroyed) socket.write(Buffer.alloc(64 * 1024, 97));
        }, 5);
    });
    socket.on('timeout', reject);
  });
}

function envelope(answer: RawAnswer) {
  expect(answer.head).toMatch(/content-type: application\/json/i);
  return JSON.parse(answer.body) as {
    success: boolean;
    errors: Array<{ code: number; message: string; field?: string }>;
  };
}

describe('hostile clients at the HTTP layer', () => {
  const db = useTestDatabase();
  const api = useTestApi(db, {
    env: { API_MAX_BODY_BYTES: '4096', API_HEADERS_TIMEOUT: '1s', API_REQUEST_TIMEOUT: '2s' },
  });
  let accountId: string;
  beforeAll(async () => {
    accountId = (await buildAccountWithZones(db.pool, { count: 1 })).accountId;
  });

  it('when a body of 4 GiB is declared without a key, then 413 in the envelope answers at once, before the body is read, and the connection is closed', async () => {
    const started = Date.now();
    const answer = await rawRequest(
      api.url,
      `POST /accounts/${accountId}/zones/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 4294967296\r\n\r\n`,
      { keepSending: true },
    );
    expect(answer.status).toBe(413);
    expect(envelope(answer).errors[0]).toMatchObject({ code: 413, field: 'body' });
    expect(envelope(answer).errors[0]?.message).toContain('API_MAX_BODY_BYTES');
    expect(answer.closedByServer).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('when a chunked body runs past the limit, then it is cut there with 413, before authentication', async () => {
    const chunk = 'a'.repeat(1000);
    const chunks = Array.from({ length: 6 }, () => `${(1000).toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await rawRequest(
      api.url,
      `POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(envelope(answer).errors[0]).toMatchObject({ code: 413, field: 'body' });
  });

  it('when Expect: 100-continue announces an over-limit body, then the answer is 413, never 100 Continue; within the limit it is 100 Continue', async () => {
    const over = await rawRequest(
      api.url,
      `POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(over.raw).not.toContain('100 Continue');
    expect(over.status).toBe(413);
    const within = await rawRequest(
      api.url,
      `POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      { waitMs: 1500 },
    );
    expect(within.raw.startsWith('HTTP/1.1 100 Continue')).toBe(true);
  });

  it.each([
    ['severity=%00', 'severity'],
    ['subject=a%00b', 'subject'],
    ['kind~neq=x%01y', 'kind~neq'],
    ['checker=a%7Fb', 'checker'],
    ['zone=%1B%5B31m', 'zone'],
  ])(
    'when a filter carries invalid text (%s), then 400 names the field and PostgreSQL never sees it',
    async (query, field) => {
      const response = await api.request(api.adminKey.token, 'GET', `/accounts/${accountId}/insights?${query}`);
      expect([response.status, response.json.errors[0].field]).toEqual([400, field]);
    },
  );

  it('when a JSON body carries a NUL, then 400 names the body field', async () => {
    const response = await api.request(api.adminKey.token, 'POST', '/accounts', { name: 'evil\u0000corp' });
    expect([response.status, response.json.errors[0].field]).toEqual([400, 'name']);
    expect(response.json.errors[0].message).toContain('NUL');
  });

  it('when headers or the URL are too large, then 431 in the envelope', async () => {
    const answer = await rawRequest(
      api.url,
      `GET /zones?name=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nX-Long: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(envelope(answer).errors[0]?.code).toBe(431);
  });

  it('when the request framing is malformed, then 400 in the envelope and the connection is closed', async () => {
    const answer = await rawRequest(api.url, 'GARBAGE / NOT-HTTP\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(envelope(answer).errors[0]?.message).toContain('malformed HTTP request');
    expect(answer.closedByServer).toBe(true);
    const badLength = await rawRequest(api.url, 'POST /accounts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    expect(badLength.status).toBe(400);
    expect(envelope(badLength).success).toBe(false);
  });

  it('when a client sends its headers too slowly, then 408 in the envelope after API_HEADERS_TIMEOUT', async () => {
    const answer = await rawRequest(api.url, 'GET /zones HTTP/1.1\r\nHost: x\r\n', { waitMs: 6000 });
    expect(answer.status).toBe(408);
    expect(envelope(answer).errors[0]?.message).toContain('API_HEADERS_TIMEOUT');
  });

  it('when any answer is sent, then it carries no framework banner', async () => {
    for (const path of ['/health/live', '/zones', '/nowhere', '/']) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('server')).toBeNull();
    }
    const missing = await api.request(api.adminKey.token, 'GET', '/no/such/route');
    expect([missing.status, missing.json.success]).toEqual([404, false]);
  });
});
