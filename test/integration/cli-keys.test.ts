import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findPrincipalByToken } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');
const run = promisify(execFile);

describe('npm run cli -- keys create|list|revoke', () => {
  const db = useTestDatabase();
  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, 'keys', ...args], { env: { ...process.env, DATABASE_URL: db.url } }).catch(
      (error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }),
    );

  it('when an account key is created and then revoked, then the token resolves to that account and afterwards to nothing', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const created = await cli('create', '--account', accountId, '--name', 'dashboard', '--json');
    const key = JSON.parse(created.stdout) as { keyId: string; token: string; accountId: string };
    expect(key.accountId).toBe(accountId);
    expect(await findPrincipalByToken(db.pool, key.token)).toEqual({ keyId: key.keyId, accountId });
    const revoked = await cli('revoke', key.keyId);
    expect(revoked.stdout).toContain(`revoked API key ${key.keyId}`);
    expect(await findPrincipalByToken(db.pool, key.token)).toBeUndefined();
  }, 60_000);

  it('when the scope is missing, the account unknown or the key already revoked, then the command fails and says why', async () => {
    const neither = (await cli('create')) as { code?: number; stderr: string };
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('choose exactly one of --account <id> or --admin');
    const unknown = (await cli('create', '--account', '00000000-0000-4000-8000-000000000000')) as {
      code?: number;
      stderr: string;
    };
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('does not exist')]);
    const again = (await cli('revoke', '00000000-0000-4000-8000-000000000000')) as { code?: number; stderr: string };
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('no active key')]);
  }, 60_000);

  it('when keys are listed, then each shows id, scope, name, created and last used, never a token; revoked ones only when asked', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const used = JSON.parse((await cli('create', '--account', accountId, '--name', 'used-one', '--json')).stdout) as {
      keyId: string;
      token: string;
    };
    const idle = JSON.parse((await cli('create', '--account', accountId, '--name', 'idle-one', '--json')).stdout) as {
      keyId: string;
      token: string;
    };
    await findPrincipalByToken(db.pool, used.token); // a request with the key marks it used
    await cli('revoke', idle.keyId);

    const listed = await cli('list', '--account', accountId);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SCOPE\s+NAME\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(used.keyId);
    expect(lines[1]).toContain(`account ${accountId}`);
    expect(lines[1]).toMatch(/used-one\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+-$/);
    expect(listed.stdout).not.toContain(used.token);

    const all = JSON.parse((await cli('list', '--account', accountId, '--all', '--json')).stdout) as Array<{
      id: string;
      name: string;
      scope: string;
      lastUsedAt: string | null;
      revokedAt: string | null;
    }>;
    expect(all.map((k) => [k.name, k.scope, k.lastUsedAt !== null, k.revokedAt !== null]).sort()).toEqual([
      ['idle-one', 'account', false, true],
      ['used-one', 'account', true, false],
    ]);
    expect((await cli('list', '--account', accountId, '--revoked')).stdout).toContain(idle.keyId);
  }, 60_000);
});
