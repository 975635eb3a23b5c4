import { spawn, execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { MachineLockTimeoutError, withMachineLock } from './machine-lock';
import { StartupError, type Logger } from '../config';
import { findGo } from './temporal-cli';

/** The Temporal server the dev server of our CLI embeds; docker-compose.yml pins the same one. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';
const PACKAGES = [`${MODULE}/cmd/server`, `${MODULE}/cmd/tools/sql`];

export interface TemporalServerBuild {
  /** The server binary (`server --root … --config … --env … start`). */
  server: string;
  /** temporal-sql-tool (built from cmd/tools/sql, so named `sql`). */
  sqlTool: string;
  /** schema/postgresql/v12 of the module: `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
  dir: string;
}

/** Where the build is cached, machine-wide: TEMPORAL_SERVER_CACHE_DIR or ~/.cache/security-insights. */
export function temporalServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.TEMPORAL_SERVER_CACHE_DIR ??
    path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'security-insights');
  return path.join(base, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

function layout(dir: string): TemporalServerBuild {
  return {
    dir,
    server: path.join(dir, 'bin', 'server'),
    sqlTool: path.join(dir, 'bin', 'sql'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The cached build when complete (the stamp is written last), else undefined. */
export function findTemporalServer(dir = temporalServerCacheDir()): TemporalServerBuild | undefined {
  const build = layout(dir);
  const complete =
    existsSync(path.join(dir, 'complete')) &&
    isExecutable(build.server) &&
    isExecutable(build.sqlTool) &&
    existsSync(path.join(build.schemaDir, 'temporal', 'versioned'));
  return complete ? build : undefined;
}

const BUILD_WAIT_MS = 40 * 60_000;

/**
 * The Temporal server and temporal-sql-tool, built once per machine with `go install` from
 * the module proxy (several minutes on two cores) and cached with the module's SQL schemas,
 * so a warm start needs neither Go nor the network. One build at a time (a machine-wide lock):
 * the others wait and then find the cached one.
 */
export async function ensureTemporalServer(
  log: Logger,
  options: { dir?: string; go?: string | null } = {},
): Promise<TemporalServerBuild> {
  const dir = options.dir ?? temporalServerCacheDir();
  const cached = findTemporalServer(dir);
  if (cached) return cached;
  // `go: null` stands for a machine without Go (tests); undefined looks for it.
  const go = options.go === undefined ? findGo() : (options.go ?? undefined);
  if (!go) {
    throw new StartupError(
      'PATH',
      `no Go toolchain found (on PATH or in /usr/local/go/bin): the Temporal server ${TEMPORAL_SERVER_VERSION} is built from its Go module once and cached in ${dir}. Install Go 1.24 or later, or put its bin directory on PATH.`,
    );
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  return withMachineLock(
    'security-insights-temporal-server-build',
    {
      waitMs: BUILD_WAIT_MS,
      onCompromised: (error) => log.warn({ err: error }, 'lost the Temporal server build lock; building on regardless'),
    },
    async () => findTemporalServer(dir) ?? (await build(go, dir, log)),
  ).catch((error: unknown) => {
    if (!(error instanceof MachineLockTimeoutError)) throw error;
    throw new StartupError(
      'TEMPORAL_SERVER_CACHE_DIR',
      `another process has been building the Temporal server for over ${BUILD_WAIT_MS / 60_000} minutes (lock ${error.message}). Wait for it or end it.`,
    );
  });
}

async function build(go: string, dir: string, log: Logger): Promise<TemporalServerBuild> {
  log.warn(
    `no cached Temporal server: building ${MODULE}@v${TEMPORAL_SERVER_VERSION} with Go into ${dir} (several minutes, once per machine)`,
  );
  const started = Date.now();
  rmSync(path.join(dir, 'complete'), { force: true });
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  const args = ['install', ...PACKAGES.map((pkg) => `${pkg}@v${TEMPORAL_SERVER_VERSION}`)];
  const { code, output } = await run(go, args, { ...process.env, GOBIN: path.join(dir, 'bin') });
  if (code !== 0) {
    throw new StartupError(
      'PATH',
      `building the Temporal server failed (go ${args.join(' ')}, exit ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}. ` +
        'Check that the Go module proxy is reachable (GOPROXY) and Go is 1.24 or later.',
    );
  }
  // The SQL schemas ship inside the module: copied next to the binaries for warm starts.
  const moduleDir = path.join(
    execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(),
    `${MODULE}@v${TEMPORAL_SERVER_VERSION}`,
  );
  const built = layout(dir);
  rmSync(path.join(dir, 'schema'), { recursive: true, force: true });
  cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), built.schemaDir, { recursive: true });
  // The module cache is read-only, and so are the copies: made writable so a rebuild can replace them.
  makeWritable(path.join(dir, 'schema'));
  writeFileSync(path.join(dir, 'complete'), `${new Date().toISOString()}\n`);
  log.warn({ seconds: Math.round((Date.now() - started) / 1000), dir }, 'built the Temporal server');
  return built;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const output: string[] = [];
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) => resolve({ code, output: output.join('') }));
  });
}

function makeWritable(target: string): void {
  const mode = statSync(target).mode;
  chmodSync(target, mode | 0o200);
  if (statSync(target).isDirectory()) for (const entry of readdirSync(target)) makeWritable(path.join(target, entry));
}
