import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger, dataDirPath, loadConfig } from '../../libs/config';
import { migrate } from '../../libs/db';
import { ensureTemporalServer, provisionDatabase, provisionTemporal } from '../../libs/devstack';
import { freePort } from '../../libs/runtime';
import { PREBUILT_BUNDLE_PATH, prebuiltBundleIsFresh, writePrebuiltBundle } from '../../libs/worker';
import { assertTestDatabase, TEST_DATABASE_NAME } from './test-database-guard';
import { recreateTemplate } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database; test files clone it, never use it directly. */
    templateDatabaseUrl: string;
    temporalAddress: string;
    temporalUiUrl: string;
    /** The workflow code bundled once for the run; every test worker loads this file. */
    workflowBundlePath: string;
  }
}

/**
 * Provisions the real services once per test run: PostgreSQL (the test database, migrated)
 * and an in-memory Temporal dev server on free ports, and bundles the workflow code once for
 * every test worker. Also compiles dist/, which the tests that start whole processes run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = path.join(__dirname, '..', '..');
  // The same freshness check as npm start and npm run cli: tsc runs only when a source changed.
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-dist.js'), '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });

  // The prebuilt bundle worker processes load (npm run build), rebuilt when stale, is also the
  // one bundle every in-process test worker loads. Webpack works while PostgreSQL and Temporal
  // start; awaited (and failures surfaced) below.
  const bundling = prebuiltBundleIsFresh()
    ? Promise.resolve(PREBUILT_BUNDLE_PATH)
    : writePrebuiltBundle().then((written) => written.path);
  bundling.catch(() => undefined);

  const config = loadConfig(process.env);
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'test-setup');
  const dataDir = path.join(dataDirPath(config.dataDir), 'test');
  const database = await provisionDatabase(config, log, { databaseName: TEST_DATABASE_NAME, dataDir });
  assertTestDatabase(database.url);
  // Every run starts from a template migrated from scratch, whatever an earlier run (or
  // another branch's migrations) left behind; clones of crashed runs are removed too.
  await recreateTemplate(database.url);
  await migrate(database.url, log);

  const temporal = await provisionTemporal(config, log, {
    persistence: 'memory',
    dataDir,
    port: await freePort(),
    uiPort: await freePort(),
  });

  // test/topology runs the Temporal server built from its Go module: a cold build (minutes of
  // both cores, once per machine) happens here, before the test files run, not beside them.
  // Without Go it fails in that test alone, with its own message.
  await ensureTemporalServer(log).catch((error: unknown) =>
    log.warn({ err: error }, 'the Temporal server for test/topology is not available; that test will fail'),
  );

  const teardown = async () => {
    await temporal.stop();
    await database.stop();
  };
  try {
    project.provide('workflowBundlePath', await bundling);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('templateDatabaseUrl', database.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalUiUrl', temporal.uiUrl ?? '');
  return teardown;
}
