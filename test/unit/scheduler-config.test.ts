import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../libs/config';

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('; ');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('scheduler configuration', () => {
  it('when nothing is set, then the catch-up factor, rate cap and frequency range have their defaults', () => {
    expect(loadConfig({}).scheduler).toEqual({
      frequencySeconds: 900,
      tickSeconds: 5,
      minFrequencySeconds: 10,
      maxFrequencySeconds: 30 * 86_400,
      catchUpFactor: 1.2,
      maxRatePerSecond: 100,
      maxInFlight: 1000,
      frequencyMode: 'uniform',
      eagerStart: true,
      claimPartitions: 1,
      adaptiveInFlight: false,
      targetLatencySeconds: 1,
    });
  });

  it('when eager start and claim partitions are set, then they are read, and bad values are refused by name', () => {
    expect(loadConfig({ SCHEDULER_EAGER_START: 'true', SCHEDULER_CLAIM_PARTITIONS: '4' }).scheduler).toMatchObject({
      eagerStart: true,
      claimPartitions: 4,
    });
    expect(loadConfig({ SCHEDULER_EAGER_START: 'false' }).scheduler.eagerStart).toBe(false);
    expect(() => loadConfig({ SCHEDULER_EAGER_START: 'yes' })).toThrow(/SCHEDULER_EAGER_START.*must be true or false/);
    expect(() => loadConfig({ SCHEDULER_CLAIM_PARTITIONS: '0' })).toThrow(/SCHEDULER_CLAIM_PARTITIONS/);
    expect(() => loadConfig({ SCHEDULER_CLAIM_PARTITIONS: '65' })).toThrow(/SCHEDULER_CLAIM_PARTITIONS/);
    expect(
      loadConfig({ SCHEDULER_ADAPTIVE_IN_FLIGHT: 'true', SCHEDULER_TARGET_LATENCY: '500ms' }).scheduler,
    ).toMatchObject({ adaptiveInFlight: true, targetLatencySeconds: 0.5 });
  });

  it('when SCAN_FREQUENCY_MODE is plans or something else, then plans is read and anything else is refused by name', () => {
    expect(loadConfig({ SCAN_FREQUENCY_MODE: 'plans' }).scheduler.frequencyMode).toBe('plans');
    expect(() => loadConfig({ SCAN_FREQUENCY_MODE: 'tiers' })).toThrow(/SCAN_FREQUENCY_MODE.*must be uniform or plans/);
  });

  it('when values are given, then decimals and durations are parsed', () => {
    const scheduler = loadConfig({
      SCHEDULER_CATCH_UP_FACTOR: '2.5',
      SCHEDULER_MAX_RATE: '40',
      SCAN_FREQUENCY_MIN: '1m',
      SCAN_FREQUENCY_MAX: '1d',
    }).scheduler;
    expect(scheduler).toMatchObject({
      catchUpFactor: 2.5,
      maxRatePerSecond: 40,
      minFrequencySeconds: 60,
      maxFrequencySeconds: 86_400,
    });
  });

  it.each([
    [{ SCHEDULER_CATCH_UP_FACTOR: 'fast' }, 'SCHEDULER_CATCH_UP_FACTOR="fast" "fast" is not a number such as 1.5'],
    [{ SCHEDULER_CATCH_UP_FACTOR: '0.5' }, 'SCHEDULER_CATCH_UP_FACTOR="0.5" 0.5 is outside 1..10'],
    [{ SCHEDULER_MAX_IN_FLIGHT: '-1' }, 'SCHEDULER_MAX_IN_FLIGHT="-1" -1 is outside 0..1000000'],
    [{ SCHEDULER_MAX_RATE: '-3' }, 'SCHEDULER_MAX_RATE="-3" "-3" is not a number such as 1.5'],
    [
      { SCAN_FREQUENCY_MIN: '2h', SCAN_FREQUENCY_MAX: '1h' },
      'SCAN_FREQUENCY_MIN (7200 s) is above SCAN_FREQUENCY_MAX (3600 s)',
    ],
    [
      { SCAN_FREQUENCY: '15m', SCAN_FREQUENCY_MIN: '1h' },
      'SCAN_FREQUENCY (900 s) is outside SCAN_FREQUENCY_MIN..SCAN_FREQUENCY_MAX (3600..2592000 s)',
    ],
  ])('when %j, then the error names the variable and the reason', (env, expected) => {
    expect(problemOf(env)).toBe(expected);
  });
});
