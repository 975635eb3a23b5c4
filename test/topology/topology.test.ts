import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../libs/config';
import { createApiKey, createClient, withDatabase } from '../../libs/db';
import { ensureTemporalServer, startCluster, type Cluster } from '../../libs/devstack';
import { buildAccountWithZones } from '../support/factories';
import { expectEveryClaimScannedOnce, stopSchedulerAndDrain, waitForMoreScans } from '../support/scan-invariants';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const log = createLogger('silent');
const root = path.join(__dirname, '..', '..');

interface Sample {
  /** When the request was sent. */
  at: number;
  /** When it answered or failed. */
  endedAt: number;
  ok: boolean;
  detail: string;
}

/**
 * The production shape (`npm run cluster`): a Temporal server built from its Go module on
 * PostgreSQL, the scheduler, two fast workers, a slow worker and two API instances behind the
 * failover proxy, each a process of its own. While scans run: a fast worker is SIGKILLed, the
 * Temporal server restarts, the active API is SIGKILLed (the passive one takes over), and
 * every worker is restarted one by one onto a changed configuration. Afterwards every claim
 * was scanned exactly once, nothing is doubled, the scheduler resumed, and the API answered
 * throughout except during the failover it measures.
 */
describe('the production shape under kill, restart, failover and a rolling restart', () => {
  const db = useTestDatabase();
  const suffix = Math.random().toString(36).slice(2, 8);
  const prefix = `topo-${suffix}`;
  const temporalDatabase = `si_topology_${suffix}`;
  let cluster: Cluster | undefined;
  let connection: Connection | undefined;
  let token: string;
  const samples: Sample[] = [];
  let sampling = true;
  let sampler: Promise<void> | undefined;

  beforeAll(async () => {
    await buildAccountWithZones(db.pool, { count: 200 });
    token = (await createApiKey(db.pool, null, 'topology test')).token;
    // Built once per machine and cached (cold: several minutes, under a machine-wide lock).
    const build = await ensureTemporalServer(log);
    cluster = await startCluster({
      build,
      databaseUrl: db.url,
      adminUrl: withDatabase(db.url, 'postgres'),
      temporalDatabase,
      historyShards: 16,
      namespace: 'default',
      taskQueuePrefix: prefix,
      fastWorkers: 2,
      apiHost: '127.0.0.1',
      apiPort: 0,
      temporalPort: 0,
      dataDir: mkdtempSync(path.join(tmpdir(), 'si-topology-')),
      root,
      baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
      env: { LOG_LEVEL: 'warn', SCAN_FREQUENCY: '20s', SCHEDULER_TICK: '1s', WORKER_SHUTDOWN_GRACE: '10s' },
      log,
    });
    connection = await Connection.connect({ address: cluster.temporal.address });
    sampler = sampleApi();
  }, 40 * 60_000);

  afterAll(async () => {
    sampling = false;
    await sampler;
    await connection?.close();
    await cluster?.stop();
    const admin = createClient({ connectionString: withDatabase(db.url, 'postgres') });
    await admin.connect();
    for (const name of [temporalDatabase, `${temporalDatabase}_visibility`])
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }, 180_000);

  /** GET /zones through the proxy, one request at a time, all test long. */
  async function sampleApi(): Promise<void> {
    while (sampling) {
      const at = Date.now();
      const sample = await fetch(`${cluster?.api.url}/zones?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15_000),
      }).then(
        async (response) => {
          await response.body?.cancel();
          return { at, endedAt: Date.now(), ok: response.status === 200, detail: `HTTP ${response.status}` };
        },
        (error: unknown) => ({
          at,
          endedAt: Date.now(),
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
        }),
      );
      samples.push(sample);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it(
    'when a fast worker is SIGKILLed, the Temporal server restarts, the active API dies and every worker is rolled onto a new configuration, then every claim is scanned once and the API served throughout but for the failover',
    async () => {
      const c = cluster as Cluster;
      let client = new Client({ connection: connection as Connection });
      let seen = await waitForMoreScans(db.pool, 0, 'the first scans');

      // (a) SIGKILL one fast worker; the other keeps scanning; it comes back as a supervisor would restart it.
      const fast = c.byName('worker-fast-1');
      await fast.kill('SIGKILL');
      seen = await waitForMoreScans(db.pool, seen, 'scans with one fast worker killed');
      fast.start();
      await fast.waitHealthy();

      // (b) Restart the Temporal server on the same databases and ports.
      await connection?.close();
      await c.temporal.stop();
      await c.temporal.start();
      connection = await Connection.connect({ address: c.temporal.address });
      client = new Client({ connection });
      seen = await waitForMoreScans(db.pool, seen, 'scans after the Temporal server restarted');

      // (c) SIGKILL the active API; the passive one takes the leader lock and the proxy follows.
      const activePort = c.api.target();
      const active = c.processes.find((p) => p.port === activePort);
      expect(active, 'the proxy forwards to one of the API instances').toBeDefined();
      const killedAt = Date.now();
      await active?.kill('SIGKILL');
      const servedAgain = await eventually(
        async () => samples.find((s) => s.at > killedAt && s.ok)?.at,
        60_000,
        'the passive API to serve through the proxy',
      );
      expect(c.api.target()).not.toBe(activePort);
      active?.start();
      await active?.waitHealthy();

      // (d) Rolling restart of every worker onto a changed configuration, one at a time.
      for (const worker of c.processes.filter((p) => p.service.kind === 'worker')) {
        const before = worker.child?.pid;
        await worker.stop();
        worker.start({ DB_POOL_SIZE: '6', LOG_LEVEL: 'error' });
        await worker.waitHealthy();
        expect(worker.child?.pid).not.toBe(before);
      }
      // The scheduler resumes on the new build.
      seen = await waitForMoreScans(db.pool, seen, 'scans after the rolling restart');
      const scheduler = await fetch(`${c.api.url}/scheduler`, { headers: { authorization: `Bearer ${token}` } });
      expect(scheduler.status).toBe(200);

      sampling = false;
      await sampler;
      await stopSchedulerAndDrain(client, prefix);
      await expectEveryClaimScannedOnce(client, db.pool);

      // The API answered every request but those of the failover window: a request still in
      // flight when the active instance was killed belongs to it too, though it was sent before.
      const failures = samples.filter((s) => !s.ok);
      const outside = failures.filter((s) => s.endedAt < killedAt || s.at >= servedAgain);
      const window = `failover window ${new Date(killedAt).toISOString()} to ${new Date(servedAgain).toISOString()}`;
      expect(
        outside.map((s) => `${new Date(s.at).toISOString()}..${new Date(s.endedAt).toISOString()} ${s.detail}`),
        window,
      ).toEqual([]);
      expect(samples.filter((s) => s.ok).length).toBeGreaterThan(10);
      console.info(
        `topology: API failover window ${servedAgain - killedAt} ms (${failures.length} failed of ${samples.length} requests); ${seen}+ scans`,
      );
    },
    20 * 60_000,
  );
});
