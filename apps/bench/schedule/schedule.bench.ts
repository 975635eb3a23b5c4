import type { Client } from '@temporalio/client';
import type { NativeConnection, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Config, Logger } from '../../../libs/config';
import type { Checker } from '../../../libs/checkers';
import { laneTaskQueue } from '../../../libs/contract';
import { SchedulerControl, schedulerInputFromConfig } from '../../../libs/temporal';
import { createWorkerSet } from '../../../libs/worker';
import { bucketize, seedBenchZones } from './bench-zones';
import { runNaive } from './naive-scheduler';

export const BUCKET_SECONDS = 5;

/** One phase's figures: scans started per 5 s bucket against the phase's target rate. */
export interface PhaseResult {
  name: string;
  target_rate: number;
  max_bucket_ratio: number;
  min_bucket_ratio: number;
  buckets: number[];
}

/** A phase: start from `initialZones` at `initialFrequency`, change something, then measure. */
export interface PhaseSpec {
  name: 'steady' | 'onboarding_10x' | 'frequency_halved';
  initialZones: number;
  initialFrequencySeconds: number;
  /** Zones added at the change (onboarding), or the frequency set at the change. */
  onboardZones?: number;
  newFrequencySeconds?: number;
  targetRate: number;
  warmupSeconds: number;
  measureSeconds: number;
}

export interface ScheduleBenchEnv {
  config: Readonly<Config>;
  log: Logger;
  pool: Pool;
  client: Client;
  connection: NativeConnection;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** Run the scans too (no-op checker), or only start them (no lane worker). */
  runScans: boolean;
}

const NOOP_CHECKER: Checker = { id: 'noop', run: async () => [] };
const ACCOUNTS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summarize(name: string, targetRate: number, buckets: number[]): PhaseResult {
  const ratios = buckets.map((count) => count / (targetRate * BUCKET_SECONDS));
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    name,
    target_rate: targetRate,
    max_bucket_ratio: round(Math.max(...ratios)),
    min_bucket_ratio: round(Math.min(...ratios)),
    buckets,
  };
}

/** Start times of the scans a phase's scheduler started, read back from Temporal's visibility. */
async function scanStartTimes(client: Client, prefix: string, fromMs: number): Promise<number[]> {
  await sleep(2000); // visibility trails the starts slightly
  const query = `WorkflowType = 'scanZone' AND TaskQueue = '${laneTaskQueue(prefix, 'fast')}' AND StartTime >= '${new Date(fromMs - 1000).toISOString()}'`;
  const times: number[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: 1000 }))
    times.push(execution.startTime.getTime());
  return times;
}

/** Our scheduler, for real: its workflow, its claim, its starts on the dev server. */
export async function runSchedulerPhase(env: ScheduleBenchEnv, spec: PhaseSpec): Promise<PhaseResult> {
  await env.pool.query('TRUNCATE accounts CASCADE');
  await seedBenchZones(env.pool, {
    zones: spec.initialZones,
    accounts: ACCOUNTS,
    frequencySeconds: spec.initialFrequencySeconds,
    jitter: true,
    label: 'a',
  });
  const prefix = `bench-${spec.name.replace(/_/g, '-')}-${Date.now().toString(36)}`;
  const workers = await createWorkerSet({
    connection: env.connection,
    namespace: env.config.temporal.namespace,
    taskQueuePrefix: prefix,
    roles: env.runScans ? ['scheduler', 'fast', 'slow'] : ['scheduler'],
    pool: env.pool,
    checkers: new Map([[NOOP_CHECKER.id, NOOP_CHECKER]]),
    log: env.log,
    persist: env.config.persist,
    lanes: env.config.lanes,
    workflowBundle: env.workflowBundle,
  });
  const running = workers.run();
  let stopped = false;
  const stopWorkers = async () => {
    if (stopped) return;
    stopped = true;
    workers.shutdown();
    await running;
  };
  const input = {
    ...schedulerInputFromConfig(env.config, [NOOP_CHECKER.id]),
    taskQueuePrefix: prefix,
    frequencySeconds: spec.initialFrequencySeconds,
    tickSeconds: 5,
  };
  const control = new SchedulerControl({
    connect: async () => env.client,
    taskQueuePrefix: prefix,
    namespace: env.client.options.namespace,
    address: 'the bench server',
  });
  await control.ensureRunning(input);
  try {
    await sleep(spec.warmupSeconds * 1000);
    if (spec.onboardZones) {
      await seedBenchZones(env.pool, {
        zones: spec.onboardZones,
        accounts: ACCOUNTS,
        frequencySeconds: spec.initialFrequencySeconds,
        jitter: true,
        label: 'b',
      });
    }
    if (spec.newFrequencySeconds) await control.setFrequency(spec.newFrequencySeconds);
    const fromMs = Date.now();
    await sleep(spec.measureSeconds * 1000);
    // Workers first: the tick activity under way is cancelled while its workflow is still open.
    await stopWorkers();
    const times = await scanStartTimes(env.client, prefix, fromMs);
    return summarize(
      spec.name,
      spec.targetRate,
      bucketize(times, fromMs, spec.measureSeconds / BUCKET_SECONDS, BUCKET_SECONDS * 1000),
    );
  } finally {
    await stopWorkers();
    await env.client.workflow
      .getHandle(control.workflowId)
      .terminate('bench phase over')
      .catch(() => undefined);
  }
}

/** The naive scheduler on the same shapes of data, without jitter (see naive-scheduler.ts). */
export async function runNaivePhase(pool: Pool, spec: PhaseSpec): Promise<PhaseResult> {
  await pool.query('TRUNCATE accounts CASCADE');
  await seedBenchZones(pool, {
    zones: spec.initialZones,
    accounts: ACCOUNTS,
    frequencySeconds: spec.initialFrequencySeconds,
    jitter: false,
    label: 'a',
  });
  let frequency = spec.initialFrequencySeconds;
  const startedAt = Date.now();
  const changeAt = startedAt + spec.warmupSeconds * 1000;
  const endAt = changeAt + spec.measureSeconds * 1000;
  const change = (async () => {
    await sleep(changeAt - Date.now());
    if (spec.onboardZones) {
      await seedBenchZones(pool, {
        zones: spec.onboardZones,
        accounts: ACCOUNTS,
        frequencySeconds: frequency,
        jitter: false,
        label: 'b',
      });
    }
    if (spec.newFrequencySeconds) frequency = spec.newFrequencySeconds;
  })();
  const times = await runNaive(pool, { frequencySeconds: () => frequency, tickSeconds: 5, untilMs: endAt });
  await change;
  return summarize(
    spec.name,
    spec.targetRate,
    bucketize(times, changeAt, spec.measureSeconds / BUCKET_SECONDS, BUCKET_SECONDS * 1000),
  );
}
