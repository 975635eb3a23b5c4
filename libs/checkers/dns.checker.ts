import { findingOf, type Finding } from '../domain';
import type { DnsResolver } from '../net';
import { checkSignal } from './check-deadline';
import { netOf, type Checker, type CheckContext, type ZoneTarget } from './checker';
import { caaFindings, dmarcFindings, dnssecFindings, spfFindings } from './dns-rules';

/** DNS hygiene: SPF, DMARC, DNSSEC (DS), CAA, and dangling or looping CNAMEs on the zone and www. */
export function createDnsChecker(): Checker {
  return {
    id: 'dns',
    async run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]> {
      const { resolver } = netOf(ctx, 'dns');
      const { signal, dispose } = checkSignal(ctx, `dns check of ${zone.name}`);
      try {
        const name = zone.name;
        const [txt, mx, dmarc, caa, ds, apex, www] = await Promise.all([
          resolver.txt(name, signal),
          resolver.mx(name, signal),
          resolver.txt(`_dmarc.${name}`, signal),
          resolver.caa(name, signal),
          resolver.dsCount(name, signal),
          aliasFindings(resolver, name, signal),
          aliasFindings(resolver, `www.${name}`, signal),
        ]);
        return [
          ...spfFindings(name, txt, mx),
          ...dmarcFindings(name, dmarc),
          ...caaFindings(name, caa),
          ...dnssecFindings(name, ds),
          ...apex,
          ...www,
        ];
      } finally {
        dispose();
      }
    },
  };
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
