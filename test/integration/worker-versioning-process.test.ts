import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildAccountWithZones } from '../support/factories';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { jsonLines, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const MANIFEST = path.join(__dirname, '..', '..', 'dist', 'workflow-bundle.json');

describe('worker process with versioning on', () => {
  const db = useTestDatabase();
  const workers: WorkerProcess[] = [];
  afterAll(() => {
    for (const worker of workers) worker.child.kill('SIGKILL');
  });

  it('when the first build of a fresh deployment starts, then it makes itself current and scans run; a second build says it is not current', async () => {
    await buildAccountWithZones(db.pool, { count: 5 });
    const suffix = Math.random().toString(36).slice(2, 8);
    const deploymentName = `si-proc-${suffix}`;
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE_PREFIX: `versioned-${suffix}`,
      WORKER_METRICS_PORT: '0',
      SCAN_FREQUENCY: '20s',
      SCHEDULER_TICK: '1s',
      WORKER_DEPLOYMENT_NAME: deploymentName,
      LOG_LEVEL: 'info',
    };
    const first = startWorkerProcess(env);
    workers.push(first);
    // Unset WORKER_BUILD_ID: the build is named by the prebuilt bundle's workflow-code hash.
    const buildId = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { sourceHash: string }).sourceHash.slice(0, 12);
    const joined = await eventually(
      async () => jsonLines(first.lines()).find((line) => String(line.msg).startsWith('worker serves build')),
      90_000,
      () => `the worker's versioning line; output:\n${first.lines().slice(-10).join('\n')}`,
    );
    expect(joined).toMatchObject({ deploymentName, buildId, currentBuildId: buildId, current: true });
    expect(joined.msg).toBe(
      `worker serves build ${buildId} of deployment ${deploymentName}; the deployment had no current version, so this build is now current (first deploy)`,
    );
    // Not stuck without a current version: the scheduler it started claims zones and scans persist.
    await eventually(
      async () =>
        ((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM scans')).rows[0]?.n ?? 0) >= 5
          ? true
          : undefined,
      90_000,
      () => `five persisted scans; worker output:\n${first.lines().slice(-10).join('\n')}`,
    );

    const second = startWorkerProcess({ ...env, WORKER_BUILD_ID: 'next-build' });
    workers.push(second);
    const notCurrent = await eventually(
      async () => jsonLines(second.lines()).find((line) => String(line.msg).startsWith('worker serves build')),
      90_000,
      () => `the second worker's versioning line; output:\n${second.lines().slice(-10).join('\n')}`,
    );
    expect(notCurrent).toMatchObject({ level: 40, buildId: 'next-build', currentBuildId: buildId, current: false });
    expect(notCurrent.msg).toContain('nothing new, until promoted with npm run cli -- versioning promote next-build');

    for (const worker of [second, first]) {
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
    }
  }, 240_000);
});
