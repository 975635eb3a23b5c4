import { findingOf, type Finding } from '../domain';

/** The SPF records among a name's TXT strings. */
export function spfRecords(txt: string[]): string[] {
  return txt.filter((text) => /^v=spf1(\s|$)/i.test(text.trim()));
}

/** SPF findings for a zone from its TXT strings and whether it receives mail (MX). */
export function spfFindings(zone: string, txt: string[], mxHosts: string[]): Finding[] {
  const records = spfRecords(txt);
  if (records.length === 0) {
    return [
      mxHosts.length > 0
        ? findingOf('mx-without-spf', zone, { mx: mxHosts.slice(0, 10) })
        : findingOf('spf-missing', zone),
    ];
  }
  if (records.length > 1) return [findingOf('spf-multiple-records', zone, { records: records.slice(0, 5) })];
  const record = records[0] as string;
  const terms = record.trim().split(/\s+/).slice(1);
  const all = terms.map((term) => /^([+?~-]?)all$/i.exec(term)).find((match) => match !== null);
  if (all) {
    const qualifier = all[1] || '+';
    if (qualifier === '+') return [findingOf('spf-allow-all', zone, { record })];
    if (qualifier === '?')
      return [findingOf('spf-permissive', zone, { record, reason: '?all lets unlisted senders pass as neutral' })];
    return [];
  }
  // Without "all" the record may still delegate its verdict with redirect=.
  if (terms.some((term) => /^redirect=/i.test(term))) return [];
  return [
    findingOf('spf-permissive', zone, { record, reason: 'no "all" term: unlisted senders get a neutral result' }),
  ];
}

const DMARC_RECORD = /^v=DMARC1(\s*;|\s*$)/i;

/**
 * DMARC findings for a zone from the TXT strings at `_dmarc.<zone>` and, when the zone is below
 * its organisational domain and has no record of its own, at `_dmarc.<org>`, whose sp= (or p=)
 * applies to it (RFC 7489 section 6.6.3). The subject is always `_dmarc.<zone>`.
 */
export function dmarcFindings(
  zone: string,
  records: { own: string[]; org?: { name: string; txt: string[] } },
): Finding[] {
  const subject = `_dmarc.${zone}`;
  const own = records.own.find((text) => DMARC_RECORD.test(text.trim()));
  const inherited = own ? undefined : records.org?.txt.find((text) => DMARC_RECORD.test(text.trim()));
  const record = own ?? inherited;
  if (!record) return [findingOf('dmarc-missing', subject)];
  const tags = new Map(
    record
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair) => pair.length === 2)
      .map(([key, value]) => [String(key).trim().toLowerCase(), String(value).trim().toLowerCase()]),
  );
  const from = inherited ? { policyFrom: `_dmarc.${records.org?.name}` } : {};
  const declared = tags.get('p');
  if (declared === undefined || !DMARC_POLICIES.includes(declared)) {
    return [
      findingOf('dmarc-missing', subject, {
        record,
        ...from,
        reason: 'the record has no valid p= policy, so receivers ignore it',
      }),
    ];
  }
  // A subdomain inherits sp= when the organisational record sets one (a valid one), else p=.
  const sp = tags.get('sp');
  const policy = inherited && sp !== undefined && DMARC_POLICIES.includes(sp) ? sp : declared;
  return policy === 'none' ? [findingOf('dmarc-policy-none', subject, { record, ...from })] : [];
}

const DMARC_POLICIES = ['none', 'quarantine', 'reject'];

/**
 * CAA finding: none when the closest CAA record set (the zone's, or its nearest ancestor's up
 * to the organisational domain, found at `at`) has at least one issue or issuewild record.
 */
export function caaFindings(zone: string, caa: Array<{ tag: string }>, at = zone): Finding[] {
  if (caa.some((record) => record.tag === 'issue' || record.tag === 'issuewild')) return [];
  return [findingOf('caa-missing', zone, at === zone || caa.length === 0 ? {} : { recordsAt: at })];
}

/** DNSSEC finding: a signed zone has a DS record at its parent (or sits inside a zone that has, at `at`). */
export function dnssecFindings(zone: string, dsCount: number, at = zone): Finding[] {
  return dsCount > 0 ? [] : [findingOf('dnssec-missing', zone, at === zone ? {} : { checkedUpTo: at })];
}
