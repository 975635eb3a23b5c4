import { describe, expect, it } from 'vitest';
import { persistScanResult, readZoneLane } from '../../libs/db';
import {
  laneTaskQueue,
  scanWorkflowId,
  type ScanZoneResult,
  SCAN_ZONE_WORKFLOW,
  type ScanZoneWorkflow,
} from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { useProbeLaneWorkers } from '../support/lane-workers';
import { useTestDatabase } from '../support/test-database';

describe('scan failures', () => {
  const db = useTestDatabase();
  // The slow lane has its own worker and checker: a failing fast check must not end up there.
  const { workers, behaviours, fastProbe, slowProbe } = useProbeLaneWorkers(db, { policy: { fastBudgetMs: 2_000 } });

  /** A zone with one open insight from an earlier scan, so a test can see whether a scan resolves it. */
  async function zoneWithOpenInsight(name: string) {
    const { zoneIds, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: name });
    const zoneId = zoneIds[0] as string;
    await db.pool.query('UPDATE zones SET name = $2 WHERE id = $1', [zoneId, name]);
    await persistScanResult(
      db.pool,
      {
        workflowId: `earlier:${zoneId}`,
        runId: 'r1',
        zoneId,
        lane: 'fast',
        startedAt: new Date(),
        finishedAt: new Date(),
        outcomes: [
          {
            checker: 'probe',
            status: 'completed',
            findings: [{ kind: 'old', subject: name, severity: 'high', title: 'old finding', details: {} }],
          },
        ],
      },
      { copyThreshold: 1000 },
    );
    return { zoneId, accountId };
  }

  async function scan(zone: { zoneId: string; accountId: string }, name: string): Promise<ScanZoneResult> {
    return workers.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId: scanWorkflowId(zone.zoneId, String(Date.now())),
      taskQueue: laneTaskQueue(workers.prefix, 'fast'),
      args: [{ zoneId: zone.zoneId, accountId: zone.accountId, zoneName: name, lane: 'fast', checkers: ['probe'] }],
    });
  }

  async function readBack(zoneId: string) {
    const scans = await db.pool.query<{ lane: string; outcome: string; error: string | null }>(
      `SELECT lane, outcome, error FROM scans WHERE zone_id = $1 AND workflow_id LIKE 'scan:%'`,
      [zoneId],
    );
    const insights = await db.pool.query<{ kind: string; status: string }>(
      'SELECT kind, status FROM insights WHERE zone_id = $1 ORDER BY kind',
      [zoneId],
    );
    return { scans: scans.rows, insights: insights.rows };
  }

  it('when the zone name is an IP address, then the scan ends at once with InvalidZoneName recorded and resolves nothing', async () => {
    const name = '169.254.169.254';
    const zone = await zoneWithOpenInsight(name);

    const result = await scan(zone, name);

    expect(result).toMatchObject({ lane: 'fast', outcomes: [{ checker: 'probe', status: 'failed' }] });
    const { scans, insights } = await readBack(zone.zoneId);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ lane: 'fast', outcome: 'failed' });
    expect(scans[0]?.error).toContain('probe: InvalidZoneName: zone');
    expect(scans[0]?.error).toContain('IP addresses are not zones');
    expect(insights).toEqual([{ kind: 'old', status: 'open' }]);
    expect(fastProbe.events.filter((e) => e.zone === name)).toEqual([]);
    expect(await readZoneLane(db.pool, zone.zoneId)).toEqual({ laneHint: 'fast', slowStreak: 0 });
  });

  it('when the checker refuses the target, then it is not retried, the error is recorded and nothing is resolved', async () => {
    const name = 'refused.example.com';
    behaviours.set(name, { latencyMs: 5, refuse: true });
    const zone = await zoneWithOpenInsight(name);

    await scan(zone, name);

    const { scans, insights } = await readBack(zone.zoneId);
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ lane: 'fast', outcome: 'failed' });
    expect(scans[0]?.error).toContain(
      'TargetRefused: zone refused.example.com: target resolves to 10.0.0.1, a private address: refused',
    );
    expect(insights).toEqual([{ kind: 'old', status: 'open' }]);
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'failed']);
  });

  it('when a check fails twice and then succeeds, then it is retried on the same lane and the scan completes', async () => {
    const name = 'flaky.example.com';
    behaviours.set(name, { latencyMs: 5, failRuns: 2 });
    const zone = await zoneWithOpenInsight(name);

    const result = await scan(zone, name);

    expect(result).toMatchObject({ lane: 'fast', outcomes: [{ checker: 'probe', status: 'completed' }] });
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual([
      'started',
      'failed',
      'started',
      'failed',
      'started',
      'completed',
    ]);
    expect(slowProbe.events.filter((e) => e.zone === name)).toEqual([]);
    const { scans, insights } = await readBack(zone.zoneId);
    expect(scans).toEqual([{ lane: 'fast', outcome: 'completed', error: null }]);
    // The completed check no longer finds the old insight: resolved; its own finding is open.
    expect(insights).toEqual([
      { kind: 'old', status: 'resolved' },
      { kind: 'probe-finding', status: 'open' },
    ]);
  });

  it('when a check keeps failing, then after the last attempt the scan records the error and resolves nothing', async () => {
    const name = 'broken.example.com';
    behaviours.set(name, { latencyMs: 5, failRuns: 99 });
    const zone = await zoneWithOpenInsight(name);

    const result = await scan(zone, name);

    expect(result).toMatchObject({ lane: 'fast', outcomes: [{ checker: 'probe', status: 'failed' }] });
    expect(fastProbe.events.filter((e) => e.zone === name && e.event === 'failed')).toHaveLength(3);
    expect(slowProbe.events.filter((e) => e.zone === name)).toEqual([]);
    const { scans, insights } = await readBack(zone.zoneId);
    expect(scans).toEqual([{ lane: 'fast', outcome: 'failed', error: 'probe: connection reset (run 3)' }]);
    expect(insights).toEqual([{ kind: 'old', status: 'open' }]);
    expect(await readZoneLane(db.pool, zone.zoneId)).toEqual({ laneHint: 'fast', slowStreak: 0 });
  });

  it('when a scan is started with a bad lane policy, then it fails at once with InvalidScanInput naming the field, and nothing is written', async () => {
    const name = 'badpolicy.example.com';
    behaviours.set(name, { latencyMs: 5 });
    const zone = await zoneWithOpenInsight(name);
    const failure = await workers.client.workflow
      .execute('scanZone', {
        workflowId: scanWorkflowId(zone.zoneId, String(Date.now())),
        taskQueue: laneTaskQueue(workers.prefix, 'fast'),
        args: [
          {
            zoneId: zone.zoneId,
            accountId: zone.accountId,
            zoneName: name,
            lane: 'fast',
            checkers: ['probe'],
            lanePolicy: { fastBudgetMs: 5_000, slowBudgetMs: 1_000, promoteAfter: 3 },
          },
        ],
      })
      .then(
        () => undefined,
        (error: unknown) => error as { cause?: { type?: string; message?: string } },
      );
    expect(failure?.cause).toMatchObject({
      type: 'InvalidScanInput',
      message: expect.stringContaining('lanePolicy.fastBudgetMs must be shorter than lanePolicy.slowBudgetMs'),
    });
    expect(fastProbe.events.filter((e) => e.zone === name)).toEqual([]);
    const { scans } = await readBack(zone.zoneId);
    expect(scans).toEqual([]);
  });

  it("when a scan carries its lane policy, then it runs by it without fetching the worker's (no lane-policy marker in its history)", async () => {
    const name = 'withpolicy.example.com';
    behaviours.set(name, { latencyMs: 5 });
    const zone = await zoneWithOpenInsight(name);
    const workflowId = scanWorkflowId(zone.zoneId, String(Date.now()));
    const result = await workers.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId,
      taskQueue: laneTaskQueue(workers.prefix, 'fast'),
      args: [
        {
          zoneId: zone.zoneId,
          accountId: zone.accountId,
          zoneName: name,
          lane: 'fast',
          checkers: ['probe'],
          lanePolicy: { fastBudgetMs: 2_000, slowBudgetMs: 60_000, promoteAfter: 3 },
        },
      ],
    });
    expect(result).toMatchObject({ lane: 'fast', outcomes: [{ checker: 'probe', status: 'completed' }] });
    const history = await workers.client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events?.some((event) => event.markerRecordedEventAttributes)).toBe(false);
    expect(
      history.events
        ?.filter((event) => event.activityTaskScheduledEventAttributes)
        .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name),
    ).toEqual(['runCheckers', 'persistScan']);
  });
});
