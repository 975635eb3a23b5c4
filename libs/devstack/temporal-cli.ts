import { spawn, execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { MachineLockTimeoutError, withMachineLock } from './machine-lock';
import { StartupError, type Logger } from '../config';

/**
 * The Temporal CLI version we build when none is installed: the last tag whose go.mod has no
 * `replace` directive, so `go install` can build it straight from the module proxy.
 */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the `go` tool on PATH or in its usual install directory. */
export function findGo(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/go/bin']) {
    const candidate = path.join(dir, 'go');
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function goBinDirs(go: string): string[] {
  try {
    const gobin = execFileSync(go, ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
    const gopath = execFileSync(go, ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    return [gobin, ...gopath.split(path.delimiter).map((entry) => (entry ? path.join(entry, 'bin') : ''))].filter(
      Boolean,
    );
  } catch {
    return [];
  }
}

/** Finds a `temporal` binary: TEMPORAL_CLI_PATH, then PATH, then Go's bin directory. */
export function findTemporalCli(cliPath?: string): string | undefined {
  if (cliPath) {
    if (!existsSync(cliPath) || !isExecutable(cliPath)) {
      throw new StartupError(
        'TEMPORAL_CLI_PATH',
        `TEMPORAL_CLI_PATH: ${cliPath} is not an executable file. Point it at a Temporal CLI binary or unset it.`,
      );
    }
    return cliPath;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && isExecutable(candidate)) return candidate;
  }
  const go = findGo();
  for (const dir of go ? goBinDirs(go) : []) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * One build at a time on this machine: test runs of several checkouts (and `npm start`) that
 * all find no CLI would otherwise each compile it, several minutes of both cores apiece. The
 * others wait for the lock and then find the binary the first one installed.
 */
const BUILD_WAIT_MS = 20 * 60_000;

/** Builds the Temporal CLI with `go install`; returns its path, or undefined without Go. */
export async function installTemporalCli(log: Logger): Promise<string | undefined> {
  const go = findGo();
  if (!go) return undefined;
  return withMachineLock(
    'security-insights-temporal-cli-build',
    {
      waitMs: BUILD_WAIT_MS,
      onCompromised: (error) => log.warn({ err: error }, 'lost the Temporal CLI build lock; building on regardless'),
    },
    async () => findTemporalCli() ?? (await goInstallTemporalCli(go, log)),
  ).catch((error: unknown) => {
    if (!(error instanceof MachineLockTimeoutError)) throw error;
    throw new StartupError(
      'TEMPORAL_CLI_PATH',
      `another process has been building the Temporal CLI for over ${BUILD_WAIT_MS / 60_000} minutes (lock ${error.message}). ` +
        'Wait for it or end it, or set TEMPORAL_CLI_PATH to a `temporal` binary.',
    );
  });
}

async function goInstallTemporalCli(go: string, log: Logger): Promise<string | undefined> {
  // warn, not info: the only sign of life during a build of several minutes.
  log.warn(`no Temporal CLI found: building ${TEMPORAL_CLI_MODULE} with Go (takes a few minutes, once)`);
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(go, ['install', TEMPORAL_CLI_MODULE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', () => resolve(-1));
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new StartupError(
      'TEMPORAL_CLI_PATH',
      `building the Temporal CLI failed (go install ${TEMPORAL_CLI_MODULE}, exit ${code}): ${output.join('').trim().split('\n').slice(-5).join(' | ')}. ` +
        'Install a `temporal` binary yourself and set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to an existing server.',
    );
  }
  const found = goBinDirs(go)
    .map((dir) => path.join(dir, 'temporal'))
    .find(isExecutable);
  log.info({ seconds: Math.round((Date.now() - started) / 1000), path: found }, 'built the Temporal CLI');
  return found;
}
