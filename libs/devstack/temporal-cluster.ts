import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { StartupError, type Logger } from '../config';
import { SEARCH_ATTRIBUTES } from '../contract';
import { createClient, createDatabaseIfMissing, withDatabase } from '../db';
import net from 'node:net';
import { assertPortFree } from '../runtime';
import { ensureSearchAttributes, waitForTemporal } from '../temporal';
import { startManagedProcess, type ManagedProcess } from './managed-process';
import type { TemporalServerBuild } from './temporal-server-build';

/** History shards of a new cluster (docker-compose.yml's TEMPORAL_HISTORY_SHARDS default too). */
export const DEFAULT_HISTORY_SHARDS = 16;

export interface TemporalClusterOptions {
  build: TemporalServerBuild;
  /** A PostgreSQL URL whose user may create databases; its database part is ignored. */
  adminUrl: string;
  /** Temporal's databases: `<name>` (history, matching, namespaces) and `<name>_visibility`. */
  databaseName: string;
  /** Fixed when the database is created: a later change needs new databases. */
  historyShards: number;
  namespace: string;
  /** The frontend's gRPC port (TEMPORAL_ADDRESS); 0 picks a free one. */
  frontendPort: number;
  /** Where the rendered config file goes. */
  dataDir: string;
  log: Logger;
  startupTimeoutMs?: number;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  configFile: string;
  databases: { main: string; visibility: string };
  /** The running server process (the test SIGKILLs it). */
  process(): ManagedProcess;
  /** Stops the server (SIGTERM); `start()` brings it back on the same config, ports and databases. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * The Temporal server as production runs it (frontend, history, matching and worker services
 * in one process) on PostgreSQL: its two databases created and their schemas set up or
 * updated with temporal-sql-tool, a config file rendered with free ports, the namespace and
 * our search attributes registered (SQL visibility).
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const { build, log, namespace } = options;
  const databases = { main: options.databaseName, visibility: `${options.databaseName}_visibility` };
  for (const [name, kind] of [
    [databases.main, 'temporal'],
    [databases.visibility, 'visibility'],
  ] as const) {
    await prepareDatabase(build, options.adminUrl, name, kind, log).catch((error: unknown) => {
      if (error instanceof StartupError) throw error;
      throw new StartupError(
        'DATABASE_URL',
        `cannot prepare Temporal's database ${name} on the PostgreSQL at ${new URL(options.adminUrl).host}: ${error instanceof Error ? error.message : String(error)}. Check that it runs and that its user may create databases.`,
      );
    });
  }

  if (options.frontendPort > 0)
    await assertPortFree(options.frontendPort, 'TEMPORAL_PORT', 'the Temporal frontend of npm run cluster');
  const frontendPort = options.frontendPort > 0 ? options.frontendPort : await freeMembershipPort();
  const address = `127.0.0.1:${frontendPort}`;
  // The server reads <root>/<config dir>/<env>.yaml (1.29 has no --config-file).
  mkdirSync(path.join(options.dataDir, 'config'), { recursive: true });
  const configFile = path.join(options.dataDir, 'config', 'cluster.yaml');
  // JSON is YAML: the server reads it as its config file.
  const config = await renderConfig({ ...options, frontendPort, databases });
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

  let server: ManagedProcess | undefined;
  const start = async () => {
    const child = startManagedProcess(
      build.server,
      ['--root', options.dataDir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
      {
        log,
        component: 'temporal-server',
        killAfterMs: 20_000,
      },
    );
    server = child;
    const timeoutMs = options.startupTimeoutMs ?? 180_000;
    const ready = await waitForTemporal(address, timeoutMs, () => child.child.exitCode === null);
    if (!ready) {
      await child.stop();
      throw new StartupError(
        'TEMPORAL_STARTUP_TIMEOUT',
        `the Temporal server (${build.server}, config ${configFile}) did not answer at ${address} within ${timeoutMs / 1000} s` +
          `${child.child.exitCode !== null ? ` (it exited with code ${child.child.exitCode})` : ''}: ${child.lastOutput() || 'no output'}.`,
      );
    }
    await ensureNamespace(address, namespace, timeoutMs);
  };
  await start();
  return {
    address,
    namespace,
    configFile,
    databases,
    process: () => {
      if (!server) throw new Error('the Temporal server is not running');
      return server;
    },
    stop: async () => {
      await server?.stop();
    },
    start,
  };
}

/** Creates the database when missing, sets up the schema's base once, then applies every newer version. */
async function prepareDatabase(
  build: TemporalServerBuild,
  adminUrl: string,
  name: string,
  kind: 'temporal' | 'visibility',
  log: Logger,
): Promise<void> {
  await createDatabaseIfMissing(withDatabase(adminUrl, 'postgres'), name, log);
  const url = new URL(withDatabase(adminUrl, name));
  const client = createClient({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  let hasBase: boolean;
  try {
    const found = await client.query<{ t: string | null }>(`SELECT to_regclass('public.schema_version')::text AS t`);
    hasBase = found.rows[0]?.t != null;
  } finally {
    await client.end();
  }
  const common = [
    '--plugin',
    'postgres12',
    '--ep',
    url.hostname,
    '--port',
    url.port || '5432',
    '--user',
    decodeURIComponent(url.username || 'postgres'),
    '--password',
    decodeURIComponent(url.password),
    '--db',
    name,
  ];
  if (!hasBase) await sqlTool(build, [...common, 'setup-schema', '-v', '0.0'], name);
  await sqlTool(build, [...common, 'update-schema', '-d', path.join(build.schemaDir, kind, 'versioned')], name);
}

function sqlTool(build: TemporalServerBuild, args: string[], database: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(build.sqlTool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const command = args.find((arg) => arg.endsWith('-schema'));
      reject(
        new StartupError(
          'DATABASE_URL',
          `temporal-sql-tool ${command} on database ${database} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}. Check that the PostgreSQL user may create databases and tables.`,
        ),
      );
    });
  });
}

