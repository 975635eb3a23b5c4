import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import type { Pool } from 'pg';
import { type Checker, buildCheckers } from '../../libs/checkers';
import { type Config, createLogger, loadConfig } from '../../libs/config';
import type { LanePolicy } from '../../libs/domain';
import type { WorkerMetrics } from '../../libs/observability';
import { inject } from 'vitest';
import { buildNotifyDeps } from '../../libs/notify';
import { createWorkerSet, type WorkerRole } from '../../libs/worker';
import { createSdkTestLogger, testLogStream } from './test-logs';
import { resolveDeferred, useSuiteResource, type Deferred } from './suite-resource';
import type { TestDatabaseHandle } from './test-database';

/** Running workers as a test sees them: a client, and the task queues the workers serve. */
export interface TestWorkers {
  client: Client;
  /** A task-queue prefix of this test's own, so tests never pick up each other's tasks. */
  prefix: string;
}

export interface TestTemporal extends TestWorkers {
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Installs the SDK's Runtime for this test process once (the SDK allows one per process). */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  // SDK and core logs go to the test log buffer: printed only when a test fails (test-logs.ts).
  Runtime.install({
    logger: createSdkTestLogger(),
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  runtimeInstalled = true;
}

export interface TestWorkerOptions {
  /** Checkers instead of the configured ones (for example a checker that records cancellations). */
  checkers?: ReadonlyMap<string, Checker>;
  /** Lane policy overrides, such as a 1 s fast budget. */
  policy?: Partial<LanePolicy>;
  /** Lane slots instead of the configured ones. */
  slots?: Partial<Pick<Config['lanes'], 'fast' | 'slow'>>;
  /** Reuse another set's prefix, so several worker sets serve the same task queues. */
  prefix?: string;
  /**
   * Environment for the `notify` role's net helpers and email sender. Loopback receivers are
   * admitted the way the scan tests admit their fixtures: NET_ALLOWLIST names 127.0.0.1 only.
   */
  notifyEnv?: Record<string, string>;
  /** Worker versioning: the set polls as this build of this Worker Deployment. */
  deployment?: { deploymentName: string; buildId: string };
  /** SCHEDULER_EAGER_START for these workers (default off, as before eager start). */
  eagerStart?: boolean;
  /** Metrics the workers record into (default none). */
  metrics?: WorkerMetrics;
}

/** Starts real workers for the given roles against the test run's Temporal server. */
export async function startTestWorkers(
  pool: Pool,
  roles: WorkerRole[] = ['scheduler', 'fast', 'slow'],
  options: TestWorkerOptions = {},
): Promise<TestTemporal> {
  installTestRuntime();
  const address = inject('temporalAddress');
  const prefix = options.prefix ?? `t-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({});
  const nativeConnection = await NativeConnection.connect({ address });
  const workers = await createWorkerSet({
    connection: nativeConnection,
    namespace: 'default',
    taskQueuePrefix: prefix,
    roles,
    pool,
    checkers: options.checkers ?? buildCheckers(config),
    lanes: { ...config.lanes, ...options.slots, policy: { ...config.lanes.policy, ...options.policy } },
    log: createLogger('warn', 'test-worker', testLogStream),
    persist: config.persist,
    // Bundled once by the global set-up for the whole run, instead of once per worker set.
    workflowBundle: { codePath: inject('workflowBundlePath') },
    deployment: options.deployment,
    ...(options.eagerStart ? { eagerStart: true } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(roles.includes('notify')
      ? {
          notify: buildNotifyDeps(
            loadConfig({ NET_ALLOWLIST: '127.0.0.1/32', ...options.notifyEnv }),
            createLogger('warn', 'test-notify', testLogStream),
          ),
        }
      : {}),
  });
  const running = workers.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  return {
    client,
    prefix,
    close: async () => {
      workers.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/**
 * Workers of the calling suite (the file's, at its top level) on `db`: started before its first
 * test, shut down after its last, before the database is dropped. Options that name workers
 * started earlier in the suite (their prefix) are given as a function.
 */
export function useTestWorkers(
  db: TestDatabaseHandle,
  roles?: WorkerRole[],
  options: Deferred<TestWorkerOptions> = {},
): TestWorkers {
  const current = useSuiteResource(
    'the test workers',
    () => startTestWorkers(db.pool, roles, resolveDeferred(options)),
    (workers) => workers.close(),
  );
  return {
    get client() {
      return current().client;
    },
    get prefix() {
      return current().prefix;
    },
  };
}

/**
 * Polls `probe` until it returns a value other than undefined or false, or fails after
 * `timeoutMs`. False means "not yet" too, so a probe written as a condition
 * (`async () => count === 6`) waits for it instead of returning at once with false.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what: string | (() => string) = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
