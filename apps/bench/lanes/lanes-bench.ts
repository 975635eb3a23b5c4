import { randomBytes } from 'node:crypto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createSyntheticChecker, syntheticPlan, type SyntheticOptions } from '../../../libs/checkers';
import { loadConfig, type Config, type Logger } from '../../../libs/config';
import { createAccount, insertZones, setAccountZonesStatus } from '../../../libs/db';
import { type LanePolicy } from '../../../libs/domain';
import {
  laneTaskQueue,
  scanWorkflowId,
  accountIdKey,
  laneKey,
  zoneIdKey,
  SCAN_ZONE_WORKFLOW,
  type ScanZoneWorkflow,
} from '../../../libs/contract';
import { createWorkerSet, type WorkerRole } from '../../../libs/worker';
import type { BenchTemporal } from '../shared/bench-temporal';
import { summariseFastScans, type LaneFigures } from './latency-stats';

export const LANE_SETUPS = ['baseline', 'two_lanes', 'single_lane'] as const;
export type LaneSetup = (typeof LANE_SETUPS)[number];

export interface LanesBenchOptions {
  zones: number;
  slowFraction: number;
  slowLatencyMs: number;
  /** Scans started per second, as a scheduler would claim them. */
  rate: number;
  fastSlots: number;
  slowSlots: number;
  workflowTasks: number;
  policy: LanePolicy;
}

export interface LaneSetupResult extends LaneFigures {
  setup: LaneSetup;
  /** Scans that ended on the slow lane (moved there after overrunning the fast budget). */
  movedToSlow: number;
  /** Scans not persisted when the setup's wait ended; their workflows were terminated. */
  unfinished: number;
  /** Scans actually started per second. */
  startRate: number;
}

export interface LanesBenchDeps {
  pool: Pool;
  temporal: BenchTemporal;
  workflowBundle: WorkflowBundleWithSourceMap;
  log: Logger;
  progress: (line: string) => void;
}

/** Zone names shared by the setups, so (b) and (c) have the very same slow zones. */
function benchZoneNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `z-${String(i + 1).padStart(5, '0')}.bench-lanes.example.com`);
}

/**
 * One setup: its own account, zones, task-queue prefix and workers; scans started at the
 * given rate as the scheduler would; figures from the `scans` rows of the fast zones.
 */
