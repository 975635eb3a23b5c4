import { parse as parseDomain } from 'tldts';
import { specialUseReason } from './special-use-names';

/**
 * Zone names are public DNS names: what a customer onboards and what the checkers resolve.
 * This is the one rule; the API, import, CLI and scan activity all use it. A zone is a
 * registrable domain (example.co.uk) or a name below one (shop.example.co.uk); never an IP
 * address in any notation, a single label, a public suffix itself, or a name under a
 * special-use or unknown top-level domain. Internationalised names are converted to punycode.
 */
// RFC 1123 host names: labels of letters, digits and inner dashes, 1–63 characters, 253 in all.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
// A host whose last label is a number (decimal, or 0x hex) is parsed as an IPv4 address by
// browsers and URL parsers (WHATWG URL "ends in a number"): 127.1, 0x7f000001, 0177.0.0.1.
const NUMERIC_LABEL = /^(0x[0-9a-f]*|\d+)$/;
const IP_MESSAGE = 'IP addresses are not zones; add the domain name that points at the address instead';

/** Normalises a zone name (trim, lower case, no trailing dot, punycode) or says why it is not one. */
export function parseZoneName(raw: unknown): { name: string } | { error: string } {
  if (typeof raw !== 'string') return { error: 'must be a string' };
  const trimmed = raw.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed.length === 0) return { error: 'must not be empty' };
  if (trimmed.length > 1000) return { error: `is ${trimmed.length} characters; a DNS name has at most 253` };
  if (/^\[.*\]$/.test(trimmed) || /^[0-9a-f:.]*:[0-9a-f:.]*$/.test(trimmed))
    return { error: `"${trimmed}" is an IPv6 address. ${IP_MESSAGE}` };
  if (/[/:@?#\s\\]/.test(trimmed))
    return { error: `"${trimmed.slice(0, 100)}" is not a bare domain name (no scheme, port, path or spaces)` };
  const ascii = toAscii(trimmed);
  if ('error' in ascii) return ascii;
  const name = ascii.name;
  if (name.length > 253) return { error: `is ${name.length} characters; a DNS name has at most 253` };
  const labels = name.split('.');
  if (NUMERIC_LABEL.test(labels[labels.length - 1] as string)) {
    const address = ipv4Form(name);
    return {
      error: address
        ? `"${name}" is the IPv4 address ${address}${address === name ? '' : ' in another notation'}. ${IP_MESSAGE}`
        : `"${name}" ends in a number, which is read as an IP address; a top-level domain is never numeric`,
    };
  }
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) return { error: `label "${bad.slice(0, 70)}" must be 1-63 letters, digits or inner dashes` };
  if (labels.length < 2)
    return {
      error: `"${name}" is a single label, not a public domain name; zones are domains such as example.com`,
    };
  const special = specialUseReason(name);
  if (special) return { error: `"${name}" is not a public DNS name: ${special}` };
  const parsed = parseDomain(name, { allowPrivateDomains: false });
  if (!parsed.isIcann)
    return {
      error: `"${name}" is not under a top-level domain of the public DNS (".${labels[labels.length - 1]}" is not in the Public Suffix List)`,
    };
  if (!parsed.domain)
    return {
      error: `"${name}" is a public suffix: names are registered under it (like example.${name}), it is not a zone itself`,
    };
  return { name };
}

/** True when `name` is a zone name as stored: parseZoneName accepts it and changes nothing but case and a final dot. */
export function isValidZoneName(name: string): boolean {
  const parsed = parseZoneName(name);
  return 'name' in parsed && parsed.name === name.toLowerCase().replace(/\.$/, '');
}

/**
 * The organisational domain of a name (RFC 7489 section 3.2: the registrable domain by the
 * Public Suffix List, private suffixes included), or undefined for a public suffix itself.
 */
export function organisationalDomain(name: string): string | undefined {
  return parseDomain(name, { allowPrivateDomains: true }).domain ?? undefined;
}

/** Converts an internationalised name to punycode as browsers do (UTS 46 through the WHATWG URL parser). */
function toAscii(name: string): { name: string } | { error: string } {
  const invalid = {
    error: `"${name.slice(0, 100)}" is not a valid domain name; write internationalised names as Unicode (bücher.example) or valid punycode (xn--bcher-kva.example)`,
  };
  if (/^[a-z0-9.-]*$/.test(name) && !/(^|\.)xn--/.test(name)) return { name };
  try {
    const host = new URL(`http://${name}/`).hostname;
    // Printable ASCII comes back as it went in (bad_label!.com): the label rule says what is wrong.
    return /^[\x21-\x7e]*$/.test(host) ? { name: host } : invalid;
  } catch {
    return invalid;
  }
}

/** The dotted IPv4 address a numeric host stands for, as a URL parser reads it; undefined when none. */
function ipv4Form(name: string): string | undefined {
  try {
    const host = new URL(`http://${name}/`).hostname;
    return /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}
