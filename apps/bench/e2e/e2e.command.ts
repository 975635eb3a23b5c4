import { DefaultLogger, Runtime } from '@temporalio/worker';
import { InvalidArgumentError, type Command } from 'commander';
import { runE2eBench } from './e2e.bench';
import type { BenchContext } from '../bench-context';

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
}

function temporalKind(value: string): 'dev' | 'cluster' {
  if (value !== 'dev' && value !== 'cluster') throw new InvalidArgumentError('use dev or cluster');
  return value;
}

function whole(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 32)
    throw new InvalidArgumentError('use a whole number from 0 to 32');
  return number;
}

/** `bench e2e`: sustained scans per second of the whole pipeline, beside the bare Temporal ceiling. */
export function registerBenchE2eCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('e2e')
    .description(
      "whole pipeline at full load on its own dev server (or, --temporal cluster, npm run cluster's server on PostgreSQL), and the bare-Temporal ceiling in the same run",
    )
    .option('--duration <seconds>', 'measured window after warm-up', positive, 300)
    .option('--warmup <seconds>', 'warm-up before the window', positive, 30)
    .option('--zones <count>', 'synthetic zones', positive, 50_000)
    .option('--target <scans/s>', 'target rate, set above what the box can do', positive, 250)
    .option('--bare <count>', 'empty workflows for the ceiling', positive, 3000)
    .option(
      '--max-in-flight <count>',
      'SCHEDULER_MAX_IN_FLIGHT of the bench worker: about throughput × latency on this box',
      positive,
      200,
    )
    .option(
      '--temporal <kind>',
      "dev: a dev server (or TEMPORAL_ADDRESS); cluster: npm run cluster's server on PostgreSQL",
      temporalKind,
      'dev',
    )
    .option(
      '--fast-workers <n>',
      '0: one worker process for every lane; N: a scheduler+slow process and N fast-lane processes',
      whole,
      0,
    )
    .option('--json', 'print one JSON object as the last line')
    .action(
      async (options: {
        duration: number;
        warmup: number;
        zones: number;
        target: number;
        bare: number;
        maxInFlight: number;
        temporal: 'dev' | 'cluster';
        fastWorkers: number;
        json?: boolean;
      }) => {
        const ctx = context();
        Runtime.install({ logger: new DefaultLogger('WARN') });
        const say = (line: string) => process.stderr.write(`${line}\n`);
        const result = await runE2eBench(
          ctx.config,
          ctx.log,
          {
            durationSeconds: options.duration,
            warmupSeconds: options.warmup,
            zones: options.zones,
            targetRate: options.target,
            bareWorkflows: options.bare,
            maxInFlight: options.maxInFlight,
            temporal: options.temporal,
            fastWorkers: options.fastWorkers,
          },
          say,
        );
        const rows = [
          ['scans/s (persisted, sustained)', result.scans_per_s],
          ['bare ceiling (empty workflows/s)', result.bare_ceiling_per_s],
          ['  … starts unbounded', result.bare_unbounded_per_s],
          ['  … at most max-in-flight open', result.bare_capped_per_s],
          ['ratio to ceiling', result.ratio_to_ceiling],
          ['target scans/s', result.target_per_s],
          ['max in flight (SCHEDULER_MAX_IN_FLIGHT)', result.max_in_flight],
          ['latency p50 ms (claim → persisted)', result.p50_ms],
          ['latency p99 ms', result.p99_ms],
          ['temporal server', result.temporal],
          ['fast-lane worker processes (0: one for all lanes)', result.fast_workers],
          ['CPU ms per scan (all measured processes)', result.cpu_ms_per_scan],
          ...Object.entries(result.cpu).map(([name, share]) => [`CPU cores used: ${name}`, share]),
        ];
        for (const [label, value] of rows) process.stdout.write(`${String(label).padEnd(40)} ${value}\n`);
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      },
    );
}
