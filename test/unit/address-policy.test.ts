import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { AddressPolicy, IPV4_SPECIAL_PURPOSE, IPV6_SPECIAL_PURPOSE, parseCidr } from '../../libs/net';

/**
 * IANA's IPv4 and IPv6 Special-Purpose Address Registries, entry by entry (written out here,
 * not read from the code, so dropping an entry from the policy fails this test).
 */
const IANA_IPV4 = [
  '0.0.0.0/8',
  '0.0.0.0/32',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.0.0/29',
  '192.0.0.8/32',
  '192.0.0.9/32',
  '192.0.0.10/32',
  '192.0.0.170/32',
  '192.0.0.171/32',
  '192.0.2.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '240.0.0.0/4',
  '255.255.255.255/32',
];
const IANA_IPV6 = [
  '::1/128',
  '::/128',
  '::ffff:0:0/96',
  '64:ff9b::/96',
  '64:ff9b:1::/48',
  '100::/64',
  '100:0:0:1::/64',
  '2001::/23',
  '2001::/32',
  '2001:1::1/128',
  '2001:1::2/128',
  '2001:1::3/128',
  '2001:2::/48',
  '2001:3::/32',
  '2001:4:112::/48',
  '2001:10::/28',
  '2001:20::/28',
  '2001:30::/28',
  '2001:db8::/32',
  '2002::/16',
  '2620:4f:8000::/48',
  '3fff::/20',
  '5f00::/16',
  'fc00::/7',
  'fe80::/10',
];
/** Entries that carry an IPv4 address: judged by it, tested below with loopback and public ones. */
const EMBEDDING = new Set(['::ffff:0:0/96', '64:ff9b::/96', '2001::/32', '2002::/16']);

function edges(cidr: string): string[] {
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  const family = address.kind() === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6;
  const first = family.networkAddressFromCIDR(cidr).toString();
  const last = family.broadcastAddressFromCIDR(cidr).toString();
  return prefix === (address.kind() === 'ipv4' ? 32 : 128) ? [first] : [first, last];
}

