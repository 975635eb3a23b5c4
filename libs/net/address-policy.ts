import { BlockList } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Cloud metadata endpoints. Most already fall in refused ranges (link-local, ULA, CGNAT); the
 * ones that are public unicast (Azure's wire server) would otherwise pass.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  'fd00:ec2::254',
  '100.100.100.200',
  '192.0.0.192',
  '168.63.129.16',
]);

export type AddressVerdict = { allowed: true; address: string } | { allowed: false; address: string; range: string };

/**
 * The SSRF policy: only public unicast addresses may be scanned, unless the allowlist admits
 * the address. IPv4-mapped IPv6 forms are judged as the IPv4 address they carry.
 */
export class AddressPolicy {
  private readonly allowlist = new BlockList();

  /** `allowCidrs` are CIDRs or bare addresses, e.g. `127.0.0.2/32` or `::1`. */
  constructor(allowCidrs: readonly string[] = []) {
    for (const entry of allowCidrs) {
      const [network, prefix] = parseCidr(entry);
      this.allowlist.addSubnet(network.toString(), prefix, network.kind() === 'ipv4' ? 'ipv4' : 'ipv6');
    }
  }

  /** Judges one literal address; anything that is not a valid IP is refused. */
  check(address: string): AddressVerdict {
    if (!ipaddr.isValid(address)) return { allowed: false, address, range: 'not an IP address' };
    const parsed = ipaddr.process(address);
    const normal = parsed.toString();
    const family = parsed.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
    if (this.allowlist.check(normal, family)) return { allowed: true, address: normal };
    if (METADATA_ADDRESSES.has(normal)) return { allowed: false, address: normal, range: 'cloud metadata' };
    const range = parsed.range();
    // Everything but plain public unicast is refused: private, loopback, link-local, CGNAT,
    // multicast, unspecified, ULA, reserved, NAT64/6to4/Teredo wrappers of unknown addresses.
    if (range !== 'unicast') return { allowed: false, address: normal, range };
    return { allowed: true, address: normal };
  }
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address; throws a readable error otherwise. */
export function parseCidr(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const text = entry.trim();
  if (text.includes('/')) {
    if (!ipaddr.isValidCIDR(text)) throw new Error(`"${entry}" is not a CIDR such as 127.0.0.0/8 or ::1/128`);
    return ipaddr.parseCIDR(text);
  }
  if (!ipaddr.isValid(text)) throw new Error(`"${entry}" is not an IP address or CIDR`);
  const address = ipaddr.parse(text);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}
