import { DefaultLogger, Runtime } from '@temporalio/worker';
import { InvalidArgumentError, type Command } from 'commander';
import { runE2eBench, type E2eOptions, type E2eResult } from './e2e.bench';
import type { BenchContext } from '../bench-context';

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
}

/** A whole number within [min, max]; the error names the range. */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return number;
  };
}

function temporalKind(value: string): 'dev' | 'cluster' {
  if (value !== 'dev' && value !== 'cluster') throw new InvalidArgumentError('must be dev or cluster');
  return value;
}

function onOff(value: string): boolean {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new InvalidArgumentError('must be on or off');
}

/** What the command line gives, as commander parsed it. */
export interface E2eCommandOptions {
  duration: number;
  warmup: number;
  zones: number;
  target: number;
  bare: number;
  maxInFlight: number;
  workers: number;
  fastWorkers: number;
  temporal: 'dev' | 'cluster';
  partitions?: number;
  eager: boolean;
  adaptive?: number;
  taskQueuePartitions?: number;
  fastSlots?: number;
  json?: boolean;
}

/** The bench's options from the command line; refuses combinations that cannot run, naming the flags. */
export function e2eOptionsFrom(options: E2eCommandOptions): E2eOptions {
  if (options.fastWorkers > 0 && options.workers > 1)
    throw new InvalidArgumentError(
      `--workers ${options.workers} and --fast-workers ${options.fastWorkers} are two layouts: N processes on every lane, or one scheduler+slow process and N fast ones; give one of them`,
    );
  if (options.taskQueuePartitions !== undefined && options.temporal === 'cluster')
    throw new InvalidArgumentError(
      "--task-queue-partitions sets the partitions of the bench's own dev server; --temporal cluster keeps its server's configuration: give one of them",
    );
  // With dedicated fast workers, one process claims: one partition unless told otherwise.
  const partitions = options.partitions ?? (options.fastWorkers > 0 ? 1 : options.workers);
  if (options.maxInFlight < partitions)
    throw new InvalidArgumentError(
      `--max-in-flight ${options.maxInFlight} is below --partitions ${partitions}: each partition's share of the cap would be 0 and nothing would be claimed; raise --max-in-flight`,
    );
  return {
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    zones: Math.round(options.zones),
    targetRate: options.target,
    bareWorkflows: Math.round(options.bare),
    maxInFlight: Math.round(options.maxInFlight),
    workers: options.workers,
    fastWorkers: options.fastWorkers,
    temporal: options.temporal,
    partitions,
    eager: options.eager,
    ...(options.adaptive !== undefined ? { adaptiveLatencyMs: Math.round(options.adaptive) } : {}),
    ...(options.taskQueuePartitions !== undefined ? { taskQueuePartitions: options.taskQueuePartitions } : {}),
    ...(options.fastSlots !== undefined ? { fastWorkflowTasks: options.fastSlots } : {}),
  };
}

