import { getServers } from 'node:dns';
import type { Config } from '../config';
import { parseDnsServer } from '../config/net-config.schema';
import { createDnsResolver, createNetHelpers, type DnsResolver, type DnsServer, type NetHelpers } from '../net';
import { withNetContext, type Checker } from './checker';
import { createDnsChecker } from './dns.checker';
import { createHttpChecker } from './http.checker';
import { createSyntheticChecker, DEFAULT_SYNTHETIC_OPTIONS } from './synthetic.checker';
import { createTlsChecker } from './tls.checker';

/** The configured resolver and SSRF-guarded net helpers the real checkers get in their context. */
export function buildNetContext(
  config: Readonly<Config>,
  trustedCa?: string[],
): { resolver: DnsResolver; net: NetHelpers } {
  const checks = config.checks;
  // getServers() reads /etc/resolv.conf once, at startup; DNS_SERVERS overrides it. An entry
  // we cannot use (e.g. a scoped fe80::1%eth0) is skipped rather than stopping the worker.
  const servers = checks.dnsServers.length > 0 ? checks.dnsServers : getServers().flatMap(systemServer);
  const resolver = createDnsResolver({ servers, ...checks.dns });
  return {
    resolver,
    net: createNetHelpers({ resolver, allowlist: checks.allowlist, limits: checks.limits, trustedCa }),
  };
}

function systemServer(text: string): DnsServer[] {
  try {
    return [parseDnsServer(text)];
  } catch {
    return [];
  }
}

/** The real checkers (dns, tls, http), wired to the configured resolver and net helpers. */
export function buildRealCheckers(config: Readonly<Config>, trustedCa?: string[]): Checker[] {
  const { resolver, net } = buildNetContext(config, trustedCa);
  const checks = config.checks;
  return [
    createDnsChecker(),
    createTlsChecker({ httpsPort: checks.httpsPort, expiryWarningDays: checks.expiryWarningDays }),
    createHttpChecker({ httpPort: checks.httpPort, httpsPort: checks.httpsPort }),
  ].map((checker) => withNetContext(checker, resolver, net));
}

/** The checkers a worker offers, by id; SCAN_CHECKERS picks which of them each scan runs. */
export function buildCheckers(config: Readonly<Config>): ReadonlyMap<string, Checker> {
  const synthetic = createSyntheticChecker({ ...DEFAULT_SYNTHETIC_OPTIONS, ...config.synthetic });
  return new Map([synthetic, ...buildRealCheckers(config)].map((checker) => [checker.id, checker]));
}
