import type { Client } from '@temporalio/client';
import { laneTaskQueue } from '../../../libs/contract';
import { SchedulerControl, schedulerInputFromConfig } from '../../../libs/temporal';
import { createWorkerSet } from '../../../libs/worker';
import { bucketize, seedBenchZones } from './bench-zones';
import { BUCKET_SECONDS, type ScheduleBenchEnv } from './schedule.bench';

/** The mix of the issue: 70 % free, 25 % pro, 5 % enterprise; frequencies in the 7 : 3 : 1 ratio of the defaults. */
const MIX = [
  { plan: 'free', share: 0.7, days: 7 },
  { plan: 'pro', share: 0.25, days: 3 },
  { plan: 'enterprise', share: 0.05, days: 1 },
] as const;

/** One plan's figures over the measured window. */
export interface MixedPlanResult {
  plan: string;
  zones: number;
  target_frequency_s: number;
  achieved_frequency_s: number | null;
  /** achieved / target: 1 is exact; the target is ±10 %. */
  ratio: number | null;
}

export interface MixedPlansResult {
  name: 'mixed_plans';
  zones: number;
  /** Scans/s all plans ask for after the change (enterprise frequency halved). */
  target_rate: number;
  max_bucket_ratio: number;
  min_bucket_ratio: number;
  buckets: number[];
  plans: MixedPlanResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The scheduler in plans mode on a mixed population sized so the plans ask for `rate` scans/s
 * in all; after a warm-up, enterprise's frequency is halved through the per-plan update (the
 * change of the issue: enterprise faster without raising everyone). Measured after the change:
 * scans per 5-s bucket against the new total target, and per plan the achieved frequency
 * (its zones / its scans per second) against its target.
 */
export async function runMixedPlansPhase(
  env: ScheduleBenchEnv,
  options: { zones: number; rate: number; warmupSeconds: number; measureSeconds: number },
): Promise<MixedPlansResult> {
  await env.pool.query('TRUNCATE accounts CASCADE');
  // The bench's own database: zones are seeded for the bench frequencies, not re-spread from a previous run's.
  await env.pool.query('UPDATE plans SET spread_seconds = NULL');
  // Unit u such that Σ zones of plan / (days × u) = rate.
  const unit = MIX.reduce((total, m) => total + (options.zones * m.share) / m.days, 0) / options.rate;
  const frequencies: Record<string, number> = Object.fromEntries(MIX.map((m) => [m.plan, m.days * unit]));
  frequencies.business = 3 * unit;
  const counts = new Map<string, number>();
  for (const m of MIX) {
    const zones = Math.round(options.zones * m.share);
    counts.set(m.plan, zones);
    await seedBenchZones(env.pool, {
      zones,
      accounts: Math.max(1, Math.round(100 * m.share)),
      frequencySeconds: frequencies[m.plan] as number,
      jitter: true,
      label: `mixed-${m.plan}`,
      plan: m.plan,
    });
  }
  const prefix = `bench-mixed-${Date.now().toString(36)}`;
  const workers = await createWorkerSet({
    connection: env.connection,
    namespace: env.config.temporal.namespace,
    taskQueuePrefix: prefix,
    roles: env.runScans ? ['scheduler', 'fast', 'slow'] : ['scheduler'],
    pool: env.pool,
    checkers: new Map([['noop', { id: 'noop', run: async () => [] }]]),
    log: env.log,
    persist: env.config.persist,
    lanes: env.config.lanes,
    workflowBundle: env.workflowBundle,
  });
  const running = workers.run();
  const control = new SchedulerControl({
    connect: async () => env.client,
    taskQueuePrefix: prefix,
    namespace: env.client.options.namespace,
    address: 'the bench server',
  });
  let stopped = false;
  const stopWorkers = async () => {
    if (stopped) return;
    stopped = true;
    workers.shutdown();
    await running;
  };
  try {
    await control.ensureRunning({
      ...schedulerInputFromConfig(env.config, ['noop']),
      taskQueuePrefix: prefix,
      tickSeconds: 5,
      frequencyMode: 'plans',
      planFrequencies: frequencies,
    });
    await sleep(options.warmupSeconds * 1000);
    const enterprise = (frequencies.enterprise as number) / 2;
    await control.setFrequency({ plans: { enterprise } });
    const targets: Record<string, number> = { ...frequencies, enterprise };
    const fromMs = Date.now();
    await sleep(options.measureSeconds * 1000);
    await stopWorkers();
    const starts = await scanStarts(env.client, prefix, fromMs);
    const plans = await zonePlans(env, [...new Set(starts.map((s) => s.zoneId))]);
    const targetRate = MIX.reduce(
      (total, m) => total + (counts.get(m.plan) as number) / (targets[m.plan] as number),
      0,
    );
    const buckets = bucketize(
      starts.map((s) => s.at),
      fromMs,
      options.measureSeconds / BUCKET_SECONDS,
      BUCKET_SECONDS * 1000,
    );
    const ratios = buckets.map((count) => count / (targetRate * BUCKET_SECONDS));
    const measured = starts.filter((s) => s.at >= fromMs && s.at < fromMs + options.measureSeconds * 1000);
    return {
      name: 'mixed_plans',
      zones: options.zones,
      target_rate: round(targetRate),
      max_bucket_ratio: round(Math.max(...ratios)),
      min_bucket_ratio: round(Math.min(...ratios)),
      buckets,
      plans: MIX.map((m) => {
        const scans = measured.filter((s) => plans.get(s.zoneId) === m.plan).length;
        const zones = counts.get(m.plan) as number;
        const achieved = scans > 0 ? zones / (scans / options.measureSeconds) : null;
        const target = targets[m.plan] as number;
        return {
          plan: m.plan,
          zones,
          target_frequency_s: round(target, 1),
          achieved_frequency_s: achieved === null ? null : round(achieved, 1),
          ratio: achieved === null ? null : round(achieved / target),
        };
      }),
    };
  } finally {
    await stopWorkers();
    await env.client.workflow
      .getHandle(control.workflowId)
      .terminate('bench phase over')
      .catch(() => undefined);
  }
}

/** Start time and zone of each scan the phase started (the zone id is in the workflow id `scan:<zone>:<tick>`). */
async function scanStarts(
  client: Client,
  prefix: string,
  fromMs: number,
): Promise<Array<{ at: number; zoneId: string }>> {
  await sleep(2000); // visibility trails the starts slightly
  const query = `WorkflowType = 'scanZone' AND TaskQueue = '${laneTaskQueue(prefix, 'fast')}' AND StartTime >= '${new Date(fromMs - 1000).toISOString()}'`;
  const starts: Array<{ at: number; zoneId: string }> = [];
  for await (const execution of client.workflow.list({ query, pageSize: 1000 }))
    starts.push({ at: execution.startTime.getTime(), zoneId: execution.workflowId.split(':')[1] as string });
  return starts;
}

async function zonePlans(env: ScheduleBenchEnv, zoneIds: string[]): Promise<Map<string, string>> {
  const rows = await env.pool.query<{ id: string; plan: string }>(
    `SELECT id, plan FROM zones WHERE id = ANY($1::uuid[])`,
    [zoneIds],
  );
  return new Map(rows.rows.map((row) => [row.id, row.plan]));
}
