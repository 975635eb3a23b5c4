import 'reflect-metadata';
import path from 'node:path';
import pino from 'pino';
import { Command, InvalidArgumentError } from 'commander';
import { createLogger, dataDirPath, loadConfig, projectRoot, StartupError } from '../../libs/config';
import { createApiKey, databaseNameOf, migrate, openDatabase, seedDemo, withDatabase } from '../../libs/db';
import {
  CLUSTER_TEMPORAL,
  ensureTemporalServer,
  provisionDatabase,
  startCluster,
  temporalServerCacheDir,
} from '../../libs/devstack';
import { assertPortFree, runMain } from '../../libs/runtime';
import { prebuiltBundleIsFresh, writePrebuiltBundle } from '../../libs/worker';
import { existsSync } from 'node:fs';

function positiveInteger(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`use a whole number from 1 to ${max}`);
    return n;
  };
}

/**
 * `npm run cluster`: the production shape of docker-compose.yml as processes on this machine —
 * a Temporal server built from its Go module, on PostgreSQL; the scheduler, N fast workers,
 * one slow worker and two API instances (active and passive) behind one failover port — until
 * Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const options = new Command('cluster')
    .description('Run the production shape (docker-compose.yml) as processes on this machine')
    .option('--fast-workers <n>', 'fast-lane worker processes', positiveInteger(32), 2)
    .option(
      '--shards <n>',
      'Temporal history shards of a new cluster (TEMPORAL_HISTORY_SHARDS); fixed once its database exists',
      positiveInteger(16384),
      config.temporal.historyShards,
    )
    .parse(process.argv)
    .opts<{ fastWorkers: number; shards: number }>();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'cluster', pino.destination(2));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const root = projectRoot();
  if (!existsSync(path.join(root, 'dist', 'apps', 'worker', 'main.js'))) {
    throw new StartupError(
      'PATH',
      'dist/ is missing: run npm run build first (npm run cluster runs the built processes).',
    );
  }
  say('Starting the production shape as processes …');
  // Worker processes load the prebuilt workflow bundle (npm run build); made here when stale.
  if (!prebuiltBundleIsFresh()) {
    say('  Bundling the workflow code for the worker processes …');
    await writePrebuiltBundle();
  }
  await assertPortFree(config.api.port, 'API_PORT', 'the API of npm run cluster', config.api.host);
  const dataDir = path.join(dataDirPath(config.dataDir), 'cluster');
  const started = Date.now();

  // PostgreSQL first: its absence is found in a second, a cold server build takes minutes.
  const provisioned = await provisionDatabase(config, log, {
    databaseName: `${config.database.name}_cluster`,
    dataDir: dataDirPath(config.dataDir),
  });
  const build = await ensureTemporalServer(log);
  say(`  Temporal    server ${CLUSTER_TEMPORAL.version} (${build.dir})`);
  const databaseUrl = provisioned.url;
  await migrate(databaseUrl, log);
  const database = await openDatabase(provisioned, log, 2);
  say(
    `  PostgreSQL  ${databaseNameOf(databaseUrl)} (ours), temporal_cluster and temporal_cluster_visibility (Temporal's)`,
  );
  if (config.demoZones > 0) {
    const seeded = await seedDemo(database.pool, config.demoZones, config.scheduler.frequencySeconds);
    if (seeded.added > 0) say(`  Demo data   ${seeded.added} synthetic zones added to the demo account`);
  }

  const cluster = await startCluster({
    build,
    databaseUrl,
    adminUrl: withDatabase(databaseUrl, 'postgres'),
    temporalDatabase: 'temporal_cluster',
    historyShards: options.shards,
    namespace: config.temporal.namespace,
    taskQueuePrefix: config.taskQueuePrefix,
    fastWorkers: options.fastWorkers,
    apiHost: config.api.host,
    apiPort: config.api.port,
    temporalPort: config.temporal.port,
    dataDir,
    root,
    baseEnv: process.env,
    env: { LOG_LEVEL: config.logLevel, DB_POOL_SIZE: String(config.database.poolSize) },
    log,
  });
  const adminKey = await createApiKey(database.pool, null, 'npm run cluster');
  const apiUrl = cluster.api.url;

  say('');
  say(`The cluster is running (${Math.round((Date.now() - started) / 1000)} s to start).`);
  say(`  API           ${apiUrl}   (fails over between the two instances below; dashboard: ${apiUrl}/)`);
  for (const p of cluster.processes.filter((p) => p.service.kind === 'api'))
    say(`    ${p.name.padEnd(12)}http://127.0.0.1:${p.port}   (passive answers 503 until it holds the leader lock)`);
  say(`  Admin key     ${adminKey.token}`);
  say(`  Try           curl -H "Authorization: Bearer ${adminKey.token}" ${apiUrl}/zones`);
  say(
    `  Temporal      ${cluster.temporal.address}   (namespace ${cluster.temporal.namespace}, ${options.shards} history shards, config ${cluster.temporal.configFile})`,
  );
  say(
    '  Temporal UI   none: the CLI serves its UI only inside `temporal server start-dev`; use `temporal workflow list --address ' +
      cluster.temporal.address +
      '`',
  );
  for (const p of cluster.processes.filter((p) => p.service.kind === 'worker'))
    say(`  ${p.name.padEnd(14)}http://127.0.0.1:${p.port}/metrics   (health: /health)`);
  say(`  Logs          ${path.join(dataDir, 'logs')}`);
  say(`  Build cache   ${temporalServerCacheDir()}`);
  say('  Press Ctrl-C to stop.');
  say('');

  for (const p of cluster.processes) {
    p.child?.once('exit', (code, signal) => {
      if (!stopping) say(`  ${p.name} exited (${signal ?? `code ${code}`}): ${p.lastOutput()}`);
    });
  }
  let stopping = false;
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (stopping) return say('Still stopping; workers let running checks finish …');
      stopping = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  say('Stopping …');
  await cluster.stop();
  await database.close();
  await provisioned.stop();
  say('Stopped.');
}

runMain('cluster', main);
