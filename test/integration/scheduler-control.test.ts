import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { pauseSignal, resumeSignal, scanNowSignal, setFrequencySignal, setFrequencyUpdate } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import {
  SchedulerControl,
  SchedulerNotRunningError,
  SchedulerRejectedError,
  TemporalUnavailableError,
} from '../../libs/temporal';
import { scansByTick, schedulerControlFor, startTestScheduler, statusWhen } from '../support/scheduler';
import { eventually, startTestWorkers, type TestTemporal } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('scheduler controls, against the real Temporal server', () => {
  const db = useTestDatabase();
  let temporal: TestTemporal;
  afterAll(async () => {
    await temporal?.close();
  });

  // Each test has its own zones and scheduler, on its own task queues.
  async function fresh(): Promise<void> {
    await temporal?.close();
    await db.pool.query('TRUNCATE accounts, scans CASCADE');
    temporal = await startTestWorkers(db.pool);
  }

  it('when zones are due at different times, then each tick starts the stalest ones, rate × tick per tick', async () => {
    await fresh();
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 8 });
    // Staleness order: zone 7 first, then 6, … ; 8 zones every 8 s with 2 s ticks: 2 zones a tick.
    await db.pool.query(
      `UPDATE zones SET next_scan_at = now() - (array_position($1::uuid[], id) * interval '1 minute')`,
      [zoneIds],
    );
    const handle = await startTestScheduler(temporal, { frequencySeconds: 8, tickSeconds: 2, minFrequencySeconds: 1 });
    await statusWhen(handle, (s) => s.ticks >= 2, 'two ticks');
    await handle.signal(pauseSignal);
    const byTick = await eventually(
      async () => {
        const ticks = await scansByTick(db.pool);
        const firstTwo = [...ticks.keys()].sort().slice(0, 2);
        return firstTwo.length === 2 && firstTwo.every((t) => ticks.get(t)?.length === 2)
          ? firstTwo.map((t) => ticks.get(t) as string[])
          : undefined;
      },
      20_000,
      'the scans of the first two ticks',
    );
    expect(byTick[0]?.sort()).toEqual([zoneIds[7], zoneIds[6]].sort());
    expect(byTick[1]?.sort()).toEqual([zoneIds[5], zoneIds[4]].sort());
    await handle.terminate('test over');
  });

  it('when setFrequency is sent as an update with a bad value, then each is rejected with a message naming the allowed range', async () => {
    await fresh();
    const handle = await startTestScheduler(temporal, {
      frequencySeconds: 60,
      minFrequencySeconds: 30,
      maxFrequencySeconds: 3600,
    });
    const cases: Array<[number, string]> = [
      [0, 'frequencySeconds must be positive, from 30s to 1h (30 to 3600 seconds); got 0'],
      [-10, 'frequencySeconds must be positive, from 30s to 1h (30 to 3600 seconds); got -10'],
      [Number.NaN, 'frequencySeconds must be a finite number of seconds from 30s to 1h (30 to 3600 seconds); got null'],
      [
        Number.POSITIVE_INFINITY,
        'frequencySeconds must be a finite number of seconds from 30s to 1h (30 to 3600 seconds); got null',
      ],
      [10, 'frequencySeconds 10 is below the minimum; allowed: 30s to 1h (30 to 3600 seconds)'],
      [7200, 'frequencySeconds 7200 is above the maximum; allowed: 30s to 1h (30 to 3600 seconds)'],
    ];
    for (const [value, message] of cases) {
      const error = await handle
        .executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds: value }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (error as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('InvalidSchedulerInput');
      expect((cause as ApplicationFailure).message).toBe(message);
      // The control the API and CLI use turns the same rejection into its typed error.
      const typed = await schedulerControlFor(temporal)
        .setFrequency(value)
        .catch((e: unknown) => e);
      expect(typed).toBeInstanceOf(SchedulerRejectedError);
      expect({
        type: (typed as SchedulerRejectedError).failureType,
        message: (typed as SchedulerRejectedError).message,
      }).toEqual({ type: 'InvalidSchedulerInput', message });
    }
    const accepted = await schedulerControlFor(temporal).setFrequency(120);
    expect(accepted.frequencySeconds).toBe(120);
    // The signal of the same name works beside the update; a bad signal value is ignored.
    await handle.signal(setFrequencySignal, { frequencySeconds: 5 });
    await handle.signal(setFrequencySignal, { frequencySeconds: 300 });
    const status = await statusWhen(handle, (s) => s.frequencySeconds !== 120, 'the signalled frequency');
    expect(status.frequencySeconds).toBe(300);
    await handle.terminate('test over');
  });

  it('when paused, then no tick runs and no scan starts until resumed', async () => {
    await fresh();
    await buildAccountWithZones(db.pool, { count: 30 });
    const handle = await startTestScheduler(temporal, { frequencySeconds: 30, minFrequencySeconds: 1 });
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick');
    await handle.signal(pauseSignal);
    const paused = await statusWhen(handle, (s) => s.paused, 'the pause');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await statusWhen(handle, () => true, 'status');
    expect(later.ticks).toBe(paused.ticks);
    const startedWhilePaused = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM zones WHERE last_claimed_at > now() - interval '2 seconds'",
    );
    expect(Number(startedWhilePaused.rows[0]?.n)).toBe(0);
    await handle.signal(resumeSignal);
    const resumed = await statusWhen(handle, (s) => !s.paused && s.ticks >= paused.ticks + 2, 'ticks after resume');
    expect(resumed.lastTickClaimed).toBe(1);
    await handle.terminate('test over');
  });

  it('when scan-now names zones, then the next tick scans them even when paused, and unknown ids are reported', async () => {
    await fresh();
    const { zoneIds } = await buildAccountWithZones(db.pool, { count: 3, dueNow: false });
    const handle = await startTestScheduler(temporal, { frequencySeconds: 86_400 });
    await handle.signal(pauseSignal);
    await statusWhen(handle, (s) => s.paused, 'the pause');
    const unknown = '00000000-0000-4000-8000-000000000000';
    await handle.signal(scanNowSignal, { zoneIds: [zoneIds[1] as string, unknown, 'not-a-zone'] });
    const status = await statusWhen(handle, (s) => s.lastScanNowIgnored.length > 0, 'the scan-now tick');
    expect(status.lastScanNowIgnored).toEqual([unknown]);
    expect(status.lastTickClaimed).toBe(1);
    expect(status.paused).toBe(true);
    const scanned = await eventually(
      async () => {
        const rows = await db.pool.query<{ zone_id: string }>('SELECT zone_id FROM scans');
        return rows.rows.length > 0 ? rows.rows.map((r) => r.zone_id) : undefined;
      },
      20_000,
      'the scan-now scan',
    );
    expect(scanned).toEqual([zoneIds[1]]);
    await handle.terminate('test over');
  });

  it('when the scheduler continues as new, then frequency, tick count and pause state survive in the next run', async () => {
    await fresh();
    await buildAccountWithZones(db.pool, { count: 3, dueNow: false });
    const handle = await startTestScheduler(temporal, { frequencySeconds: 600, maxTicksBeforeContinueAsNew: 1 });
    await handle.executeUpdate(setFrequencyUpdate, { args: [{ frequencySeconds: 900 }] });
    const afterRuns = await statusWhen(handle, (s) => s.run >= 3, 'two continue-as-new');
    expect(afterRuns.frequencySeconds).toBe(900);
    expect(afterRuns.ticks).toBeGreaterThanOrEqual(2);
    expect(afterRuns.ticks).toBeLessThanOrEqual(afterRuns.run);
    // Pause, then a scan-now makes one paused tick, after which the run continues as new paused.
    await handle.signal(pauseSignal);
    await statusWhen(handle, (s) => s.paused, 'the pause');
    // A tick under way when the pause came still continues as new (paused): let that settle.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const paused = await statusWhen(handle, (s) => s.paused, 'the settled pause');
    await handle.signal(scanNowSignal, { zoneIds: ['00000000-0000-4000-8000-000000000001'] });
    const next = await statusWhen(handle, (s) => s.run > paused.run, 'the run after the paused tick');
    expect(next.run).toBe(paused.run + 1);
    expect(next.paused).toBe(true);
    expect(next.frequencySeconds).toBe(900);
    expect(next.ticks).toBe(paused.ticks + 1);
    const { runId } = await handle.describe();
    expect(runId).not.toBe(handle.firstExecutionRunId);
    await handle.terminate('test over');
  });

  it('when no scheduler runs or Temporal cannot be reached, then SchedulerControl throws its typed errors', async () => {
    await fresh();
    const notRunning = await schedulerControlFor(temporal)
      .status()
      .catch((e: unknown) => e);
    expect(notRunning).toBeInstanceOf(SchedulerNotRunningError);
    expect((notRunning as SchedulerNotRunningError).code).toBe('SchedulerNotRunning');
    const unreachable = new SchedulerControl({
      connect: () => Promise.reject(new Error('connection refused')),
      taskQueuePrefix: temporal.prefix,
      namespace: 'default',
      address: '127.0.0.1:1',
    });
    const error = await unreachable.pause().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect((error as TemporalUnavailableError).message).toContain(
      'Temporal at 127.0.0.1:1 is unreachable (connection refused)',
    );
  });
});
