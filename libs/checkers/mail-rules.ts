import { findingOf, type Finding } from '../domain';

/**
 * MTA-STS (RFC 8461) for a zone that receives mail: the TXT record at `_mta-sts.<zone>` that
 * tells senders to fetch the policy and require TLS. Judged from the record alone (v=STSv1 and
 * an id of 1-32 letters or digits); the policy file at mta-sts.<zone> is not fetched. A zone
 * with no MX (or a null MX) takes no mail and gets no finding.
 */
export function mtaStsFindings(zone: string, mxHosts: string[], txt: string[]): Finding[] {
  if (mxHosts.length === 0) return [];
  const subject = `_mta-sts.${zone}`;
  const records = txt.filter((text) => /^v=STSv1(\s*;|\s*$)/i.test(text.trim()));
  if (records.length === 0) return [findingOf('mta-sts-missing', subject)];
  if (records.length > 1)
    return [findingOf('mta-sts-invalid', subject, { records: records.slice(0, 5), reason: 'more than one record' })];
  const id = tagValue(records[0] as string, 'id');
  if (!id || !/^[a-z0-9]{1,32}$/i.test(id))
    return [
      findingOf('mta-sts-invalid', subject, {
        record: records[0],
        reason: 'id= must be 1-32 letters or digits; senders ignore the record without it',
      }),
    ];
  return [];
}

/**
 * SMTP TLS reporting (RFC 8460) for a zone that receives mail: a v=TLSRPTv1 record at
 * `_smtp._tls.<zone>` with at least one rua= destination (mailto: or https:).
 */
export function tlsRptFindings(zone: string, mxHosts: string[], txt: string[]): Finding[] {
  if (mxHosts.length === 0) return [];
  const subject = `_smtp._tls.${zone}`;
  const records = txt.filter((text) => /^v=TLSRPTv1(\s*;|\s*$)/i.test(text.trim()));
  if (records.length === 0) return [findingOf('tls-rpt-missing', subject)];
  if (records.length > 1)
    return [findingOf('tls-rpt-invalid', subject, { records: records.slice(0, 5), reason: 'more than one record' })];
  const rua = tagValue(records[0] as string, 'rua') ?? '';
  const destinations = rua.split(',').map((uri) => uri.trim());
  if (!destinations.some((uri) => /^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(uri)))
    return [
      findingOf('tls-rpt-invalid', subject, {
        record: records[0],
        reason: 'rua= must name a mailto: or https: destination for the reports',
      }),
    ];
  return [];
}

/** The value of `tag` in a `k=v; k=v` record, trimmed; undefined when absent. */
function tagValue(record: string, tag: string): string | undefined {
  for (const part of record.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim().toLowerCase() === tag) return part.slice(at + 1).trim();
  }
  return undefined;
}
