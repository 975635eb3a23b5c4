import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { Command, InvalidArgumentError } from 'commander';
import { buildCheckers } from '../../libs/checkers';
import { createLogger, loadConfig, StartupError } from '../../libs/config';
import { connectDatabase, openDatabase } from '../../libs/db';
import { installWorkerRuntime, startMetricsServer, WorkerMetrics } from '../../libs/observability';
import { assertPortFree, runMain } from '../../libs/runtime';
import {
  connectTemporalLazily,
  dispatcherInputFromConfig,
  ensureNotificationDispatcher,
  ensureSearchAttributes,
  logSchedulerSettingChanges,
  SchedulerControl,
  schedulerInputFromConfig,
  temporalAddress,
  waitForTemporal,
} from '../../libs/temporal';
import {
  createWorkerSet,
  joinWorkerDeployment,
  prebuiltBundle,
  prebuiltBundleBuildId,
  withNotify,
} from '../../libs/worker';
import { buildNotifyDeps } from '../../libs/notify';

function parseLanes(value: string): Array<'scheduler' | 'fast' | 'slow'> {
  const lanes = value.split(',').map((lane) => lane.trim());
  if (lanes.length === 0 || lanes.some((lane) => !['scheduler', 'fast', 'slow'].includes(lane))) {
    throw new InvalidArgumentError('use a comma-separated subset of scheduler,fast,slow');
  }
  return [...new Set(lanes)] as Array<'scheduler' | 'fast' | 'slow'>;
}

/**
 * A worker process for the chosen lanes, against TEMPORAL_ADDRESS (or the local dev server)
 * and DATABASE_URL (or the local PostgreSQL). The scheduler lane also makes sure the
 * deployment's scheduler workflow runs.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const options = new Command('worker')
    .option('--lanes <lanes>', 'task queues to serve: any of scheduler,fast,slow', parseLanes, config.workerLanes)
    .parse(process.argv)
    .opts<{ lanes: Array<'scheduler' | 'fast' | 'slow'> }>();
  const log = createLogger(config.logLevel, 'security-insights-worker');
  // Before anything starts: a worker without its build's bundle refuses to run (npm run build).
  const workflowBundle = prebuiltBundle();
  const { deploymentName } = config.worker;
  // Worker versioning is on with a deployment name; the build id defaults to the bundle's hash.
  const deployment = deploymentName
    ? { deploymentName, buildId: config.worker.buildId ?? prebuiltBundleBuildId() }
    : undefined;
  const { metricsHost, metricsPort, shutdownGraceSeconds } = config.worker;
  const metricsOn = metricsPort > 0;
  if (metricsOn) await assertPortFree(metricsPort, 'WORKER_METRICS_PORT', 'the worker metrics endpoint', metricsHost);
  // Signals are ours (below), so the log says what the shutdown does.
  const sdkMetricsUrl = await installWorkerRuntime({ log, metrics: metricsOn, shutdownSignals: [] });
  const metrics = new WorkerMetrics();

  const database = await openDatabase(await connectDatabase(config, log), log, config.database.poolSize);
  const address = temporalAddress(config);
  if (!(await waitForTemporal(address, 10_000))) {
    throw new StartupError(
      'TEMPORAL_ADDRESS',
      `TEMPORAL_ADDRESS: no Temporal server answers at ${address}. Start one, or point TEMPORAL_ADDRESS at it.`,
    );
  }
  // A fresh cluster (docker-compose) lacks our search attributes; scans could not start without them.
  await ensureSearchAttributes(address, config.temporal.namespace);
  const connection = await NativeConnection.connect({ address });
  const workers = await createWorkerSet({
    connection,
    namespace: config.temporal.namespace,
    taskQueuePrefix: config.taskQueuePrefix,
    roles: withNotify(options.lanes),
    pool: database.pool,
    checkers: buildCheckers(config),
    lanes: config.lanes,
    log,
    persist: config.persist,
    notify: buildNotifyDeps(config, log),
    metrics,
    shutdownGraceSeconds,
    workflowBundle,
    deployment,
    eagerStart: config.scheduler.eagerStart,
  });
  const metricsServer = metricsOn
    ? await startMetricsServer({
        host: metricsHost,
        port: metricsPort,
        metrics,
        sdkMetricsUrl,
        log,
        health: () => {
          const workersNow = workers.states();
          return { ok: workersNow.every((w) => w.state === 'RUNNING'), workers: workersNow };
        },
      })
    : undefined;
  // Polling first: a versioned build is known to the server once its workers poll, and the
  // scheduler started below goes to the current version, which a first deploy must set.
  const running = workers.run();
  // Awaited below; a worker that fails while start-up still runs must not be an unhandled rejection.
  running.catch(() => undefined);
  // From the moment the workers poll: a SIGTERM during the rest of start-up (joining the
  // deployment, starting the scheduler) must stop them gracefully too, not kill the process.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => workers.shutdown(`${signal} received`));
  }
  if (deployment) {
    const client = await connectTemporalLazily(address, config.temporal.namespace)();
    await joinWorkerDeployment({ client, address, deployment, log });
    await client.connection.close();
  }
  if (options.lanes.includes('scheduler')) {
    const connect = connectTemporalLazily(address, config.temporal.namespace);
    const control = new SchedulerControl({
      connect,
      taskQueuePrefix: config.taskQueuePrefix,
      namespace: config.temporal.namespace,
      address,
    });
    const { changes } = await control.ensureRunning(schedulerInputFromConfig(config));
    logSchedulerSettingChanges(log, changes);
    // The scheduler lane serves the notification queue too (withNotify): its dispatcher must run.
    await ensureNotificationDispatcher(await connect(), config.taskQueuePrefix, dispatcherInputFromConfig(config));
    await (await connect()).connection.close();
  }
  log.info(
    {
      lanes: options.lanes,
      address,
      metrics: metricsServer ? `${metricsServer.url}/metrics` : 'off',
      shutdownGraceSeconds,
      deployment: deployment ?? 'unversioned',
    },
    `worker running; SIGINT or SIGTERM stops it, letting running checks finish for up to ${shutdownGraceSeconds} s`,
  );
  await running;
  await metricsServer?.close();
  await connection.close();
  await database.close();
}

runMain('security-insights-worker', main);
