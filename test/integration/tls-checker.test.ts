import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checker } from '../../libs/checkers';
import { fixtureConfig, FIXTURE_ADDRESS, realChecker, runChecker, triples } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';
import {
  createTestCa,
  issueCertificate,
  selfSignedCertificate,
  type TestCa,
  type TestCertificate,
} from '../support/fixtures/test-ca';
import { httpsFixture, rawTcpFixture, type Listening } from '../support/fixtures/web-fixture.servers';

const NAMES = ['valid', 'expired', 'soon', 'selfsigned', 'wronghost', 'untrusted', 'legacy', 'garbage'].map(
  (n) => `${n}.test`,
);

describe('tls checker against HTTPS servers with test-CA certificates', () => {
  let dns: DnsFixture;
  let ca: TestCa;
  const servers = new Map<string, Listening>();

  const checkerFor = (name: string, env: Record<string, string> = {}): Checker =>
    realChecker('tls', fixtureConfig(dns, { CHECK_HTTPS_PORT: String(servers.get(name)!.port), ...env }), [ca.certPem]);

  beforeAll(async () => {
    dns = await startDnsFixture(Object.fromEntries(NAMES.map((name) => [name, { A: [FIXTURE_ADDRESS] }])));
    ca = await createTestCa();
    const otherCa = await createTestCa('Some Other CA');
    const certs: Record<string, TestCertificate> = {
      'valid.test': await issueCertificate(ca, { hostnames: ['valid.test'] }),
      'expired.test': await issueCertificate(ca, { hostnames: ['expired.test'], notBeforeDays: -60, notAfterDays: -1 }),
      'soon.test': await issueCertificate(ca, { hostnames: ['soon.test'], notAfterDays: 5 }),
      'selfsigned.test': await selfSignedCertificate({ hostnames: ['selfsigned.test'] }),
      'wronghost.test': await issueCertificate(ca, { hostnames: ['other.test'] }),
      'untrusted.test': await issueCertificate(otherCa, { hostnames: ['untrusted.test'] }),
      'legacy.test': await issueCertificate(ca, { hostnames: ['legacy.test'] }),
    };
    for (const [name, cert] of Object.entries(certs)) {
      // OpenSSL 3 only completes TLS 1.0/1.1 handshakes at security level 0.
      const legacy = name === 'legacy.test' ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' } : {};
      servers.set(name, await httpsFixture(cert, (_request, response) => response.end('ok'), legacy));
    }
    servers.set(
      'garbage.test',
      await rawTcpFixture((socket) => socket.end(Buffer.from('SSH-2.0-OpenSSH_9.6\r\nnot TLS at all\r\n'))),
    );
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
    await dns.close();
  });

  it.each([
    ['valid.test', []],
    ['expired.test', ['tls-cert-expired critical expired.test']],
    ['soon.test', ['tls-cert-expires-soon high soon.test']],
    ['selfsigned.test', ['tls-cert-self-signed high selfsigned.test']],
    ['wronghost.test', ['tls-cert-hostname-mismatch high wronghost.test']],
    ['untrusted.test', ['tls-cert-untrusted high untrusted.test']],
    ['legacy.test', ['tls-legacy-version moderate legacy.test']],
    ['garbage.test', ['tls-handshake-failed moderate garbage.test']],
  ])('when %s is checked, then exactly its expected findings come back', async (name, expected) => {
    expect(triples(await runChecker(checkerFor(name), name))).toEqual(expected);
  });

  it('when the server accepts TLS 1.0 and 1.1, then the finding lists both versions', async () => {
    const [finding] = await runChecker(checkerFor('legacy.test'), 'legacy.test');
    expect(finding?.details).toEqual({ accepted: ['TLSv1', 'TLSv1.1'] });
  });

  it('when the check makes three handshakes, then the name is resolved once and every handshake goes to that address', async () => {
    const legacy = servers.get('legacy.test')!;
    let connections = 0;
    const counting = (): void => void (connections += 1);
    legacy.server.on('connection', counting);
    dns.queries.length = 0;
    await runChecker(checkerFor('legacy.test'), 'legacy.test');
    legacy.server.off('connection', counting);
    expect(dns.queries.filter((q) => q.endsWith(' legacy.test')).sort()).toEqual(['A legacy.test', 'AAAA legacy.test']);
    expect(connections).toBe(3);
  });

  it('when the certificate expires in 5 days and the warning window is 3 days, then nothing is reported', async () => {
    expect(await runChecker(checkerFor('soon.test', { TLS_EXPIRY_WARNING_DAYS: '3' }), 'soon.test')).toEqual([]);
  });

  it('when the certificate expires soon, then the finding says when and how many days are left', async () => {
    const [finding] = await runChecker(checkerFor('soon.test'), 'soon.test');
    expect(finding?.details).toMatchObject({ daysLeft: 4, warningDays: 14 });
  });
});
