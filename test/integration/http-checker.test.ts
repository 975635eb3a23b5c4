import type { OutgoingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureConfig, FIXTURE_ADDRESS, realChecker, runChecker, triples } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';
import { createTestCa, issueCertificate, type TestCa } from '../support/fixtures/test-ca';
import { httpFixture, httpsFixture, redirectToHttps, type Listening } from '../support/fixtures/web-fixture.servers';

/** One site: the headers its HTTPS answer sends, and whether plain HTTP redirects to HTTPS. */
interface Site {
  headers: OutgoingHttpHeaders;
  redirects: boolean;
}

const SITES: Record<string, Site> = {
  'hardened.test': {
    redirects: true,
    headers: {
      'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
      'content-security-policy':
        "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer, strict-origin-when-cross-origin',
      server: 'nginx',
      'set-cookie': ['sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax'],
    },
  },
  'bare.test': { redirects: false, headers: { server: 'Apache/2.4.58 (Debian)', 'set-cookie': ['sid=abc; Path=/'] } },
  'weak.test': {
    redirects: true,
    headers: {
      'strict-transport-security': 'max-age=300',
      'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'unsafe-url',
      'x-powered-by': 'PHP/8.1.2',
      'set-cookie': ['sid=abc; Secure', 'theme=dark; Secure; HttpOnly; SameSite=Strict'],
    },
  },
  'nopreload.test': {
    redirects: true,
    headers: {
      'strict-transport-security': 'max-age=31536000',
      'content-security-policy': "default-src 'self'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer-when-downgrade',
    },
  },
};

describe('http checker against HTTP and HTTPS servers with each header and cookie variant', () => {
  let dns: DnsFixture;
  let ca: TestCa;
  const servers: Listening[] = [];
  const ports = new Map<string, { http: number; https: number }>();

  beforeAll(async () => {
    dns = await startDnsFixture(Object.fromEntries(Object.keys(SITES).map((name) => [name, { A: [FIXTURE_ADDRESS] }])));
    ca = await createTestCa();
    for (const [name, site] of Object.entries(SITES)) {
      const secure = await httpsFixture(await issueCertificate(ca, { hostnames: [name] }), (request, response) => {
        // Only the hardened site has a security.txt; the others answer every path with their page.
        if (name === 'hardened.test' && request.url === '/.well-known/security.txt')
          return void response
            .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
            .end('Contact: mailto:security@hardened.test\nExpires: 2099-01-01T00:00:00Z\n');
        response.writeHead(200, { 'content-type': 'text/html', ...site.headers }).end('<h1>fixture</h1>');
      });
      const plain = site.redirects
        ? await redirectToHttps(secure.port)
        : await httpFixture((_request, response) => response.end('plain'));
      servers.push(secure, plain);
      ports.set(name, { http: plain.port, https: secure.port });
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await dns.close();
  });

  const check = (name: string) => {
    const { http, https } = ports.get(name)!;
    return runChecker(
      realChecker('http', fixtureConfig(dns, { CHECK_HTTP_PORT: String(http), CHECK_HTTPS_PORT: String(https) }), [
        ca.certPem,
      ]),
      name,
    );
  };

  it.each([
    ['hardened.test', []],
    [
      'bare.test',
      [
        'clickjacking-protection-missing moderate bare.test',
        'cookie-without-httponly low bare.test cookie sid',
        'cookie-without-samesite low bare.test cookie sid',
        'cookie-without-secure moderate bare.test cookie sid',
        'csp-missing moderate bare.test',
        'hsts-missing moderate bare.test',
        'https-redirect-missing high bare.test',
        'referrer-policy-missing info bare.test',
        'security-txt-missing low bare.test/.well-known/security.txt',
        'server-version-disclosed info bare.test',
        'x-content-type-options-missing low bare.test',
      ],
    ],
    [
      'weak.test',
      [
        'cookie-without-httponly low weak.test cookie sid',
        'cookie-without-samesite low weak.test cookie sid',
        'csp-unsafe-eval moderate weak.test',
        'csp-unsafe-inline moderate weak.test',
        'hsts-short-max-age low weak.test',
        'referrer-policy-unsafe low weak.test',
        'security-txt-missing low weak.test/.well-known/security.txt',
        'server-version-disclosed info weak.test',
      ],
    ],
    [
      'nopreload.test',
      [
        'hsts-not-preload-ready info nopreload.test',
        'referrer-policy-unsafe low nopreload.test',
        'security-txt-missing low nopreload.test/.well-known/security.txt',
      ],
    ],
  ])('when %s is checked, then exactly its expected findings come back', async (name, expected) => {
    expect(triples(await check(name))).toEqual(expected);
  });

  it('when plain HTTP answers 200 instead of redirecting, then the finding records the status', async () => {
    const finding = (await check('bare.test')).find((f) => f.kind === 'https-redirect-missing');
    expect(finding?.details).toEqual({ status: 200, location: null });
  });

  it('when the server discloses its version, then the finding quotes the header', async () => {
    const finding = (await check('weak.test')).find((f) => f.kind === 'server-version-disclosed');
    expect(finding?.details).toEqual({ header: 'x-powered-by', value: 'PHP/8.1.2' });
  });
});
