import { findingOf, organisationalDomain, type Finding } from '../domain';
import { allInOrder, NET_ERROR_CODES, NetError, txtStrings, type DnsResolver } from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { caaFindings, dmarcFindings, dnssecFindings, spfFindings, spfRecords } from './dns-rules';
import { mtaStsFindings, tlsRptFindings } from './mail-rules';
import { spfLookupFindings } from './spf-lookups';

/**
 * DNS hygiene: SPF (and its DNS-lookup limit), DMARC (with the organisational domain's policy
 * for a subdomain zone), DNSSEC (DS), CAA, MTA-STS and TLS-RPT for zones that take mail, and
 * dangling or looping CNAMEs on the zone and www. Only answers make findings: a lookup that
 * gets none fails the whole check (so it resolves nothing), and a zone whose name does not
 * exist (NXDOMAIN) fails it with that reason instead of reporting every record as missing.
 */
export function createDnsChecker(): Checker {
  return {
    id: 'dns',
    async run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]> {
      const { resolver } = netOf(ctx, 'dns');
      const { signal, dispose } = checkSignal(ctx, `dns check of ${zone.name}`);
      try {
        const name = zone.name;
        const org = organisationalDomain(name) ?? name;
        const [apexTxt, mx, dmarc, caa, ds, mtaSts, tlsRpt, apex, www] = await allInOrder([
          resolver.records(name, 'TXT', signal),
          resolver.mx(name, signal),
          dmarcPolicyRecords(resolver, name, org, signal),
          closestAncestor(
            name,
            org,
            (candidate) => resolver.caa(candidate, signal),
            (caa) => caa.length > 0,
          ),
          closestAncestor(
            name,
            org,
            (candidate) => resolver.dsCount(candidate, signal),
            (count) => count > 0,
          ),
          resolver.txt(`_mta-sts.${name}`, signal),
          resolver.txt(`_smtp._tls.${name}`, signal),
          aliasFindings(resolver, name, signal),
          aliasFindings(resolver, `www.${name}`, signal),
        ]);
        // The zone's own name does not exist (not an alias to a missing target): nothing to judge.
        if (apexTxt.rcode === 'NXDOMAIN' && apexTxt.chain.length === 1) {
          throw new NetError(
            NET_ERROR_CODES.dnsFailed,
            `${name} does not exist (NXDOMAIN), so none of its records can be judged; check that the domain is registered and delegated`,
          );
        }
        const txt = txtStrings(apexTxt.answers);
        return [
          ...spfFindings(name, txt, mx),
          ...(await spfLookupFindings(resolver, name, spfRecords(txt), signal)),
          ...dmarcFindings(name, dmarc),
          ...caaFindings(name, caa.value, caa.at),
          ...dnssecFindings(name, ds.value, ds.at),
          ...mtaStsFindings(name, mx, mtaSts),
          ...tlsRptFindings(name, mx, tlsRpt),
          ...apex,
          ...www,
        ];
      } finally {
        dispose();
      }
    },
  };
}

/**
 * The DMARC records that govern the zone: its own at _dmarc.<zone>, else (for a name below its
 * organisational domain) the organisational domain's, as receivers look them up (RFC 7489 6.6.3).
 */
async function dmarcPolicyRecords(
  resolver: DnsResolver,
  name: string,
  org: string,
  signal: AbortSignal,
): Promise<{ own: string[]; org?: { name: string; txt: string[] } }> {
  const own = await resolver.txt(`_dmarc.${name}`, signal);
  if (org === name || own.some((text) => /^v=DMARC1(\s*;|\s*$)/i.test(text.trim()))) return { own };
  return { own, org: { name: org, txt: await resolver.txt(`_dmarc.${org}`, signal) } };
}

/**
 * Asks `name`, then each parent up to the organisational domain, until `found` holds: CAA
 * (RFC 8659 climbs the tree) and DNSSEC (a name inside a signed zone has no DS of its own).
 */
async function closestAncestor<T>(
  name: string,
  org: string,
  ask: (candidate: string) => Promise<T>,
  found: (value: T) => boolean,
): Promise<{ value: T; at: string }> {
  let candidate = name;
  for (;;) {
    const value = await ask(candidate);
    if (found(value) || candidate === org || !candidate.includes('.')) return { value, at: candidate };
    candidate = candidate.slice(candidate.indexOf('.') + 1);
  }
}

/** A CNAME whose chain ends in NXDOMAIN can be taken over; one that loops serves nothing. */
async function aliasFindings(resolver: DnsResolver, name: string, signal: AbortSignal): Promise<Finding[]> {
  const target = await resolver.cname(name, signal);
  if (!target) return [];
  const result = await resolver.addresses(name, signal);
  if (result.status === 'nxdomain') return [findingOf('dangling-cname', name, { cname: target, chain: result.chain })];
  if (result.status === 'loop') return [findingOf('cname-loop', name, { chain: result.chain.slice(0, 20) })];
  return [];
}