describe('SSRF address policy', () => {
  const policy = new AddressPolicy();

  it('when the registries are compared with the policy tables, then every IANA entry is in them and nothing else', () => {
    expect(IPV4_SPECIAL_PURPOSE.map((e) => e.cidr).sort()).toEqual([...IANA_IPV4].sort());
    expect(IPV6_SPECIAL_PURPOSE.map((e) => e.cidr).sort()).toEqual([...IANA_IPV6].sort());
  });

  it.each([...IANA_IPV4, ...IANA_IPV6].filter((cidr) => !EMBEDDING.has(cidr)))(
    'when the target is the first or last address of the special-purpose block %s, then it is refused',
    (cidr) => {
      for (const address of edges(cidr)) {
        const verdict = policy.check(address);
        expect(verdict, `${address} in ${cidr}`).toMatchObject({ allowed: false });
      }
    },
  );

  it.each([
    ['127.0.0.1', 'loopback, RFC 1122'],
    ['10.0.0.1', 'private-use, RFC 1918'],
    ['172.31.255.255', 'private-use, RFC 1918'],
    ['192.168.0.1', 'private-use, RFC 1918'],
    ['169.254.1.1', 'link-local, RFC 3927'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'shared address space (CGNAT), RFC 6598'],
    ['100.100.100.200', 'cloud metadata'],
    ['192.0.0.9', 'Port Control Protocol anycast, RFC 7723'],
    ['224.0.0.1', 'multicast, RFC 5771'],
    ['239.255.255.255', 'multicast, RFC 5771'],
    ['0.0.0.0', '"this host on this network", RFC 1122'],
    ['255.255.255.255', 'limited broadcast, RFC 8190'],
    ['::1', 'loopback, RFC 4291'],
    ['::', 'unspecified, RFC 4291'],
    ['fe80::1', 'link-local, RFC 4291'],
    ['fd00::5', 'unique-local, RFC 4193'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast, outside global unicast 2000::/3'],
    ['fec0::1', 'outside global unicast 2000::/3'],
    ['4000::1', 'outside global unicast 2000::/3'],
    ['168.63.129.16', 'cloud metadata'],
    ['not-an-ip', 'not an IP address'],
  ])('when the target address is %s, then it is refused as %s', (address, range) => {
    const verdict = policy.check(address);
    expect(verdict.allowed).toBe(false);
    expect(!verdict.allowed && verdict.range).toMatch(new RegExp(`(^|, )${range.replace(/[()/.]/g, '\\$&')}$`));
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'loopback, RFC 1122'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'private-use, RFC 1918'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'cloud metadata'],
    ['::127.0.0.1', '::7f00:1', 'IPv4-compatible (deprecated) address (RFC 4291) of 127.0.0.1: loopback, RFC 1122'],
    ['::169.254.169.254', '::a9fe:a9fe', 'IPv4-compatible (deprecated) address (RFC 4291) of 169.254.169.254: cloud'],
    ['::ffff:0:127.0.0.1', '::ffff:0:7f00:1', 'IPv4-translated (SIIT) address (RFC 2765) of 127.0.0.1: loopback'],
    ['64:ff9b::127.0.0.1', '64:ff9b::7f00:1', 'IPv4/IPv6 translation (NAT64) address (RFC 6052) of 127.0.0.1'],
    ['64:ff9b::10.1.2.3', '64:ff9b::a01:203', 'of 10.1.2.3: private-use, RFC 1918'],
    ['64:ff9b:1::8.8.8.8', '64:ff9b:1::808:808', 'local-use IPv4/IPv6 translation, RFC 8215'],
    ['2002:7f00:1::1', '2002:7f00:1::1', '6to4 address (RFC 3056) of 127.0.0.1: loopback'],
    ['2002:a9fe:a9fe::', '2002:a9fe:a9fe::', '6to4 address (RFC 3056) of 169.254.169.254: cloud metadata'],
    ['2001:0:7f00:1::f7f7:fbfb', '2001:0:7f00:1::f7f7:fbfb', 'Teredo address (RFC 4380) of 127.0.0.1: loopback'],
    ['2001:0:808:808::f5ff:fffe', '2001:0:808:808::f5ff:fffe', 'Teredo address (RFC 4380) of 10.0.0.1: private'],
    ['2606:4700::5efe:7f00:1', '2606:4700::5efe:7f00:1', 'ISATAP address (RFC 5214) of 127.0.0.1: loopback'],
    ['2606:4700::200:5efe:a00:1', '2606:4700::200:5efe:a00:1', 'ISATAP address (RFC 5214) of 10.0.0.1'],
  ])(
    'when the IPv6 address %s embeds a refused IPv4 address, then it is refused as that address',
    (raw, address, range) => {
      const verdict = policy.check(raw);
      expect(verdict).toMatchObject({ allowed: false, address });
      expect(!verdict.allowed && verdict.range).toContain(range);
    },
  );

  it.each([
    ['93.184.216.34', '93.184.216.34'],
    ['2606:2800:220:1:248:1893:25c8:1946', '2606:2800:220:1:248:1893:25c8:1946'],
    ['::ffff:93.184.216.34', '93.184.216.34'],
    ['::8.8.8.8', '::808:808'],
    ['64:ff9b::8.8.8.8', '64:ff9b::808:808'],
    ['2002:808:808::1', '2002:808:808::1'],
    ['2001:0:808:808::f7f7:fbfb', '2001:0:808:808::f7f7:fbfb'],
    ['2606:4700::200:5efe:808:808', '2606:4700::200:5efe:808:808'],
  ])('when the target address %s is public (or carries a public IPv4 address), then it is allowed', (raw, address) => {
    expect(policy.check(raw)).toEqual({ allowed: true, address });
  });

  it('when the allowlist names 127.0.0.2/32, then 127.0.0.2 and the IPv6 forms carrying it pass but 127.0.0.1 does not', () => {
    const allowing = new AddressPolicy(['127.0.0.2/32', '::1']);
    expect(allowing.check('127.0.0.2')).toEqual({ allowed: true, address: '127.0.0.2' });
    expect(allowing.check('::ffff:127.0.0.2')).toEqual({ allowed: true, address: '127.0.0.2' });
    expect(allowing.check('64:ff9b::127.0.0.2')).toEqual({ allowed: true, address: '64:ff9b::7f00:2' });
    expect(allowing.check('::1')).toEqual({ allowed: true, address: '::1' });
    expect(allowing.check('127.0.0.1')).toEqual({ allowed: false, address: '127.0.0.1', range: 'loopback, RFC 1122' });
    expect(allowing.check('::ffff:127.0.0.1')).toMatchObject({ allowed: false, address: '127.0.0.1' });
  });

  it('when an allowlist entry is not a CIDR, then parsing names the entry', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow('"10.0.0.0/33" is not a CIDR such as 127.0.0.0/8 or ::1/128');
    expect(() => parseCidr('localhost')).toThrow('"localhost" is not an IP address or CIDR');
  });
});
