import { temporal as proto } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { Checker } from '../../libs/checkers';
import { readZoneLane } from '../../libs/db';
import { laneTaskQueue, scanWorkflowId, SCAN_ZONE_WORKFLOW, type ScanZoneWorkflow } from '../../libs/contract';
import { WorkerMetrics } from '../../libs/observability';
import { buildAccountWithZones } from '../support/factories';
import {
  markerEvents as markers,
  scheduledActivities as scheduled,
  useProbeLaneWorkers,
} from '../support/lane-workers';
import { useTestDatabase } from '../support/test-database';

const EventType = proto.api.enums.v1.EventType;
const POLICY = {
  fastBudgetMs: 1_000,
  slowBudgetMs: 20_000,
  promoteAfter: 2,
  fastLocalActivities: true,
  fastFused: true,
};

describe('fused fast lane (FAST_LANE_FUSED): checks and persist in one local activity', () => {
  const metrics = new WorkerMetrics();
  // A checker whose finding the writer refuses (a NUL in the subject): the fused persist fails.
  const malformed: Checker = {
    id: 'malformed',
    async run(zone) {
      return [{ kind: 'probe-finding', subject: `${zone.name}\u0000`, severity: 'low', title: 'bad', details: {} }];
    },
  };
  const db = useTestDatabase();
  const {
    workers: fastWorkers,
    behaviours,
    fastProbe,
    slowProbe,
  } = useProbeLaneWorkers(db, { policy: POLICY, metrics, fastCheckers: new Map([['malformed', malformed]]) });

  async function scan(zoneId: string, accountId: string, zoneName: string, tick: string, checkers = ['probe']) {
    const workflowId = scanWorkflowId(zoneId, tick);
    const result = await fastWorkers.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId,
      taskQueue: laneTaskQueue(fastWorkers.prefix, 'fast'),
      args: [{ zoneId, accountId, zoneName, lane: 'fast', checkers, lanePolicy: POLICY }],
    });
    const history = await fastWorkers.client.workflow.getHandle(workflowId).fetchHistory();
    return { result, events: history.events ?? [] };
  }

  async function counter(name: string, labels: Record<string, string>): Promise<number> {
    const metric = await metrics.registry.getSingleMetric(name)?.get();
    const sample = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
    return sample?.value ?? 0;
  }

  it('when a fused fast scan runs, then one local activity checks and persists it: one marker, one workflow task, the scan written and counted once', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'fused' });
    const before = await counter('security_insights_scans_total', { lane: 'fast', outcome: 'completed' });
    const { result, events } = await scan(zoneIds[0] as string, accountId, names[0] as string, '1');
    expect(result).toEqual({ insightCount: 1, lane: 'fast', outcomes: [{ checker: 'probe', status: 'completed' }] });
    expect(scheduled(events)).toEqual([]);
    expect(markers(events)).toHaveLength(1);
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toHaveLength(1);
    const scans = await db.pool.query('SELECT lane, outcome FROM scans WHERE zone_id = $1', [zoneIds[0]]);
    expect(scans.rows).toEqual([{ lane: 'fast', outcome: 'completed' }]);
    const insights = await db.pool.query('SELECT subject FROM insights WHERE zone_id = $1', [zoneIds[0]]);
    expect(insights.rows).toEqual([{ subject: `fast.${names[0]}` }]);
    expect(await counter('security_insights_scans_total', { lane: 'fast', outcome: 'completed' })).toBe(before + 1);
  });

  it('when a fused fast check fails once, then it is retried on the fast lane after a backoff and the scan is persisted once', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'fused-retry' });
    const name = names[0] as string;
    behaviours.set(name, { latencyMs: 5, failRuns: 1 });
    const { result, events } = await scan(zoneIds[0] as string, accountId, name, '2');
    expect(result).toMatchObject({ lane: 'fast', outcomes: [{ checker: 'probe', status: 'completed' }] });
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual([
      'started',
      'failed',
      'started',
      'completed',
    ]);
    expect(slowProbe.events.filter((e) => e.zone === name)).toEqual([]);
    expect(scheduled(events)).toEqual([]);
    expect(markers(events)).toHaveLength(2);
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)).toHaveLength(1);
    const scans = await db.pool.query('SELECT lane, outcome FROM scans WHERE zone_id = $1', [zoneIds[0]]);
    expect(scans.rows).toEqual([{ lane: 'fast', outcome: 'completed' }]);
  });

  it('when a fused fast check overruns, then nothing of it is persisted: it re-runs on slow, the slow scan is persisted, the zone marked slow and the move counted', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'fused-slow' });
    const name = names[0] as string;
    behaviours.set(name, { latencyMs: 3_000 });
    const moves = await counter('security_insights_lane_moves_total', { from: 'fast', to: 'slow' });
    const { result, events } = await scan(zoneIds[0] as string, accountId, name, '3');
    expect(result.lane).toBe('slow');
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'aborted']);
    expect(slowProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'completed']);
    expect(scheduled(events)).toEqual([
      `runCheckers@${fastWorkers.prefix}-slow`,
      `persistScan@${fastWorkers.prefix}-slow`,
    ]);
    const scans = await db.pool.query('SELECT lane, outcome FROM scans WHERE zone_id = $1', [zoneIds[0]]);
    expect(scans.rows).toEqual([{ lane: 'slow', outcome: 'completed' }]);
    const insights = await db.pool.query('SELECT subject FROM insights WHERE zone_id = $1', [zoneIds[0]]);
    expect(insights.rows).toEqual([{ subject: `slow.${name}` }]);
    expect(await readZoneLane(db.pool, zoneIds[0] as string)).toEqual({ laneHint: 'slow', slowStreak: 0 });
    expect(await counter('security_insights_lane_moves_total', { from: 'fast', to: 'slow' })).toBe(moves + 1);
  });

  it('when the fused persist fails, then the result goes to the ordinary persistScan step, which refuses it as today: the scan fails with InvalidScanResult and nothing is written', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'fused-bad' });
    const workflowId = scanWorkflowId(zoneIds[0] as string, '4');
    const failure = await fastWorkers.client.workflow
      .execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
        workflowId,
        taskQueue: laneTaskQueue(fastWorkers.prefix, 'fast'),
        args: [
          {
            zoneId: zoneIds[0] as string,
            accountId,
            zoneName: names[0] as string,
            lane: 'fast',
            checkers: ['malformed'],
            lanePolicy: POLICY,
          },
        ],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const causes: Array<{ type?: string; cause?: unknown }> = [];
    for (let e = failure as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) causes.push(e);
    expect(causes.map((c) => c.type)).toContain('InvalidScanResult');
    const history = await fastWorkers.client.workflow.getHandle(workflowId).fetchHistory();
    // scanFastLane (checked, not persisted), then persistScan.
    expect(markers(history.events ?? [])).toHaveLength(2);
    const scans = await db.pool.query('SELECT lane FROM scans WHERE zone_id = $1', [zoneIds[0]]);
    expect(scans.rows).toEqual([]);
  });
});
