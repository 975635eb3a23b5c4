import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../libs/config';
import { freePort } from '../../libs/runtime';
import { provisionTemporal, type TemporalEndpoint } from '../../libs/devstack';
import { buildAccountWithZones } from '../support/factories';
import { expectEveryClaimScannedOnce, stopSchedulerAndDrain, waitForMoreScans } from '../support/scan-invariants';
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

  const waitForMore = (than: number, what: string) => waitForMoreScans(db.pool, than, what);

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
    let seen = await waitForMore(0, 'the first scans');

    // (a) SIGKILL the worker mid-flight, start a new one.
    worker?.kill('SIGKILL');
    worker = startWorker();
    seen = await waitForMore(seen, 'scans after the worker was killed');

    // (b) Restart the Temporal dev server on the same file and ports.
    await connection.close();
    await temporal.stop();
    await startTemporal();
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
    seen = await waitForMore(seen, 'scans after the Temporal server restarted');

    // (c) Cut every PostgreSQL connection of the worker (the test's own pool is named apart).
    const cut = await db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'security-insights'`,
    );
    expect(cut.rowCount).toBeGreaterThan(0);
    await waitForMore(seen, 'scans after PostgreSQL connections were cut (the scheduler resumes on its own)');

    // Stop scheduling, let every started scan finish, then check every claim was scanned once.
    await stopSchedulerAndDrain(client, prefix);
    await expectEveryClaimScannedOnce(client, db.pool);
  }, 600_000);
});
