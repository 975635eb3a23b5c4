import type { Finding } from './insight';
import type { Severity } from './severity';

/** What the catalogue knows about one named result: who reports it, how bad it is, what to do. */
export interface FindingKindInfo {
  checker: 'dns' | 'tls' | 'http';
  severity: Severity;
  title: string;
  remediation: string;
}

/**
 * Every kind a real checker can report, with its severity and remediation. The README shows
 * this table (a unit test keeps the two identical); checkers build findings only through
 * `findingOf`, so a kind missing here does not compile.
 */
export const FINDING_KINDS = {
  'spf-missing': {
    checker: 'dns',
    severity: 'moderate',
    title: 'No SPF record',
    remediation:
      'Publish a TXT record "v=spf1 -all" on a name that sends no mail, or list its senders and end with -all.',
  },
  'mx-without-spf': {
    checker: 'dns',
    severity: 'high',
    title: 'Domain receives mail (MX) but has no SPF record',
    remediation:
      'Publish a TXT record "v=spf1 <your senders> -all" listing every service that sends mail for the domain.',
  },
  'spf-allow-all': {
    checker: 'dns',
    severity: 'critical',
    title: 'SPF allows every sender (+all)',
    remediation: 'Replace "+all" with "-all" (or "~all" while testing) so only listed senders pass.',
  },
  'spf-permissive': {
    checker: 'dns',
    severity: 'moderate',
    title: 'SPF does not reject unlisted senders (?all or no all)',
    remediation: 'End the SPF record with "-all" (or "~all") so unlisted senders fail.',
  },
  'spf-multiple-records': {
    checker: 'dns',
    severity: 'moderate',
    title: 'More than one SPF record',
    remediation: 'Merge the SPF records into one TXT record; receivers treat several as a permanent error.',
  },
  'dmarc-missing': {
    checker: 'dns',
    severity: 'moderate',
    title: 'No DMARC record',
    remediation: 'Publish a TXT record at _dmarc.<domain>, e.g. "v=DMARC1; p=quarantine; rua=mailto:…".',
  },
  'dmarc-policy-none': {
    checker: 'dns',
    severity: 'moderate',
    title: 'DMARC policy is p=none',
    remediation: 'After reviewing the aggregate reports, move the DMARC policy to p=quarantine, then p=reject.',
  },
  'dnssec-missing': {
    checker: 'dns',
    severity: 'low',
    title: 'DNSSEC not enabled (no DS record)',
    remediation: 'Enable DNSSEC at the DNS provider and publish the DS record at the registrar.',
  },
  'caa-missing': {
    checker: 'dns',
    severity: 'low',
    title: 'No CAA record',
    remediation: 'Publish CAA records naming the certificate authorities allowed to issue for the domain.',
  },
  'dangling-cname': {
    checker: 'dns',
    severity: 'critical',
    title: 'CNAME points at a name that does not resolve',
    remediation:
      'Delete the CNAME or reclaim its target; anyone who registers the target can serve content on this name.',
  },
  'cname-loop': {
    checker: 'dns',
    severity: 'moderate',
    title: 'CNAME chain loops or is too long',
    remediation: 'Fix the CNAME records so the chain ends at an address within a few steps.',
  },
  'tls-cert-expired': {
    checker: 'tls',
    severity: 'critical',
    title: 'Certificate has expired',
    remediation: 'Renew the certificate now and automate renewal (e.g. ACME).',
  },
  'tls-cert-expires-soon': {
    checker: 'tls',
    severity: 'high',
    title: 'Certificate expires soon',
    remediation: 'Renew the certificate before it expires and automate renewal (e.g. ACME).',
  },
  'tls-cert-self-signed': {
    checker: 'tls',
    severity: 'high',
    title: 'Certificate is self-signed',
    remediation: 'Serve a certificate issued by a publicly trusted certificate authority.',
  },
  'tls-cert-untrusted': {
    checker: 'tls',
    severity: 'high',
    title: 'Certificate chain is not trusted',
    remediation: 'Serve the full chain (leaf and intermediates) issued by a publicly trusted certificate authority.',
  },
  'tls-cert-hostname-mismatch': {
    checker: 'tls',
    severity: 'high',
    title: 'Certificate does not cover the hostname',
    remediation: 'Serve a certificate whose subject alternative names include this hostname.',
  },
  'tls-legacy-version': {
    checker: 'tls',
    severity: 'moderate',
    title: 'TLS 1.0 or 1.1 accepted',
    remediation: 'Set the minimum TLS version to 1.2 on the server or CDN.',
  },
  'tls-handshake-failed': {
    checker: 'tls',
    severity: 'moderate',
    title: 'HTTPS port answers but no TLS handshake completes',
    remediation: 'Check the HTTPS listener: it must speak TLS 1.2 or 1.3 on port 443.',
  },
  'https-redirect-missing': {
    checker: 'http',
    severity: 'high',
    title: 'HTTP does not redirect to HTTPS',
    remediation: 'Redirect every plain-HTTP request with 301/308 to the same URL on https://.',
  },
  'hsts-missing': {
    checker: 'http',
    severity: 'moderate',
    title: 'HSTS header missing',
    remediation: 'Send "Strict-Transport-Security: max-age=31536000; includeSubDomains" on HTTPS responses.',
  },
  'hsts-short-max-age': {
    checker: 'http',
    severity: 'low',
    title: 'HSTS max-age shorter than one year',
    remediation: 'Raise the HSTS max-age to at least 31536000 seconds (one year).',
  },
  'hsts-not-preload-ready': {
    checker: 'http',
    severity: 'info',
    title: 'HSTS not ready for the preload list',
    remediation: 'Add includeSubDomains and preload to the HSTS header, then submit the domain to hstspreload.org.',
  },
  'csp-missing': {
    checker: 'http',
    severity: 'moderate',
    title: 'Content-Security-Policy missing',
    remediation: 'Send a Content-Security-Policy that restricts script sources, e.g. "default-src \'self\'".',
  },
  'csp-unsafe-inline': {
    checker: 'http',
    severity: 'moderate',
    title: "CSP allows 'unsafe-inline' scripts",
    remediation: "Remove 'unsafe-inline' from script-src; use nonces or hashes for inline scripts.",
  },
  'csp-unsafe-eval': {
    checker: 'http',
    severity: 'moderate',
    title: "CSP allows 'unsafe-eval' scripts",
    remediation: "Remove 'unsafe-eval' from script-src and stop using eval-like constructs.",
  },
  'x-content-type-options-missing': {
    checker: 'http',
    severity: 'low',
    title: 'X-Content-Type-Options missing',
    remediation: 'Send "X-Content-Type-Options: nosniff".',
  },
  'clickjacking-protection-missing': {
    checker: 'http',
    severity: 'moderate',
    title: 'No clickjacking protection',
    remediation: 'Send "Content-Security-Policy: frame-ancestors \'self\'" (or "X-Frame-Options: DENY").',
  },
  'referrer-policy-missing': {
    checker: 'http',
    severity: 'info',
    title: 'Referrer-Policy missing',
    remediation: 'Send "Referrer-Policy: strict-origin-when-cross-origin" (or stricter).',
  },
  'referrer-policy-unsafe': {
    checker: 'http',
    severity: 'low',
    title: 'Referrer-Policy leaks full URLs',
    remediation: 'Replace unsafe-url / no-referrer-when-downgrade with strict-origin-when-cross-origin.',
  },
  'cookie-without-secure': {
    checker: 'http',
    severity: 'moderate',
    title: 'Cookie set without Secure',
    remediation: 'Add the Secure attribute to the cookie so it never travels over plain HTTP.',
  },
  'cookie-without-httponly': {
    checker: 'http',
    severity: 'low',
    title: 'Cookie set without HttpOnly',
    remediation: 'Add HttpOnly to session cookies so page scripts cannot read them.',
  },
  'cookie-without-samesite': {
    checker: 'http',
    severity: 'low',
    title: 'Cookie set without SameSite',
    remediation: 'Add SameSite=Lax (or Strict) to session cookies.',
  },
  'server-version-disclosed': {
    checker: 'http',
    severity: 'info',
    title: 'Server discloses its software version',
    remediation: 'Configure the server to omit version numbers from Server and X-Powered-By.',
  },
} as const satisfies Record<string, FindingKindInfo>;

export type FindingKind = keyof typeof FINDING_KINDS;

/** Builds a finding of a catalogued kind: severity, title and remediation come from the table. */
export function findingOf(kind: FindingKind, subject: string, details: Record<string, unknown> = {}): Finding {
  const info: FindingKindInfo = FINDING_KINDS[kind];
  return { kind, subject, severity: info.severity, title: info.title, remediation: info.remediation, details };
}

/** The catalogue as the Markdown table the README shows. */
export function findingKindsMarkdown(): string {
  const rows = Object.entries(FINDING_KINDS).map(
    ([kind, info]: [string, FindingKindInfo]) =>
      `| \`${kind}\` | ${info.checker} | ${info.severity} | ${info.title} | ${info.remediation.replaceAll('|', '\\|')} |`,
  );
  return ['| kind | checker | severity | title | remediation |', '|---|---|---|---|---|', ...rows].join('\n');
}
