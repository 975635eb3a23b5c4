import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Checker } from '../../libs/checkers';
import { createLogger } from '../../libs/config';
import {
  accountIdKey,
  laneKey,
  laneTaskQueue,
  SCAN_ZONE_WORKFLOW,
  scanWorkflowId,
  zoneIdKey,
  type ScanZoneResult,
  type ScanZoneWorkflow,
} from '../../libs/contract';
import { joinWorkerDeployment } from '../../libs/worker';
import { buildAccountWithZones } from '../support/factories';
import { startTestScheduler } from '../support/scheduler';
import { eventually, startTestWorkers, type TestTemporal } from '../support/temporal';
import { testLogStream } from '../support/test-logs';
import { useTestDatabase } from '../support/test-database';

const CLI = path.join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');
const EventType = proto.api.enums.v1.EventType;
const Behavior = proto.api.enums.v1.VersioningBehavior;

/** A checker (id `gate`) that records the zones it checks; each check waits for `open` unless told not to. */
function gateChecker(waits: boolean): { checker: Checker; checked: string[]; release: () => void } {
  const checked: string[] = [];
  let release = () => {};
  const open = new Promise<void>((resolve) => (release = resolve));
  return {
    checked,
    release,
    checker: {
      id: 'gate',
      async run(zone) {
        checked.push(zone.name);
        if (waits) await open;
        return [];
      },
    },
  };
}

/** The build id of every workflow task completion in a run's history, in order. */
async function taskBuilds(client: Client, workflowId: string, runId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? [])
    .filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    .map((event) => event.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId ?? '(unversioned)');
}

async function versioning(handle: WorkflowHandle): Promise<{ runId: string; buildId?: string; behavior: string }> {
  const description = await handle.describe();
  const info = description.raw.workflowExecutionInfo?.versioningInfo;
  return {
    runId: description.runId,
    buildId: info?.deploymentVersion?.buildId ?? undefined,
    behavior: Behavior[info?.behavior ?? 0] ?? 'unknown',
  };
}

