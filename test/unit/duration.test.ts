import { describe, expect, it } from 'vitest';
import { formatDuration, InvalidDurationError, parseDurationSeconds } from '../../libs/domain';

describe('parseDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['10m', 600],
    ['1h30m', 5400],
    ['2d', 172800],
    ['250ms', 0.25],
    ['45', 45],
    [' 1H ', 3600],
  ])('when given %j, then returns %d seconds', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it.each(['', 'abc', '10x', '-5m', 'm10', '1h 30m', 'NaN', 'Infinity'])(
    'when given %j, then throws InvalidDurationError',
    (input) => {
      expect(() => parseDurationSeconds(input)).toThrow(InvalidDurationError);
    },
  );
});

describe('formatDuration', () => {
  it('when given seconds, then writes the largest units first', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(900)).toBe('15m');
    expect(formatDuration(0.25)).toBe('250ms');
    expect(formatDuration(90061)).toBe('1d1h1m1s');
  });
});
