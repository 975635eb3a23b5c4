import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config, Logger } from '../../../libs/config';
import {
  createAccount,
  createClient,
  createPool,
  demoZoneNames,
  insertZones,
  migrate,
  withDatabase,
} from '../../../libs/db';
import {
  ensureTemporalServer,
  provisionDatabase,
  provisionTemporal,
  startTemporalCluster,
} from '../../../libs/devstack';
import { eagerFastLaneWorkflowTasks } from '../../../libs/domain';
import { freePort } from '../../../libs/runtime';
import { prebuiltBundleIsFresh, writePrebuiltBundle } from '../../../libs/worker';
import { schedulerWorkflowId } from '../../../libs/contract';
import { measureBareCeiling } from '../schedule/fanout.bench';
import { CpuWindow, pidsMatching } from '../shared/process-cpu';
import { scrapeCounters } from '../shared/prometheus-text';
import { e2eFigures } from './e2e-report';

export interface E2eOptions {
  durationSeconds: number;
  warmupSeconds: number;
  zones: number;
  targetRate: number;
  bareWorkflows: number;
  /** The scheduler's in-flight cap; the target is above capacity, so this sets the queue. */
  maxInFlight: number;
  /** Worker processes, each serving the scheduler, fast and slow lanes (when `fastWorkers` is 0). */
  workers: number;
  /** 0: `workers` processes on every lane; N: one scheduler+slow process and N fast-lane processes. */
  fastWorkers?: number;
  /** `dev`: a Temporal dev server (or TEMPORAL_ADDRESS); `cluster`: npm run cluster's server on PostgreSQL. */
  temporal?: 'dev' | 'cluster';
  /** SCHEDULER_CLAIM_PARTITIONS of the workers (claim activities per tick). */
  partitions: number;
  /** SCHEDULER_EAGER_START of the workers. */
  eager: boolean;
  /** SCHEDULER_ADAPTIVE_IN_FLIGHT with this SCHEDULER_TARGET_LATENCY in ms (absent: a fixed cap). */
  adaptiveLatencyMs?: number;
  /** The bench's own dev server: partitions per task queue (absent: the server's default). */
  taskQueuePartitions?: number;
  /** FAST_LANE_WORKFLOW_TASKS of each worker (absent: sized for eager start from the cap). */
  fastWorkflowTasks?: number;
}

export interface E2eResult {
  bench: 'e2e';
  scans_per_s: number;
  /** The better of the two bare measurements below: the engine at its best. */
  bare_ceiling_per_s: number;
  /** Empty workflows, starts unbounded (a task backlog builds inside the server). */
  bare_unbounded_per_s: number;
  /** Empty workflows, at most `max_in_flight` open at a time (as our scans). */
  bare_capped_per_s: number;
  ratio_to_ceiling: number;
  target_per_s: number;
  max_in_flight: number;
  p50_ms: number;
  p99_ms: number;
  /** p50 of the part before the scan's workflow started: claim, spread over the tick. */
  p50_claim_to_start_ms: number;
  /** p50 of the part after it: waiting for a worker, checks and persist. */
  p50_start_to_persisted_ms: number;
  /** CPU cores used on average in the window, per process group (worker_1 … and workers = their sum). */
  cpu: Record<string, number>;
  /** CPU ms per persisted scan, per process group and `total` (every group measured). */
  cpu_ms_per_scan: Record<string, number | null>;
  /** Eagerly started scans / scans started in the window (null: none started). */
  eager_ratio: number | null;
  eager: boolean;
  /** The adaptive cap's target p50 in ms; null: the cap was fixed at max_in_flight. */
  adaptive_target_ms: number | null;
  /** Partitions per task queue given to the bench's dev server; null: the server's default. */
  task_queue_partitions: number | null;
  /** FAST_LANE_WORKFLOW_TASKS of each worker. */
  fast_workflow_tasks: number;
  /** Worker processes in all. */
  workers: number;
  /** Of them, fast-lane only (0: every process on every lane). */
  fast_workers: number;
  temporal: 'dev' | 'cluster';
  partitions: number;
  window_s: number;
  zones: number;
}

const WORKER_MAIN = path.join(__dirname, '..', '..', 'worker', 'main.js');

/**
 * The whole pipeline at full load: a dev server and a worker process of its own, 50,000
 * synthetic zones, a frequency whose target is above what the box can do; then, on the same
 * server, the bare ceiling of empty workflows for comparison.
 */
