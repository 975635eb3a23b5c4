import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEBHOOK_DEMO = path.join(__dirname, '..', '..', 'dist', 'apps', 'dev', 'webhook-demo.js');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const { KEY: _key, API_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, [WEBHOOK_DEMO], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

// A failure the command explains (CommandFailure) is one line for the operator, never a stack trace.
describe('a command that fails for a reason it can explain', () => {
  it('when the webhook demo has no key, then it says where the key comes from in one line and exits 1', async () => {
    const { code, stderr } = await run({});
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'webhook-demo: set KEY to the admin key npm start printed (its "Admin key" line): KEY=si_… npm run webhook-demo',
    ]);
  });

  it('when nothing listens at the API address, then it names the address and what to do in one line and exits 1', async () => {
    const port = await closedPort();
    const { code, stderr } = await run({ KEY: 'si_test', API_URL: `http://127.0.0.1:${port}` });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^webhook-demo: no API at http://127\\.0\\.0\\.1:${port} \\(.+\\): start it with npm start, or set API_URL$`,
      ),
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
