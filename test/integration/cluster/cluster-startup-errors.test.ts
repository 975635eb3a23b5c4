import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, StartupError } from '../../../libs/config';
import { ensureTemporalServer } from '../../../libs/devstack';
import { freePort } from '../../../libs/runtime';

const log = createLogger('silent');
const CLUSTER_MAIN = path.join(__dirname, '..', '..', '..', 'dist', 'apps', 'cluster', 'main.js');

/** `npm run cluster` stops with one line that says what to do when Go, the build or PostgreSQL is missing. */
describe('npm run cluster start-up errors', () => {
  it('when no Go toolchain is found and no server is cached, then it names Go and the cache directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-no-go-'));
    const error = await ensureTemporalServer(log, { dir, go: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/no Go toolchain found/);
    expect((error as Error).message).toContain(dir);
  });

  it('when the Go build fails, then it quotes the command and its exit code', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-bad-go-'));
    const error = await ensureTemporalServer(log, { dir, go: '/bin/false' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /building the Temporal server failed \(go install .*server@v1\.29\.1.*exit 1\)/,
    );
  });

  it('when PostgreSQL does not answer, then the runner exits 4 with one line naming DATABASE_URL', async () => {
    const closed = await freePort();
    const result = spawnSync(process.execPath, [CLUSTER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/nothing`,
        API_PORT: String(await freePort()),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(4);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cluster: cannot start: .*DATABASE_URL/);
  });
});
