import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { claimDueZones, readZoneLane } from '../../libs/db';
import { type Lane } from '../../libs/domain';
import {
  laneTaskQueue,
  scanWorkflowId,
  accountIdKey,
  laneKey,
  zoneIdKey,
  type ScanZoneResult,
  SCAN_ZONE_WORKFLOW,
  type ScanZoneWorkflow,
} from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { useProbeLaneWorkers } from '../support/lane-workers';
import { eventually } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

const EventType = proto.api.enums.v1.EventType;

// Short budgets keep the test quick: a 1 s fast lane, and two fast scans to return from slow.
// Regular activities on both lanes (the local-activity path has scan-lanes-local.test.ts).
const POLICY = { fastBudgetMs: 1_000, slowBudgetMs: 20_000, promoteAfter: 2, fastLocalActivities: false };

describe('fast and slow lanes', () => {
  let tick = 0;
  const db = useTestDatabase();
  const { workers: fastWorkers, behaviours, fastProbe, slowProbe } = useProbeLaneWorkers(db, { policy: POLICY });

  /** Claims the zone like the scheduler does and starts its scan on the claimed lane. */
  async function claimAndScan(
    client: Client,
    zone: { id: string; accountId: string },
  ): Promise<{ lane: Lane; result: ScanZoneResult; workflowId: string }> {
    // As if a whole frequency had passed since the last claim: due, and claimable again.
    await db.pool.query(
      `UPDATE zones SET next_scan_at = now() - interval '1 second', last_claimed_at = NULL WHERE id = $1`,
      [zone.id],
    );
    const tickId = `${Date.now()}-${++tick}`;
    const [claimed] = await claimDueZones(db.pool, tickId, 1, 3600);
    expect(claimed?.id).toBe(zone.id);
    const lane = (claimed as { lane: Lane }).lane;
    const workflowId = scanWorkflowId(zone.id, tickId);
    const result = await client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId,
      taskQueue: laneTaskQueue(fastWorkers.prefix, lane),
      args: [
        {
          zoneId: zone.id,
          accountId: zone.accountId,
          zoneName: (claimed as { name: string }).name,
          lane,
          checkers: ['probe'],
        },
      ],
      typedSearchAttributes: [
        { key: zoneIdKey, value: zone.id },
        { key: accountIdKey, value: zone.accountId },
        { key: laneKey, value: lane },
      ],
    });
    return { lane, result, workflowId };
  }

  async function scanRows(zoneId: string) {
    const result = await db.pool.query<{ lane: string; outcome: string; error: string | null; workflow_id: string }>(
      'SELECT lane, outcome, error, workflow_id FROM scans WHERE zone_id = $1 ORDER BY id',
      [zoneId],
    );
    return result.rows;
  }

  it('when checks overrun the fast budget, then they are cancelled on fast, complete on slow, the zone goes slow and returns to fast after K fast scans', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'overrun' });
    const zone = { id: zoneIds[0] as string, accountId };
    const name = names[0] as string;
    behaviours.set(name, { latencyMs: 3_000 });

    // 1. Starts on fast (the default lane), overruns, moves to slow.
    const first = await claimAndScan(fastWorkers.client, zone);
    expect(first.lane).toBe('fast');
    expect(first.result.lane).toBe('slow');
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'aborted']);
    expect(slowProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'completed']);
    const history = await fastWorkers.client.workflow.getHandle(first.workflowId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(
      scheduled.map(
        (e) =>
          `${e.activityTaskScheduledEventAttributes?.activityType?.name}@${e.activityTaskScheduledEventAttributes?.taskQueue?.name}`,
      ),
    ).toEqual([
      `runCheckers@${fastWorkers.prefix}-fast`,
      `runCheckers@${fastWorkers.prefix}-slow`,
      `persistScan@${fastWorkers.prefix}-slow`,
    ]);
    // The fast attempt failed as an overrun (its checker saw the abort above), not as an error.
    const failed = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
    expect(String(failed?.activityTaskFailedEventAttributes?.scheduledEventId)).toBe(String(scheduled[0]?.eventId));
    expect(failed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type).toBe('LaneBudgetExceeded');
    // An expected lane move, not an error: BENIGN, so workers log it at debug and count no failure.
    expect(failed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.category).toBe(
      proto.api.enums.v1.ApplicationErrorCategory.APPLICATION_ERROR_CATEGORY_BENIGN,
    );
    const description = await fastWorkers.client.workflow.getHandle(first.workflowId).describe();
    expect(description.typedSearchAttributes.get(laneKey)).toBe('slow');

    // Only the slow run's findings were written, on a scan recorded as slow; the zone is slow.
    expect(await scanRows(zone.id)).toMatchObject([{ lane: 'slow', outcome: 'completed', error: null }]);
    const insights = await db.pool.query<{ subject: string }>('SELECT subject FROM insights WHERE zone_id = $1', [
      zone.id,
    ]);
    expect(insights.rows.map((r) => r.subject)).toEqual([`slow.${name}`]);
    expect(await readZoneLane(db.pool, zone.id)).toEqual({ laneHint: 'slow', slowStreak: 0 });

    // 2. Next time it starts on slow; the check has become fast, so the streak counts.
    behaviours.set(name, { latencyMs: 10 });
    const second = await claimAndScan(fastWorkers.client, zone);
    expect(second.lane).toBe('slow');
    expect(second.result.lane).toBe('slow');
    expect(await readZoneLane(db.pool, zone.id)).toEqual({ laneHint: 'slow', slowStreak: 1 });

    // 3. The K-th (2nd) scan within the fast budget returns the zone to fast.
    const third = await claimAndScan(fastWorkers.client, zone);
    expect(third.lane).toBe('slow');
    expect(await readZoneLane(db.pool, zone.id)).toEqual({ laneHint: 'fast', slowStreak: 0 });
    const fourth = await claimAndScan(fastWorkers.client, zone);
    expect(fourth.lane).toBe('fast');
    expect(fourth.result.lane).toBe('fast');

    expect((await scanRows(zone.id)).map((s) => s.lane)).toEqual(['slow', 'slow', 'slow', 'fast']);
    // The fast-only worker ran nothing of the slow-lane work: only the cancelled run and the last scan.
    expect(fastProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual([
      'started',
      'aborted',
      'started',
      'completed',
    ]);
    expect(slowProbe.events.filter((e) => e.zone === name && e.event === 'completed')).toHaveLength(3);
  });

  it('when a scan is cancelled while its checks run, then the cancellation reaches the checker through heartbeats and nothing is persisted', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, {
      count: 1,
      prefix: 'cancelled',
      dueNow: false,
    });
    const zone = { id: zoneIds[0] as string, accountId };
    const name = names[0] as string;
    await db.pool.query(`UPDATE zones SET lane_hint = 'slow' WHERE id = $1`, [zone.id]);
    behaviours.set(name, { latencyMs: 15_000 });
    const handle = await fastWorkers.client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
      workflowId: scanWorkflowId(zone.id, 'cancel-test'),
      taskQueue: laneTaskQueue(fastWorkers.prefix, 'slow'),
      args: [{ zoneId: zone.id, accountId, zoneName: name, lane: 'slow', checkers: ['probe'] }],
    });
    await eventually(
      async () => (slowProbe.events.some((e) => e.zone === name && e.event === 'started') ? true : undefined),
      15_000,
      'the check to start',
    );

    await handle.cancel();

    await expect(handle.result()).rejects.toMatchObject({
      name: 'WorkflowFailedError',
      cause: { name: 'CancelledFailure' },
    });
    await eventually(
      async () => (slowProbe.events.some((e) => e.zone === name && e.event === 'aborted') ? true : undefined),
      10_000,
      'the check to be aborted',
    );
    expect(slowProbe.events.filter((e) => e.zone === name).map((e) => e.event)).toEqual(['started', 'aborted']);
    expect(await scanRows(zone.id)).toEqual([]);
    expect(await readZoneLane(db.pool, zone.id)).toEqual({ laneHint: 'slow', slowStreak: 0 });
  });

  it("when a slow zone's checks take longer than the fast budget, then its streak starts again", async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, { count: 1, prefix: 'still-slow' });
    const zone = { id: zoneIds[0] as string, accountId };
    await db.pool.query(`UPDATE zones SET lane_hint = 'slow', slow_streak = 1 WHERE id = $1`, [zone.id]);
    behaviours.set(names[0] as string, { latencyMs: 1_300 });

    const scan = await claimAndScan(fastWorkers.client, zone);

    expect(scan.lane).toBe('slow');
    expect(await scanRows(zone.id)).toMatchObject([{ lane: 'slow', outcome: 'completed' }]);
    expect(await readZoneLane(db.pool, zone.id)).toEqual({ laneHint: 'slow', slowStreak: 0 });
  });
});
