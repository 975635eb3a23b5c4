import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
import { freePort } from '../../../libs/runtime';
import { schedulerWorkflowId } from '../../../libs/contract';
import { measureBareCeiling } from '../schedule/fanout.bench';
import { cpuSecondsBetween, cpuSecondsByPid, pidsMatching } from '../shared/process-cpu';

export interface E2eOptions {
  durationSeconds: number;
  warmupSeconds: number;
  zones: number;
  targetRate: number;
  bareWorkflows: number;
  /** The scheduler's in-flight cap; the target is above capacity, so this sets the queue. */
  maxInFlight: number;
  /** `dev`: a Temporal dev server (or TEMPORAL_ADDRESS); `cluster`: npm run cluster's server on PostgreSQL. */
  temporal?: 'dev' | 'cluster';
  /** 0: one worker process for every lane; N: a scheduler+slow process and N fast-lane processes. */
  fastWorkers?: number;
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
  cpu: Record<string, number>;
  /** CPU time of every measured process per persisted scan. */
  cpu_ms_per_scan: number;
  temporal: 'dev' | 'cluster';
  fast_workers: number;
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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'si-bench-e2e-'));
  const database = await provisionDatabase(config, log, { databaseName: 'security_insights_bench', dataDir });
  await migrate(database.url, log);
  const pool = createPool(database.url, 4, log);
  const onCluster = options.temporal === 'cluster';
  const fastWorkers = options.fastWorkers ?? 0;
  const temporal = onCluster
    ? await startBenchCluster(config, log, database.url, dataDir)
    : config.temporal.address
      ? await provisionTemporal(config, log, { persistence: 'memory', dataDir })
      : await provisionTemporal(config, log, {
          persistence: 'memory',
          dataDir,
          port: await freePort(),
          uiPort: await freePort(),
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

    const startWorker = (lanes: string) =>
      spawn(process.execPath, [WORKER_MAIN], {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          TEMPORAL_ADDRESS: temporal.address,
          TASK_QUEUE_PREFIX: prefix,
          WORKER_LANES: lanes,
          WORKER_METRICS_PORT: '0',
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
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    if (fastWorkers === 0) workers.push(startWorker('scheduler,fast,slow'));
    else {
      workers.push(startWorker('scheduler,slow'));
      for (let i = 0; i < fastWorkers; i++) workers.push(startWorker('fast'));
    }
    // A worker that dies mid-run would make the figures those of fewer workers: the run fails instead.
    const died: string[] = [];
    for (const worker of workers)
      worker.once('exit', (code, signal) => died.push(`worker ${worker.pid} exited (${signal ?? `code ${code}`})`));
    const workerPids = Object.fromEntries(
      workers.map((w, i) => [
        fastWorkers === 0 ? 'worker' : i === 0 ? 'worker_scheduler_slow' : `worker_fast_${i}`,
        w.pid as number,
      ]),
    );

    say(`warming up for ${options.warmupSeconds}s …`);
    await sleep(options.warmupSeconds * 1000);
    const processes = {
      // Our dev server, or (TEMPORAL_ADDRESS) a server run from Temporal's own `temporal-server` binary.
      temporal_server: () =>
        onCluster
          ? pidsMatching(dataDir)
          : config.temporal.address
            ? pidsMatching('temporal-server')
            : pidsMatching('server start-dev').filter((pid) =>
                pidsMatching(`--port ${temporal.address.split(':')[1]}`).includes(pid),
              ),
      ...Object.fromEntries(Object.entries(workerPids).map(([name, pid]) => [name, () => [pid]])),
      postgres: () => pidsMatching('postgres:'),
      bench_driver: () => [process.pid],
    };
    const cpuStart = Object.fromEntries(
      Object.entries(processes).map(([name, pids]) => [name, cpuSecondsByPid(pids())]),
    );
    const windowStart = new Date();
    say(`measuring for ${options.durationSeconds}s …`);
    await sleep(options.durationSeconds * 1000);
    const windowEnd = new Date();
    if (died.length > 0) throw new Error(`a worker process died during the run, figures discarded: ${died.join('; ')}`);
    const windowSeconds = (windowEnd.getTime() - windowStart.getTime()) / 1000;
    const cpu = Object.fromEntries(
      Object.entries(processes).map(([name, pids]) => [
        name,
        round(cpuSecondsBetween(cpuStart[name] ?? new Map(), cpuSecondsByPid(pids())) / windowSeconds, 2),
      ]),
    );

    const stats = await pool.query<{ n: number; p50: number; p99: number }>(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
       FROM (SELECT extract(epoch FROM finished_at - to_timestamp(split_part(workflow_id, ':', 3)::bigint / 1000.0)) * 1000 AS latency_ms
             FROM scans WHERE finished_at >= $1 AND finished_at < $2) AS s`,
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
    const scansPerSecond = (stats.rows[0]?.n ?? 0) / windowSeconds;
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
      cpu,
      cpu_ms_per_scan: round(
        (Object.values(cpu).reduce((sum, cores) => sum + cores, 0) * 1000) / Math.max(scansPerSecond, 0.001),
        1,
      ),
      temporal: onCluster ? 'cluster' : 'dev',
      fast_workers: fastWorkers,
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
    historyShards: 16,
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
