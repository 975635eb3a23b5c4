import net from 'node:net';
import type { AddressPolicy } from './address-policy';
import type { DnsResolver } from './dns-resolver';
import { NET_ERROR_CODES, NetError, SsrfRefusedError } from './net-errors';

/**
 * Resolves a host once and returns the one address to connect to. Every address the name
 * resolves to must pass the SSRF policy: a name mixing a public and a private address is
 * refused, so a rebinding server cannot pick the private one later.
 */
export async function resolveTarget(
  host: string,
  deps: { resolver: DnsResolver; policy: AddressPolicy },
  signal: AbortSignal,
): Promise<string> {
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(literal)) return admitted(host, [literal], deps.policy);
  const result = await deps.resolver.addresses(literal, signal);
  if (result.status === 'resolved') return admitted(host, result.addresses, deps.policy);
  const why = {
    nxdomain: `${result.chain[result.chain.length - 1]} does not exist (NXDOMAIN)`,
    nodata: 'it has no A or AAAA record',
    loop: `its CNAME chain loops or is too long (${result.chain.join(' → ')})`,
  }[result.status];
  throw new NetError(NET_ERROR_CODES.dnsFailed, `${host} does not resolve to an address: ${why}`);
}

function admitted(host: string, addresses: string[], policy: AddressPolicy): string {
  const verdicts = addresses.map((address) => policy.check(address));
  for (const verdict of verdicts) {
    if (!verdict.allowed) throw new SsrfRefusedError(host, verdict.address, verdict.range);
  }
  const ipv4 = verdicts.find((verdict) => net.isIPv4(verdict.address));
  return (ipv4 ?? verdicts[0])!.address;
}
