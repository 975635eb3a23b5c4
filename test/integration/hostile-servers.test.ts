import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checker } from '../../libs/checkers';
import { fixtureConfig, FIXTURE_ADDRESS, realChecker, runChecker } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';
import { createTestCa, issueCertificate, type TestCa, type TestCertificate } from '../support/fixtures/test-ca';
import {
  closedPort,
  httpsFixture,
  rawTcpFixture,
  rawTlsFixture,
  type Listening,
} from '../support/fixtures/web-fixture.servers';

const REQUEST_TIMEOUT_MS = 1_500;
/** Generous: a loaded 2-core box may be slow, but a hang would take minutes. */
const ENDS_WITHIN_MS = REQUEST_TIMEOUT_MS + 3_000;

describe('http checker against hostile servers', () => {
  let dns: DnsFixture;
  let ca: TestCa;
  let cert: TestCertificate;
  let noHttp: number;
  const servers = new Map<string, Listening>();
  let endlessBodyBytes = 0;
  let endlessBodyClosed = false;
  let infoFloodBytes = 0;

  const checkerFor = (name: string): Checker =>
    realChecker(
      'http',
      fixtureConfig(dns, {
        CHECK_HTTP_PORT: String(noHttp),
        CHECK_HTTPS_PORT: String(servers.get(name)!.port),
        NET_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        NET_CONNECT_TIMEOUT_MS: '1000',
      }),
      [ca.certPem],
    );

  /** Runs the check and reports how it ended and how long it took. */
  const timed = async (name: string) => {
    const started = Date.now();
    const result = await runChecker(checkerFor(name), name).then(
      (findings) => ({ findings, error: undefined }),
      (error: Error) => ({ findings: undefined, error }),
    );
    return { ...result, elapsedMs: Date.now() - started };
  };

  beforeAll(async () => {
    const names = [
      'slowloris',
      'bigheader',
      'endlessredirect',
      'toloopback',
      'tometadata',
      'tointranet',
      'garbage',
      'endlessbody',
      'infoflood',
      'infodrip',
    ].map((n) => `${n}.test`);
    dns = await startDnsFixture({
      ...Object.fromEntries(names.map((name) => [name, { A: [FIXTURE_ADDRESS] }])),
      'intranet.test': { A: ['10.0.0.8'] },
    });
    ca = await createTestCa();
    cert = await issueCertificate(ca, { hostnames: names });
    noHttp = await closedPort();
    servers.set(
      'slowloris.test',
      await rawTlsFixture(cert, (socket) => {
        const drip = setInterval(() => socket.write('X'), 1000);
        socket.write('HTTP/1.1 200 OK\r\nX-Drip: ');
        socket.on('close', () => clearInterval(drip));
      }),
    );
    servers.set(
      'bigheader.test',
      await rawTlsFixture(cert, (socket) => {
        socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(10 * 1024 * 1024)}\r\n\r\n`);
      }),
    );
    servers.set(
      'endlessredirect.test',
      await httpsFixture(cert, (request, response) => {
        const hop = Number(/\/hop\/(\d+)/.exec(request.url ?? '')?.[1] ?? 0);
        response.writeHead(302, { location: `/hop/${hop + 1}` }).end();
      }),
    );
    const loopbackTarget = await closedPort();
    servers.set(
      'toloopback.test',
      await httpsFixture(cert, (_request, response) =>
        response.writeHead(302, { location: `http://127.0.0.1:${loopbackTarget}/admin` }).end(),
      ),
    );
    servers.set(
      'tometadata.test',
      await httpsFixture(cert, (_request, response) =>
        response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      ),
    );
    servers.set(
      'tointranet.test',
      await httpsFixture(cert, (_request, response) =>
        response.writeHead(301, { location: 'https://intranet.test/' }).end(),
      ),
    );
    servers.set(
      'infoflood.test',
      await rawTlsFixture(cert, (socket) => {
        // 102 Processing, as fast as the peer reads: headers without end, in many small messages.
        const interim = 'HTTP/1.1 102 Processing\r\nX-Pad: 0123456789\r\n\r\n'.repeat(64);
        const pump = () => {
          while (!socket.destroyed && socket.write(interim)) infoFloodBytes += interim.length;
        };
        socket.on('drain', pump);
        pump();
      }),
    );
    servers.set(
      'infodrip.test',
      await rawTlsFixture(cert, (socket) => {
        // One small 103 Early Hints every 100 ms: never too large, never a final response.
        const drip = setInterval(() => socket.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n'), 100);
        socket.on('close', () => clearInterval(drip));
      }),
    );
    servers.set('garbage.test', await rawTcpFixture((socket) => socket.write(Buffer.alloc(4096, 0x17))));
    servers.set(
      'endlessbody.test',
      await rawTlsFixture(cert, (socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `4000\r\n${'z'.repeat(0x4000)}\r\n`;
        const pump = () => {
          while (!socket.destroyed && socket.write(chunk)) endlessBodyBytes += chunk.length;
        };
        socket.on('drain', pump);
        socket.on('close', () => (endlessBodyClosed = true));
        pump();
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await dns.close();
  });

  it('when the server drips one byte per second, then the check fails with NetTimeout at the request deadline', async () => {
    const { error, elapsedMs } = await timed('slowloris.test');
    expect(error?.message).toMatch(/^NetTimeout: https:\/\/slowloris\.test:\d+\/: no complete answer within \d+ ms$/);
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
  });

  it('when a response header is 10 MB long, then the check fails with ResponseTooLarge after 32 KiB', async () => {
    const { error, elapsedMs } = await timed('bigheader.test');
    expect(error?.message).toMatch(
      /^ResponseTooLarge: https:\/\/bigheader\.test:\d+\/: response headers exceed 32768 bytes \(NET_MAX_HEADER_BYTES\)$/,
    );
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
  });

  it('when the server streams informational (1xx) responses without end, then they count against the header limit', async () => {
    const { error, elapsedMs } = await timed('infoflood.test');
    expect(error?.message).toMatch(
      /^ResponseTooLarge: https:\/\/infoflood\.test:\d+\/: informational \(1xx\) responses exceed 32768 header bytes \(NET_MAX_HEADER_BYTES\)$/,
    );
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
    // Reading stopped soon after the limit: the server could not push more than socket buffers hold.
    expect(infoFloodBytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('when the server drips small informational (1xx) responses, then the check fails at the request deadline', async () => {
    const { error, elapsedMs } = await timed('infodrip.test');
    expect(error?.message).toMatch(/^NetTimeout: https:\/\/infodrip\.test:\d+\/: no complete answer within \d+ ms$/);
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
  });

  it('when redirects never end, then the check fails with TooManyRedirects after the configured five', async () => {
    const { error } = await timed('endlessredirect.test');
    expect(error?.message).toMatch(
      /^TooManyRedirects: https:\/\/endlessredirect\.test:\d+\/: more than 5 redirects \(last to \/hop\/6\)$/,
    );
  });

  it('when the site redirects to 127.0.0.1, then the redirect target is refused as loopback', async () => {
    const { error } = await timed('toloopback.test');
    expect(error?.message).toBe(
      'SsrfRefused: 127.0.0.1 resolves to 127.0.0.1 (loopback, RFC 1122); refusing to connect. Add it to NET_ALLOWLIST only if this target is meant to be scanned.',
    );
  });

  it('when the site redirects to the cloud metadata address, then the redirect target is refused', async () => {
    const { error } = await timed('tometadata.test');
    expect(error?.message).toMatch(
      /^SsrfRefused: 169\.254\.169\.254 resolves to 169\.254\.169\.254 \(cloud metadata\)/,
    );
  });

  it('when the site redirects to a name that resolves to a private address, then the redirect target is resolved and refused', async () => {
    const { error } = await timed('tointranet.test');
    expect(error?.message).toMatch(/^SsrfRefused: intranet\.test resolves to 10\.0\.0\.8 \(private-use, RFC 1918\)/);
  });

  it('when the HTTPS port answers with garbage instead of TLS, then the check fails with ProtocolError', async () => {
    const { error, elapsedMs } = await timed('garbage.test');
    expect(error?.message).toMatch(/^ProtocolError: https:\/\/garbage\.test:\d+\/: TLS handshake failed/);
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
  });

  it('when the body never ends, then the check completes from the headers and hangs up', async () => {
    const { findings, error, elapsedMs } = await timed('endlessbody.test');
    expect(error).toBeUndefined();
    expect(findings?.map((f) => f.kind)).toContain('hsts-missing');
    expect(elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(endlessBodyClosed).toBe(true);
    // Whatever the kernel buffered before the hang-up; an unbounded read would be gigabytes.
    expect(endlessBodyBytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('when the caller cancels a check stuck on a slow server, then it rejects at once with the cancel reason', async () => {
    const controller = new AbortController();
    const run = runChecker(checkerFor('slowloris.test'), 'slowloris.test', 60_000, controller.signal);
    setTimeout(() => controller.abort(new Error('scan cancelled by test')), 200);
    await expect(run).rejects.toThrow('scan cancelled by test');
  });
});
