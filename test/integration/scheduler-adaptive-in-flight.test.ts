import { describe, expect, it } from 'vitest';
import { scanLatency } from '../../libs/db';
import { buildAccountWithZones } from '../support/factories';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { startTestScheduler, statusWhen } from '../support/scheduler';

describe('the adaptive in-flight cap', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);

  it('when scans are persisted, then their start → persisted p50 is measured, leaving out the pacing before their start', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 3 });
    const insert = (zone: string, workflowId: string, runMs: number) =>
      db.pool.query(
        `INSERT INTO scans (zone_id, workflow_id, run_id, lane, started_at, finished_at, outcome)
         VALUES ($1, $2, 'r', 'fast', now() - $3 * interval '1 millisecond', now(), 'completed')`,
        [zone, workflowId, runMs],
      );
    // Claimed by a tick 60 s ago (the pacing), started 1 s, 2 s and 3 s before they finished;
    // one row not from a tick is ignored.
    const tick = Date.now() - 60_000;
    await insert(zoneIds[0] as string, `scan:${zoneIds[0]}:${tick}`, 1000);
    await insert(zoneIds[1] as string, `scan:${zoneIds[1]}:${tick}`, 2000);
    await insert(zoneIds[2] as string, `scan:${zoneIds[2]}:${tick}`, 3000);
    await insert(zoneIds[2] as string, 'scan-now-from-elsewhere', 9000);
    const latency = await scanLatency(db.pool, 60);
    expect(latency.samples).toBe(3);
    expect(latency.p50Ms).toBeGreaterThan(1500);
    expect(latency.p50Ms).toBeLessThan(2500);
    expect(await scanLatency(db.pool, 0)).toEqual({ p50Ms: null, samples: 0 });
  });

  it('when latency is above the target, then the scheduler lowers its cap below the configured one', async () => {
    await db.pool.query('TRUNCATE accounts CASCADE');
    await buildAccountWithZones(db.pool, { count: 200 });
    // A 1 ms target no real scan meets: every tick with enough persisted scans shrinks the cap.
    const handle = await startTestScheduler(temporal, {
      frequencySeconds: 10,
      tickSeconds: 1,
      maxInFlight: 100,
      adaptiveInFlight: { targetP50Ms: 1 },
    });
    const status = await statusWhen(
      handle,
      (s) => (s.adaptiveInFlightCap ?? 100) < 100,
      'the adaptive cap to come down',
      90_000,
    );
    expect(status.maxInFlight).toBe(100);
    expect(status.lastLatencyP50Ms).toBeGreaterThan(1);
    await handle.terminate('test over');
  });
});
