import { describe, expect, it } from 'vitest';
import { pauseSignal, reconfigureSignal } from '../../libs/contract';
import { buildAccountWithZones } from '../support/factories';
import { schedulerControlFor, statusWhen, testSchedulerInput } from '../support/scheduler';
import { useTestWorkers } from '../support/temporal';
import { useTestDatabase } from '../support/test-database';

describe('scheduler settings reach a running scheduler (reconfigure)', () => {
  const db = useTestDatabase();
  const temporal = useTestWorkers(db);

  it('when a process starts with other settings, then the running scheduler continues as new with them and keeps its state; the same settings again send nothing; invalid ones are ignored', async () => {
    await buildAccountWithZones(db.pool, { count: 3 });
    const control = schedulerControlFor(temporal);
    const input = testSchedulerInput(temporal, { maxInFlight: 100 });
    const first = await control.ensureRunning(input);
    expect(first.changes).toEqual([]);
    const handle = temporal.client.workflow.getHandle(first.workflowId);
    await statusWhen(handle, (s) => s.ticks >= 1, 'a first tick');

    // An invalid signal (not from ensureRunning: by hand) is ignored; the scheduler ticks on in the same run.
    await handle.signal(reconfigureSignal, { tickSeconds: -1, checkers: ['synthetic'] });
    const ignored = await statusWhen(handle, (s) => s.ticks >= 3, 'ticks after the invalid signal');
    expect(ignored.run).toBe(1);
    expect(ignored.maxInFlight).toBe(100);

    // State of the running scheduler that new settings must not touch: a frequency set at run time, a pause.
    await control.setFrequency(120);
    await handle.signal(pauseSignal);
    const paused = await statusWhen(handle, (s) => s.paused, 'the pause');

    // A process configured otherwise starts: its frequency is not a setting (the running one keeps its own).
    const second = await control.ensureRunning({
      ...input,
      frequencySeconds: 999,
      maxInFlight: 50,
      claimPartitions: 2,
    });
    expect(second.runId).toBe(first.runId);
    expect(second.changes.map(({ variable, from, to }) => `${variable} ${from} → ${to}`)).toEqual([
      'SCHEDULER_MAX_IN_FLIGHT 100 → 50',
      'SCHEDULER_CLAIM_PARTITIONS 1 → 2',
    ]);
    // Applied while paused, by continuing as new.
    const applied = await statusWhen(handle, (s) => s.run === paused.run + 1, 'the run with the new settings');
    expect(applied).toMatchObject({ maxInFlight: 50, paused: true, frequencySeconds: 120, ticks: paused.ticks });
    const { runId } = await handle.describe();
    expect(runId).not.toBe(first.runId);

    // The new run's input carries the settings: the same configuration again finds nothing to change.
    const third = await control.ensureRunning({ ...input, maxInFlight: 50, claimPartitions: 2 });
    expect(third.changes).toEqual([]);
    expect(third.runId).toBe(runId);
    await handle.terminate('test over');
  });
});
