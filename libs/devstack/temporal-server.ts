import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { StartupError, type Config, type Logger } from '../config';
import { SEARCH_ATTRIBUTE_KEYS, SEARCH_ATTRIBUTES } from '../contract';
import { assertPortFree } from '../runtime';
import { ensureSearchAttributes, waitForTemporal } from '../temporal';
import { startManagedProcess } from './managed-process';
import { findTemporalCli, installTemporalCli } from './temporal-cli';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  /** The Web UI, when this process started the server. */
  uiUrl?: string;
  source: 'TEMPORAL_ADDRESS' | 'temporal-cli' | 'sdk-download';
  stop(): Promise<void>;
}

export interface TemporalProvisionOptions {
  /** `file`: state kept in DATA_DIR/temporal.db across restarts; `memory`: tests, fastest. */
  persistence: 'file' | 'memory';
  dataDir: string;
  port?: number;
  uiPort?: number;
  /** SQLite pragmas instead of the defaults below; `[]` runs without any (benchmarks compare). */
  sqlitePragmas?: string[];
  /** Extra `start-dev` arguments (benchmarks compare dynamic-config values). */
  extraArgs?: string[];
}

/** start-dev arguments: every task queue has one partition (see provisionTemporal). */
const DEV_SERVER_TASK_QUEUE_PARTITIONS = [
  '--dynamic-config-value',
  'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value',
  'matching.numTaskqueueWritePartitions=1',
];

/**
 * Finds or starts a Temporal server: TEMPORAL_ADDRESS when set; otherwise `temporal server
 * start-dev` from a CLI found on this machine, built with Go when missing, or downloaded by
 * the SDK as a last resort. The server started here is stopped by `stop()` or on exit.
 */
export async function provisionTemporal(
  config: Readonly<Config>,
  log: Logger,
  options: TemporalProvisionOptions,
): Promise<TemporalEndpoint> {
  const { namespace, startupTimeoutSeconds } = config.temporal;
  if (config.temporal.address) {
    const address = config.temporal.address;
    if (!(await waitForTemporal(address, 10_000))) {
      throw new StartupError(
        'TEMPORAL_ADDRESS',
        `TEMPORAL_ADDRESS: no Temporal server answers at ${address} within 10 s. Check that it runs and is reachable, or unset TEMPORAL_ADDRESS to start a local dev server.`,
      );
    }
    await ensureSearchAttributes(address, namespace);
    return { address, namespace, source: 'TEMPORAL_ADDRESS', stop: async () => undefined };
  }

  const port = options.port ?? config.temporal.port;
  const uiPort = options.uiPort ?? config.temporal.uiPort;
  await assertPortFree(port, 'TEMPORAL_PORT', 'the Temporal dev server');
  await assertPortFree(uiPort, 'TEMPORAL_UI_PORT', 'the Temporal Web UI');
  const address = `127.0.0.1:${port}`;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const dbFile = options.persistence === 'file' ? path.join(options.dataDir, 'temporal.db') : undefined;
  if (dbFile) mkdirSync(options.dataDir, { recursive: true });
  // WAL keeps writers from blocking readers; synchronous=OFF trades crash safety for speed,
  // which only in-memory test servers can afford.
  const pragmas = options.sqlitePragmas ?? (dbFile ? ['journal_mode=WAL'] : ['journal_mode=WAL', 'synchronous=OFF']);

  const cli = findTemporalCli(config.temporal.cliPath) ?? (await installTemporalCli(log));
  if (!cli) {
    log.warn(
      'neither a Temporal CLI nor Go is available: asking the Temporal SDK to download a dev server (needs internet)',
    );
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port,
        ui: true,
        uiPort,
        dbFilename: dbFile,
        namespace,
        extraArgs: pragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
        searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      },
    });
    return { address, namespace, uiUrl, source: 'sdk-download', stop: () => env.teardown() };
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...Object.values(SEARCH_ATTRIBUTES).flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
    ...pragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...(dbFile ? ['--db-filename', dbFile] : []),
    // start-dev re-reads the search attributes from SQLite on every request that carries
    // some (so ones added at run time show at once). Ours are defined when the namespace is
    // created, above; re-reading them held every scan start on SQLite's one connection.
    '--dynamic-config-value',
    'system.forceSearchAttributesCacheRefreshOnRead=false',
    // One partition per task queue instead of the server's four: on one machine a partition
    // only splits a queue's pollers and tasks apart, so tasks wait to be forwarded to the
    // partition where a poller waits. bench e2e, two interleaved rounds: empty workflows/s 65.4
    // and 50.7 with one partition against 34.9 and 44.5 with four; Temporal server CPU per scan
    // 18.4 and 16.1 ms against 19.0 and 18.0 (eager starts bypass matching, so scans gain less).
    ...DEV_SERVER_TASK_QUEUE_PARTITIONS,
    // Later values of a key win: extraArgs may set other partitions (bench e2e --task-queue-partitions).
    ...(options.extraArgs ?? []),
  ];
  const server = startManagedProcess(cli, args, { log, component: 'temporal-server' });
  const ready = await waitForTemporal(address, startupTimeoutSeconds * 1000, () => server.child.exitCode === null);
  if (!ready) {
    await server.stop();
    throw new StartupError(
      'TEMPORAL_STARTUP_TIMEOUT',
      `the Temporal dev server (${cli}) did not become healthy at ${address} within ${startupTimeoutSeconds} s` +
        `${server.child.exitCode !== null ? ` (it exited with code ${server.child.exitCode})` : ''}: ${server.lastOutput() || 'no output'}. ` +
        'Raise TEMPORAL_STARTUP_TIMEOUT on a slow machine, or set TEMPORAL_ADDRESS to a running server.',
    );
  }
  log.info({ address, uiUrl, cli, persistence: options.persistence }, 'Temporal dev server is running');
  return { address, namespace, uiUrl, source: 'temporal-cli', stop: server.stop };
}