export async function runLaneSetup(
  deps: LanesBenchDeps,
  setup: LaneSetup,
  options: LanesBenchOptions,
): Promise<LaneSetupResult> {
  const { pool, temporal } = deps;
  const id = randomBytes(3).toString('hex');
  const prefix = `bench-lanes-${id}`;
  const accountId = await createAccount(pool, `bench lanes ${setup} ${id}`);
  await insertZones(pool, accountId, benchZoneNames(options.zones), 3600);
  // Paused: a scheduler running on the same database must not claim the benchmark's zones.
  await setAccountZonesStatus(pool, accountId, 'paused');
  const zones = (
    await pool.query<{ id: string; name: string }>('SELECT id, name FROM zones WHERE account_id = $1 ORDER BY name', [
      accountId,
    ])
  ).rows;

  const synthetic: SyntheticOptions = {
    seed: 'bench-lanes',
    minLatencyMs: 5,
    maxLatencyMs: 50,
    slowFraction: setup === 'baseline' ? 0 : options.slowFraction,
    slowLatencyMs: options.slowLatencyMs,
    meanFindings: 5,
  };
  const single = setup === 'single_lane';
  const roles: WorkerRole[] = single ? ['fast'] : ['fast', 'slow'];
  const lanes: Config['lanes'] = single
    ? {
        // One lane with the two lanes' slots together; nothing is ever moved off it.
        policy: { ...options.policy, fastBudgetMs: options.policy.slowBudgetMs },
        fast: { activities: options.fastSlots + options.slowSlots, workflowTasks: 2 * options.workflowTasks },
        slow: { activities: 1, workflowTasks: 2 },
      }
    : {
        policy: options.policy,
        fast: { activities: options.fastSlots, workflowTasks: options.workflowTasks },
        slow: { activities: options.slowSlots, workflowTasks: options.workflowTasks },
      };
  const checker = createSyntheticChecker(synthetic);
  const workers = await createWorkerSet({
    connection: temporal.workerConnection,
    namespace: temporal.namespace,
    taskQueuePrefix: prefix,
    roles,
    pool,
    checkers: new Map([[checker.id, checker]]),
    lanes,
    log: deps.log,
    persist: loadConfig().persist,
    workflowBundle: deps.workflowBundle,
  });
  const running = workers.run();
  try {
    const claimedAt = await startScans(deps, zones, accountId, prefix, options.rate);
    const startSpan = Math.max(...claimedAt.values()) - Math.min(...claimedAt.values());
    const finished = await waitForScans(deps, setup, accountId, zones.length, options);
    const rows = (
      await pool.query<{ zone_id: string; name: string; lane: string; finished_at: Date }>(
        `SELECT s.zone_id, z.name, s.lane, s.finished_at FROM scans s JOIN zones z ON z.id = s.zone_id WHERE z.account_id = $1`,
        [accountId],
      )
    ).rows;
    const fast = rows.filter((row) => syntheticPlan(row.name, synthetic).latencyMs < options.slowLatencyMs);
    const figures = summariseFastScans(
      fast.map((row) => ({
        claimedAtMs: claimedAt.get(row.zone_id) as number,
        persistedAtMs: row.finished_at.getTime(),
      })),
    );
    const done = new Set(rows.map((row) => row.zone_id));
    const unfinished = zones.filter((zone) => !done.has(zone.id));
    await Promise.all(
      unfinished.map((zone) =>
        temporal.client.workflow
          .getHandle(scanWorkflowId(zone.id, `bench-${id}`))
          .terminate('benchmark setup over')
          .catch(() => undefined),
      ),
    );
    if (!finished)
      deps.progress(`${setup}: ${unfinished.length} scans still running at the end of the wait; terminated`);
    return {
      setup,
      ...figures,
      movedToSlow: rows.filter((row) => row.lane === 'slow').length,
      unfinished: unfinished.length,
      startRate: Math.round((zones.length / Math.max(0.001, startSpan / 1000)) * 10) / 10,
    };
  } finally {
    workers.shutdown();
    await running.catch((error: unknown) => deps.log.warn({ err: error }, 'a benchmark worker failed while stopping'));
    await pool.query('DELETE FROM accounts WHERE id = $1', [accountId]);
  }
}

/** Starts one scan per zone at `rate` per second (in small batches); returns each zone's claim time. */
async function startScans(
  deps: LanesBenchDeps,
  zones: Array<{ id: string; name: string }>,
  accountId: string,
  prefix: string,
  rate: number,
): Promise<Map<string, number>> {
  const claimedAt = new Map<string, number>();
  const runTag = prefix.replace('bench-lanes-', 'bench-');
  const t0 = Date.now();
  let next = 0;
  while (next < zones.length) {
    const due = Math.min(zones.length, Math.floor(((Date.now() - t0) * rate) / 1000) + 1);
    const batch = zones.slice(next, due);
    next = due;
    await Promise.all(
      batch.map((zone) => {
        claimedAt.set(zone.id, Date.now());
        return deps.temporal.client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
          workflowId: scanWorkflowId(zone.id, runTag),
          taskQueue: laneTaskQueue(prefix, 'fast'),
          args: [{ zoneId: zone.id, accountId, zoneName: zone.name, lane: 'fast', checkers: ['synthetic'] }],
          typedSearchAttributes: [
            { key: zoneIdKey, value: zone.id },
            { key: accountIdKey, value: accountId },
            { key: laneKey, value: 'fast' },
          ],
        });
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return claimedAt;
}

/** Waits until every zone's scan is persisted, or gives up after the slow checks' worth of extra time. */
async function waitForScans(
  deps: LanesBenchDeps,
  setup: LaneSetup,
  accountId: string,
  expected: number,
  options: LanesBenchOptions,
): Promise<boolean> {
  const deadline = Date.now() + 60_000 + 3 * (options.policy.fastBudgetMs + options.slowLatencyMs);
  let lastReport = 0;
  for (;;) {
    const { rows } = await deps.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM scans s JOIN zones z ON z.id = s.zone_id WHERE z.account_id = $1',
      [accountId],
    );
    const done = rows[0]?.n ?? 0;
    if (done >= expected) return true;
    if (Date.now() > deadline) return false;
    if (Date.now() - lastReport > 10_000) {
      deps.progress(`${setup}: ${done}/${expected} scans persisted`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
