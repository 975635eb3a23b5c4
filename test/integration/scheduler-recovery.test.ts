import { afterAll, describe, expect, it } from 'vitest';
import { pauseSignal } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { startTestScheduler, statusWhen } from '../support/scheduler';
import { eventually, startTestWorkers, type TestTemporal } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('scheduler worker lost in the middle of a tick', () => {
  const db = useTestDatabase();
  let lanes: TestTemporal | undefined;
  let scheduler: TestTemporal | undefined;
  afterAll(async () => {
    await scheduler?.close();
    await lanes?.close();
  });

  it('when the scheduler worker stops while a tick is starting scans and another takes over, then no zone is claimed twice and none is lost', async () => {
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 20 });
    lanes = await startTestWorkers(db.pool, ['fast', 'slow']);
    scheduler = await startTestWorkers(db.pool, ['scheduler'], { prefix: lanes.prefix });
    // 20 zones every 20 s in 10 s ticks: the first tick claims 10 zones and starts them over 8 s.
    const handle = await startTestScheduler(lanes, {
      frequencySeconds: 20,
      tickSeconds: 10,
      startSpreadSeconds: 8,
      minFrequencySeconds: 1,
    });
    const firstTick = await eventually(
      async () => {
        const claimed = await db.pool.query<{ claim_tick: string }>(
          'SELECT DISTINCT claim_tick FROM zones WHERE claim_tick IS NOT NULL',
        );
        const started = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM scans');
        return claimed.rows.length === 1 && Number(started.rows[0]?.n) >= 1
          ? (claimed.rows[0]?.claim_tick as string)
          : undefined;
      },
      20_000,
      'the first scans of the first tick',
    );

    const claimedInFirstTick = await db.pool.query<{ id: string }>('SELECT id FROM zones WHERE claim_tick = $1', [
      firstTick,
    ]);
    expect(claimedInFirstTick.rows).toHaveLength(10);

    // The worker goes away mid-tick: its activity is cancelled and fails; Temporal retries it.
    await scheduler.close();
    const startedBeforeLoss = Number(
      (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM scans')).rows[0]?.n,
    );
    expect(startedBeforeLoss).toBeLessThan(10);
    // Paused from the next tick on, so only the interrupted tick is looked at.
    await handle.signal(pauseSignal);
    scheduler = await startTestWorkers(db.pool, ['scheduler'], { prefix: lanes.prefix });

    const status = await statusWhen(
      handle,
      (s) => s.ticks >= 1,
      'the first tick to complete on the new worker',
      40_000,
    );
    expect(status.lastTickClaimed).toBe(10);
    expect(status.ticks).toBe(1);
    // Every zone of that tick is scanned exactly once, under that tick's workflow id.
    const scans = await eventually(
      async () => {
        const rows = await db.pool.query<{ zone_id: string; workflow_id: string }>(
          'SELECT zone_id, workflow_id FROM scans WHERE workflow_id LIKE $1',
          [`%:${firstTick}`],
        );
        return rows.rows.length >= 10 ? rows.rows : undefined;
      },
      30_000,
      'the scans of every zone the first tick claimed',
    );
    expect(scans.map((s) => s.zone_id).sort()).toEqual(claimedInFirstTick.rows.map((r) => r.id).sort());
    expect(new Set(scans.map((s) => s.workflow_id)).size).toBe(10);
    expect(zoneIds).toEqual(expect.arrayContaining(scans.map((s) => s.zone_id)));
    await handle.terminate('test over');
  });
});
