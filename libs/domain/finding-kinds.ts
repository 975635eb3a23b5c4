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
  'spf-too-many-lookups': {
    checker: 'dns',
    severity: 'moderate',
    title: 'SPF needs more than 10 DNS lookups',
    remediation:
      'Flatten or trim include: chains so evaluating the record takes at most 10 DNS lookups; past that receivers return a permanent error.',
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
  'mta-sts-missing': {
    checker: 'dns',
    severity: 'low',
    title: 'Domain receives mail but has no MTA-STS record',
    remediation:
      'Publish "v=STSv1; id=<version>" at _mta-sts.<domain> and a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt so senders require TLS.',
  },
  'mta-sts-invalid': {
    checker: 'dns',
    severity: 'low',
    title: 'MTA-STS record is invalid',
    remediation: 'Keep exactly one TXT record "v=STSv1; id=<1-32 letters or digits>" at _mta-sts.<domain>.',
  },
  'tls-rpt-missing': {
    checker: 'dns',
    severity: 'info',
    title: 'Domain receives mail but has no TLS-RPT record',
    remediation:
      'Publish "v=TLSRPTv1; rua=mailto:tls-reports@<domain>" at _smtp._tls.<domain> to learn of TLS failures.',
  },
  'tls-rpt-invalid': {
    checker: 'dns',
    severity: 'low',
    title: 'TLS-RPT record is invalid',
    remediation: 'Keep exactly one TXT record "v=TLSRPTv1; rua=mailto:…" (or https:) at _smtp._tls.<domain>.',
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
  'tls-cert-not-yet-valid': {
    checker: 'tls',
    severity: 'high',
    title: 'Certificate is not valid yet',
    remediation: 'Serve a certificate whose validity has begun; check the server clock and the certificate dates.',
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
  'tls-modern-version-missing': {
    checker: 'tls',
    severity: 'high',
    title: 'Neither TLS 1.2 nor TLS 1.3 is offered',
    remediation: 'Enable TLS 1.2 and 1.3 on the server or CDN; current browsers refuse older versions.',
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
  'https-redirect-indirect': {
    checker: 'http',
    severity: 'low',
    title: 'HTTP reaches HTTPS only through another host or another HTTP URL',
    remediation:
      'Redirect http://<host>/ to https://<host>/ first, then to the final host, so the browser receives HSTS for <host>.',
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
  'cors-origin-reflected-with-credentials': {
    checker: 'http',
    severity: 'high',
    title: 'CORS reflects any origin and allows credentials',
    remediation:
      'Answer Access-Control-Allow-Origin only for a fixed list of trusted origins, or drop Access-Control-Allow-Credentials.',
  },
  'cors-wildcard-with-credentials': {
    checker: 'http',
    severity: 'low',
    title: 'CORS allows every origin (*) together with credentials',
    remediation:
      'Browsers refuse this pair; drop Access-Control-Allow-Credentials for public data, or name the trusted origins instead of *.',
  },
  'mixed-content-active': {
    checker: 'http',
    severity: 'high',
    title: 'HTTPS page loads scripts, styles or frames over plain HTTP',
    remediation:
      'Load every script, stylesheet, frame and form target over https:// (or add CSP upgrade-insecure-requests).',
  },
  'mixed-content-passive': {
    checker: 'http',
    severity: 'low',
    title: 'HTTPS page loads images or media over plain HTTP',
    remediation: 'Load images, audio and video over https:// (or add CSP upgrade-insecure-requests).',
  },
  'security-txt-missing': {
    checker: 'http',
    severity: 'low',
    title: 'No security.txt',
    remediation:
      'Serve /.well-known/security.txt (RFC 9116) as text/plain with Contact: and Expires: so researchers can report issues.',
  },
  'security-txt-expired': {
    checker: 'http',
    severity: 'low',
    title: 'security.txt has expired',
    remediation: 'Move the Expires: date of /.well-known/security.txt into the future (at most a year ahead).',
  },
  'security-txt-invalid': {
    checker: 'http',
    severity: 'low',
    title: 'security.txt lacks a required field',
    remediation: 'Give /.well-known/security.txt at least one Contact: line and one Expires: date (RFC 9116).',
  },
} as const satisfies Record<string, FindingKindInfo>;

export type FindingKind = keyof typeof FINDING_KINDS;

/** Builds a finding of a catalogued kind: severity, title and remediation come from the table. */
export function findingOf(kind: FindingKind, subject: string, details: Record<string, unknown> = {}): Finding {
  const info: FindingKindInfo = FINDING_KINDS[kind];
  return { kind, subject, severity: info.severity, title: info.title, remediation: info.remediation, details };
}

/** What to do about a finding of this kind, from the table; null for kinds it does not list (synthetic ones). */
export function remediationOf(kind: string): string | null {
  return Object.hasOwn(FINDING_KINDS, kind)
    ? (FINDING_KINDS as Record<string, FindingKindInfo>)[kind]!.remediation
    : null;
}

/** The catalogue as the Markdown table the README shows. */
export function findingKindsMarkdown(): string {
  const rows = Object.entries(FINDING_KINDS).map(
    ([kind, info]: [string, FindingKindInfo]) =>
      `| \`${kind}\` | ${info.checker} | ${info.severity} | ${info.title} | ${info.remediation.replaceAll('|', '\\|')} |`,
  );
  return ['| kind | checker | severity | title | remediation |', '|---|---|---|---|---|', ...rows].join('\n');
}
