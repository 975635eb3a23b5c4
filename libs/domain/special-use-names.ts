/**
 * Suffixes that never name a zone of the public DNS, each with the reason a person is shown.
 * From IANA's Special-Use Domain Names registry (RFC 6761 and its successors) and ICANN's
 * reservations. `example.com`, `example.net` and `example.org` are in that registry too, but
 * they are delegated, resolve and publish real SPF, DMARC and DNSSEC: scanning them harms
 * nobody and is the classic first try, so they are accepted.
 */
export const SPECIAL_USE_SUFFIXES: ReadonlyArray<{ suffix: string; reason: string }> = [
  { suffix: 'localhost', reason: 'names under .localhost are this machine itself (RFC 6761 section 6.3)' },
  { suffix: 'local', reason: '.local is link-local multicast DNS (RFC 6762), never the public DNS' },
  { suffix: 'onion', reason: '.onion names are Tor onion services (RFC 7686), unreachable through DNS' },
  { suffix: 'test', reason: '.test is reserved for testing (RFC 6761 section 6.2) and never resolves publicly' },
  { suffix: 'invalid', reason: '.invalid is reserved to be invalid (RFC 6761 section 6.4)' },
  { suffix: 'example', reason: '.example is reserved for documentation (RFC 6761 section 6.5)' },
  { suffix: 'alt', reason: '.alt is reserved for names outside the DNS (RFC 9476)' },
  { suffix: 'internal', reason: '.internal is reserved by ICANN for private networks and is never delegated' },
  { suffix: 'home', reason: '.home is a private-network name ICANN will not delegate (name collision)' },
  { suffix: 'corp', reason: '.corp is a private-network name ICANN will not delegate (name collision)' },
  { suffix: 'mail', reason: '.mail is a private-network name ICANN will not delegate (name collision)' },
  { suffix: 'lan', reason: '.lan is a private-network name, not a top-level domain of the public DNS' },
  { suffix: 'intranet', reason: '.intranet is a private-network name, not a top-level domain of the public DNS' },
  { suffix: 'home.arpa', reason: 'home.arpa is for home networks (RFC 8375)' },
  {
    suffix: 'arpa',
    reason: '.arpa holds infrastructure names such as reverse DNS (RFC 3172), not zones with websites or mail',
  },
];

/** The reason `name` (lower case, no final dot) is under a special-use suffix, or undefined. */
export function specialUseReason(name: string): string | undefined {
  return SPECIAL_USE_SUFFIXES.find(({ suffix }) => name === suffix || name.endsWith(`.${suffix}`))?.reason;
}
