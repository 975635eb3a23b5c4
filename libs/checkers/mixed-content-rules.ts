import type { IncomingHttpHeaders } from 'node:http';
import { Parser } from 'htmlparser2';
import { findingOf, type Finding } from '../domain';

/** Elements and attributes whose http:// URL makes a secure page load active content insecurely. */
const ACTIVE: Record<string, string[]> = {
  script: ['src'],
  iframe: ['src'],
  frame: ['src'],
  object: ['data'],
  embed: ['src'],
  form: ['action'],
};
/** …and those whose http:// URL loads passive content (images, media). */
const PASSIVE: Record<string, string[]> = {
  img: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  source: ['src'],
  track: ['src'],
  input: ['src'],
};
/** URLs listed per finding: enough to act on, bounded for hostile pages. */
const MAX_URLS = 10;

/**
 * Mixed content on the landing page, read from its HTML (at most the bytes the fetch kept,
 * NET_MAX_BODY_BYTES): http:// scripts, stylesheets, frames, objects and form targets
 * (mixed-content-active) and http:// images and media (mixed-content-passive). A page whose CSP
 * says upgrade-insecure-requests or block-all-mixed-content has browsers fix or block them.
 */
export function mixedContentFindings(host: string, headers: IncomingHttpHeaders, body: Buffer): Finding[] {
  const contentType = String(headers['content-type'] ?? '').toLowerCase();
  if (!contentType.includes('text/html') || body.length === 0) return [];
  const csp = String(headers['content-security-policy'] ?? '').toLowerCase();
  if (/(^|[;,\s])(upgrade-insecure-requests|block-all-mixed-content)([;,\s]|$)/.test(csp)) return [];
  const active: string[] = [];
  const passive: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const insecure = (attribute: string) => /^\s*http:\/\//i.test(attributes[attribute] ?? '');
        const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        const activeAttributes =
          name === 'link' && (rel.includes('stylesheet') || rel.includes('modulepreload')) ? ['href'] : ACTIVE[name];
        for (const attribute of activeAttributes ?? [])
          if (insecure(attribute)) active.push((attributes[attribute] as string).trim());
        for (const attribute of PASSIVE[name] ?? [])
          if (insecure(attribute)) passive.push((attributes[attribute] as string).trim());
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(body.toString('utf8'));
  const details = (urls: string[]) => ({
    count: urls.length,
    urls: urls.slice(0, MAX_URLS).map((u) => u.slice(0, 300)),
  });
  return [
    ...(active.length > 0 ? [findingOf('mixed-content-active', host, details(active))] : []),
    ...(passive.length > 0 ? [findingOf('mixed-content-passive', host, details(passive))] : []),
  ];
}
