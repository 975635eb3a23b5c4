import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');

describe('logs of the code under test', () => {
  it('when a test passes, then its logs stay out of the output; when one fails, then they are printed with it', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/support/fixtures/quiet-logs/vitest.fixture.config.mts',
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } },
    );
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(1);
    expect(output).toContain('Logs of the code under test during this test (1 lines)');
    expect(output).toContain('warning of the failing test');
    expect(output).not.toContain('warning of the passing test');
  }, 60_000);
});
