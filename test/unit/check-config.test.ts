import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../libs/config';
import { configProblemsOf as problemsOf } from '../support/config-problems';

describe('checker and network configuration', () => {
  it('when nothing is set, then scans run only the offline synthetic checker with the documented bounds', () => {
    const { checks } = loadConfig({});
    expect(checks.scanCheckers).toEqual(['synthetic']);
    expect(checks.dnsServers).toEqual([]);
    expect(checks.allowlist).toEqual([]);
    expect(checks.limits).toEqual({
      connectTimeoutMs: 5000,
      requestTimeoutMs: 10000,
      maxHeaderBytes: 32768,
      maxBodyBytes: 65536,
      maxRedirects: 5,
    });
    expect([checks.httpPort, checks.httpsPort, checks.expiryWarningDays]).toEqual([80, 443, 14]);
  });

  it('when checkers, DNS servers and allowlist are given, then they are parsed into lists', () => {
    const { checks } = loadConfig({
      SCAN_CHECKERS: 'dns, tls,http,dns',
      DNS_SERVERS: '127.0.0.1:5353, [::1]:5300,9.9.9.9',
      NET_ALLOWLIST: '127.0.0.2/32, ::1',
    });
    expect(checks.scanCheckers).toEqual(['dns', 'tls', 'http']);
    expect(checks.dnsServers).toEqual([
      { host: '127.0.0.1', port: 5353 },
      { host: '::1', port: 5300 },
      { host: '9.9.9.9', port: 53 },
    ]);
    expect(checks.allowlist).toEqual(['127.0.0.2/32', '::1']);
  });

  it('when the values are malformed, then each problem names its variable', () => {
    expect(
      problemsOf({
        SCAN_CHECKERS: 'dns,ssl',
        DNS_SERVERS: 'dns.google',
        NET_ALLOWLIST: '10.0.0.0/40',
        NET_MAX_REDIRECTS: '99',
      }),
    ).toEqual([
      'SCAN_CHECKERS="dns,ssl" unknown checker(s) "ssl"; choose from synthetic,dns,tls,http',
      'DNS_SERVERS="dns.google" "dns.google" is not a DNS server address such as 127.0.0.1:5353 or [::1]:53',
      'NET_ALLOWLIST="10.0.0.0/40" "10.0.0.0/40" is not a CIDR such as 127.0.0.0/8 or ::1/128',
      'NET_MAX_REDIRECTS="99" 99 is outside 0..20',
    ]);
  });
});
