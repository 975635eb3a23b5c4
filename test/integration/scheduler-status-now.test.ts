import { describe, expect, it } from 'vitest';
import { buildAccountWithZones } from '../support/factories';
import { schedulerControlFor, startTestScheduler, statusWhen } from '../support/scheduler';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('the scheduler status right after a change', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db, ['scheduler']);

  it('when the frequency changes or the scheduler pauses between ticks, then the status shows the desired state at once and keeps the last tick’s figures as of that tick', async () => {
    await buildAccountWithZones(db.pool, { count: 12, dueNow: false });
    // One tick, then none for an hour: everything after the first tick is between ticks.
    const handle = await startTestScheduler(temporal, {
      frequencySeconds: 600,
      tickSeconds: 3600,
      maxRatePerSecond: 1,
    });
    const afterTick = await statusWhen(handle, (s) => s.ticks === 1, 'the first tick');
    expect(afterTick.desiredRatePerSecond).toBeCloseTo(12 / 600);

    const control = schedulerControlFor(temporal);
    const updated = await control.setFrequency(60);
    for (const status of [updated, await control.status()]) {
      expect(status).toMatchObject({
        frequencySeconds: 60,
        activeZones: 12,
        ticks: 1,
        lastTickAt: afterTick.lastTickAt,
      });
      expect(status.desiredRatePerSecond).toBeCloseTo(12 / 60);
      expect(status.targetRatePerSecond).toBeCloseTo(12 / 60);
      expect(status.achievedFrequencySeconds).toBeCloseTo(60);
      // The last tick's own figure is not rewritten.
      expect(status.ratePerSecond).toBe(afterTick.ratePerSecond);
    }

    // A frequency the cap cannot sustain says so at once too: 12 zones every 10 s needs 1.2/s.
    const capped = await control.setFrequency(10);
    expect(capped).toMatchObject({ frequencyAchievable: false, targetRatePerSecond: 1 });
    expect(capped.achievedFrequencySeconds).toBeCloseTo(12);

    await control.pause();
    expect((await control.status()).paused).toBe(true);
    await handle.terminate('test over');
  });
});
