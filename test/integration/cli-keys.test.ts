import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findPrincipalByToken } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { useTestDatabase } from '../support/test-database';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');
const run = promisify(execFile);

describe('npm run cli -- keys create|revoke', () => {
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
});