async function renderConfig(
  options: TemporalClusterOptions & { frontendPort: number; databases: { main: string; visibility: string } },
): Promise<Record<string, unknown>> {
  const url = new URL(options.adminUrl);
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${url.hostname}:${url.port || '5432'}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = async (grpcPort: number) => ({
    rpc: { grpcPort, membershipPort: await freeMembershipPort(), bindOnLocalHost: true },
  });
  const frontend = await service(options.frontendPort);
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: options.historyShards,
      datastores: {
        'postgres-default': datastore(options.databases.main, 20),
        'postgres-visibility': datastore(options.databases.visibility, 10),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...frontend.rpc, httpPort: await freeMembershipPort() } },
      history: await service(await freeMembershipPort()),
      matching: await service(await freeMembershipPort()),
      worker: await service(await freeMembershipPort()),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${options.frontendPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
}

/**
 * Registers the namespace (a new cluster has none) and our search attributes, then waits until
 * the frontend's caches know both: a scan started before would be refused.
 */
async function ensureNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const exists = await connection.workflowService.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await connection.workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') })
        .catch((error: unknown) => {
          // Another process registered it in the meantime.
          if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
        });
    }
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    for (;;) {
      try {
        await ensureSearchAttributes(address, namespace);
        const query = Object.values(SEARCH_ATTRIBUTES)
          .map((name) => `${name} = 'probe'`)
          .join(' AND ');
        await connection.workflowService.countWorkflowExecutions({ namespace, query });
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) {
        throw new StartupError(
          'TEMPORAL_STARTUP_TIMEOUT',
          `the Temporal server at ${address} did not make namespace ${namespace} and its search attributes usable within ${timeoutMs / 1000} s: ${lastError}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await connection.close();
  }
}

const handedOut = new Set<number>();

/**
 * A free port below 32768: Temporal stores its services' ports in a smallint column
 * (cluster_membership), so the kernel's ephemeral ports (32768 and up) cannot be used.
 */
async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new StartupError('TEMPORAL_PORT', 'found no free TCP port between 20000 and 32000 for the Temporal server');
}
