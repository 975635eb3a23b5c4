import { describe, expect, it } from 'vitest';
import { schedulerWorkflowId, schedulerStatusQuery } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { eventually, useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';
import { schedulerControlFor } from '../support/scheduler';

describe('scheduler backpressure (SCHEDULER_MAX_IN_FLIGHT)', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);

  it('when scans in flight fill the cap but for two, then a tick starts two scans and reports the rest as held back', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 14 });
    // Eight zones were claimed a moment ago and their scans have not landed: in flight.
    const inFlight = zoneIds.slice(0, 8);
    await db.pool.query(
      `UPDATE zones SET last_claimed_at = now(), scan_pending_since = now(), next_scan_at = now() + interval '1 hour' WHERE id = ANY($1::uuid[])`,
      [inFlight],
    );

    // Tick = frequency: the first tick wants all 14 zones; the next tick is 30 s away.
    await schedulerControlFor(temporal).ensureRunning({
      taskQueuePrefix: temporal.prefix,
      frequencySeconds: 30,
      tickSeconds: 30,
      startSpreadSeconds: 0,
      checkers: ['synthetic'],
      maxInFlight: 10,
    });
    const scheduler = temporal.client.workflow.getHandle(schedulerWorkflowId(temporal.prefix));
    const status = await eventually(
      async () => {
        const current = await scheduler.query(schedulerStatusQuery);
        return current.ticks > 0 ? current : undefined;
      },
      20_000,
      'the scheduler to report its first tick',
    );
    expect(status).toMatchObject({ maxInFlight: 10, inFlight: 8, lastTickClaimed: 2, lastTickHeldBack: 12 });

    const scanned = await eventually(
      async () => {
        const result = await db.pool.query<{ zone_id: string }>('SELECT zone_id FROM scans');
        return result.rows.length >= 2 ? result.rows.map((r) => r.zone_id) : undefined;
      },
      20_000,
      'the two scans to land',
    );
    expect(scanned).toHaveLength(2);
    expect(scanned.some((id) => inFlight.includes(id))).toBe(false);
    await scheduler.terminate('test over');
  });
});
