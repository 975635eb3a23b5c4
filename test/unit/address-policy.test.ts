import { describe, expect, it } from 'vitest';
import { AddressPolicy, parseCidr } from '../../libs/net';

describe('SSRF address policy', () => {
  const policy = new AddressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'cloud metadata'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00::5', 'uniqueLocal'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['168.63.129.16', 'cloud metadata'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['not-an-ip', 'not an IP address'],
  ])('when the target address is %s, then it is refused as %s', (address, range) => {
    expect(policy.check(address)).toMatchObject({ allowed: false, range });
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'when the target address is public %s, then it is allowed',
    (address) => {
      expect(policy.check(address).allowed).toBe(true);
    },
  );

  it('when the allowlist names 127.0.0.2/32, then 127.0.0.2 and its IPv4-mapped form pass but 127.0.0.1 does not', () => {
    const allowing = new AddressPolicy(['127.0.0.2/32', '::1']);
    expect(allowing.check('127.0.0.2')).toEqual({ allowed: true, address: '127.0.0.2' });
    expect(allowing.check('::ffff:127.0.0.2')).toEqual({ allowed: true, address: '127.0.0.2' });
    expect(allowing.check('::1')).toEqual({ allowed: true, address: '::1' });
    expect(allowing.check('127.0.0.1')).toEqual({ allowed: false, address: '127.0.0.1', range: 'loopback' });
  });

  it('when an allowlist entry is not a CIDR, then parsing names the entry', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow('"10.0.0.0/33" is not a CIDR such as 127.0.0.0/8 or ::1/128');
    expect(() => parseCidr('localhost')).toThrow('"localhost" is not an IP address or CIDR');
  });
});
