import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../libs/config';
import { freePort } from '../../libs/runtime';
import { provisionTemporal, type TemporalEndpoint } from '../../libs/devstack';
import { schedulerWorkflowId } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const WORKER_MAIN = path.join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'main.js');
const log = createLogger('silent');

/**
 * Crash tests against a file-backed Temporal dev server of their own: while scans run, a
 * worker is SIGKILLed, the Temporal server restarts, and PostgreSQL's connections are cut.
 * Afterwards every claimed zone has been scanned exactly once per claim, and nothing is doubled.
 */
describe('durability while scans run', () => {
  const db = useTestDatabase();
  let temporal: TemporalEndpoint;
  let client: Client;
  let connection: Connection;
  let worker: ChildProcess | undefined;
  const prefix = `dur-${Math.random().toString(36).slice(2, 8)}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'si-durability-'));
  let ports: { port: number; uiPort: number };

  async function startTemporal(): Promise<void> {
    temporal = await provisionTemporal(loadConfig({}), log, { persistence: 'file', dataDir, ...ports });
  }

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporal.address,
        TASK_QUEUE_PREFIX: prefix,
        WORKER_LANES: 'scheduler,fast,slow',
        WORKER_METRICS_PORT: '0',
        SCAN_FREQUENCY: '20s',
        SCHEDULER_TICK: '1s',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return child;
  }

  async function scansSoFar(): Promise<number> {
    return (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM scans')).rows[0]?.n ?? 0;
  }

  async function waitForMoreScans(than: number, what: string): Promise<number> {
    return eventually(
      async () => {
        const n = await scansSoFar();
        return n >= than + 20 ? n : undefined;
      },
      90_000,
      what,
    );
  }

  beforeAll(async () => {
    await buildAccountWithZones(db.pool, { count: 200 });
    ports = { port: await freePort(), uiPort: await freePort() };
    await startTemporal();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
    worker = startWorker();
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
    await temporal?.stop();
  });

  it('when a worker is SIGKILLed, the Temporal server restarts and PostgreSQL connections are cut, then no claimed scan is lost or doubled', async () => {
    let seen = await waitForMoreScans(0, 'the first scans');

    // (a) SIGKILL the worker mid-flight, start a new one.
    worker?.kill('SIGKILL');
    worker = startWorker();
    seen = await waitForMoreScans(seen, 'scans after the worker was killed');

    // (b) Restart the Temporal dev server on the same file and ports.
    await connection.close();
    await temporal.stop();
    await startTemporal();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
    seen = await waitForMoreScans(seen, 'scans after the Temporal server restarted');

    // (c) Cut every PostgreSQL connection of the worker (the test's own pool is named apart).
    const cut = await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'security-insights'`,
    );
    expect(cut.rowCount).toBeGreaterThan(0);
    await waitForMoreScans(seen, 'scans after PostgreSQL connections were cut (the scheduler resumes on its own)');

    // Stop scheduling, then let every started scan finish. The scheduler's start activity may
    // still be starting scans of its last tick after the termination (it runs on until it is
    // told), so "done" is: nothing running and no new scan for 5 s in a row.
    await client.workflow.getHandle(schedulerWorkflowId(prefix)).terminate('durability test over');
    let quietSince = Date.now();
    let lastStarted = -1;
    await eventually(
      async () => {
        const started = (await client.workflow.count(`WorkflowType = 'scanZone'`)).count;
        const running = (await client.workflow.count(`WorkflowType = 'scanZone' AND ExecutionStatus = 'Running'`))
          .count;
        if (running > 0 || started !== lastStarted) quietSince = Date.now();
        lastStarted = started;
        return Date.now() - quietSince >= 5_000 ? true : undefined;
      },
      120_000,
      'running scans to finish and no new scan to start for 5 s',
    );

    // Each scan that did not complete, with its status and failure, so a red run says why.
    const notCompleted: string[] = [];
    for await (const run of client.workflow.list({
      query: `WorkflowType = 'scanZone' AND ExecutionStatus != 'Completed'`,
    })) {
      const failure = await client.workflow
        .getHandle(run.workflowId, run.runId)
        .result()
        .then(
          () => '',
          (error: unknown) => describeFailure(error),
        );
      notCompleted.push(`${run.workflowId} ${run.status.name}: ${failure}`);
    }
    expect(notCompleted).toEqual([]);
    const started = await client.workflow.count(`WorkflowType = 'scanZone'`);
    const scans = await db.pool.query<{ n: number; distinct_workflows: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT workflow_id)::int AS distinct_workflows FROM scans',
    );
    // One scans row per started scan workflow: none lost, none doubled.
    expect(scans.rows[0]).toEqual({ n: started.count, distinct_workflows: started.count });

    // Every zone's latest claim has its scan.
    const unscanned = await db.pool.query(
      `SELECT z.id FROM zones z
       WHERE z.claim_tick IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.workflow_id = 'scan:' || z.id || ':' || z.claim_tick)`,
    );
    expect(unscanned.rows).toEqual([]);

    const duplicates = await db.pool.query(
      `SELECT zone_id, fingerprint FROM insights GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(duplicates.rows).toEqual([]);
  }, 600_000);
});

/** A workflow failure and its causes on one line: "WorkflowFailedError: … <- ActivityFailure: … <- …". */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) {
    parts.push(`${e.name}: ${e.message}`);
  }
  return parts.join(' <- ');
}
