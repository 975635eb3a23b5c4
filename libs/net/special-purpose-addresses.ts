/**
 * Every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and the
 * RFCs each entry names), as of 2025, plus the non-unicast ranges outside them. The scanner
 * refuses all of them, including the few the registry marks globally reachable (AS112, AMT,
 * PCP/TURN anycast, ORCHIDv2, DETs): infrastructure anycast hosts no customer's website, and
 * a name pointing there is a misconfiguration or an attempt at something else.
 *
 * Entries that wrap an IPv4 address (`embeds`) are judged by the address they carry: the
 * policy extracts it and applies the IPv4 rules, so ::ffff:127.0.0.1, ::127.0.0.1,
 * 64:ff9b::7f00:1 or 2002:7f00:1:: are loopback, and 64:ff9b::8.8.8.8 is 8.8.8.8.
 */
export type EmbeddedIpv4 = 'low32' | '6to4' | 'teredo';

export interface SpecialPurposeEntry {
  cidr: string;
  name: string;
  rfc: string;
  embeds?: EmbeddedIpv4;
}

export const IPV4_SPECIAL_PURPOSE: readonly SpecialPurposeEntry[] = [
  { cidr: '0.0.0.0/8', name: '"this network"', rfc: 'RFC 791' },
  { cidr: '0.0.0.0/32', name: '"this host on this network"', rfc: 'RFC 1122' },
  { cidr: '10.0.0.0/8', name: 'private-use', rfc: 'RFC 1918' },
  { cidr: '100.64.0.0/10', name: 'shared address space (CGNAT)', rfc: 'RFC 6598' },
  { cidr: '127.0.0.0/8', name: 'loopback', rfc: 'RFC 1122' },
  { cidr: '169.254.0.0/16', name: 'link-local', rfc: 'RFC 3927' },
  { cidr: '172.16.0.0/12', name: 'private-use', rfc: 'RFC 1918' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments', rfc: 'RFC 6890' },
  { cidr: '192.0.0.0/29', name: 'IPv4 service continuity prefix', rfc: 'RFC 7335' },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', rfc: 'RFC 7600' },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol anycast', rfc: 'RFC 7723' },
  { cidr: '192.0.0.10/32', name: 'TURN anycast', rfc: 'RFC 8155' },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 discovery', rfc: 'RFC 8880' },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 discovery', rfc: 'RFC 8880' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)', rfc: 'RFC 5737' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', rfc: 'RFC 7535' },
  { cidr: '192.52.193.0/24', name: 'AMT', rfc: 'RFC 7450' },
  { cidr: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast', rfc: 'RFC 7526' },
  { cidr: '192.168.0.0/16', name: 'private-use', rfc: 'RFC 1918' },
  { cidr: '192.175.48.0/24', name: 'direct delegation AS112 service', rfc: 'RFC 7534' },
  { cidr: '198.18.0.0/15', name: 'benchmarking', rfc: 'RFC 2544' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', rfc: 'RFC 5737' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)', rfc: 'RFC 5737' },
  { cidr: '240.0.0.0/4', name: 'reserved', rfc: 'RFC 1112' },
  { cidr: '255.255.255.255/32', name: 'limited broadcast', rfc: 'RFC 8190' },
];

export const IPV6_SPECIAL_PURPOSE: readonly SpecialPurposeEntry[] = [
  { cidr: '::1/128', name: 'loopback', rfc: 'RFC 4291' },
  { cidr: '::/128', name: 'unspecified', rfc: 'RFC 4291' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped', rfc: 'RFC 4291', embeds: 'low32' },
  { cidr: '64:ff9b::/96', name: 'IPv4/IPv6 translation (NAT64)', rfc: 'RFC 6052', embeds: 'low32' },
  { cidr: '64:ff9b:1::/48', name: 'local-use IPv4/IPv6 translation', rfc: 'RFC 8215' },
  { cidr: '100::/64', name: 'discard-only', rfc: 'RFC 6666' },
  { cidr: '100:0:0:1::/64', name: 'dummy IPv6 prefix', rfc: 'RFC 9780' },
  { cidr: '2001::/23', name: 'IETF protocol assignments', rfc: 'RFC 2928' },
  { cidr: '2001::/32', name: 'Teredo', rfc: 'RFC 4380', embeds: 'teredo' },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol anycast', rfc: 'RFC 7723' },
  { cidr: '2001:1::2/128', name: 'TURN anycast', rfc: 'RFC 8155' },
  { cidr: '2001:1::3/128', name: 'DNS-SD service registration anycast', rfc: 'RFC 9665' },
  { cidr: '2001:2::/48', name: 'benchmarking', rfc: 'RFC 5180' },
  { cidr: '2001:3::/32', name: 'AMT', rfc: 'RFC 7450' },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', rfc: 'RFC 7535' },
  { cidr: '2001:10::/28', name: 'deprecated ORCHID', rfc: 'RFC 4843' },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343' },
  { cidr: '2001:30::/28', name: 'drone remote ID entity tags', rfc: 'RFC 9374' },
  { cidr: '2001:db8::/32', name: 'documentation', rfc: 'RFC 3849' },
  { cidr: '2002::/16', name: '6to4', rfc: 'RFC 3056', embeds: '6to4' },
  { cidr: '2620:4f:8000::/48', name: 'direct delegation AS112 service', rfc: 'RFC 7534' },
  { cidr: '3fff::/20', name: 'documentation', rfc: 'RFC 9637' },
  { cidr: '5f00::/16', name: 'segment routing (SRv6) SIDs', rfc: 'RFC 9602' },
  { cidr: 'fc00::/7', name: 'unique-local', rfc: 'RFC 4193' },
  { cidr: 'fe80::/10', name: 'link-local', rfc: 'RFC 4291' },
];

/**
 * IPv6 forms that carry an IPv4 address but are not in the registry: the deprecated
 * IPv4-compatible ::a.b.c.d (RFC 4291 section 2.5.5.1) and SIIT's IPv4-translated
 * ::ffff:0:a.b.c.d (RFC 2765). ISATAP interface ids (RFC 5214) are matched in the policy.
 */
export const IPV6_EMBEDDING_FORMS: readonly SpecialPurposeEntry[] = [
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)', rfc: 'RFC 4291', embeds: 'low32' },
  { cidr: '::ffff:0:0:0/96', name: 'IPv4-translated (SIIT)', rfc: 'RFC 2765', embeds: 'low32' },
];

/** Non-unicast IPv4 space outside the special-purpose registry. */
export const IPV4_OTHER_REFUSED: readonly SpecialPurposeEntry[] = [
  { cidr: '224.0.0.0/4', name: 'multicast', rfc: 'RFC 5771' },
];

/** Only global unicast IPv6 (2000::/3) is scanned; multicast (ff00::/8) and all else is refused. */
export const IPV6_GLOBAL_UNICAST = '2000::/3';