export async function runE2eBench(
  config: Readonly<Config>,
  log: Logger,
  options: E2eOptions,
  say: (line: string) => void,
): Promise<E2eResult> {
  // The worker processes load the prebuilt workflow bundle and refuse a stale one (exit 4):
  // after a workflow change, the bench would measure nothing, or an old build.
  if (!prebuiltBundleIsFresh()) {
    say('bundling the workflow code for the worker processes (the prebuilt bundle is missing or stale) …');
    await writePrebuiltBundle();
  }
  if (options.taskQueuePartitions !== undefined && config.temporal.address)
    throw new Error(
      `--task-queue-partitions applies to the bench's own dev server, but TEMPORAL_ADDRESS (${config.temporal.address}) points at another server: unset one of them`,
    );
  const dataDir = mkdtempSync(path.join(tmpdir(), 'si-bench-e2e-'));
  const database = await provisionDatabase(config, log, { databaseName: 'security_insights_bench', dataDir });
  await migrate(database.url, log);
  const pool = createPool(database.url, 4, log);
  const onCluster = options.temporal === 'cluster';
  const temporal = onCluster
    ? await startBenchCluster(config, log, database.url, dataDir)
    : config.temporal.address
      ? await provisionTemporal(config, log, { persistence: 'memory', dataDir })
      : await provisionTemporal(config, log, {
          persistence: 'memory',
          dataDir,
          port: await freePort(),
          uiPort: await freePort(),
          ...(options.taskQueuePartitions !== undefined
            ? { extraArgs: taskQueuePartitionArgs(options.taskQueuePartitions) }
            : {}),
        });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const prefix = `bench-e2e-${Date.now().toString(36)}`;
  const workers: ChildProcess[] = [];
  try {
    const frequencySeconds = Math.max(10, Math.round(options.zones / options.targetRate));
    await seedZones(pool, options.zones, frequencySeconds);
    say(
      `seeded ${options.zones} zones; frequency ${frequencySeconds}s → target ${(options.zones / frequencySeconds).toFixed(0)} scans/s`,
    );

    const layout = workerLayout(options);
    const fastWorkflowTasks =
      options.fastWorkflowTasks ?? eagerFastLaneWorkflowTasks(options.maxInFlight, layout.filter((w) => w.fast).length);
    const metricsUrls: string[] = [];
    for (const { lanes } of layout) {
      const metricsPort = await freePort();
      metricsUrls.push(`http://127.0.0.1:${metricsPort}/metrics`);
      workers.push(
        // BENCH_WORKER_NODE_ARGS: Node flags for the worker processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
        // (Node refuses --cpu-prof in NODE_OPTIONS); each thread writes its profile when its worker stops.
        spawn(process.execPath, [...workerNodeArgs(), WORKER_MAIN], {
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            TEMPORAL_ADDRESS: temporal.address,
            TASK_QUEUE_PREFIX: prefix,
            WORKER_LANES: lanes,
            WORKER_METRICS_HOST: '127.0.0.1',
            WORKER_METRICS_PORT: String(metricsPort),
            SCAN_FREQUENCY: `${frequencySeconds}s`,
            SCHEDULER_TICK: '1s',
            SYNTHETIC_MIN_LATENCY_MS: '5',
            SYNTHETIC_MAX_LATENCY_MS: '50',
            SYNTHETIC_SLOW_PERCENT: '1',
            SYNTHETIC_SLOW_LATENCY_MS: '10000',
            // The target is set above what the box can do; the cap must not hide that.
            SCHEDULER_MAX_RATE: String(Math.ceil(options.targetRate)),
            // Above capacity the cap, not the rate, sets how many scans wait inside Temporal.
            SCHEDULER_MAX_IN_FLIGHT: String(options.maxInFlight),
            SCHEDULER_EAGER_START: String(options.eager),
            SCHEDULER_CLAIM_PARTITIONS: String(options.partitions),
            ...(options.adaptiveLatencyMs !== undefined
              ? { SCHEDULER_ADAPTIVE_IN_FLIGHT: 'true', SCHEDULER_TARGET_LATENCY: `${options.adaptiveLatencyMs}ms` }
              : {}),
            // An eager start needs a free workflow-task slot in the starting process: one per scan
            // this process may have in flight (a fast scan holds its slot while its local activities run).
            FAST_LANE_WORKFLOW_TASKS: String(fastWorkflowTasks),
            // BENCH_WORKER_LOG_LEVEL=warn shows the workers' (and the SDK's) warnings on stderr.
            LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'error',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    const workerPids = workers.map((worker) => worker.pid as number);
    // A worker that dies mid-run would make the figures those of fewer workers: the run fails instead.
    const died: string[] = [];
    for (const worker of workers)
      worker.once('exit', (code, signal) => died.push(`worker ${worker.pid} exited (${signal ?? `code ${code}`})`));

    say(`warming up for ${options.warmupSeconds}s with ${layout.length} worker process(es) …`);
    await sleep(options.warmupSeconds * 1000);
    const serverPids = onCluster
      ? // npm run cluster's server, run from the bench's own data directory.
        pidsMatching(dataDir)
      : config.temporal.address
        ? // Temporal's own `temporal-server` binary, when it runs on this machine.
          pidsMatching('temporal-server')
        : pidsMatching('server start-dev').filter((pid) =>
            pidsMatching(`--port ${temporal.address.split(':')[1]}`).includes(pid),
          );
    const databaseName = new URL(database.url).pathname.slice(1);
    const processes: Record<string, () => number[]> = {
      // Absent when the server runs elsewhere (TEMPORAL_ADDRESS on another machine): not measurable here.
      ...(serverPids.length > 0 ? { temporal_server: () => serverPids } : {}),
      // The backends of the bench database only (other databases on a shared server are not ours).
      postgres: () => pidsMatching('postgres: ').filter((pid) => backendOf(pid, databaseName)),
      ...Object.fromEntries(workerPids.map((pid, index) => [layout[index]?.name as string, () => [pid]])),
      bench_driver: () => [process.pid],
    };
    const counterNames = [
      'security_insights_scheduler_scans_started_total',
      'security_insights_scheduler_scans_started_eagerly_total',
    ];
    const scrapeAll = async () => {
      const all = await Promise.all(metricsUrls.map((url) => scrapeCounters(url, counterNames)));
      return counterNames.map((name) => all.reduce((sum, counters) => sum + (counters[name] ?? 0), 0));
    };
    const [startedBefore = 0, eagerBefore = 0] = await scrapeAll();
    const cpuWindows = Object.entries(processes).map(([name, pids]) => ({ name, window: new CpuWindow(pids) }));
    for (const { window } of cpuWindows) window.start();
    const windowStart = new Date();
    say(`measuring for ${options.durationSeconds}s …`);
    await sleep(options.durationSeconds * 1000);
    const windowEnd = new Date();
    if (died.length > 0) throw new Error(`a worker process died during the run, figures discarded: ${died.join('; ')}`);
    const cpuSeconds = Object.fromEntries(cpuWindows.map(({ name, window }) => [name, window.stop()]));
    const [startedAfter = 0, eagerAfter = 0] = await scrapeAll();
    const windowSeconds = (windowEnd.getTime() - windowStart.getTime()) / 1000;

    // Latency split at the scan's start (its workflow's start, scans.started_at): before it, the
    // tick's claim and the spread of starts over the tick; after it, the wait for a poller or a
    // workflow-task slot, checks and persist (what the in-flight cap governs).
    const stats = await pool.query<{ n: number; p50: number; p99: number; p50_to_start: number; p50_run: number }>(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY to_start_ms) AS p50_to_start,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms) AS p50_run
       FROM (SELECT extract(epoch FROM finished_at - tick_at) * 1000 AS latency_ms,
                    extract(epoch FROM started_at - tick_at) * 1000 AS to_start_ms,
                    extract(epoch FROM finished_at - started_at) * 1000 AS run_ms
             FROM (SELECT finished_at, started_at,
                          to_timestamp(split_part(workflow_id, ':', 3)::bigint / 1000.0) AS tick_at
                   FROM scans WHERE finished_at >= $1 AND finished_at < $2) AS t) AS s`,
      [windowStart, windowEnd],
    );
    await client.workflow
      .getHandle(schedulerWorkflowId(prefix))
      .terminate('bench over')
      .catch(() => undefined);
    await Promise.all(
      workers.splice(0).map(async (worker) => {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.kill('SIGTERM');
        await exited;
      }),
    );

    say(`measuring the bare ceiling with ${options.bareWorkflows} empty workflows …`);
    await measureBareCeiling(temporal.address, 200); // warm-up, as the fan-out suite does: bundle, caches, JIT
    const unbounded = await measureBareCeiling(temporal.address, options.bareWorkflows);
    const capped = await measureBareCeiling(temporal.address, options.bareWorkflows, options.maxInFlight);
    const ceiling = Math.max(unbounded, capped);
    const figures = e2eFigures({
      windowSeconds,
      scans: stats.rows[0]?.n ?? 0,
      cpuSeconds,
      started: startedAfter - startedBefore,
      eagerStarted: eagerAfter - eagerBefore,
    });
    const scansPerSecond = figures.scansPerSecond;
    const workerCores = layout.reduce((sum, { name }) => sum + (figures.cores[name] ?? 0), 0);
    return {
      bench: 'e2e',
      scans_per_s: round(scansPerSecond, 1),
      bare_ceiling_per_s: round(ceiling, 1),
      bare_unbounded_per_s: round(unbounded, 1),
      bare_capped_per_s: round(capped, 1),
      ratio_to_ceiling: round(scansPerSecond / ceiling, 2),
      target_per_s: round(options.zones / frequencySeconds, 1),
      max_in_flight: options.maxInFlight,
      p50_ms: Math.round(stats.rows[0]?.p50 ?? 0),
      p99_ms: Math.round(stats.rows[0]?.p99 ?? 0),
      p50_claim_to_start_ms: Math.round(stats.rows[0]?.p50_to_start ?? 0),
      p50_start_to_persisted_ms: Math.round(stats.rows[0]?.p50_run ?? 0),
      cpu: { ...figures.cores, workers: round(workerCores, 2) },
      cpu_ms_per_scan: figures.cpuMsPerScan,
      eager_ratio: figures.eagerRatio,
      eager: options.eager,
      adaptive_target_ms: options.adaptiveLatencyMs ?? null,
      task_queue_partitions: options.taskQueuePartitions ?? null,
      fast_workflow_tasks: fastWorkflowTasks,
      workers: layout.length,
      fast_workers: options.fastWorkers ?? 0,
      temporal: onCluster ? 'cluster' : 'dev',
      partitions: options.partitions,
      window_s: round(windowSeconds, 1),
      zones: options.zones,
    };
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    await connection.close();
    await temporal.stop();
    await pool.end();
    await database.stop();
  }
}

async function seedZones(pool: Pool, count: number, frequencySeconds: number): Promise<void> {
  await pool.query('TRUNCATE accounts CASCADE');
  const accountId = await createAccount(pool, 'e2e bench');
  // Due times spread over one frequency, as onboarding leaves them.
  await insertZones(pool, accountId, demoZoneNames(count), frequencySeconds);
}

/** The worker processes of a run: their lanes and the name their CPU is reported under. */
export function workerLayout(
  options: Pick<E2eOptions, 'workers' | 'fastWorkers'>,
): Array<{ name: string; lanes: string; fast: boolean }> {
  const fastWorkers = options.fastWorkers ?? 0;
  if (fastWorkers === 0)
    return Array.from({ length: options.workers }, (_, i) => ({
      name: `worker_${i + 1}`,
      lanes: 'scheduler,fast,slow',
      fast: true,
    }));
  return [
    { name: 'worker_scheduler_slow', lanes: 'scheduler,slow', fast: false },
    ...Array.from({ length: fastWorkers }, (_, i) => ({ name: `worker_fast_${i + 1}`, lanes: 'fast', fast: true })),
  ];
}

function workerNodeArgs(): string[] {
  return (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg.length > 0);
}

/** start-dev arguments giving every task queue `count` partitions (read and write alike). */
function taskQueuePartitionArgs(count: number): string[] {
  return ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions'].flatMap((key) => [
    '--dynamic-config-value',
    `${key}=${count}`,
  ]);
}

/**
 * A PostgreSQL backend serving `database`: its title reads `postgres: [<cluster>: ]<user>
 * <database> <client> <state>` (Debian names the cluster, e.g. `15/main:`).
 */
function backendOf(pid: number, database: string): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return title.split(' ').includes(database);
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** npm run cluster's Temporal server on PostgreSQL, on databases of its own dropped afterwards. */
async function startBenchCluster(
  config: Readonly<Config>,
  log: Logger,
  databaseUrl: string,
  dataDir: string,
): Promise<{ address: string; namespace: string; stop(): Promise<void> }> {
  const adminUrl = withDatabase(databaseUrl, 'postgres');
  const databaseName = `temporal_bench_${Date.now().toString(36)}`;
  const cluster = await startTemporalCluster({
    build: await ensureTemporalServer(log),
    adminUrl,
    databaseName,
    historyShards: config.temporal.historyShards,
    namespace: config.temporal.namespace,
    frontendPort: 0,
    dataDir,
    log,
  });
  return {
    address: cluster.address,
    namespace: cluster.namespace,
    stop: async () => {
      await cluster.stop();
      const admin = createClient({ connectionString: adminUrl });
      await admin.connect();
      for (const name of [cluster.databases.main, cluster.databases.visibility])
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
