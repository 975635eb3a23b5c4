import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../../libs/db';
import { useTestApi } from '../../support/api';
import { buildAccountWithZones } from '../../support/factories';
import { useTestDatabase } from '../../support/test-database';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'main.js');
const run = promisify(execFile);

/** The `npm run cli -- keys create …` commands a 401 message names, without the npm prefix. */
function keyCommands(message: string): string[] {
  return [...message.matchAll(/"npm run cli -- (keys create [^"]+)"/g)].map((match) => match[1] as string);
}

describe('API authentication and rate limiting', () => {
  const db = useTestDatabase();
  const api = useTestApi(db, { env: { API_RATE_LIMIT: '5' } });

  it('when no key is sent, then 401 says how to send one and where a key comes from', async () => {
    const response = await fetch(`${api.url}/zones`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    const message = body.errors[0]?.message ?? '';
    expect(message).toContain('send "Authorization: Bearer <key>" with the admin key that npm start printed');
    expect(keyCommands(message)).toEqual(['keys create --admin', 'keys create --account <account id>']);
  });

  it('when the key commands a 401 names are run, then each creates a key the API accepts', async () => {
    const refused = await api.request('si_not-a-key', 'GET', '/zones');
    expect(refused.status).toBe(401);
    const { accountId } = await buildAccountWithZones(db.pool, { count: 0 });
    const commands = keyCommands(refused.json.errors[0].message);
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      const args = [...command.replace('<account id>', accountId).split(' '), '--json'];
      const { stdout } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: db.url } });
      const { token } = JSON.parse(stdout) as { token: string };
      expect([command, (await api.request(token, 'GET', `/accounts/${accountId}`)).status]).toEqual([command, 200]);
    }
  }, 60_000);

  it('when a key is stored, then only its SHA-256 hash is in the table, never the token', async () => {
    const rows = await db.pool.query<{ hash: string }>('SELECT hash FROM api_keys WHERE id = $1', [api.adminKey.keyId]);
    expect(rows.rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.rows[0]?.hash).not.toContain(api.adminKey.token);
  });

  it('when a key is revoked, then it answers 401', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const key = await api.keyFor(accountId);
    expect((await api.request(key.token, 'GET', `/accounts/${accountId}`)).status).toBe(200);
    await revokeApiKey(db.pool, key.keyId);
    const after = await api.request(key.token, 'GET', `/accounts/${accountId}`);
    expect(after.status).toBe(401);
    expect(after.json.errors[0].message).toContain('unknown or revoked');
  });

  it('when an account key calls an admin-only route, then 403', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const key = await api.keyFor(accountId);
    const response = await api.request(key.token, 'POST', '/accounts', { name: 'sneaky' });
    expect(response.status).toBe(403);
    expect((await db.pool.query(`SELECT 1 FROM accounts WHERE name = 'sneaky'`)).rowCount).toBe(0);
  });

  it('when one key exceeds its per-minute limit, then it gets 429 with Retry-After while another key is still served', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const busy = await api.keyFor(accountId);
    const other = await api.keyFor(accountId);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.request(busy.token, 'GET', `/accounts/${accountId}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await api.request(busy.token, 'GET', `/accounts/${accountId}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.request(other.token, 'GET', `/accounts/${accountId}`)).status).toBe(200);
  });

  it('when health is asked without a key, then it answers (health needs no key and is not rate limited)', async () => {
    for (let i = 0; i < 7; i++) expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
  });
});

describe('API key cache (API_KEY_CACHE_TTL)', () => {
  const db = useTestDatabase();
  const api = useTestApi(db, { env: { API_KEY_CACHE_TTL: '1s' } });

  it('when a cached key is revoked, then it still works until the TTL has passed and answers 401 after', async () => {
    const { accountId } = await buildAccountWithZones(db.pool, { count: 1 });
    const key = await api.keyFor(accountId);
    expect((await api.request(key.token, 'GET', `/accounts/${accountId}`)).status).toBe(200);
    await revokeApiKey(db.pool, key.keyId);
    expect((await api.request(key.token, 'GET', `/accounts/${accountId}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await api.request(key.token, 'GET', `/accounts/${accountId}`)).status).toBe(401);
  });
});
