import { describe, expect, it } from 'vitest';
import { readZoneLane } from '../../libs/db';
import { laneTaskQueue, scanWorkflowId, SCAN_ZONE_WORKFLOW, type ScanZoneWorkflow } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { markerEvents, scheduledActivities, useProbeLaneWorkers } from '../support/lane-workers';
import { useTestDatabase } from '../support/test-database';

// The step-wise local path (checks, then persist, as two local activities); the fused one is
// FAST_LANE_FUSED's default and has its own test (scan-lanes-fused.test.ts).
const POLICY = {
  fastBudgetMs: 1_000,
  slowBudgetMs: 20_000,
  promoteAfter: 2,
  fastLocalActivities: true,
  fastFused: false,
};

describe('fast lane with local activities (FAST_LANE_LOCAL_ACTIVITIES)', () => {
  const db = useTestDatabase();
  const { workers: fastWorkers, behaviours, fastProbe, slowProbe } = useProbeLaneWorkers(db, { policy: POLICY });

  async function scan(zoneId: string, accountId: string, zoneName: string, tick: string) {
    const workflowId = scanWorkflowId(zoneId, tick);
    const result = await fastWorkers.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId,
      taskQueue: laneTaskQueue(fastWorkers.prefix, 'fast'),
      args: [{ zoneId, accountId, zoneName, lane: 'fast', checkers: ['probe'] }],
    });
    const history = await fastWorkers.client.workflow.getHandle(workflowId).fetchHistory();
    return { result, events: history.events ?? [] };
  }

  it('when a fast scan runs, then its checks and persist run locally: no activity tasks, the findings written', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'local' });
    const { result, events } = await scan(zoneIds[0] as string, accountId, names[0] as string, '1');
    expect(result.lane).toBe('fast');
    expect(scheduledActivities(events)).toEqual([]);
    expect(markerEvents(events).length).toBeGreaterThanOrEqual(3);
    const scans = await db.pool.query('SELECT lane, outcome FROM scans WHERE zone_id = $1', [zoneIds[0]]);
    expect(scans.rows).toEqual([{ lane: 'fast', outcome: 'completed' }]);
  });

  it('when a local fast check overruns its budget, then it is aborted, re-run as an activity on slow, and the zone is marked slow', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'local-slow' });
    const name = names[0] as string;
    behaviours.set(name, { latencyMs: 3_000 });
    const { result, events } = await scan(zoneIds[0] as string, accountId, name, '2');
    expect(result.lane).toBe('slow');
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'aborted']);
    expect(slowProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'completed']);
    expect(scheduledActivities(events)).toEqual([
      `runCheckers@${fastWorkers.prefix}-slow`,
      `persistScan@${fastWorkers.prefix}-slow`,
    ]);
    expect(await readZoneLane(db.pool, zoneIds[0] as string)).toEqual({ laneHint: 'slow', slowStreak: 0 });
  });
});
