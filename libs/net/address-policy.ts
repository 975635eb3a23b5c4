import { BlockList } from 'node:net';
import ipaddr from 'ipaddr.js';
import {
  IPV4_OTHER_REFUSED,
  IPV4_SPECIAL_PURPOSE,
  IPV6_EMBEDDING_FORMS,
  IPV6_GLOBAL_UNICAST,
  IPV6_SPECIAL_PURPOSE,
  type EmbeddedIpv4,
  type SpecialPurposeEntry,
} from './special-purpose-addresses';

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

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;
type Range = { entry: SpecialPurposeEntry; network: [Parsed, number] };

const ranges = (entries: readonly SpecialPurposeEntry[]): Range[] =>
  entries.map((entry) => ({ entry, network: ipaddr.parseCIDR(entry.cidr) }));
// Most specific first, so 192.0.0.9/32 is named before the 192.0.0.0/24 around it.
const bySpecificity = (a: Range, b: Range) => b.network[1] - a.network[1];
const IPV4_REFUSED = ranges([...IPV4_SPECIAL_PURPOSE, ...IPV4_OTHER_REFUSED]).sort(bySpecificity);
const IPV6_REFUSED = ranges(IPV6_SPECIAL_PURPOSE).sort(bySpecificity);
const IPV6_EMBEDDING = ranges([...IPV6_SPECIAL_PURPOSE.filter((e) => e.embeds), ...IPV6_EMBEDDING_FORMS]);
const GLOBAL_UNICAST = ipaddr.parseCIDR(IPV6_GLOBAL_UNICAST);

/**
 * The SSRF policy: only public unicast addresses may be scanned, unless the allowlist admits
 * the address. Every IPv6 form that carries an IPv4 address (mapped, compatible, SIIT, NAT64,
 * 6to4, Teredo, ISATAP) is judged by the IPv4 address it carries.
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
    const parsed = ipaddr.parse(hexTail(address));
    if (parsed.kind() === 'ipv4') return this.checkIpv4(parsed as ipaddr.IPv4);
    const ipv6 = parsed as ipaddr.IPv6;
    const normal = ipv6.toString();
    const embedded = embeddedIpv4(ipv6);
    // An IPv4-mapped address is the IPv4 host itself: judged, and connected to, as IPv4.
    if (embedded?.mapped) return this.checkIpv4(embedded.addresses[0] as ipaddr.IPv4);
    if (this.allowlist.check(normal, 'ipv6')) return { allowed: true, address: normal };
    if (embedded) {
      for (const ipv4 of embedded.addresses) {
        const verdict = this.checkIpv4(ipv4);
        if (!verdict.allowed)
          return { allowed: false, address: normal, range: `${embedded.form} of ${ipv4}: ${verdict.range}` };
      }
      return { allowed: true, address: normal };
    }
    if (METADATA_ADDRESSES.has(normal)) return { allowed: false, address: normal, range: 'cloud metadata' };
    const special = IPV6_REFUSED.find((r) => ipv6.match(r.network as [ipaddr.IPv6, number]));
    if (special) return { allowed: false, address: normal, range: describe(special.entry) };
    if (!ipv6.match(GLOBAL_UNICAST as [ipaddr.IPv6, number]))
      return {
        allowed: false,
        address: normal,
        range: `${ipv6.range()}, outside global unicast ${IPV6_GLOBAL_UNICAST}`,
      };
    return { allowed: true, address: normal };
  }

  private checkIpv4(ipv4: ipaddr.IPv4): AddressVerdict {
    const normal = ipv4.toString();
    if (this.allowlist.check(normal, 'ipv4')) return { allowed: true, address: normal };
    if (METADATA_ADDRESSES.has(normal)) return { allowed: false, address: normal, range: 'cloud metadata' };
    const special = IPV4_REFUSED.find((r) => ipv4.match(r.network as [ipaddr.IPv4, number]));
    if (special) return { allowed: false, address: normal, range: describe(special.entry) };
    return { allowed: true, address: normal };
  }
}

/**
 * Rewrites a dotted IPv4 tail of an IPv6 literal as two hex groups (::127.0.0.1 → ::7f00:1):
 * ipaddr.js reads any ::a.b.c.d as IPv4-mapped, which would judge ::127.0.0.1 by the wrong form.
 */
function hexTail(address: string): string {
  const tail = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!tail) return address;
  const [b1, b2, b3, b4] = tail.slice(2).map(Number) as [number, number, number, number];
  if ([b1, b2, b3, b4].some((b) => b > 255)) return address;
  return `${tail[1]}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
}

function describe(entry: SpecialPurposeEntry): string {
  return `${entry.name}, ${entry.rfc}`;
}

/** The IPv4 addresses an IPv6 address carries, and the form's name; undefined for other addresses. */
function embeddedIpv4(ipv6: ipaddr.IPv6): { form: string; addresses: ipaddr.IPv4[]; mapped?: boolean } | undefined {
  const parts = ipv6.parts;
  const v4 = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff].map((b) => b & 0xff));
  // :: and ::1 are their own registry entries (unspecified, loopback), not IPv4-compatible forms.
  if (parts.slice(0, 7).every((p) => p === 0) && (parts[7] as number) <= 1) return undefined;
  const range = IPV6_EMBEDDING.find((r) => ipv6.match(r.network as [ipaddr.IPv6, number]));
  if (range) {
    const kind = range.entry.embeds as EmbeddedIpv4;
    const addresses =
      kind === 'low32'
        ? [v4(parts[6] as number, parts[7] as number)]
        : kind === '6to4'
          ? [v4(parts[1] as number, parts[2] as number)]
          : // Teredo: the server's address as is, the client's with every bit inverted (RFC 4380 section 4).
            [v4(parts[2] as number, parts[3] as number), v4(~(parts[6] as number), ~(parts[7] as number))];
    return {
      form: `${range.entry.name} address (${range.entry.rfc})`,
      addresses,
      mapped: range.entry.cidr === '::ffff:0:0/96',
    };
  }
  // ISATAP interface identifiers (RFC 5214): ::0:5efe:a.b.c.d or ::200:5efe:a.b.c.d under any prefix.
  if ((parts[4] === 0 || parts[4] === 0x200) && parts[5] === 0x5efe)
    return { form: 'ISATAP address (RFC 5214)', addresses: [v4(parts[6] as number, parts[7] as number)] };
  return undefined;
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