/** `bench e2e`: sustained scans per second of the whole pipeline, beside the bare Temporal ceiling. */
export function registerBenchE2eCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('e2e')
    .description(
      "whole pipeline at full load on its own dev server (or TEMPORAL_ADDRESS; or, --temporal cluster, npm run cluster's server on PostgreSQL), and the bare-Temporal ceiling in the same run",
    )
    .option('--duration <seconds>', 'measured window after warm-up', positive, 300)
    .option('--warmup <seconds>', 'warm-up before the window', positive, 30)
    .option('--zones <count>', 'synthetic zones', positive, 50_000)
    .option('--target <scans/s>', 'target rate, set above what the box can do', positive, 250)
    .option('--bare <count>', 'empty workflows for the ceiling', positive, 3000)
    .option(
      '--max-in-flight <count>',
      'SCHEDULER_MAX_IN_FLIGHT of the bench workers: about throughput × latency on this box',
      positive,
      200,
    )
    .option('--workers <count>', 'worker processes, each on the scheduler, fast and slow lanes', wholeNumber(1, 32), 1)
    .option(
      '--fast-workers <count>',
      '0: --workers processes on every lane; N: one scheduler+slow process and N fast-lane processes',
      wholeNumber(0, 32),
      0,
    )
    .option(
      '--temporal <kind>',
      "dev: a dev server of its own (or TEMPORAL_ADDRESS); cluster: npm run cluster's server on PostgreSQL",
      temporalKind,
      'dev',
    )
    .option(
      '--partitions <count>',
      'SCHEDULER_CLAIM_PARTITIONS: claim activities per tick (default: one per worker process)',
      wholeNumber(1, 64),
    )
    .option('--eager <on|off>', 'SCHEDULER_EAGER_START of the workers', onOff, true)
    .option(
      '--adaptive <p50 ms>',
      'adaptive in-flight cap (SCHEDULER_ADAPTIVE_IN_FLIGHT) aiming at this start → persisted p50 of scans, within --max-in-flight',
      positive,
    )
    .option(
      '--task-queue-partitions <count>',
      "the bench's own dev server: partitions of each task queue (matching.numTaskqueueRead/WritePartitions); default 1, as npm start's dev server; the server's own default is 4",
      wholeNumber(1, 64),
    )
    .option(
      '--fast-slots <count>',
      "FAST_LANE_WORKFLOW_TASKS of each worker (default: sized for eager start, each process's share of --max-in-flight + 16, as the workers' own default)",
      wholeNumber(2, 1000),
    )
    .option('--json', 'print one JSON object as the last line')
    .action(async (raw: E2eCommandOptions) => {
      const ctx = context();
      const options = e2eOptionsFrom(raw);
      Runtime.install({ logger: new DefaultLogger('WARN') });
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const result = await runE2eBench(ctx.config, ctx.log, options, say);
      for (const [label, value] of e2eRows(result)) process.stdout.write(`${String(label).padEnd(44)} ${value}\n`);
      if (raw.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}

/** The table the command prints. */
export function e2eRows(result: E2eResult): Array<[string, string | number]> {
  return [
    ['scans/s (persisted, sustained)', result.scans_per_s],
    ['bare ceiling (empty workflows/s, not eager)', result.bare_ceiling_per_s],
    ['  … starts unbounded', result.bare_unbounded_per_s],
    ['  … at most max-in-flight open', result.bare_capped_per_s],
    ['ratio to ceiling', result.ratio_to_ceiling],
    ['eager start (SCHEDULER_EAGER_START)', result.eager ? 'on' : 'off'],
    ['eager share (eagerly started / started)', result.eager_ratio ?? 'n/a (nothing started)'],
    ['fast-lane workflow-task slots per worker', result.fast_workflow_tasks],
    ['temporal server', result.temporal],
    ['worker processes', result.workers],
    ['… of them fast-lane only (0: every process on every lane)', result.fast_workers],
    ['claim partitions', result.partitions],
    ['target scans/s', result.target_per_s],
    ['max in flight (SCHEDULER_MAX_IN_FLIGHT)', result.max_in_flight],
    ['adaptive cap target p50 ms', result.adaptive_target_ms ?? 'off (fixed cap)'],
    ['task queue partitions (dev server)', result.task_queue_partitions ?? '1 (as npm start)'],
    ['latency p50 ms (claim → persisted)', result.p50_ms],
    ['latency p99 ms', result.p99_ms],
    ['  p50 claim → scan started (claim, spread over the tick, start request)', result.p50_claim_to_start_ms],
    ['  p50 scan started → persisted (wait for a worker, checks, persist)', result.p50_start_to_persisted_ms],
    ...Object.entries(result.cpu).map(([name, share]): [string, number] => [`CPU cores used: ${name}`, share]),
    ...Object.entries(result.cpu_ms_per_scan).map(([name, ms]): [string, string | number] => [
      `CPU ms per scan: ${name}`,
      ms ?? 'n/a',
    ]),
  ];
}
