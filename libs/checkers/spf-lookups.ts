import { findingOf, type Finding } from '../domain';
import type { DnsResolver } from '../net';
import { spfRecords } from './dns-rules';

/** RFC 7208 section 4.6.4: more DNS-querying terms than this make the SPF check a permanent error. */
export const SPF_LOOKUP_LIMIT = 10;

// Terms that cost a DNS lookup when evaluated: include, a, mx, ptr, exists and redirect.
const LOOKUP_TERM = /^[+?~-]?(include:|a$|a[:/]|mx$|mx[:/]|ptr$|ptr:|exists:)|^redirect=/i;
const FOLLOWED = /^[+?~-]?include:(.+)$|^redirect=(.+)$/i;

/**
 * spf-too-many-lookups when evaluating the zone's one SPF record would take more than ten DNS
 * lookups, counting through include: and redirect= targets (each fetched once, as a receiver
 * would). Counting stops past the limit, so a hostile chain costs at most eleven TXT lookups.
 * Targets written with macros (%{…}) count one lookup and are not followed: they depend on the
 * sender. A lookup that gets no answer fails the check, like every other lookup.
 */
export async function spfLookupFindings(
  resolver: DnsResolver,
  zone: string,
  records: string[],
  signal: AbortSignal,
): Promise<Finding[]> {
  if (records.length !== 1) return [];
  let lookups = 0;
  const path: string[] = [];
  const visit = async (record: string): Promise<void> => {
    for (const term of record.trim().split(/\s+/).slice(1)) {
      if (!LOOKUP_TERM.test(term)) continue;
      lookups += 1;
      if (lookups > SPF_LOOKUP_LIMIT) return;
      const followed = FOLLOWED.exec(term);
      const target = (followed?.[1] ?? followed?.[2])?.toLowerCase().replace(/\.$/, '');
      if (!target || target.includes('%')) continue;
      path.push(target);
      const [next] = spfRecords(await resolver.txt(target, signal));
      // A target without exactly one SPF record is a permanent error of its own; nothing more to count.
      if (next !== undefined) await visit(next);
      if (lookups > SPF_LOOKUP_LIMIT) return;
    }
  };
  await visit(records[0] as string);
  if (lookups <= SPF_LOOKUP_LIMIT) return [];
  return [
    findingOf('spf-too-many-lookups', zone, { lookups: `more than ${SPF_LOOKUP_LIMIT}`, followed: path.slice(0, 20) }),
  ];
}
