import { describe, expect, it } from 'vitest';
import { readZoneLane } from '../../libs/db';
import { laneTaskQueue, scanWorkflowId, SCAN_ZONE_WORKFLOW, type ScanZoneWorkflow } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { useProbeLaneWorkers } from '../support/lane-workers';
import { useTestDatabase } from '../support/test-database';

describe('lane budget and queueing', () => {
  const db = useTestDatabase();
  // One fast slot: scans queue behind each other on the fast lane.
  const {
    workers: fast,
    behaviours,
    fastProbe,
    slowProbe,
  } = useProbeLaneWorkers(db, {
    policy: { fastBudgetMs: 1_000 },
    slots: { fast: { activities: 1, workflowTasks: 2 } },
  });

  it('when scans wait on a busy fast lane longer than the budget, then each check still gets the whole budget and no zone is demoted', async () => {
    const { zoneIds, names, accountId } = await buildAccountWithZones(db.pool, {
      count: 3,
      prefix: 'queued',
      dueNow: false,
    });
    // Each check takes 0.7 s of the 1 s budget; the third to run waits about 1.4 s first.
    for (const name of names) behaviours.set(name, { latencyMs: 700 });

    const results = await Promise.all(
      zoneIds.map((zoneId, i) =>
        fast.client.workflow.execute<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, {
          workflowId: scanWorkflowId(zoneId, 'queued'),
          taskQueue: laneTaskQueue(fast.prefix, 'fast'),
          args: [{ zoneId, accountId, zoneName: names[i] as string, lane: 'fast', checkers: ['probe'] }],
        }),
      ),
    );

    expect(results.map((r) => r.lane)).toEqual(['fast', 'fast', 'fast']);
    expect(fastProbe.events.map((e) => e.event).sort()).toEqual([
      'completed',
      'completed',
      'completed',
      'started',
      'started',
      'started',
    ]);
    expect(slowProbe.events).toEqual([]);
    for (const zoneId of zoneIds)
      expect(await readZoneLane(db.pool, zoneId)).toEqual({ laneHint: 'fast', slowStreak: 0 });
  });
});
