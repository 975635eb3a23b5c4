import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/test-database';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the operator CLI', () => {
  const db = useTestDatabase();

  it('when asked for help, then it lists the commands and documents its exit codes', () => {
    const { code, stdout } = cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('seed');
    expect(stdout).toMatch(
      /Exit codes:[\s\S]*2 {2}usage error[\s\S]*3 {2}bad configuration[\s\S]*4 {2}a service cannot be reached/,
    );
  });

  it('when given an unknown command or a bad option value, then it exits 2 with the reason', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    const bad = cli(['seed', '--zones', 'many'], { DATABASE_URL: db.url });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--zones <count>' argument 'many' is invalid");
  });

  it('when seeding with --json, then it prints one JSON object and the zones exist, and a re-run adds none', async () => {
    const first = cli(['seed', '--zones', '25', '--account', 'CLI account', '--json'], { DATABASE_URL: db.url });
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as { accountId: string; added: number; skipped: number };
    expect(result).toMatchObject({ added: 25, skipped: 0 });
    const zones = await db.pool.query('SELECT count(*)::int AS n FROM zones WHERE account_id = $1', [result.accountId]);
    expect(zones.rows[0].n).toBe(25);
    const again = JSON.parse(
      cli(['seed', '--zones', '25', '--account', 'CLI account', '--json'], { DATABASE_URL: db.url }).stdout,
    );
    expect(again).toEqual({ accountId: result.accountId, added: 0, skipped: 25 });
  });
});
