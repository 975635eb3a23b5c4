import { describe, expect, it } from 'vitest';
import { caaFindings, dmarcFindings, spfFindings } from '../../libs/checkers/dns-rules';
import { mtaStsFindings, tlsRptFindings } from '../../libs/checkers/mail-rules';
import { CORS_PROBE_ORIGIN, corsFindings, headerFindings, redirectFindings } from '../../libs/checkers/http-rules';
import { mixedContentFindings } from '../../libs/checkers/mixed-content-rules';
import { securityTxtFindings } from '../../libs/checkers/security-txt-rules';
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
    const [finding] = dmarcFindings('example.com', { own: ['v=DMARC1; rua=mailto:a@example.com'] });
    expect(finding).toMatchObject({
      kind: 'dmarc-missing',
      subject: '_dmarc.example.com',
      details: { reason: 'the record has no valid p= policy, so receivers ignore it' },
    });
  });

  it.each([
    [[], ['v=DMARC1; p=reject'], []],
    [[], ['v=DMARC1; p=reject; sp=none'], ['dmarc-policy-none']],
    [[], ['v=DMARC1; p=none; sp=quarantine'], []],
    [[], ['v=DMARC1; p=none; sp=bogus'], ['dmarc-policy-none']],
    [[], [], ['dmarc-missing']],
    [['v=DMARC1; p=none'], ['v=DMARC1; p=reject'], ['dmarc-policy-none']],
    [['v=DMARC1; p=reject'], ['v=DMARC1; p=none'], []],
  ])(
    'when a subdomain has DMARC %j and its organisational domain %j, then the findings are %j',
    (own, org, expected) => {
      const findings = dmarcFindings('shop.example.com', { own, org: { name: 'example.com', txt: org } });
      expect(kinds(findings)).toEqual(expected);
      expect(findings.every((f) => f.subject === '_dmarc.shop.example.com')).toBe(true);
    },
  );

  it('when CAA records exist only at an ancestor, then the ancestor is named; without any, nothing is', () => {
    expect(caaFindings('shop.example.com', [{ tag: 'issue' }], 'example.com')).toEqual([]);
    expect(caaFindings('shop.example.com', [{ tag: 'iodef' }], 'example.com')[0]?.details).toEqual({
      recordsAt: 'example.com',
    });
    expect(caaFindings('shop.example.com', [], 'example.com')[0]?.details).toEqual({});
  });
});

describe('mail rules (MTA-STS, TLS-RPT)', () => {
  const mx = ['mx.example.com'];

  it('when the domain takes no mail, then neither record is asked of it', () => {
    expect([...mtaStsFindings('example.com', [], []), ...tlsRptFindings('example.com', [], [])]).toEqual([]);
  });

  it.each([
    [['v=STSv1; id=20240101T000000'], []],
    [['v=STSv1;id=abc123'], []],
    [[], ['mta-sts-missing']],
    [['google-site-verification=x'], ['mta-sts-missing']],
    [['v=STSv1;'], ['mta-sts-invalid']],
    [['v=STSv1; id=has-dash'], ['mta-sts-invalid']],
    [['v=STSv1; id=a', 'v=STSv1; id=b'], ['mta-sts-invalid']],
  ])('when _mta-sts holds %j, then the findings are %j', (txt, expected) => {
    expect(kinds(mtaStsFindings('example.com', mx, txt))).toEqual(expected);
  });

  it.each([
    [['v=TLSRPTv1; rua=mailto:tls@example.com'], []],
    [['v=TLSRPTv1; rua=https://reports.example.com/tls'], []],
    [['v=TLSRPTv1; rua=ftp://x, mailto:tls@example.com'], []],
    [[], ['tls-rpt-missing']],
    [['v=TLSRPTv1;'], ['tls-rpt-invalid']],
    [['v=TLSRPTv1; rua=tls@example.com'], ['tls-rpt-invalid']],
  ])('when _smtp._tls holds %j, then the findings are %j', (txt, expected) => {
    expect(kinds(tlsRptFindings('example.com', mx, txt))).toEqual(expected);
  });
});

