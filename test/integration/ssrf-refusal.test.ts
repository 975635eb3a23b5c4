import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureConfig, FIXTURE_ADDRESS, realChecker, runChecker } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';

const ADVICE = '; refusing to connect. Add it to NET_ALLOWLIST only if this target is meant to be scanned.';

describe('SSRF guard: targets that resolve to internal addresses', () => {
  let dns: DnsFixture;

  beforeAll(async () => {
    dns = await startDnsFixture({
      'private.test': { A: ['10.1.2.3'] },
      'metadata.test': { A: ['169.254.169.254'] },
      'cgnat.test': { A: ['100.64.0.9'] },
      'mapped.test': { AAAA: ['::ffff:127.0.0.1'] },
      'ula.test': { AAAA: ['fd12:3456::1'] },
      'mixed.test': { A: [FIXTURE_ADDRESS, '192.168.1.10'] },
      'alias.test': { CNAME: 'internal.test' },
      'internal.test': { A: ['172.16.5.5'] },
      'fixture.test': { A: [FIXTURE_ADDRESS] },
      'compat.test': { AAAA: ['::7f00:1'] },
      'nat64.test': { AAAA: ['64:ff9b::a9fe:a9fe'] },
      'sixtofour.test': { AAAA: ['2002:a00:1::1'] },
      'teredo.test': { AAAA: ['2001:0:7f00:1::f7f7:fbfb'] },
    });
  });
  afterAll(async () => {
    await dns.close();
  });

  it.each([
    ['private.test', '10.1.2.3', 'private-use, RFC 1918'],
    ['metadata.test', '169.254.169.254', 'cloud metadata'],
    ['cgnat.test', '100.64.0.9', 'shared address space (CGNAT), RFC 6598'],
    ['mapped.test', '127.0.0.1', 'loopback, RFC 1122'],
    ['ula.test', 'fd12:3456::1', 'unique-local, RFC 4193'],
    ['mixed.test', '192.168.1.10', 'private-use, RFC 1918'],
    ['alias.test', '172.16.5.5', 'private-use, RFC 1918'],
    ['compat.test', '::7f00:1', 'IPv4-compatible (deprecated) address (RFC 4291) of 127.0.0.1: loopback, RFC 1122'],
    [
      'nat64.test',
      '64:ff9b::a9fe:a9fe',
      'IPv4/IPv6 translation (NAT64) address (RFC 6052) of 169.254.169.254: cloud metadata',
    ],
    ['sixtofour.test', '2002:a00:1::1', '6to4 address (RFC 3056) of 10.0.0.1: private-use, RFC 1918'],
    ['teredo.test', '2001:0:7f00:1::f7f7:fbfb', 'Teredo address (RFC 4380) of 127.0.0.1: loopback, RFC 1122'],
  ])('when %s resolves to %s, then the http and tls checks are refused as %s', async (name, address, range) => {
    const config = fixtureConfig(dns);
    const expected = `SsrfRefused: ${name} resolves to ${address} (${range})${ADVICE}`;
    await expect(runChecker(realChecker('http', config), name)).rejects.toThrow(expected);
    await expect(runChecker(realChecker('tls', config), name)).rejects.toThrow(expected);
  });

  it('when NET_ALLOWLIST is empty, then even the fixture address on loopback is refused', async () => {
    const config = fixtureConfig(dns, { NET_ALLOWLIST: '' });
    await expect(runChecker(realChecker('http', config), 'fixture.test')).rejects.toThrow(
      `SsrfRefused: fixture.test resolves to 127.0.0.2 (loopback, RFC 1122)${ADVICE}`,
    );
  });
});
