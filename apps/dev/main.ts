import 'reflect-metadata';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { buildCheckers } from '../../libs/checkers';
import { createLogger, dataDirPath, loadConfig } from '../../libs/config';
import { createApiKey, openDatabase, seedDemo } from '../../libs/db';
import { provisionDatabase, provisionTemporal } from '../../libs/devstack';
import { formatDuration } from '../../libs/domain';
import { installWorkerRuntime, startMetricsServer, WorkerMetrics } from '../../libs/observability';
import { assertPortFree, runMain } from '../../libs/runtime';
import {
  dispatcherInputFromConfig,
  ensureNotificationDispatcher,
  logSchedulerSettingChanges,
  SchedulerControl,
  schedulerInputFromConfig,
} from '../../libs/temporal';
import { createWorkerSet, withNotify } from '../../libs/worker';
import { buildNotifyDeps } from '../../libs/notify';
import { createApi } from '../api';
import { createStatusLine, firstInsightsLine, formatLiveStatus, readLiveStatus } from './status-line';

/**
 * `npm start`: the whole system in one process on embedded defaults — PostgreSQL and a
 * Temporal dev server found or started, schema migrated, demo zones seeded, worker (all
 * lanes), scheduler and API running — until Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Log lines (ours, and the SDK's through pino) go to stderr: stdout is the start-up block and status line.
  const log = createLogger(
    config.logLevel === 'info' ? 'warn' : config.logLevel,
    'security-insights',
    pino.destination(2),
  );
  const say = (line: string) => process.stdout.write(`${line}\n`);
  await assertPortFree(config.api.port, 'API_PORT', 'the API', config.api.host);
  const { metricsHost, metricsPort, shutdownGraceSeconds } = config.worker;
  const metricsOn = metricsPort > 0;
  if (metricsOn) await assertPortFree(metricsPort, 'WORKER_METRICS_PORT', 'the worker metrics endpoint', metricsHost);
  // Our own Ctrl-C handling stops the workers in order; the SDK's would race it.
  const sdkMetricsUrl = await installWorkerRuntime({ log, metrics: metricsOn, shutdownSignals: [] });
  const metrics = new WorkerMetrics();
  const dataDir = dataDirPath(config.dataDir);
  const stops: Array<{ what: string; stop: () => Promise<void> }> = [];
  const onStop = (what: string, stop: () => Promise<void>) => stops.push({ what, stop });
  const stopAll = async () => {
    for (const { what, stop } of stops.reverse()) {
      log.debug({ what }, 'stopping');
      await stop().catch((error: unknown) => log.warn({ err: error, what }, 'error while stopping'));
    }
  };

  try {
    say('Starting Security Insights …');
    const database = await openDatabase(
      await provisionDatabase(config, log, { dataDir }),
      log,
      config.database.poolSize,
    );
    onStop('database', database.close);
    const { pool } = database;
    say(`  PostgreSQL  ${redact(database.url)} (${database.source})`);

    const temporal = await provisionTemporal(config, log, { persistence: 'file', dataDir });
    onStop('temporal server', temporal.stop);
    say(`  Temporal    ${temporal.address} (${temporal.source})`);

    if (config.demoZones > 0) {
      const seeded = await seedDemo(pool, config.demoZones, config.scheduler.frequencySeconds);
      if (seeded.added > 0) say(`  Demo data   ${seeded.added} synthetic zones added to the demo account`);
    }

    if (config.worker.deploymentName)
      log.warn(
        { deployment: config.worker.deploymentName },
        'WORKER_DEPLOYMENT_NAME is ignored by npm start: its workers run unversioned (one process, one build); worker versioning applies to apps/worker processes (npm run cluster, docker compose)',
      );
    const workerConnection = await NativeConnection.connect({ address: temporal.address });
    onStop('worker connection', () => workerConnection.close());
    const workers = await createWorkerSet({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueuePrefix: config.taskQueuePrefix,
      roles: withNotify(config.workerLanes),
      pool,
      checkers: buildCheckers(config),
      lanes: config.lanes,
      log,
      persist: config.persist,
      notify: buildNotifyDeps(config, log),
      metrics,
      shutdownGraceSeconds,
      eagerStart: config.scheduler.eagerStart,
    });
    const workersDone = workers.run();
    onStop('workers', async () => {
      workers.shutdown('Ctrl-C');
      await workersDone;
    });
    const metricsServer = metricsOn
      ? await startMetricsServer({
          host: metricsHost,
          port: metricsPort,
          metrics,
          sdkMetricsUrl,
          log,
          health: () => {
            const states = workers.states();
            return { ok: states.every((w) => w.state === 'RUNNING'), workers: states };
          },
        })
      : undefined;
    if (metricsServer) onStop('worker metrics', metricsServer.close);

    const clientConnection = await Connection.connect({ address: temporal.address });
    onStop('client connection', () => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
    const control = new SchedulerControl({
      connect: async () => client,
      taskQueuePrefix: config.taskQueuePrefix,
      namespace: temporal.namespace,
      address: temporal.address,
    });
    const scheduler = await control.ensureRunning(schedulerInputFromConfig(config));
    logSchedulerSettingChanges(log, scheduler.changes);
    if (config.workerLanes.includes('scheduler'))
      await ensureNotificationDispatcher(client, config.taskQueuePrefix, dispatcherInputFromConfig(config));

    const apiConfig = { ...config, temporal: { ...config.temporal, uiUrl: config.temporal.uiUrl ?? temporal.uiUrl } };
    const api = await createApi({ pool, config: apiConfig, log, temporalClient: client });
    await api.listen(config.api.port, config.api.host);
    // A fresh admin key per start, so the demo is usable at once; production keys come from the CLI.
    const adminKey = await createApiKey(pool, null, 'npm start');
    onStop('api', () => api.close());
    const apiUrl = `http://${config.api.host}:${config.api.port}`;

    say('');
    say('Security Insights is running.');
    say(`  Dashboard     ${apiUrl}/   (enter the admin key below once)`);
    say(
      `  API           ${apiUrl}   (health: ${apiUrl}/health/ready, docs: ${apiUrl}/docs, metrics: ${apiUrl}/metrics)`,
    );
    say(
      `  Admin key     ${adminKey.token}   (id ${adminKey.keyId}; more: npm run cli -- keys create --admin|--account <id>)`,
    );
    say(`  Try           curl -H "Authorization: Bearer ${adminKey.token}" ${apiUrl}/zones`);
    if (temporal.uiUrl) say(`  Temporal UI   ${temporal.uiUrl}/namespaces/${temporal.namespace}/workflows`);
    if (metricsServer) say(`  Worker        ${metricsServer.url}/metrics   (health: ${metricsServer.url}/health)`);
    // A scheduler kept from an earlier start runs at its own frequency (set at run time), not SCAN_FREQUENCY's.
    const frequencySeconds =
      (await control.status().catch(() => undefined))?.frequencySeconds ?? config.scheduler.frequencySeconds;
    say(
      `  Scheduler     workflow ${scheduler.workflowId}, every zone scanned once per ${formatDuration(frequencySeconds)}` +
        (frequencySeconds === config.scheduler.frequencySeconds
          ? ''
          : ` (set at run time; SCAN_FREQUENCY is ${formatDuration(config.scheduler.frequencySeconds)})`),
    );
    say('  Press Ctrl-C to stop.');
    say('');

    // The figures follow the running scheduler's frequency (it may differ from SCAN_FREQUENCY).
    const statusLine = createStatusLine(process.stdout);
    let printedInsightsUrl = false;
    const timer = setInterval(() => {
      control
        .status()
        .then(
          (running) => running,
          () => config.scheduler,
        )
        .then((schedule) => readLiveStatus(pool, schedule))
        .then(
          (status) => {
            statusLine.show(formatLiveStatus(status, new Date()));
            if (!printedInsightsUrl && status.lastScannedZoneId) {
              printedInsightsUrl = true;
              statusLine.print(firstInsightsLine(apiUrl, status.lastScannedZoneId));
            }
          },
          (error: unknown) => log.warn({ err: error }, 'could not read the live status'),
        );
    }, 5000);
    onStop('status line', async () => {
      clearInterval(timer);
      statusLine.end();
    });

    await new Promise<void>((resolve, reject) => {
      // Listen for good (not once): a repeated signal must not kill us half-way through stopping.
      let stopping = false;
      const onSignal = () => {
        if (stopping) return say('Still stopping; waiting for running scans to finish …');
        stopping = true;
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      workersDone.catch(reject);
    });
    statusLine.end();
    say('Stopping …');
  } finally {
    await stopAll();
  }
  say('Stopped.');
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

runMain('security-insights', main);
