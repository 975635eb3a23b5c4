import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Pool } from 'pg';
import { type Checker, buildCheckers } from '../../libs/checkers';
import { type Config, createLogger, loadConfig } from '../../libs/config';
import type { LanePolicy } from '../../libs/domain';
import { inject } from 'vitest';
import { createWorkerSet, type WorkerRole } from '../../libs/worker';

export interface TestTemporal {
  client: Client;
  /** A task-queue prefix of this test's own, so tests never pick up each other's tasks. */
  prefix: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export interface TestWorkerOptions {
  /** Checkers instead of the configured ones (for example a checker that records cancellations). */
  checkers?: ReadonlyMap<string, Checker>;
  /** Lane policy overrides, such as a 1 s fast budget. */
  policy?: Partial<LanePolicy>;
  /** Lane slots instead of the configured ones. */
  slots?: Partial<Pick<Config['lanes'], 'fast' | 'slow'>>;
  /** Reuse another set's prefix, so several worker sets serve the same task queues. */
  prefix?: string;
}

/** Starts real workers for the given roles against the test run's Temporal server. */
export async function startTestWorkers(
  pool: Pool,
  roles: WorkerRole[] = ['scheduler', 'fast', 'slow'],
  options: TestWorkerOptions = {},
): Promise<TestTemporal> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    runtimeInstalled = true;
  }
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
    log: createLogger('warn', 'test-worker'),
    persist: config.persist,
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

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
