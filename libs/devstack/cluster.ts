import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../config';
import { freePort } from '../runtime';
import { CLUSTER_SERVICES, type ClusterService, type ClusterSharedVariable } from './cluster-shape';
import { startFailoverProxy, type FailoverProxy } from './failover-proxy';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster';
import type { TemporalServerBuild } from './temporal-server-build';

export interface ClusterOptions {
  build: TemporalServerBuild;
  /** Our database (migrated). */
  databaseUrl: string;
  /** A URL of the same PostgreSQL server whose user may create Temporal's databases. */
  adminUrl: string;
  temporalDatabase: string;
  historyShards: number;
  namespace: string;
  taskQueuePrefix: string;
  fastWorkers: number;
  /** The API's one address in front of both instances (0: a free port). */
  apiHost: string;
  apiPort: number;
  /** The Temporal frontend port (0: a free port). */
  temporalPort: number;
  dataDir: string;
  /** The project root (dist/ lives there). */
  root: string;
  /** Variables every process inherits (the runner passes its own; tests pass PATH and HOME). */
  baseEnv: Record<string, string | undefined>;
  /** Variables of ours for every process (LOG_LEVEL, SCAN_FREQUENCY, …), over baseEnv. */
  env: Record<string, string>;
  log: Logger;
}

/** One process of the cluster: killed, stopped and started again by the runner and the tests. */
export class ClusterProcess {
  child: ChildProcess | undefined;
  private tail: string[] = [];
  private exit: Promise<void> = Promise.resolve();
  private logFile: WriteStream | undefined;

  constructor(
    readonly name: string,
    readonly service: ClusterService,
    /** The worker's metrics/health port, or the API instance's port. */
    readonly port: number,
    private env: Record<string, string>,
    private readonly options: Pick<ClusterOptions, 'root' | 'baseEnv' | 'dataDir'>,
  ) {}

  start(extraEnv: Record<string, string> = {}): void {
    this.env = { ...this.env, ...extraEnv };
    const logDir = path.join(this.options.dataDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    this.logFile ??= createWriteStream(path.join(logDir, `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [path.join(this.options.root, this.service.entry), ...this.service.args], {
      env: { ...this.options.baseEnv, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the runner, which stops us in order.
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      this.logFile?.write(chunk);
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.tail.push(line);
        if (this.tail.length > 50) this.tail.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal (SIGKILL for a crash) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running()) return;
    this.child?.kill(signal);
    await this.exit;
  }

  /** SIGTERM (running checks finish), SIGKILL after `graceMs`. */
  async stop(graceMs = 45_000): Promise<void> {
    if (!this.running()) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    this.child?.kill('SIGTERM');
    await this.exit;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => (this.logFile ? this.logFile.end(resolve) : resolve()));
    this.logFile = undefined;
  }

  /** The URL that answers 200 when the process is up: a worker's /health (every worker polls), an API's /health/live. */
  healthUrl(): string {
    return `http://127.0.0.1:${this.port}${this.service.kind === 'api' ? '/health/live' : '/health'}`;
  }

  /** Resolves once healthUrl answers 200; rejects when the process exits first or after the timeout. */
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running()) throw new Error(`${this.name} exited while starting: ${this.lastOutput()}`);
      const ok = await fetch(this.healthUrl(), { signal: AbortSignal.timeout(2000) }).then(
        async (response) => {
          await response.body?.cancel();
          return response.ok;
        },
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `${this.name} did not answer 200 at ${this.healthUrl()} within ${timeoutMs / 1000} s: ${this.lastOutput()}`,
    );
  }

  lastOutput(): string {
    return this.tail.slice(-5).join(' | ') || 'no output';
  }
}

export interface Cluster {
  temporal: TemporalCluster;
  processes: ClusterProcess[];
  /** The API behind the failover proxy (both instances behind one port). */
  api: FailoverProxy;
  byName(name: string): ClusterProcess;
  stop(): Promise<void>;
}

/**
 * The production shape as processes on one machine: the Temporal server on PostgreSQL, the
 * scheduler, N fast workers, one slow worker and two API instances (one active, one passive)
 * behind a failover proxy, each with the variables docker-compose.yml gives its container.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { log } = options;
  const temporal = await startTemporalCluster({
    build: options.build,
    adminUrl: options.adminUrl,
    databaseName: options.temporalDatabase,
    historyShards: options.historyShards,
    namespace: options.namespace,
    frontendPort: options.temporalPort,
    dataDir: options.dataDir,
    log,
  });
  const processes: ClusterProcess[] = [];
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.close()));
    await temporal.stop();
  };
  const killAllOnExit = () => processes.forEach((p) => p.child?.kill('SIGKILL'));
  process.once('exit', killAllOnExit);
  try {
    // Typed by the one list docker-compose.yml is checked against: none can be left out.
    const sharedVariables: Record<ClusterSharedVariable, string> = {
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: options.namespace,
      TASK_QUEUE_PREFIX: options.taskQueuePrefix,
      LOG_LEVEL: options.env.LOG_LEVEL ?? 'info',
      DB_POOL_SIZE: options.env.DB_POOL_SIZE ?? '10',
    };
    const shared: Record<string, string> = { ...sharedVariables, ...options.env };
    for (const service of CLUSTER_SERVICES) {
      const count = service.name === 'worker-fast' ? options.fastWorkers : 1;
      for (let i = 1; i <= count; i++) {
        const name = service.name === 'worker-fast' ? `${service.name}-${i}` : service.name;
        const port = await freePort();
        const own: Record<string, string> =
          service.kind === 'api'
            ? { API_HOST: '127.0.0.1', API_PORT: String(port) }
            : { WORKER_METRICS_HOST: '127.0.0.1', WORKER_METRICS_PORT: String(port) };
        processes.push(new ClusterProcess(name, service, port, { ...shared, ...service.env, ...own }, options));
      }
    }
    // The scheduler first (it starts the scheduler workflow), the active API before the passive one.
    for (const p of processes) {
      p.start();
      if (p.name === 'scheduler' || p.name === 'api-active') await p.waitHealthy();
    }
    await Promise.all(processes.map((p) => p.waitHealthy()));
    const api = await startFailoverProxy({
      host: options.apiHost,
      port: options.apiPort,
      backends: processes.filter((p) => p.service.kind === 'api').map((p) => p.port),
      log,
    });
    const cluster: Cluster = {
      temporal,
      processes,
      api,
      byName: (name) => {
        const found = processes.find((p) => p.name === name);
        if (!found) throw new Error(`no cluster process named ${name}`);
        return found;
      },
      stop: async () => {
        process.removeListener('exit', killAllOnExit);
        await api.close();
        await stopAll();
      },
    };
    return cluster;
  } catch (error) {
    process.removeListener('exit', killAllOnExit);
    await stopAll();
    throw error;
  }
}
