import { describe, expect, it } from 'vitest';
import {
  changedSchedulerSettings,
  describeSchedulerSettingChanges,
  schedulerSettingsOf,
  schedulerSettingsProblem,
  withSchedulerSettings,
  type SchedulerInput,
} from '../../libs/contract';

const running: SchedulerInput = {
  taskQueuePrefix: 'si',
  frequencySeconds: 900,
  tickSeconds: 5,
  checkers: ['dns', 'tls'],
  maxRatePerSecond: 100,
  maxInFlight: 1000,
  minFrequencySeconds: 10,
  frequencyMode: 'plans',
  planFrequencies: { free: 3600 },
};

describe('scheduler settings', () => {
  it('when the settings are taken from an input, then only the deployment settings are kept', () => {
    expect(schedulerSettingsOf(running)).toEqual({
      tickSeconds: 5,
      checkers: ['dns', 'tls'],
      maxRatePerSecond: 100,
      maxInFlight: 1000,
    });
  });

  it('when nothing differs, or only what operators change at run time (frequencies, mode), then there is no change', () => {
    expect(changedSchedulerSettings(running, schedulerSettingsOf(running))).toEqual([]);
    const changedAtRunTime: SchedulerInput = { ...running, frequencySeconds: 60, frequencyMode: 'uniform' };
    expect(changedSchedulerSettings(changedAtRunTime, schedulerSettingsOf(running))).toEqual([]);
  });

  it('when absent means the default, then absent and the default are the same setting', () => {
    expect(changedSchedulerSettings(running, { ...schedulerSettingsOf(running), claimPartitions: 1 })).toEqual([]);
    expect(changedSchedulerSettings({ ...running, claimPartitions: 1 }, schedulerSettingsOf(running))).toEqual([]);
  });

  it('when settings differ, then each change names its variable and both values', () => {
    const changes = changedSchedulerSettings(running, {
      ...schedulerSettingsOf(running),
      maxInFlight: 200,
      claimPartitions: 3,
      adaptiveInFlight: { targetP50Ms: 800 },
      checkers: ['dns'],
    });
    expect(changes).toEqual([
      { setting: 'checkers', variable: 'SCAN_CHECKERS', from: 'dns,tls', to: 'dns' },
      { setting: 'maxInFlight', variable: 'SCHEDULER_MAX_IN_FLIGHT', from: '1000', to: '200' },
      { setting: 'claimPartitions', variable: 'SCHEDULER_CLAIM_PARTITIONS', from: '1', to: '3' },
      {
        setting: 'adaptiveInFlight',
        variable: 'SCHEDULER_ADAPTIVE_IN_FLIGHT / SCHEDULER_TARGET_LATENCY',
        from: 'off',
        to: 'target p50 800 ms',
      },
    ]);
    expect(describeSchedulerSettingChanges(changes.slice(1, 3))).toBe(
      'SCHEDULER_MAX_IN_FLIGHT 1000 → 200; SCHEDULER_CLAIM_PARTITIONS 1 → 3',
    );
  });

  it('when new settings are applied to an input, then they replace its settings, absent ones are dropped, and the rest is kept', () => {
    const next = withSchedulerSettings(
      { ...running, adaptiveInFlight: { targetP50Ms: 500 }, claimPartitions: 2 },
      { tickSeconds: 1, checkers: ['http'], maxInFlight: 50 },
    );
    expect(next).toEqual({
      taskQueuePrefix: 'si',
      frequencySeconds: 900,
      minFrequencySeconds: 10,
      frequencyMode: 'plans',
      planFrequencies: { free: 3600 },
      tickSeconds: 1,
      checkers: ['http'],
      maxInFlight: 50,
    });
  });

  it.each([
    [null, 'not an object'],
    [{ checkers: ['dns'] }, 'tickSeconds must be a positive number'],
    [{ tickSeconds: 0, checkers: ['dns'] }, 'tickSeconds must be a positive number'],
    [{ tickSeconds: 5, checkers: [] }, 'checkers must be a non-empty list'],
    [{ tickSeconds: 5, checkers: [7] }, 'checkers must be a non-empty list'],
    [{ tickSeconds: 5, checkers: ['dns'], catchUpFactor: 0.5 }, 'catchUpFactor must be at least 1'],
    [{ tickSeconds: 5, checkers: ['dns'], maxRatePerSecond: 0 }, 'maxRatePerSecond must be positive'],
    [{ tickSeconds: 5, checkers: ['dns'], maxInFlight: 1.5 }, 'maxInFlight must be a whole number'],
    [{ tickSeconds: 5, checkers: ['dns'], maxInFlight: Number.NaN }, 'maxInFlight must be a whole number'],
    [{ tickSeconds: 5, checkers: ['dns'], claimPartitions: 65 }, 'claimPartitions must be a whole number from 1 to 64'],
    [{ tickSeconds: 5, checkers: ['dns'], adaptiveInFlight: { targetP50Ms: -1 } }, 'adaptiveInFlight must be absent'],
    [{ tickSeconds: 5, checkers: ['dns'], adaptiveInFlight: 'on' }, 'adaptiveInFlight must be absent'],
  ])('when the signal carries %j, then the problem is named', (settings, problem) => {
    expect(schedulerSettingsProblem(settings)).toContain(problem);
  });

  it('when the settings are valid, then there is no problem', () => {
    expect(schedulerSettingsProblem(schedulerSettingsOf(running))).toBeUndefined();
    expect(
      schedulerSettingsProblem({
        tickSeconds: 0.5,
        checkers: ['dns'],
        maxInFlight: 0,
        adaptiveInFlight: { targetP50Ms: 1 },
      }),
    ).toBeUndefined();
  });
});
