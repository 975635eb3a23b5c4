import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../libs/runtime';
import { useTestDatabase } from '../support/test-database';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'apps', 'dev', 'main.js');

/**
 * Runs `npm start`'s entry point with the given environment; returns its exit code and stderr.
 * Its ports are free ones unless the test sets them, so a system already running on the
 * default ports cannot change the outcome.
 */
async function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const ports = {
    API_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'si-start-')),
        ...ports,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
}

function holdPort(port: number): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function expectOneClearLine(stderr: string, variable: string): void {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(variable);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('npm start with bad configuration', () => {
  const db = useTestDatabase();

  it('when DATABASE_URL is malformed, then it exits 3 with one line naming DATABASE_URL', async () => {
    const { code, stderr } = await runStart({ DATABASE_URL: 'postgres//nope' });
    expect(code).toBe(3);
    expectOneClearLine(stderr, 'DATABASE_URL is not a URL');
  });

  it('when SCAN_FREQUENCY is not a duration, then it exits 3 with one line naming SCAN_FREQUENCY', async () => {
    const { code, stderr } = await runStart({ SCAN_FREQUENCY: 'twice-a-day' });
    expect(code).toBe(3);
    expectOneClearLine(stderr, 'SCAN_FREQUENCY="twice-a-day"');
  });

  it('when DATABASE_URL points at no server, then it exits 4 with one line saying it cannot connect', async () => {
    const { code, stderr } = await runStart({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nothing_test`,
    });
    expect(code).toBe(4);
    expectOneClearLine(stderr, 'DATABASE_URL: cannot connect to PostgreSQL');
  });

  it('when API_PORT is in use, then it exits 4 with one line naming API_PORT', async () => {
    const port = await freePort();
    const holder = await holdPort(port);
    try {
      const { code, stderr } = await runStart({ API_PORT: String(port) });
      expect(code).toBe(4);
      expectOneClearLine(stderr, `API_PORT: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      holder.close();
    }
  });

  it('when TEMPORAL_PORT is in use, then it exits 4 with one line naming TEMPORAL_PORT', async () => {
    const port = await freePort();
    const holder = await holdPort(port);
    try {
      const { code, stderr } = await runStart({
        DATABASE_URL: db.url,
        TEMPORAL_PORT: String(port),
        API_PORT: String(await freePort()),
      });
      expect(code).toBe(4);
      expectOneClearLine(stderr, `TEMPORAL_PORT: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      holder.close();
    }
  });

  it('when TEMPORAL_ADDRESS does not answer, then it exits 4 with one line naming TEMPORAL_ADDRESS', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { code, stderr } = await runStart({
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: address,
      API_PORT: String(await freePort()),
    });
    expect(code).toBe(4);
    expectOneClearLine(stderr, `TEMPORAL_ADDRESS: no Temporal server answers at ${address}`);
  }, 60_000);
});
