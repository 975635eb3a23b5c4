import type { IncomingHttpHeaders } from 'node:http';
import { findingOf, type Finding } from '../domain';

/** Where RFC 9116 puts the file (the legacy /security.txt is not looked at, as internet.nl does). */
export const SECURITY_TXT_PATH = '/.well-known/security.txt';

/** The final answer for /.well-known/security.txt, redirects followed. */
export interface SecurityTxtAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * security.txt (RFC 9116) of the zone's HTTPS site: missing unless a 200 text/plain answer
 * comes back (a 200 HTML page is a catch-all, not the file); invalid without a Contact: or a
 * parseable Expires:; expired once its Expires: has passed.
 */
export function securityTxtFindings(host: string, answer: SecurityTxtAnswer, now: Date): Finding[] {
  const subject = `${host}${SECURITY_TXT_PATH}`;
  const contentType = String(answer.headers['content-type'] ?? '');
  if (answer.status !== 200) return [findingOf('security-txt-missing', subject, { status: answer.status })];
  if (!/^text\/plain\b/i.test(contentType.trim()))
    return [findingOf('security-txt-missing', subject, { status: 200, contentType: contentType.slice(0, 100) })];
  const fields = new Map<string, string[]>();
  for (const raw of answer.body.toString('utf8').split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (line.startsWith('#') || colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const missing: string[] = [];
  if (!(fields.get('contact') ?? []).some((value) => value.length > 0)) missing.push('Contact');
  const expiresText = fields.get('expires')?.[0];
  // RFC 9116 wants an RFC 3339 date-time; Date.parse reads that form (and is lenient beyond it).
  const expires = expiresText && /^\d{4}-\d{2}-\d{2}T/.test(expiresText) ? new Date(expiresText) : undefined;
  if (!expires || Number.isNaN(expires.getTime())) missing.push('Expires');
  if (missing.length > 0)
    return [findingOf('security-txt-invalid', subject, { missing, ...(expiresText ? { expires: expiresText } : {}) })];
  if ((expires as Date).getTime() <= now.getTime())
    return [findingOf('security-txt-expired', subject, { expires: (expires as Date).toISOString() })];
  return [];
}
