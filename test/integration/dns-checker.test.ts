import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checker } from '../../libs/checkers';
import { fixtureConfig, realChecker, runChecker, triples } from '../support/fixtures/checker-harness';
import {
  startDnsFixture,
  type DnsFixture,
  type FixtureRecords,
  type FixtureZone,
} from '../support/fixtures/dns-fixture.server';

/** A zone that passes every DNS check; fixtures override one aspect each. */
function healthyZone(name: string, apex: FixtureRecords = {}): FixtureZone {
  return {
    [name]: {
      A: ['127.0.0.2'],
      TXT: ['google-site-verification=abc', 'v=spf1 ip4:192.0.2.0/24 -all'],
      MX: [`mail.${name}`],
      CAA: [{ tag: 'issue', value: 'letsencrypt.org' }],
      DS: true,
      ...apex,
    },
    [`_dmarc.${name}`]: { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@example.org'] },
    [`_mta-sts.${name}`]: { TXT: ['v=STSv1; id=20240101'] },
    [`_smtp._tls.${name}`]: { TXT: ['v=TLSRPTv1; rua=mailto:tls@example.org'] },
    [`www.${name}`]: { A: ['127.0.0.2'] },
  };
}

const ZONE: FixtureZone = {
  ...healthyZone('good.test'),
  ...healthyZone('nospf.test', { TXT: [], CAA: [], DS: false }),
  '_dmarc.nospf.test': {},
  'nomail.test': { A: ['127.0.0.2'], CAA: [{ tag: 'issuewild', value: 'pki.goog' }], DS: true },
  '_dmarc.nomail.test': { TXT: ['v=DMARC1; p=none'] },
  ...healthyZone('allowall.test', { TXT: ['v=spf1 include:_spf.example.org +all'] }),
  ...healthyZone('permissive.test', { TXT: ['v=spf1 mx ?all'] }),
  ...healthyZone('noall.test', { TXT: ['v=spf1 mx'] }),
  ...healthyZone('twospf.test', { TXT: ['v=spf1 -all', 'v=spf1 mx -all'] }),
  ...healthyZone('dangling.test'),
  'www.dangling.test': { CNAME: 'shop.gone-provider.test' },
  ...healthyZone('loop.test'),
  'www.loop.test': { CNAME: 'a.loop.test' },
  'a.loop.test': { CNAME: 'www.loop.test' },
  ...healthyZone('oversized.test', {
    TXT: Array.from({ length: 200 }, (_, i) => `filler-record-${i}-${'x'.repeat(40)}`),
  }),
  ...healthyZone('longtxt.test', {
    TXT: ['v=spf1 -all', ...Array.from({ length: 30 }, (_, i) => `verification-${i}=${'y'.repeat(50)}`)],
  }),
  ...healthyZone('malformed.test'),
  '_dmarc.malformed.test': { malformed: true },
  ...healthyZone('servfail.test'),
  '_dmarc.servfail.test': { rcode: 'SERVFAIL' },
  ...healthyZone('refused.test'),
  'refused.test': { rcode: 'REFUSED' },
  ...healthyZone('truncated.test'),
  '_dmarc.truncated.test': { TXT: ['v=DMARC1; p=reject'], truncatedWithoutTcp: true },
  ...healthyZone('wrongquestion.test'),
  '_dmarc.wrongquestion.test': { wrongQuestion: true },
};

describe('dns checker against a loopback authoritative DNS server', () => {
  let dns: DnsFixture;
  let checker: Checker;

  beforeAll(async () => {
    dns = await startDnsFixture(ZONE);
    checker = realChecker('dns', fixtureConfig(dns));
  });
  afterAll(async () => {
    await dns.close();
  });

  it.each([
    ['good.test', []],
    [
      'nospf.test',
      [
        'caa-missing low nospf.test',
        'dmarc-missing moderate _dmarc.nospf.test',
        'dnssec-missing low nospf.test',
        'mx-without-spf high nospf.test',
      ],
    ],
    ['nomail.test', ['dmarc-policy-none moderate _dmarc.nomail.test', 'spf-missing moderate nomail.test']],
    ['allowall.test', ['spf-allow-all critical allowall.test']],
    ['permissive.test', ['spf-permissive moderate permissive.test']],
    ['noall.test', ['spf-permissive moderate noall.test']],
    ['twospf.test', ['spf-multiple-records moderate twospf.test']],
    ['dangling.test', ['dangling-cname critical www.dangling.test']],
    ['loop.test', ['cname-loop moderate www.loop.test']],
    // 31 TXT records (~2 KB) arrive truncated over UDP, then whole over TCP.
    ['longtxt.test', []],
  ])('when %s is checked, then exactly its expected findings come back', async (zone, expected) => {
    expect(triples(await runChecker(checker, zone))).toEqual(expected);
  });

  it('when a CNAME dangles, then the finding names the chain and remediation', async () => {
    const [finding] = await runChecker(checker, 'dangling.test');
    expect(finding?.details).toEqual({
      cname: 'shop.gone-provider.test',
      chain: ['www.dangling.test', 'shop.gone-provider.test'],
    });
    expect(finding?.remediation).toMatch(/Delete the CNAME/);
  });

  it('when a TXT answer holds 200 records (truncated on UDP, whole on TCP), then the check fails with ResponseTooLarge', async () => {
    await expect(runChecker(checker, 'oversized.test')).rejects.toThrow(
      /^ResponseTooLarge: TXT oversized\.test: 200 answers, more than the 50 allowed$/,
    );
  });

  it('when the server answers with bytes that are not DNS, then the check fails with DnsFailed naming the server', async () => {
    await expect(runChecker(checker, 'malformed.test')).rejects.toThrow(
      new RegExp(
        `^DnsFailed: TXT _dmarc\\.malformed\\.test: no DNS server answered \\(127\\.0\\.0\\.1:${dns.port} malformed UDP answer`,
      ),
    );
  });

  it('when the zone name does not exist (NXDOMAIN), then the check fails with that reason instead of listing missing records', async () => {
    await expect(runChecker(checker, 'nothere.test')).rejects.toThrow(
      /^DnsFailed: nothere\.test does not exist \(NXDOMAIN\), so none of its records can be judged; check that the domain is registered and delegated$/,
    );
  });

  it('when a server answers SERVFAIL or REFUSED, then the check fails naming the rcode and nothing is reported missing', async () => {
    await expect(runChecker(checker, 'servfail.test')).rejects.toThrow(
      new RegExp(
        `^DnsFailed: TXT _dmarc\\.servfail\\.test: no DNS server answered \\(127\\.0\\.0\\.1:${dns.port} answered SERVFAIL\\)`,
      ),
    );
    await expect(runChecker(checker, 'refused.test')).rejects.toThrow(/answered REFUSED/);
  });

  it('when an answer arrives truncated and the TCP retry is cut off, then the check fails and DMARC is not reported missing', async () => {
    await expect(runChecker(checker, 'truncated.test')).rejects.toThrow(
      /^DnsFailed: TXT _dmarc\.truncated\.test: no DNS server answered \(127\.0\.0\.1:\d+ TCP connection closed before a full answer\)/,
    );
  });

  it('when an answer is for another question, then it is not taken as the answer and the check fails', async () => {
    await expect(runChecker(checker, 'wrongquestion.test')).rejects.toThrow(/answer for another question/);
  });

  it('when the configured DNS server does not answer, then the check fails with DnsFailed within the DNS timeout', async () => {
    const silent = realChecker('dns', fixtureConfig({ ...dns, port: 9 }, { DNS_TIMEOUT_MS: '300' }));
    const started = Date.now();
    await expect(runChecker(silent, 'good.test')).rejects.toThrow(/^DnsFailed: .*127\.0\.0\.1:9 /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
