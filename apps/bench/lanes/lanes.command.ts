import { DefaultLogger, Runtime } from '@temporalio/worker';
import { InvalidArgumentError, type Command } from 'commander';
import { formatDuration } from '../../../libs/domain';
import { bundleWorkflows } from '../../../libs/worker';
import { openBenchTemporal } from '../shared/bench-temporal';
import { LANE_SETUPS, runLaneSetup, type LaneSetupResult, type LanesBenchOptions } from './lanes-bench';
import type { BenchContext } from '../bench-context';

function numberIn(min: number, max: number, what: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`must be ${what} from ${min} to ${max}`);
    return parsed;
  };
}

interface LanesCommandOptions {
  json?: boolean;
  zones: number;
  rate: number;
  slowFraction: number;
  slowLatencyMs: number;
  fastBudget?: number;
  fastSlots?: number;
  slowSlots?: number;
}

/**
 * Slots sized the way an operator would for the offered load: the slow lane for the slow
 * checks running at once (rate × share × latency) with 50 % headroom; the fast lane, doubled
 * plus two, for its own scans (about 0.25 s of slot time each, check and persist, measured on
 * a loaded 2-core box) and for the overruns it holds until the budget cancels them.
 */
export function defaultLaneSlots(
  rate: number,
  slowFraction: number,
  slowLatencyMs: number,
  fastBudgetMs: number,
): { fast: number; slow: number } {
  return {
    fast: Math.ceil(2 * rate * (slowFraction * (fastBudgetMs / 1000) + 0.25)) + 2,
    slow: Math.ceil(1.5 * rate * slowFraction * (slowLatencyMs / 1000)) + 1,
  };
}

/**
 * `bench lanes`: head-of-line blocking, measured. Three setups side by side in one run with
 * the synthetic checker — (a) no slow zones, (b) two lanes, (c) one lane with the same total
 * slots — and the fast scans' throughput and claim-to-persisted latency of each.
 */
export function registerBenchLanesCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('lanes')
    .description('fast-scan throughput and latency with 2 % slow zones: no slow zones vs two lanes vs one lane')
    .option('--json', 'print one JSON object as the last line')
    .option('--zones <count>', 'zones per setup', numberIn(100, 1_000_000, 'a whole number'), 5000)
    .option(
      '--rate <per-second>',
      'scans started per second in each setup (the three run at once), as the scheduler would',
      numberIn(1, 10_000, 'a number'),
      15,
    )
    .option('--slow-fraction <share>', 'share of slow zones', numberIn(0, 1, 'a number'), 0.02)
    .option('--slow-latency-ms <ms>', 'latency of a slow zone', numberIn(1, 600_000, 'a number'), 10_000)
    .option('--fast-budget <ms>', 'fast-lane budget (default: FAST_LANE_BUDGET)', numberIn(1, 600_000, 'a number'))
    .option(
      '--fast-slots <count>',
      'concurrent checks of the fast lane (default: sized for the rate; the single lane gets fast + slow)',
      numberIn(1, 10_000, 'a whole number'),
    )
    .option(
      '--slow-slots <count>',
      'concurrent checks of the slow lane (default: sized for the rate)',
      numberIn(1, 10_000, 'a whole number'),
    )
    .action(async (options: LanesCommandOptions) => {
      const ctx = context();
      // The SDK logs worker state changes, and every overrun as a failed activity (expected
      // here, counted in the table); a benchmark's output is its table.
      Runtime.install({ logger: new DefaultLogger('ERROR') });
      const pool = await ctx.pool();
      const policy = {
        ...ctx.config.lanes.policy,
        fastBudgetMs: options.fastBudget ?? ctx.config.lanes.policy.fastBudgetMs,
      };
      const sized = defaultLaneSlots(options.rate, options.slowFraction, options.slowLatencyMs, policy.fastBudgetMs);
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
      const bench: LanesBenchOptions = {
        zones: options.zones,
        slowFraction: options.slowFraction,
        slowLatencyMs: options.slowLatencyMs,
        rate: options.rate,
        fastSlots: options.fastSlots ?? sized.fast,
        slowSlots: options.slowSlots ?? sized.slow,
        workflowTasks: ctx.config.lanes.fast.workflowTasks,
        policy,
      };
      say(
        `bench lanes: ${bench.zones} zones per setup, ${bench.slowFraction * 100} % slow (${formatDuration(bench.slowLatencyMs / 1000)}), ` +
          `the rest 5–50 ms (synthetic checker); ${bench.rate} scans started/s in each of the 3 setups, run side by side; fast budget ${formatDuration(bench.policy.fastBudgetMs / 1000)}; ` +
          `slots fast ${bench.fastSlots} + slow ${bench.slowSlots} (single lane: ${bench.fastSlots + bench.slowSlots})`,
      );
      const temporal = await openBenchTemporal(ctx.config, ctx.log);
      const results: LaneSetupResult[] = [];
      try {
        const workflowBundle = await bundleWorkflows();
        // The setups run side by side, each with its own zones, task queues and workers, so
        // that the stalls of a shared, busy machine hit all three alike: run one after the
        // other, a single stall of a few seconds decided which setup "won".
        progress(`starting ${LANE_SETUPS.join(', ')} side by side`);
        results.push(
          ...(await Promise.all(
            LANE_SETUPS.map((setup) =>
              runLaneSetup({ pool, temporal, workflowBundle, log: ctx.log, progress }, setup, bench),
            ),
          )),
        );
      } finally {
        await temporal.close();
      }
      printTable(say, results);
      for (const r of results) {
        // Keeping up means fast scans persisted about as fast as they were started.
        if (r.throughput < 0.95 * r.startRate * (r.fastScans / bench.zones)) {
          say(
            `note: ${r.setup} did not keep up with the ${r.startRate} scans/s started, so its latencies are mostly queueing; lower --rate for this machine.`,
          );
        }
      }
      if (options.json) {
        const figures = (r: LaneSetupResult) => ({
          throughput: r.throughput,
          p50_ms: r.p50Ms,
          p99_ms: r.p99Ms,
          fast_scans: r.fastScans,
          moved_to_slow: r.movedToSlow,
          unfinished: r.unfinished,
        });
        const by = Object.fromEntries(results.map((r) => [r.setup, figures(r)]));
        say(
          JSON.stringify({
            bench: 'lanes',
            baseline: by.baseline,
            two_lanes: by.two_lanes,
            single_lane: by.single_lane,
          }),
        );
      }
    });
}

function printTable(say: (line: string) => void, results: LaneSetupResult[]): void {
  const header = [
    'setup',
    'fast scans',
    'throughput/s',
    'p50 ms',
    'p99 ms',
    'moved to slow',
    'unfinished',
    'started/s',
  ];
  const rows = results.map((r) =>
    [r.setup, r.fastScans, r.throughput, r.p50Ms, r.p99Ms, r.movedToSlow, r.unfinished, r.startRate].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  say('');
  say(line(header));
  for (const row of rows) say(line(row));
  const [baseline, twoLanes] = results;
  if (baseline && twoLanes) {
    const p99Ratio = twoLanes.p99Ms / baseline.p99Ms;
    const throughputShare = twoLanes.throughput / baseline.throughput;
    say('');
    say(
      `two lanes vs baseline: p99 ${p99Ratio.toFixed(2)} × (target ≤ 2: ${p99Ratio <= 2 ? 'met' : 'MISSED'}), ` +
        `throughput ${(throughputShare * 100).toFixed(1)} % (target ≥ 90 %: ${throughputShare >= 0.9 ? 'met' : 'MISSED'})`,
    );
  }
}
