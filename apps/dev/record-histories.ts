import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection } from '@temporalio/worker';
import { buildCheckers } from '../../libs/checkers';
import { createLogger, dataDirPath, loadConfig, projectRoot } from '../../libs/config';
import { createAccount, insertZones, openDatabase } from '../../libs/db';
import { provisionDatabase, provisionTemporal } from '../../libs/devstack';
import { buildNotifyDeps } from '../../libs/notify';
import { installWorkerRuntime } from '../../libs/observability';
import { CommandFailure, freePort, runMain } from '../../libs/runtime';
import { createWorkerSet, type WorkerSet } from '../../libs/worker';
import { SCENARIO_ZONES, SCENARIOS, type Recorded, type ScenarioContext } from './replay-scenarios';

/** Where the replay test (test/replay/replay.test.ts) reads the histories from. */
export const HISTORIES_DIR = path.join(projectRoot(), 'test', 'replay', 'histories');
/** A database of its own: recording never touches the demo's zones. */
const DATABASE_NAME = 'security_insights_replay_recording';

/**
 * `npm run record-histories [-- scenario…]`: runs the replay scenarios (apps/dev/replay-scenarios.ts)
 * against real workers and a real Temporal dev server (in memory, on free ports; or
 * TEMPORAL_ADDRESS) and writes each recorded history to test/replay/histories/<case>.json.
 * Run it after a workflow change that adds a path, then commit the new files (workflows/README.md).
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0) {
    throw new CommandFailure(
      `unknown scenario(s) ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'record-histories');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // The scenarios provoke warnings on purpose (a bad frequency by signal, a bad scan-now id).
  await installWorkerRuntime({ log: log.child({}, { level: 'error' }), metrics: false, shutdownSignals: [] });

  const dataDir = path.join(dataDirPath(config.dataDir), 'record-histories');
  const database = await openDatabase(
    await provisionDatabase(config, log, { databaseName: DATABASE_NAME, dataDir }),
    log,
    config.database.poolSize,
  );
  const stops: Array<() => Promise<void>> = [database.close];
  try {
    const temporal = await provisionTemporal(config, log, {
      persistence: 'memory',
      dataDir,
      port: config.temporal.address ? undefined : await freePort(),
      uiPort: config.temporal.address ? undefined : await freePort(),
    });
    stops.unshift(temporal.stop);
    say(`Recording histories on ${temporal.address} into ${path.relative(process.cwd(), HISTORIES_DIR)}/`);

    const suffix = Date.now().toString(36);
    const accountId = await createAccount(database.pool, `replay recording ${suffix}`);
    const names = Array.from({ length: SCENARIO_ZONES }, (_, i) => `replay-${i}-${suffix}.example.com`);
    await insertZones(database.pool, accountId, names, 3600);
    const zones = (
      await database.pool.query<{ id: string; name: string }>(
        'SELECT id, name FROM zones WHERE account_id = $1 ORDER BY name',
        [accountId],
      )
    ).rows;

    const policy = { ...config.lanes.policy };
    // Every zone of the second worker set checks for 1.5 s against a 0.5 s fast budget: it overruns.
    const slowZonePolicy = { ...policy, fastBudgetMs: 500 };
    const connection = await NativeConnection.connect({ address: temporal.address });
    stops.unshift(() => connection.close());
    const workerSet = async (prefix: string, env: Record<string, string>, lanePolicy = policy) => {
      // The notification scenario's receivers listen on loopback: the network guard admits 127.0.0.1 alone.
      const workerConfig = loadConfig({ ...process.env, NET_ALLOWLIST: '127.0.0.1/32', ...env });
      const set: WorkerSet = await createWorkerSet({
        connection,
        namespace: temporal.namespace,
        taskQueuePrefix: prefix,
        roles: ['scheduler', 'notify', 'fast', 'slow'],
        notify: buildNotifyDeps(workerConfig, log),
        pool: database.pool,
        checkers: buildCheckers(workerConfig),
        lanes: { ...workerConfig.lanes, policy: lanePolicy },
        log,
        persist: workerConfig.persist,
      });
      const running = set.run();
      stops.unshift(async () => {
        set.shutdown();
        await running;
      });
    };
    const prefix = `replay-${suffix}`;
    const slowPrefix = `replay-slow-${suffix}`;
    await workerSet(prefix, { SCAN_CHECKERS: 'synthetic', SYNTHETIC_SLOW_PERCENT: '0' });
    await workerSet(
      slowPrefix,
      { SCAN_CHECKERS: 'synthetic', SYNTHETIC_SLOW_PERCENT: '100', SYNTHETIC_SLOW_LATENCY_MS: '1500' },
      slowZonePolicy,
    );

    const clientConnection = await Connection.connect({ address: temporal.address });
    stops.unshift(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
    const ctx: ScenarioContext = {
      client,
      pool: database.pool,
      prefix,
      slowPrefix,
      accountId,
      zones,
      policy,
      slowZonePolicy,
    };

    await mkdir(HISTORIES_DIR, { recursive: true });
    const selected = wanted.length > 0 ? wanted : Object.keys(SCENARIOS);
    for (const scenario of selected) {
      const recorded: Recorded[] = await (SCENARIOS[scenario] as (c: ScenarioContext) => Promise<Recorded[]>)(ctx);
      for (const { name, workflowId, runId } of recorded) {
        const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = path.join(HISTORIES_DIR, `${name}.json`);
        const json = historyToJSON(history);
        await writeFile(file, `${json}\n`);
        say(`  ${name}.json  ${history.events?.length ?? 0} events, ${Math.round(json.length / 1024)} KiB`);
      }
    }
    say('Done. Commit the files, and say in the commit which workflow change they cover.');
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => log.warn({ err: error }, 'error while stopping'));
  }
}

runMain('record-histories', main);
