import { describe, expect, it } from 'vitest';
import { formatDuration, InvalidDurationError, parseDurationSeconds } from '../../libs/domain';

describe('parseDurationSeconds (the one strict duration grammar)', () => {
  it.each([
    ['30s', 30],
    ['10m', 600],
    ['1h30m', 5400],
    ['2d', 172800],
    ['250ms', 0.25],
    ['1500ms', 1.5],
    ['1d2h3m4s5ms', 93784.005],
    ['0', 0],
    ['0s', 0],
  ])('when given %j, then returns %d seconds', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it.each([
    ['', 'is not a duration: write whole numbers with the units d, h, m, s or ms, largest first'],
    ['abc', 'is not a duration'],
    ['10x', 'is not a duration'],
    ['-5m', 'is not a duration'],
    ['m10', 'is not a duration'],
    ['1h 30m', 'is not a duration'],
    [' 1h', 'is not a duration'],
    ['1H', 'is not a duration'],
    ['15m15m', 'is not a duration'],
    ['30m1h', 'is not a duration'],
    ['1.5h', 'is not a duration'],
    ['NaN', 'is not a duration'],
    ['Infinity', 'is not a duration'],
    ['45', '"45" has no unit: write 45s for seconds'],
    ['-5', 'is not a duration'],
    ['12345678s', 'is not a duration'],
    ['1d'.repeat(20), 'is 40 characters long; a duration has at most 32'],
  ])('when given %j, then throws InvalidDurationError saying what is accepted', (input, message) => {
    expect(() => parseDurationSeconds(input)).toThrow(InvalidDurationError);
    expect(() => parseDurationSeconds(input)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it('when given seconds, then writes the largest units first, in the grammar parseDurationSeconds reads', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(900)).toBe('15m');
    expect(formatDuration(0.25)).toBe('250ms');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(90061)).toBe('1d1h1m1s');
    for (const seconds of [1, 59, 61, 3599, 86400, 93784])
      expect(parseDurationSeconds(formatDuration(seconds))).toBe(seconds);
  });
});