describe('worker versioning: two builds side by side', () => {
  const db = useTestDatabase();
  const deploymentName = `si-test-${randomBytes(4).toString('hex')}`;
  const log = createLogger('info', 'test-versioning', testLogStream);
  const sets: TestTemporal[] = [];
  // b1's checks wait at its gate until the test opens it; b2's run at once.
  const b1Gate = gateChecker(true);
  const b2Gate = gateChecker(false);
  afterAll(async () => {
    // A test that failed before opening the gate would otherwise hold b1's shutdown forever.
    b1Gate.release();
    for (const set of sets.reverse()) await set.close();
  });

  /** Runs the compiled CLI against the test server with this test's deployment name. */
  function cli(
    args: string[],
    name = deploymentName,
    extraEnv: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            PATH: process.env.PATH ?? '',
            TEMPORAL_ADDRESS: inject('temporalAddress'),
            DATABASE_URL: db.url,
            WORKER_DEPLOYMENT_NAME: name,
            LOG_LEVEL: 'error',
            ...extraEnv,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('when b2 is promoted while b1 runs scans, then those finish on b1, new scans run on b2, and the scheduler moves to b2', async () => {
    const b1 = await startTestWorkers(db.pool, ['scheduler', 'fast', 'slow'], {
      checkers: new Map([['gate', b1Gate.checker]]),
      deployment: { deploymentName, buildId: 'b1' },
    });
    sets.push(b1);
    const { client, prefix } = b1;
    // First deploy: the deployment has no current version, so b1's start-up makes itself current.
    const first = await joinWorkerDeployment({
      client,
      address: 'the test server',
      deployment: { deploymentName, buildId: 'b1' },
      log,
    });
    expect(first).toEqual({ currentBuildId: 'b1', setNow: true });

    // The scheduler (no zones are due: its ticks claim nothing) continues as new every 3 ticks.
    const scheduler = await startTestScheduler(b1, { checkers: ['gate'], maxTicksBeforeContinueAsNew: 3 });
    await eventually(
      async () => ((await versioning(scheduler)).buildId === 'b1' ? true : undefined),
      30_000,
      'the scheduler runs on b1',
    );
    expect((await versioning(scheduler)).behavior).toBe('VERSIONING_BEHAVIOR_AUTO_UPGRADE');

    const zones = await buildAccountWithZones(db.pool, { count: 6, prefix: 'versioned', dueNow: false });
    const startScan = (i: number) =>
      client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
        workflowId: scanWorkflowId(zones.zoneIds[i] as string, `versioning-${i}`),
        // The slow lane: its budget (minutes) lets a check wait at b1's gate without overrunning.
        taskQueue: laneTaskQueue(prefix, 'slow'),
        args: [
          {
            zoneId: zones.zoneIds[i] as string,
            accountId: zones.accountId,
            zoneName: zones.names[i] as string,
            lane: 'slow',
            checkers: ['gate'],
          },
        ],
        typedSearchAttributes: [
          { key: zoneIdKey, value: zones.zoneIds[i] as string },
          { key: accountIdKey, value: zones.accountId },
          { key: laneKey, value: 'slow' },
        ],
      });
    const inFlight = await Promise.all([0, 1, 2].map(startScan));
    // Each of the three zones, not three checks: a check retried on b1 (a heartbeat late under
    // load) would count twice while another scan had not yet run its first task, and that scan
    // would then start on whichever build is current at its first task (b2, after the promotion).
    const waitingOnB1 = [0, 1, 2].map((i) => zones.names[i] as string);
    await eventually(
      async () => (waitingOnB1.every((name) => b1Gate.checked.includes(name)) ? true : undefined),
      30_000,
      () => `the three scans' checks wait at b1's gate (so far: ${b1Gate.checked.join(', ') || 'none'})`,
    );

    // b2 starts beside b1: the deployment has a current version (b1), so b2 does not take over.
    const b2 = await startTestWorkers(db.pool, ['scheduler', 'fast', 'slow'], {
      checkers: new Map([['gate', b2Gate.checker]]),
      deployment: { deploymentName, buildId: 'b2' },
      prefix,
    });
    sets.push(b2);
    const second = await joinWorkerDeployment({
      client,
      address: 'the test server',
      deployment: { deploymentName, buildId: 'b2' },
      log,
    });
    expect(second).toEqual({ currentBuildId: 'b1', setNow: false });

    const runAtPromotion = (await versioning(scheduler)).runId;
    const promoted = await cli(['versioning', 'promote', 'b2']);
    expect(promoted).toMatchObject({ code: 0, stderr: '' });
    expect(promoted.stdout).toContain(`build b2 of deployment ${deploymentName} is now current (was b1)`);

    // New scans go to b2 and run there at once, while b1's three still wait at its gate.
    const fresh = await Promise.all([3, 4, 5].map(startScan));
    const freshResults = await Promise.all(fresh.map((handle) => handle.result()));
    expect(freshResults.map((result: ScanZoneResult) => result.outcomes[0]?.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect([...b2Gate.checked].sort()).toEqual([zones.names[3], zones.names[4], zones.names[5]].sort());
    for (const handle of fresh) {
      expect(await versioning(handle)).toMatchObject({ buildId: 'b2', behavior: 'VERSIONING_BEHAVIOR_PINNED' });
      expect(new Set(await taskBuilds(client, handle.workflowId, handle.firstExecutionRunId))).toEqual(new Set(['b2']));
    }

    // The scheduler follows the current version (AUTO_UPGRADE: at its next task, a tick, replaying
    // its open run on b2), and the runs it continues as new into are b2's alone.
    let lastSeen: unknown;
    await eventually(
      async () => {
        const now = await versioning(scheduler);
        const builds = await taskBuilds(client, scheduler.workflowId, now.runId);
        lastSeen = { ...now, builds, runAtPromotion };
        return now.runId !== runAtPromotion && builds.length > 0 && builds.every((build) => build === 'b2')
          ? true
          : undefined;
      },
      30_000,
      () => `the scheduler continues as new on b2; now ${JSON.stringify(lastSeen)}`,
    );
    expect(await versioning(scheduler)).toMatchObject({ buildId: 'b2', behavior: 'VERSIONING_BEHAVIOR_AUTO_UPGRADE' });

    // Released, b1's scans finish where they started: every task of theirs completed on b1.
    b1Gate.release();
    const oldResults = await Promise.all(inFlight.map((handle) => handle.result()));
    expect(oldResults.map((result: ScanZoneResult) => result.outcomes[0]?.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    // Distinct zones: a check may have been retried on b1 (see above); only b1's checker saw them.
    expect([...new Set(b1Gate.checked)].sort()).toEqual([zones.names[0], zones.names[1], zones.names[2]].sort());
    for (const handle of inFlight) {
      expect(await versioning(handle)).toMatchObject({ buildId: 'b1', behavior: 'VERSIONING_BEHAVIOR_PINNED' });
      const builds = await taskBuilds(client, handle.workflowId, handle.firstExecutionRunId);
      expect(builds.length).toBeGreaterThanOrEqual(2);
      expect(new Set(builds)).toEqual(new Set(['b1']));
    }

    const status = await cli(['versioning', 'status', '--json']);
    expect(status.code).toBe(0);
    const state = JSON.parse(status.stdout) as {
      currentBuildId?: string;
      versions: Array<{ buildId: string; status: string }>;
    };
    expect(state.currentBuildId).toBe('b2');
    expect(state.versions.find((version) => version.buildId === 'b2')?.status).toBe('CURRENT');
    expect(['DRAINING', 'DRAINED']).toContain(state.versions.find((version) => version.buildId === 'b1')?.status);
    // The run open at the promotion: b1's tasks, then b2's from the next tick on, never back to b1.
    const atPromotion = await taskBuilds(client, scheduler.workflowId, runAtPromotion);
    expect(atPromotion.join(',')).toMatch(/^(b1(,|$))*(b2(,|$))*$/);
  }, 180_000);

  it('when a build no worker has polled with is promoted, then the CLI says which builds exist and exits 1', async () => {
    const result = await cli(['versioning', 'promote', 'never-deployed']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`deployment "${deploymentName}" has no build "never-deployed" (known: `);
  });

  it('when a build whose workers serve only some of the current build’s task queues is promoted, then the CLI waits, then says what to start and exits 1', async () => {
    // b3 polls the fast lane only; the current build (b2) also serves the scheduler and slow lanes.
    const b3 = await startTestWorkers(db.pool, ['fast'], {
      checkers: new Map([['gate', b2Gate.checker]]),
      deployment: { deploymentName, buildId: 'b3' },
      prefix: (sets[0] as TestTemporal).prefix,
    });
    sets.push(b3);
    await eventually(
      async () => ((await cli(['versioning', 'status'])).stdout.includes('b3') ? true : undefined),
      30_000,
      'b3 listed by versioning status',
    );
    const started = Date.now();
    const result = await cli(['versioning', 'promote', 'b3', '--wait', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing active task queues');
    expect(result.stderr).toContain(
      "Build b3's workers did not poll every task queue of the current build within 2 s: start workers of build b3 for every lane the current build serves, then promote again",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const status = JSON.parse((await cli(['versioning', 'status', '--json'])).stdout) as { currentBuildId?: string };
    expect(status.currentBuildId).toBe('b2');
  });

  it('when no worker has polled with the deployment name, then status says so and exits 1', async () => {
    const result = await cli(['versioning', 'status'], 'si-never-deployed');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('deployment "si-never-deployed" does not exist yet');
  });

  it('when the namespace does not exist, then status says so instead of "no worker has polled"', async () => {
    const result = await cli(['versioning', 'status'], deploymentName, { TEMPORAL_NAMESPACE: 'no-such-namespace' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-such-namespace.*; set TEMPORAL_NAMESPACE to the workers' namespace/);
  });

  it('when WORKER_DEPLOYMENT_NAME is unset, then the command is a usage error naming it', async () => {
    const result = await cli(['versioning', 'status'], '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WORKER_DEPLOYMENT_NAME is unset');
  });
});
