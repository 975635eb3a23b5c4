import { describe, expect, it } from 'vitest';
import {
  isValidZoneName,
  organisationalDomain,
  parseZoneImport,
  parseZoneName,
  SPECIAL_USE_SUFFIXES,
} from '../../libs/domain';

function errorOf(raw: unknown): string {
  const result = parseZoneName(raw);
  if (!('error' in result)) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${result.name}`);
  return result.error;
}

describe('the zone-name rule', () => {
  it.each([
    ['  Example.COM. ', 'example.com'],
    ['shop.example.co.uk', 'shop.example.co.uk'],
    ['example.com', 'example.com'],
    ['a.github.io', 'a.github.io'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.de', 'xn--bcher-kva.de'],
    ['ｅｘａｍｐｌｅ。com', 'example.com'],
    ['münchen.example.com', 'xn--mnchen-3ya.example.com'],
  ])('when the name is %j, then it is accepted as %s', (raw, name) => {
    expect(parseZoneName(raw)).toEqual({ name });
  });

  it.each([
    ['127.0.0.1', 'is the IPv4 address 127.0.0.1. IP addresses are not zones'],
    ['169.254.169.254', 'is the IPv4 address 169.254.169.254. IP addresses are not zones'],
    ['8.8.8.8', 'IP addresses are not zones'],
    ['2130706433', 'is the IPv4 address 127.0.0.1 in another notation'],
    ['0x7f000001', 'is the IPv4 address 127.0.0.1 in another notation'],
    ['0x7f.0.0.1', 'is the IPv4 address 127.0.0.1 in another notation'],
    ['0177.0.0.1', 'is the IPv4 address 127.0.0.1 in another notation'],
    ['127.1', 'is the IPv4 address 127.0.0.1 in another notation'],
    ['1.2.3.4.5', 'ends in a number, which is read as an IP address'],
    ['example.123', 'ends in a number'],
    ['::1', 'is an IPv6 address. IP addresses are not zones'],
    ['[::1]', 'is an IPv6 address. IP addresses are not zones'],
    ['::ffff:127.0.0.1', 'is an IPv6 address'],
    ['2001:db8::1', 'is an IPv6 address'],
    ['[2001:db8::1]', 'is an IPv6 address'],
  ])('when the name is the IP literal %j, then it is refused: %s', (raw, reason) => {
    expect(errorOf(raw)).toContain(reason);
  });

  it.each([
    ['localhost', 'single label'],
    ['intranet', 'single label'],
    ['com', 'single label'],
    ['foo.localhost', 'this machine itself (RFC 6761'],
    ['printer.local', 'multicast DNS (RFC 6762)'],
    ['duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion', 'Tor onion services (RFC 7686)'],
    ['shop.test', 'reserved for testing'],
    ['nothing.invalid', 'reserved to be invalid'],
    ['docs.example', 'reserved for documentation'],
    ['x.alt', 'RFC 9476'],
    ['db.internal', 'private networks'],
    ['nas.home', 'name collision'],
    ['ad.corp', 'name collision'],
    ['router.home.arpa', 'home networks (RFC 8375)'],
    ['1.0.0.127.in-addr.arpa', 'reverse DNS (RFC 3172)'],
    ['co.uk', 'is a public suffix'],
    ['github.com.notatld', 'not in the Public Suffix List'],
    ['example.cmo', 'not in the Public Suffix List'],
  ])('when the name is %j, then it is refused: %s', (raw, reason) => {
    expect(errorOf(raw)).toContain(reason);
  });

  it.each([
    ['', 'must not be empty'],
    ['https://example.com/', 'not a bare domain name (no scheme, port, path or spaces)'],
    ['example.com:443', 'not a bare domain name'],
    ['exa mple.com', 'not a bare domain name'],
    ['-bad.example.com', 'inner dashes'],
    ['exa_mple.com', 'inner dashes'],
    [`${'a'.repeat(64)}.example.com`, 'inner dashes'],
    [`${'a.'.repeat(127)}com`, 'at most 253'],
    ['a..example.com', 'inner dashes'],
    ['xn--zz.com', 'valid punycode (xn--bcher-kva.example)'],
    ['bad\u0000.com', 'valid punycode'],
    [42, 'must be a string'],
  ])('when the name is %j, then the error says %s', (raw, reason) => {
    expect(errorOf(raw)).toContain(reason);
  });

  it('when every special-use suffix is tried under a label, then each is refused with its own reason', () => {
    for (const { suffix, reason } of SPECIAL_USE_SUFFIXES) {
      expect(errorOf(`zone.${suffix}`)).toContain(reason);
    }
  });

  it('when a stored name is checked, then only its normal ASCII form counts as valid', () => {
    expect(['example.com', 'Example.COM.', 'xn--bcher-kva.de'].map(isValidZoneName)).toEqual([true, true, true]);
    expect(['bücher.de', '127.0.0.1', 'zone.test', 'localhost', '10.0.0.1/evil'].map(isValidZoneName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('when a bulk import holds an IP and a special-use name, then those lines are refused with the reason', () => {
    const parsed = parseZoneImport('name\nexample.com\n10.0.0.1\nnas.local\n', 'csv');
    expect(parsed.zones).toEqual([{ line: 2, name: 'example.com' }]);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(parsed.errors[0]?.error).toContain('IP addresses are not zones');
    expect(parsed.errors[1]?.error).toContain('multicast DNS');
  });

  it.each([
    ['shop.example.co.uk', 'example.co.uk'],
    ['example.com', 'example.com'],
    ['a.b.example.com', 'example.com'],
    ['a.github.io', 'a.github.io'],
    ['shop.orgdmarc.test', 'orgdmarc.test'],
    ['co.uk', undefined],
  ])('when the organisational domain of %s is asked for, then it is %s', (name, org) => {
    expect(organisationalDomain(name)).toBe(org);
  });
});
