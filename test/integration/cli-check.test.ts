import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ADDRESS } from '../support/fixtures/checker-harness';
import { startDnsFixture, type DnsFixture } from '../support/fixtures/dns-fixture.server';
import { createTestCa, issueCertificate } from '../support/fixtures/test-ca';
import { httpFixture, httpsFixture, type Listening } from '../support/fixtures/web-fixture.servers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'main.js');

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run cli -- check <domain>', () => {
  let dns: DnsFixture;
  const servers: Listening[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    dns = await startDnsFixture({
      'shop.example.com': {
        A: [FIXTURE_ADDRESS],
        TXT: ['v=spf1 +all'],
        CAA: [{ tag: 'issue', value: 'letsencrypt.org' }],
      },
      '_dmarc.shop.example.com': { TXT: ['v=DMARC1; p=none'] },
      'www.shop.example.com': { CNAME: 'shop.retired-host.example.net' },
    });
    const ca = await createTestCa();
    const https = await httpsFixture(
      await issueCertificate(ca, { hostnames: ['shop.example.com'], notAfterDays: 6 }),
      (_request, response) =>
        response
          .writeHead(200, {
            'strict-transport-security': 'max-age=600',
            'x-content-type-options': 'nosniff',
            'x-frame-options': 'DENY',
            'referrer-policy': 'strict-origin',
            server: 'nginx/1.18.0',
          })
          .end('shop'),
    );
    const http = await httpFixture((_request, response) => response.end('plain shop'));
    servers.push(https, http);
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'si-ca-')), 'test-ca.pem');
    writeFileSync(caFile, ca.certPem);
    env = {
      DNS_SERVERS: `${dns.host}:${dns.port}`,
      NET_ALLOWLIST: `${FIXTURE_ADDRESS}/32`,
      CHECK_HTTP_PORT: String(http.port),
      CHECK_HTTPS_PORT: String(https.port),
      NODE_EXTRA_CA_CERTS: caFile,
    };
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await dns.close();
  });

  it("when run with --json, then it exits 0 and reports each checker's findings", async () => {
    const { code, stdout, stderr } = await runCli(['check', 'shop.example.com', '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      domain: string;
      outcomes: Array<{ checker: string; status: string; findings: Array<{ kind: string; severity: string }> }>;
      grade: { grade: string; score: number; cappedBy?: string; partial: boolean } | null;
    };
    expect(report.domain).toBe('shop.example.com');
    const byChecker = Object.fromEntries(
      report.outcomes.map((o) => [o.checker, o.findings.map((f) => `${f.kind} ${f.severity}`).sort()]),
    );
    expect(byChecker).toEqual({
      dns: ['dangling-cname critical', 'dmarc-policy-none moderate', 'dnssec-missing low', 'spf-allow-all critical'],
      tls: ['tls-cert-expires-soon high'],
      http: [
        'csp-missing moderate',
        'hsts-short-max-age low',
        'https-redirect-missing high',
        'security-txt-missing low',
        'server-version-disclosed info',
      ],
    });
    // Two criticals (100 points) and more: 0 points, F, with the first critical named as the cap.
    expect(report.grade).toMatchObject({ grade: 'F', score: 0, cappedBy: 'dangling-cname', partial: false });
  });

  it('when run without --json, then it prints a readable report, most urgent first, with remediation', async () => {
    const { code, stdout } = await runCli(['check', 'shop.example.com'], env);
    expect(code).toBe(0);
    mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(path.join(ROOT, 'test-artifacts', 'cli-check-report.txt'), stdout);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Security check of shop\.example\.com \(3 checkers, \d+\.\d s\)$/);
    expect(lines.findIndex((l) => l.startsWith('CRITICAL'))).toBeLessThan(lines.findIndex((l) => l.startsWith('INFO')));
    expect(stdout).toContain(
      'CRITICAL dangling-cname  (dns)\n         subject: www.shop.example.com\n         CNAME points at a name that does not resolve\n         fix: Delete the CNAME',
    );
    expect(stdout).toContain(
      'Grade: F (0/100)\n  the critical finding dangling-cname keeps the grade at D or below\n  -50  dangling-cname (critical)\n  -50  spf-allow-all (critical)\n  -20  https-redirect-missing (high)',
    );
    expect(lines.at(-2)).toBe('10 findings.');
  });

  it('when the argument is a URL instead of a domain, then it exits 2 and says what it expects', async () => {
    const { code, stderr } = await runCli(['check', 'https://shop.example.com/'], env);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "error: command-argument value 'https://shop.example.com/' is invalid for argument 'domain'. \"https://shop.example.com/\" is not a bare domain name (no scheme, port, path or spaces)",
    );
  });

  it.each(['127.0.0.1', '169.254.169.254', '0x7f000001', '::1'])(
    'when the argument is the IP address %s, then it exits 2 saying IP addresses are not zones',
    async (address) => {
      const { code, stdout, stderr } = await runCli(['check', address], env);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('IP addresses are not zones');
    },
  );

  it('when the DNS server does not answer, then the dns checker fails with the reason and there are no findings', async () => {
    const { code, stdout } = await runCli(['check', 'example.com', '--json'], {
      ...env,
      DNS_SERVERS: '127.0.0.1:9',
      DNS_TIMEOUT_MS: '300',
    });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      outcomes: Array<{ checker: string; status: string; error?: string }>;
      grade: unknown;
    };
    expect(report.outcomes.map((o) => [o.checker, o.status])).toEqual([
      ['dns', 'failed'],
      ['tls', 'failed'],
      ['http', 'failed'],
    ]);
    expect(report.outcomes[0]?.error).toMatch(/^DnsFailed: .*no DNS server answered \(127\.0\.0\.1:9 /);
    expect(report.outcomes.flatMap((o) => ('findings' in o ? (o.findings as unknown[]) : []))).toEqual([]);
    expect(report).toMatchObject({ grade: null });
  });

  it('when every checker fails (nothing allowlisted), then it still exits 0 and lists the SSRF refusals', async () => {
    const { code, stdout } = await runCli(['check', 'shop.example.com'], { ...env, NET_ALLOWLIST: '' });
    expect(code).toBe(0);
    expect(stdout).toContain(
      '  tls   FAILED     SsrfRefused: shop.example.com resolves to 127.0.0.2 (loopback, RFC 1122); refusing to connect.',
    );
    expect(stdout).toContain(
      '  http  FAILED     SsrfRefused: shop.example.com resolves to 127.0.0.2 (loopback, RFC 1122)',
    );
    expect(stdout).toContain('; 2 checker(s) could not complete (see above).');
  });
});
