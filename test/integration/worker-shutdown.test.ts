import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { schedulerWorkflowId } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { jsonLines, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const GRACE_SECONDS = 8;

/**
 * SIGTERM to a worker process in the middle of scans whose checks take 1.5–2.5 s: the worker
 * takes no new tasks, lets the running checks and persists finish within WORKER_SHUTDOWN_GRACE
 * and says so; a second worker finishes the rest. Every started scan is persisted once, and no
 * check was cut short (every scan completed all its checks).
 */
describe('graceful worker shutdown', () => {
  const db = useTestDatabase();
  const workers: WorkerProcess[] = [];
  let connection: Connection | undefined;
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await connection?.close();
  });

  it('when a worker gets SIGTERM mid-scans, then running checks finish within the grace time, the log says so, and no scan is lost', async () => {
    await buildAccountWithZones(db.pool, { count: 40 });
    const prefix = `shutdown-${Math.random().toString(36).slice(2, 8)}`;
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE_PREFIX: prefix,
      WORKER_METRICS_PORT: '0',
      SCAN_FREQUENCY: '20s',
      SCHEDULER_TICK: '1s',
      SYNTHETIC_MIN_LATENCY_MS: '1500',
      SYNTHETIC_MAX_LATENCY_MS: '2500',
      FAST_LANE_BUDGET: '10s',
      FAST_LANE_LOCAL_ACTIVITIES: 'false',
      WORKER_SHUTDOWN_GRACE: `${GRACE_SECONDS}s`,
      LOG_LEVEL: 'info',
    };
    const first = startWorkerProcess(env);
    workers.push(first);
    connection = await Connection.connect({ address: inject('temporalAddress') });
    const client = new Client({ connection });
    const persisted = async () =>
      (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM scans')).rows[0]?.n ?? 0;
    const startedScans = async () =>
      (await client.workflow.count(`WorkflowType = 'scanZone' AND TaskQueue = '${prefix}-fast'`)).count;

    // Mid-scans: some persisted, more started than persisted (checks running).
    await eventually(
      async () => ((await persisted()) >= 3 && (await startedScans()) > (await persisted()) + 2 ? true : undefined),
      90_000,
      () => `scans in flight; worker output:\n${first.lines().slice(-10).join('\n')}`,
    );
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const stopSeconds = (Date.now() - signalledAt) / 1000;

    const lines = jsonLines(first.lines());
    const stopping = lines.find((l) => String(l.msg).startsWith('SIGTERM received: workers take no new tasks'));
    const stopped = lines.find((l) => String(l.msg).startsWith('workers stopped'));
    expect(code).toBe(0);
    expect(stopping, first.lines().slice(-20).join('\n')).toBeDefined();
    const running = stopping?.running as { activities: number; localActivities: number; workflowTasks: number };
    // The test exercises the grace time: checks were running when the signal came.
    expect(running.activities).toBeGreaterThan(0);
    expect(stopping?.graceSeconds).toBe(GRACE_SECONDS);
    expect(String(stopped?.msg)).toMatch(/^workers stopped in [\d.]+ s; every running check and persist finished$/);
    expect(stopSeconds).toBeLessThan(GRACE_SECONDS + 5);
    console.log(
      `shutdown figures: ${JSON.stringify({ running, stopSeconds, stoppedLine: stopped?.msg, persistedAtStop: await persisted() })}`,
    );

    // A second worker takes over; once the scheduler is stopped, every started scan completes.
    const second = startWorkerProcess({ ...env, WORKER_SHUTDOWN_GRACE: '1s' });
    workers.push(second);
    // Its start-up makes sure a scheduler runs: stop the scheduler only once that is done, or it starts a new one.
    await eventually(
      async () => (second.lines().some((line) => line.includes('"msg":"worker running')) ? true : undefined),
      60_000,
      () => `the second worker to run; its output:\n${second.lines().slice(-10).join('\n')}`,
    );
    await client.workflow.getHandle(schedulerWorkflowId(prefix)).terminate('shutdown test over');
    await eventually(
      async () =>
        (
          await client.workflow.count(
            `WorkflowType = 'scanZone' AND TaskQueue = '${prefix}-fast' AND ExecutionStatus = 'Running'`,
          )
        ).count === 0
          ? true
          : undefined,
      90_000,
      () => `every started scan to finish; the second worker's output:\n${second.lines().slice(-15).join('\n')}`,
    );
    const started = await startedScans();
    const notCompleted = await client.workflow.count(
      `WorkflowType = 'scanZone' AND TaskQueue = '${prefix}-fast' AND ExecutionStatus != 'Completed'`,
    );
    expect(notCompleted.count).toBe(0);
    const rows = await db.pool.query<{ n: number; distinct_workflows: number; not_completed: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT workflow_id)::int AS distinct_workflows,
              count(*) FILTER (WHERE outcome <> 'completed')::int AS not_completed
       FROM scans`,
    );
    // One row per started scan (none lost, none doubled), and every check of every scan completed.
    expect(rows.rows[0]).toEqual({ n: started, distinct_workflows: started, not_completed: 0 });
  }, 240_000);
});
