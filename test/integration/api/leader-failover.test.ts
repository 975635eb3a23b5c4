import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../libs/db';
import { freePort } from '../../../libs/runtime';
import { startTestApi } from '../../support/api';
import { eventually } from '../../support/temporal';
import { createTestDatabase, useTestDatabase } from '../../support/test-database';

const API_MAIN = path.join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'main.js');

interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startApiProcess(databaseUrl: string, port: number): ApiProcess {
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited: new Promise((resolve) => child.on('close', resolve)),
  };
}

const readyStatus = (api: ApiProcess) =>
  fetch(`${api.url}/health/ready`).then(
    (response) => response.status,
    () => 0,
  );

describe('active-passive API instances', () => {
  const db = useTestDatabase();
  const processes: ApiProcess[] = [];
  afterAll(async () => {
    for (const api of processes) api.child.kill('SIGKILL');
    await Promise.all(processes.map((api) => api.exited));
  });

  it('when the active process is killed (SIGKILL), then the passive one becomes ready within 10 s and serves', async () => {
    const first = startApiProcess(db.url, await freePort());
    processes.push(first);
    await eventually(
      async () => ((await readyStatus(first)) === 200 ? true : undefined),
      60_000,
      () => `first API ready; output:\n${first.output()}`,
    );
    const second = startApiProcess(db.url, await freePort());
    processes.push(second);
    await eventually(
      async () => ((await readyStatus(second)) === 503 ? true : undefined),
      60_000,
      () => `second API up and passive; output:\n${second.output()}`,
    );

    const key = await createApiKey(db.pool, null, 'failover test');
    const auth = { headers: { authorization: `Bearer ${key.token}` } };
    const passiveAnswer = await fetch(`${second.url}/zones`, auth);
    expect(passiveAnswer.status).toBe(503);
    expect(passiveAnswer.headers.get('retry-after')).toBe('2');
    expect(((await passiveAnswer.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toContain(
      'passive',
    );
    expect((await fetch(`${first.url}/zones`, auth)).status).toBe(200);

    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await eventually(
      async () => ((await readyStatus(second)) === 200 ? true : undefined),
      10_000,
      'the passive API to take over',
    );
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    expect((await fetch(`${second.url}/zones`, auth)).status).toBe(200);
    expect(second.output()).toContain('this API instance is now active');
  }, 150_000);

  it('when the database round trip exceeds API_LEADER_MAX_RTT, then the instance refuses the active role and says why', async () => {
    const other = await createTestDatabase();
    const api = await startTestApi(other.pool, { env: { API_LEADER_MAX_RTT: '0' }, waitUntilActive: false });
    try {
      const ready = await eventually(
        async () => {
          const response = await fetch(`${api.url}/health/ready`);
          const body = (await response.json()) as { status: string; reason: string };
          return body.reason.includes('round trip') ? { status: response.status, body } : undefined;
        },
        10_000,
        'a refusal reason',
      );
      expect(ready.status).toBe(503);
      expect(ready.body.reason).toMatch(/database round trip [\d.]+ ms exceeds API_LEADER_MAX_RTT \(0 ms\)/);
      expect((await api.request(api.adminKey.token, 'GET', '/accounts')).status).toBe(503);
    } finally {
      await api.close();
      await other.drop();
    }
  });
});
