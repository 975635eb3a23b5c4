import { findingOf, type Finding } from '../domain';

/** SPF findings for a zone from its TXT strings and whether it receives mail (MX). */
export function spfFindings(zone: string, txt: string[], mxHosts: string[]): Finding[] {
  const records = txt.filter((text) => /^v=spf1(\s|$)/i.test(text.trim()));
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

/** DMARC findings from the TXT strings at `_dmarc.<zone>`. */
export function dmarcFindings(zone: string, txt: string[]): Finding[] {
  const subject = `_dmarc.${zone}`;
  const record = txt.find((text) => /^v=DMARC1(\s*;|\s*$)/i.test(text.trim()));
  if (!record) return [findingOf('dmarc-missing', subject)];
  const tags = new Map(
    record
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair) => pair.length === 2)
      .map(([key, value]) => [String(key).trim().toLowerCase(), String(value).trim().toLowerCase()]),
  );
  const policy = tags.get('p');
  if (policy === undefined || !['none', 'quarantine', 'reject'].includes(policy)) {
    return [
      findingOf('dmarc-missing', subject, {
        record,
        reason: 'the record has no valid p= policy, so receivers ignore it',
      }),
    ];
  }
  return policy === 'none' ? [findingOf('dmarc-policy-none', subject, { record })] : [];
}

/** CAA finding: none when at least one issue or issuewild record exists. */
export function caaFindings(zone: string, caa: Array<{ tag: string }>): Finding[] {
  return caa.some((record) => record.tag === 'issue' || record.tag === 'issuewild')
    ? []
    : [findingOf('caa-missing', zone)];
}

/** DNSSEC finding: a signed zone has a DS record at its parent. */
export function dnssecFindings(zone: string, dsCount: number): Finding[] {
  return dsCount > 0 ? [] : [findingOf('dnssec-missing', zone)];
}