describe('http rules', () => {
  const hop = (url: string, status: number, location?: string) => ({ url, status, location });

  it.each([
    [[hop('http://a.example/', 301, 'https://a.example/')], []],
    [[hop('http://a.example/', 308, 'HTTPS://A.EXAMPLE/login')], []],
    [[hop('http://a.example/', 302, '/login'), hop('http://a.example/login', 200)], ['https-redirect-missing']],
    [[hop('http://a.example/', 302, 'http://[bad')], ['https-redirect-missing']],
    [[hop('http://a.example/', 200)], ['https-redirect-missing']],
    [[hop('http://a.example/', 301, 'https://www.a.example/')], ['https-redirect-indirect']],
    [
      [
        hop('http://a.example/', 301, 'http://www.a.example/'),
        hop('http://www.a.example/', 301, 'https://www.a.example/'),
      ],
      ['https-redirect-indirect'],
    ],
  ])('when the plain-HTTP chain is %j, then the findings are %j', (hops, expected) => {
    expect(kinds(redirectFindings('a.example', hops))).toEqual(expected);
  });

  it.each([
    [
      { 'access-control-allow-origin': CORS_PROBE_ORIGIN, 'access-control-allow-credentials': 'true' },
      ['cors-origin-reflected-with-credentials'],
    ],
    [
      { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'TRUE' },
      ['cors-wildcard-with-credentials'],
    ],
    [{ 'access-control-allow-origin': '*' }, []],
    [{ 'access-control-allow-origin': CORS_PROBE_ORIGIN }, []],
    [{ 'access-control-allow-origin': 'https://app.a.example', 'access-control-allow-credentials': 'true' }, []],
  ])('when the CORS answer is %j, then the findings are %j', (headers, expected) => {
    expect(kinds(corsFindings('a.example', headers))).toEqual(expected);
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

describe('mixed content', () => {
  const html = { 'content-type': 'text/html; charset=utf-8' };
  const page = (body: string) => Buffer.from(`<!doctype html><html><head>${body}</head></html>`);

  it('when a page loads a script, a stylesheet and an image over http://, then active and passive are reported apart', () => {
    const findings = mixedContentFindings(
      'a.example',
      html,
      page(
        '<SCRIPT SRC="http://cdn.example/x.js"></SCRIPT><link rel="preload stylesheet" href="http://cdn.example/s.css">' +
          '<img src="http://img.example/a.png"><img src="https://img.example/b.png"><script src="//cdn.example/ok.js"></script>',
      ),
    );
    expect(findings.map((f) => [f.kind, f.details])).toEqual([
      ['mixed-content-active', { count: 2, urls: ['http://cdn.example/x.js', 'http://cdn.example/s.css'] }],
      ['mixed-content-passive', { count: 1, urls: ['http://img.example/a.png'] }],
    ]);
  });

  it('when the http:// URLs are in links, text or a non-HTML answer, or CSP upgrades requests, then nothing is found', () => {
    const body = page(
      '<a href="http://x.example/">x</a> http://y.example/z.js <script src="http://z.example/a.js"></script>',
    );
    expect(
      mixedContentFindings('a.example', html, page('<a href="http://x.example/">x</a> see http://y.example/')),
    ).toEqual([]);
    expect(mixedContentFindings('a.example', { 'content-type': 'application/json' }, body)).toEqual([]);
    expect(
      mixedContentFindings(
        'a.example',
        { ...html, 'content-security-policy': "default-src 'self'; upgrade-insecure-requests" },
        body,
      ),
    ).toEqual([]);
  });

  it('when a form posts to http://, then it is active mixed content', () => {
    expect(
      kinds(mixedContentFindings('a.example', html, page('<form action="HTTP://a.example/login"></form>'))),
    ).toEqual(['mixed-content-active']);
  });
});

describe('security.txt', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const answer = (body: string, status = 200, contentType = 'text/plain; charset=utf-8') => ({
    status,
    headers: { 'content-type': contentType },
    body: Buffer.from(body),
  });

  it.each([
    ['Contact: mailto:security@a.example\nExpires: 2026-12-31T23:59:59Z\n', 200, 'text/plain', [], undefined],
    [
      '# comment\r\nContact: https://a.example/report\r\nExpires: 2026-06-01T00:00:00+02:00',
      200,
      'text/plain',
      [],
      undefined,
    ],
    [
      'Contact: mailto:s@a.example\nExpires: 2025-12-31T23:59:59Z',
      200,
      'text/plain',
      ['security-txt-expired'],
      undefined,
    ],
    ['Expires: 2026-12-31T23:59:59Z', 200, 'text/plain', ['security-txt-invalid'], ['Contact']],
    ['Contact: mailto:s@a.example', 200, 'text/plain', ['security-txt-invalid'], ['Expires']],
    ['Contact: mailto:s@a.example\nExpires: next year', 200, 'text/plain', ['security-txt-invalid'], ['Expires']],
    ['<html>not found</html>', 200, 'text/html', ['security-txt-missing'], undefined],
    ['', 404, 'text/plain', ['security-txt-missing'], undefined],
  ])('when the file is %j (%i %s), then the findings are %j', (body, status, type, expected, missing) => {
    const findings = securityTxtFindings('a.example', answer(body, status, type), now);
    expect(kinds(findings)).toEqual(expected);
    if (missing) expect(findings[0]?.details.missing).toEqual(missing);
    expect(findings.every((f) => f.subject === 'a.example/.well-known/security.txt')).toBe(true);
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

  it('when the certificate starts tomorrow, then it is not valid yet (and CERT_NOT_YET_VALID is not untrusted)', () => {
    const future = { ...base, validFrom: new Date('2026-01-11T00:00:00Z'), chainError: 'CERT_NOT_YET_VALID' };
    expect(kinds(tlsFindings('a.example', future, now, 14))).toEqual(['tls-cert-not-yet-valid']);
  });

  it('when only a legacy handshake completed, then both legacy and missing modern TLS are reported', () => {
    const legacyOnly = { ...base, legacyAccepted: ['TLSv1'], modernRefused: true };
    expect(kinds(tlsFindings('a.example', legacyOnly, now, 14))).toEqual([
      'tls-legacy-version',
      'tls-modern-version-missing',
    ]);
  });

  it('when 13 days remain under a 14-day window, then it expires soon; with 20 days left it does not', () => {
    expect(kinds(tlsFindings('a.example', { ...base, validTo: new Date('2026-01-23T12:00:00Z') }, now, 14))).toEqual([
      'tls-cert-expires-soon',
    ]);
    expect(tlsFindings('a.example', { ...base, validTo: new Date('2026-01-30T00:00:00Z') }, now, 14)).toEqual([]);
  });
});
