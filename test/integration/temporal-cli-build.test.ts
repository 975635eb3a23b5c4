import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { installTemporalCli } from '../../libs/devstack';

/**
 * A stand-in `go` on PATH (the tool, not our code): `go env` names a bin directory of the test's,
 * and `go install` takes a second, counts its runs and leaves an executable `temporal` there.
 */
function fakeGo(dir: string): { builds: () => number; binDir: string } {
  const binDir = path.join(dir, 'gopath', 'bin');
  const toolDir = path.join(dir, 'tools');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(toolDir, { recursive: true });
  const counter = path.join(dir, 'builds');
  writeFileSync(counter, '');
  writeFileSync(
    path.join(toolDir, 'go'),
    [
      '#!/bin/sh',
      'if [ "$1" = env ] && [ "$2" = GOBIN ]; then echo ""; exit 0; fi',
      `if [ "$1" = env ] && [ "$2" = GOPATH ]; then echo "${path.join(dir, 'gopath')}"; exit 0; fi`,
      `if [ "$1" = install ]; then echo x >> "${counter}"; /bin/sleep 1; printf '#!/bin/sh\\n' > "${binDir}/temporal"; /bin/chmod +x "${binDir}/temporal"; exit 0; fi`,
      'exit 2',
    ].join('\n'),
  );
  chmodSync(path.join(toolDir, 'go'), 0o755);
  process.env.PATH = toolDir;
  return { builds: () => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length, binDir };
}

describe('building the Temporal CLI when none is installed', () => {
  const saved = { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    process.env.TMPDIR = saved.TMPDIR;
  });

  it('when several runs find no CLI at once, then one builds it and the others wait for it and use its binary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'si-cli-build-'));
    // The lock lives in the temporary directory: this test's own, apart from real builds.
    process.env.TMPDIR = dir;
    const go = fakeGo(dir);
    const log = createLogger('silent');

    const found = await Promise.all([installTemporalCli(log), installTemporalCli(log), installTemporalCli(log)]);

    expect(go.builds()).toBe(1);
    expect(found).toEqual([0, 1, 2].map(() => path.join(go.binDir, 'temporal')));
  }, 60_000);
});
