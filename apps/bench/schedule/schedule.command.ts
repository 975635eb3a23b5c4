import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { InvalidArgumentError, type Command } from 'commander';
import { freePort } from '../../../libs/runtime';
import { provisionTemporal } from '../../../libs/devstack';
import { bundleWorkflows } from '../../../libs/worker';
import { openBenchDatabase } from './bench-zones';
import { runFanoutSuite, type FanoutReport } from './fanout-suite';
import { formatMixedPlans, formatScheduleReport } from './schedule-report';
import { runMixedPlansPhase, type MixedPlansResult } from './mixed-plans.bench';
import { runNaivePhase, runSchedulerPhase, type PhaseResult, type PhaseSpec } from './schedule.bench';
import type { BenchContext } from '../bench-context';

function count(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 100 || Number(value) > 1_000_000)
    throw new InvalidArgumentError('must be a whole number from 100 to 1,000,000');
  return Number(value);
}

function rate(value: string): number {
  if (!/^\d+(?:\.\d+)?$/.test(value) || Number(value) < 1 || Number(value) > 10_000)
    throw new InvalidArgumentError('must be a number of scans per second from 1 to 10,000');
  return Number(value);
}

function seconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 5 || Number(value) > 3600 || Number(value) % 5 !== 0)
    throw new InvalidArgumentError('must be a multiple of 5 seconds from 5 to 3600');
  return Number(value);
}

interface Options {
  json?: boolean;
  zones: number;
  rate: number;
  fanout: boolean;
  fanoutCount: number;
  scans: boolean;
  measure: number;
  mixed: boolean;
  mixedOnly?: boolean;
}

/** The three phases, each ending at `zones` zones and `rate` scans/s: the targets. */
function phases(zones: number, rate: number, measureSeconds: number): PhaseSpec[] {
  const frequency = zones / rate;
  return [
    {
      name: 'steady',
      initialZones: zones,
      initialFrequencySeconds: frequency,
      targetRate: rate,
      warmupSeconds: 10,
      measureSeconds,
    },
    {
      name: 'onboarding_10x',
      initialZones: zones / 10,
      onboardZones: zones - zones / 10,
      initialFrequencySeconds: frequency,
      targetRate: rate,
      warmupSeconds: 15,
      measureSeconds,
    },
    {
      name: 'frequency_halved',
      initialZones: zones,
      initialFrequencySeconds: frequency * 2,
      newFrequencySeconds: frequency,
      targetRate: rate,
      warmupSeconds: 15,
      measureSeconds,
    },
  ];
}

/** `bench schedule`: our scheduler against the naive one, plus the fan-out designs and the bare ceiling. */
export function registerBenchScheduleCommand(bench: Command, context: () => BenchContext): void {
  bench
    .command('schedule')
    .description(
      'scans started per 5 s bucket: steady state, 10× onboarding, frequency halved; naive scheduler beside; fan-out designs (own dev servers and database; ~7 min)',
    )
    .option('--json', 'also print the result as one JSON line (last line)')
    .option('--zones <count>', 'zones at the end of each phase', count, 20_000)
    .option('--rate <scans-per-second>', 'target scans per second', rate, 50)
    .option('--no-fanout', 'skip the fan-out and bare-ceiling measurements')
    .option('--fanout-count <count>', 'empty workflows per fan-out measurement', count, 600)
    .option('--measure <seconds>', "seconds measured after each phase's change (a multiple of 5)", seconds, 40)
    .option('--no-scans', 'only start the scans (no lane worker runs them)')
    .option('--no-mixed', 'skip the mixed-plan phase (70 % free, 25 % pro, 5 % enterprise; enterprise halved)')
    .option('--mixed-only', 'run only the mixed-plan phase (no single-frequency phases, no naive scheduler)')
    .action(async (options: Options) => {
      const ctx = context();
      const progress = (line: string) => process.stderr.write(`[bench schedule] ${line}\n`);
      // ERROR only: the table and the JSON line are the output; workers' warnings would bury them.
      Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
      const db = await openBenchDatabase(ctx.config, ctx.log);
      try {
        const fanout: FanoutReport | null = options.fanout
          ? await runFanoutSuite(ctx.config, ctx.log, { count: options.fanoutCount, perTick: 250 }, progress)
          : null;
        const benchConfig = { ...ctx.config, temporal: { ...ctx.config.temporal, address: undefined } };
        const server = await provisionTemporal(benchConfig, ctx.log, {
          persistence: 'memory',
          dataDir: '.',
          port: await freePort(),
          uiPort: await freePort(),
        });
        const ours: PhaseResult[] = [];
        const naive: PhaseResult[] = [];
        let mixed: MixedPlansResult | null = null;
        try {
          const connection = await NativeConnection.connect({ address: server.address });
          const clientConnection = await Connection.connect({ address: server.address });
          const client = new Client({ connection: clientConnection, namespace: ctx.config.temporal.namespace });
          const env = {
            config: ctx.config,
            log: ctx.log,
            pool: db.pool,
            client,
            connection,
            workflowBundle: await bundleWorkflows(),
            runScans: options.scans,
          };
          for (const spec of options.mixedOnly ? [] : phases(options.zones, options.rate, options.measure)) {
            ours.push(await runSchedulerPhase(env, spec));
            progress(`scheduler ${spec.name}: ${JSON.stringify(ours[ours.length - 1])}`);
          }
          if (options.mixed) {
            mixed = await runMixedPlansPhase(env, {
              zones: options.zones,
              rate: options.rate,
              warmupSeconds: 15,
              measureSeconds: options.measure,
            });
            progress(`scheduler mixed_plans: ${JSON.stringify(mixed)}`);
          }
          await clientConnection.close();
          await connection.close();
        } finally {
          await server.stop();
        }
        for (const spec of options.mixedOnly ? [] : phases(options.zones, options.rate, options.measure)) {
          naive.push(await runNaivePhase(db.pool, spec.name === 'steady' ? { ...spec, warmupSeconds: 0 } : spec));
          progress(`naive ${spec.name}: ${JSON.stringify(naive[naive.length - 1])}`);
        }
        process.stdout.write(formatScheduleReport(ours, naive, fanout));
        if (mixed) process.stdout.write(formatMixedPlans(mixed));
        if (options.json) {
          const strip = (phase: PhaseResult) => ({
            name: phase.name,
            target_rate: phase.target_rate,
            max_bucket_ratio: phase.max_bucket_ratio,
            min_bucket_ratio: phase.min_bucket_ratio,
          });
          process.stdout.write(
            `${JSON.stringify({ bench: 'schedule', phases: ours.map(strip), naive: { phases: naive.map(strip) }, fanout, mixed_plans: mixed && { ...strip(mixed), plans: mixed.plans } })}\n`,
          );
        }
      } finally {
        await db.stop();
      }
    });
}
