import { describe, expect, it } from 'vitest';
import { dmarcFindings, spfFindings } from '../../libs/checkers/dns-rules';
import { headerFindings, redirectFindings } from '../../libs/checkers/http-rules';
import { tlsFindings } from '../../libs/checkers/tls-rules';

const kinds = (findings: Array<{ kind: string }>) => findings.map((f) => f.kind).sort();

describe('dns rules', () => {
  it.each([
    ['v=spf1 include:_spf.example.org ~all', []],
    ['v=spf1 redirect=_spf.example.org', []],
    ['v=spf1 a mx all', ['spf-allow-all']],
    ['V=SPF1 +ALL', ['spf-allow-all']],
    ['v=spf1 a', ['spf-permissive']],
  ])('when the SPF record is "%s", then the findings are %j', (record, expected) => {
    expect(kinds(spfFindings('example.com', ['unrelated=1', record], []))).toEqual(expected);
  });

  it('when a DMARC record lacks a valid p= tag, then it counts as missing and says why', () => {
    const [finding] = dmarcFindings('example.com', ['v=DMARC1; rua=mailto:a@example.com']);
    expect(finding).toMatchObject({
      kind: 'dmarc-missing',
      subject: '_dmarc.example.com',
      details: { reason: 'the record has no valid p= policy, so receivers ignore it' },
    });
  });
});

describe('http rules', () => {
  it('when Location is relative or points to another scheme, then only an https target counts as a redirect to HTTPS', () => {
    expect(redirectFindings('a.example', 301, 'https://a.example/', 'http://a.example/')).toEqual([]);
    expect(kinds(redirectFindings('a.example', 302, '/login', 'http://a.example/'))).toEqual([
      'https-redirect-missing',
    ]);
    expect(kinds(redirectFindings('a.example', 302, 'http://[bad', 'http://a.example/'))).toEqual([
      'https-redirect-missing',
    ]);
  });

  it('when HSTS max-age is quoted and a year long without preload, then only not-preload-ready is found', () => {
    const findings = headerFindings('a.example', {
      'strict-transport-security': 'max-age="31536000"; includeSubDomains',
      'content-security-policy': "script-src 'strict-dynamic' 'nonce-x' 'unsafe-inline'; frame-ancestors 'self'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin',
    });
    expect(kinds(findings)).toEqual(['hsts-not-preload-ready']);
  });

  it('when 50 cookies are set, then only the first 20 are judged', () => {
    const cookies = Array.from({ length: 50 }, (_, i) => `c${i}=1; Secure; HttpOnly`);
    const findings = headerFindings('a.example', { 'set-cookie': cookies }).filter(
      (f) => f.kind === 'cookie-without-samesite',
    );
    expect(findings).toHaveLength(20);
  });
});

describe('tls rules', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const base = {
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validTo: new Date('2026-06-01T00:00:00Z'),
    legacyAccepted: [],
  };

  it('when the chain error is unknown to the trust store, then the certificate is untrusted', () => {
    expect(
      kinds(tlsFindings('a.example', { ...base, chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }, now, 14)),
    ).toEqual(['tls-cert-untrusted']);
  });

  it("when the certificate has expired, then OpenSSL's CERT_HAS_EXPIRED does not also count as untrusted", () => {
    const expired = { ...base, validTo: new Date('2026-01-09T00:00:00Z'), chainError: 'CERT_HAS_EXPIRED' };
    expect(kinds(tlsFindings('a.example', expired, now, 14))).toEqual(['tls-cert-expired']);
  });

  it('when 13 days remain under a 14-day window, then it expires soon; with 20 days left it does not', () => {
    expect(kinds(tlsFindings('a.example', { ...base, validTo: new Date('2026-01-23T12:00:00Z') }, now, 14))).toEqual([
      'tls-cert-expires-soon',
    ]);
    expect(tlsFindings('a.example', { ...base, validTo: new Date('2026-01-30T00:00:00Z') }, now, 14)).toEqual([]);
  });
});
