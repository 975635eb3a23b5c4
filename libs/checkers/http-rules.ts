import type { IncomingHttpHeaders } from 'node:http';
import { findingOf, type Finding } from '../domain';

const ONE_YEAR_SECONDS = 31_536_000;
/** Cookies judged per response: enough for any real site, bounded for hostile ones. */
const MAX_COOKIES = 20;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/** One answer of the plain-HTTP redirect chain, as the rule reads it. */
export interface PlainHop {
  url: string;
  status: number;
  location?: string;
}

/**
 * The plain-HTTP chain (followed while it stays on http://) must reach https://: otherwise
 * https-redirect-missing. When it does, but its first step is not to https:// on the same host
 * (another host, or another http:// URL), browsers never see that host's HSTS header:
 * https-redirect-indirect (Mozilla Observatory's and internet.nl's redirection rule).
 */
export function redirectFindings(host: string, hops: PlainHop[]): Finding[] {
  const target = (hop: PlainHop | undefined): URL | undefined => {
    if (!hop || !REDIRECT_STATUSES.includes(hop.status) || !hop.location) return undefined;
    try {
      return new URL(hop.location, hop.url);
    } catch {
      return undefined; // An unparsable Location is no redirect to HTTPS either.
    }
  };
  const last = hops[hops.length - 1];
  if (target(last)?.protocol !== 'https:') {
    return [
      findingOf('https-redirect-missing', host, {
        status: last?.status ?? null,
        location: last?.location?.slice(0, 300) ?? null,
        ...(hops.length > 1 ? { via: hops.map((hop) => hop.url.slice(0, 200)).slice(0, 6) } : {}),
      }),
    ];
  }
  const first = target(hops[0]) as URL;
  if (first.protocol === 'https:' && first.hostname === host) return [];
  return [findingOf('https-redirect-indirect', host, { firstRedirect: first.href.slice(0, 300) })];
}

/** The origin the http checker sends, to see whether CORS answers any origin. */
export const CORS_PROBE_ORIGIN = 'https://cors-probe.security-insights.invalid';

/**
 * CORS with credentials for any origin: the HTTPS answer to a request from an unrelated origin
 * allows that origin (reflected) or * together with Access-Control-Allow-Credentials: true.
 */
export function corsFindings(host: string, headers: IncomingHttpHeaders): Finding[] {
  const allowOrigin = one(headers['access-control-allow-origin'])?.trim();
  const credentials = one(headers['access-control-allow-credentials'])?.trim().toLowerCase() === 'true';
  if (!allowOrigin || !credentials) return [];
  if (allowOrigin === CORS_PROBE_ORIGIN)
    return [findingOf('cors-origin-reflected-with-credentials', host, { origin: CORS_PROBE_ORIGIN })];
  if (allowOrigin === '*') return [findingOf('cors-wildcard-with-credentials', host)];
  return [];
}

/** Security-header findings of one HTTPS response, as Mozilla's Observatory names them. */
export function headerFindings(host: string, headers: IncomingHttpHeaders): Finding[] {
  return [
    ...hsts(host, one(headers['strict-transport-security'])),
    ...csp(host, headers),
    ...others(host, headers),
    ...cookies(host, headers['set-cookie'] ?? []),
  ];
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function hsts(host: string, header: string | undefined): Finding[] {
  if (!header) return [findingOf('hsts-missing', host)];
  const directives = header.split(';').map((part) => part.trim().toLowerCase());
  const maxAge = Number(/^max-age="?(\d+)"?$/.exec(directives.find((d) => d.startsWith('max-age')) ?? '')?.[1] ?? 0);
  if (maxAge < ONE_YEAR_SECONDS) return [findingOf('hsts-short-max-age', host, { header, maxAge })];
  if (!directives.includes('includesubdomains') || !directives.includes('preload'))
    return [findingOf('hsts-not-preload-ready', host, { header })];
  return [];
}

function cspDirectives(headers: IncomingHttpHeaders): Map<string, string[]> | undefined {
  const header = one(headers['content-security-policy']);
  if (!header) return undefined;
  const directives = new Map<string, string[]>();
  for (const part of header.split(/[;,]/)) {
    const [name, ...sources] = part.trim().toLowerCase().split(/\s+/);
    if (name && !directives.has(name)) directives.set(name, sources);
  }
  return directives;
}

function csp(host: string, headers: IncomingHttpHeaders): Finding[] {
  const directives = cspDirectives(headers);
  if (!directives) return [findingOf('csp-missing', host)];
  const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
  const findings: Finding[] = [];
  // With a nonce, a hash or strict-dynamic, browsers ignore 'unsafe-inline' (CSP level 2+).
  const inlineNeutralised = scripts.some((s) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic')/.test(s));
  if (scripts.includes("'unsafe-inline'") && !inlineNeutralised)
    findings.push(findingOf('csp-unsafe-inline', host, { scriptSources: scripts }));
  if (scripts.includes("'unsafe-eval'")) findings.push(findingOf('csp-unsafe-eval', host, { scriptSources: scripts }));
  return findings;
}

function others(host: string, headers: IncomingHttpHeaders): Finding[] {
  const findings: Finding[] = [];
  if (one(headers['x-content-type-options'])?.trim().toLowerCase() !== 'nosniff')
    findings.push(findingOf('x-content-type-options-missing', host));
  const xfo = one(headers['x-frame-options'])?.trim().toLowerCase();
  if (xfo !== 'deny' && xfo !== 'sameorigin' && !cspDirectives(headers)?.has('frame-ancestors'))
    findings.push(findingOf('clickjacking-protection-missing', host));
  const referrer = one(headers['referrer-policy']);
  if (!referrer) findings.push(findingOf('referrer-policy-missing', host));
  else {
    // Browsers apply the last policy they understand.
    const effective = referrer
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean)
      .pop();
    if (effective === 'unsafe-url' || effective === 'no-referrer-when-downgrade')
      findings.push(findingOf('referrer-policy-unsafe', host, { header: referrer }));
  }
  for (const name of ['server', 'x-powered-by']) {
    const value = one(headers[name]);
    if (value && /\d+\.\d+/.test(value))
      findings.push(findingOf('server-version-disclosed', host, { header: name, value: value.slice(0, 120) }));
  }
  return dedupe(findings);
}

/** Every cookie the page sets is judged: from outside, a session cookie looks like any other. */
function cookies(host: string, setCookies: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const line of setCookies.slice(0, MAX_COOKIES)) {
    const [pair, ...attributes] = line.split(';');
    const name = (pair ?? '').split('=')[0]?.trim().slice(0, 100);
    if (!name) continue;
    const flags = new Set(attributes.map((a) => (a.split('=')[0] ?? '').trim().toLowerCase()));
    const subject = `${host} cookie ${name}`;
    if (!flags.has('secure')) findings.push(findingOf('cookie-without-secure', subject));
    if (!flags.has('httponly')) findings.push(findingOf('cookie-without-httponly', subject));
    if (!flags.has('samesite')) findings.push(findingOf('cookie-without-samesite', subject));
  }
  return dedupe(findings);
}

/** One finding per (kind, subject): the writer fingerprints on those. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(`${f.kind}\u001f${f.subject}`) && seen.add(`${f.kind}\u001f${f.subject}`));
}
