import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from '../../libs/observability';
import { sumOfMetric } from '../../apps/bench/shared/prometheus-text';
import { buildAccountWithZones } from '../support/factories';
import { eventually, useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { scansByTick, startTestScheduler, statusWhen } from '../support/scheduler';

describe('a scheduler with partitioned claims and eager start', () => {
  const db = useTestDatabase();
  const metrics = new WorkerMetrics();
  // Workflow-task slots above the zones of a tick: every eager start finds a free slot.
  const temporal = useTestWorkers(db, ['scheduler', 'fast', 'slow'], {
    eagerStart: true,
    metrics,
    slots: { fast: { activities: 50, workflowTasks: 64 }, slow: { activities: 10, workflowTasks: 10 } },
  });

  it('when three partitions claim one tick, then every zone is scanned once and each started eagerly', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 30 });
    // Tick = frequency: the first tick claims the whole active set, the next one is 30 s away.
    const handle = await startTestScheduler(temporal, {
      frequencySeconds: 30,
      tickSeconds: 30,
      claimPartitions: 3,
      maxInFlight: 300,
    });
    const scans = await eventually(
      async () => {
        const byTick = await scansByTick(db.pool);
        const all = [...byTick.values()].flat();
        return all.length >= zoneIds.length ? { byTick, all } : undefined;
      },
      60_000,
      'a scan of every zone',
    );
    expect(scans.all.sort()).toEqual([...zoneIds].sort());
    expect(scans.byTick.size).toBe(1);

    const status = await statusWhen(handle, (s) => s.ticks >= 1, 'the first tick');
    expect(status.lastTickClaimed).toBe(30);
    expect(status.activeZones).toBe(30);
    // The three partitions' rates add up to the whole: 30 zones / 30 s.
    expect(status.ratePerSecond).toBeCloseTo(1, 6);

    const exposition = await metrics.registry.metrics();
    expect(sumOfMetric(exposition, 'security_insights_scheduler_scans_started_total')).toBe(30);
    expect(sumOfMetric(exposition, 'security_insights_scheduler_scans_started_eagerly_total')).toBe(30);
    expect(sumOfMetric(exposition, 'security_insights_scheduler_eager_fallback_total')).toBe(0);

    // The history shows one claim activity per partition.
    const history = await handle.fetchHistory();
    const claims = (history.events ?? []).filter((event) => event.activityTaskScheduledEventAttributes);
    expect(claims).toHaveLength(3);
    await handle.terminate('test over');
  });
});
