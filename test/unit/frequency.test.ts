import { describe, expect, it } from 'vitest';
import { InvalidFrequencyError, parseFrequency, validateFrequency } from '../../libs/domain';

const bounds = { minFrequencySeconds: 60, maxFrequencySeconds: 86_400 };
const RANGE = '1m to 1d (60 to 86400 seconds)';

describe('validateFrequency (the scheduler update validator)', () => {
  it('when the value is inside the range, then it is returned unchanged', () => {
    expect(validateFrequency(900, bounds)).toBe(900);
    expect(validateFrequency(60, bounds)).toBe(60);
    // What the validator accepts must not change (replayed signals go through it): fractions stay valid.
    expect(validateFrequency(90.5, bounds)).toBe(90.5);
  });

  it.each([
    [0, `frequencySeconds must be positive, from ${RANGE}; got 0`],
    [-5, `frequencySeconds must be positive, from ${RANGE}; got -5`],
    [Number.NaN, `frequencySeconds must be a finite number of seconds from ${RANGE}; got null`],
    [Number.POSITIVE_INFINITY, `frequencySeconds must be a finite number of seconds from ${RANGE}; got null`],
    ['900', `frequencySeconds must be a finite number of seconds from ${RANGE}; got "900"`],
    [30, `frequencySeconds 30 is below the minimum; allowed: ${RANGE}`],
    [90_000, `frequencySeconds 90000 is above the maximum; allowed: ${RANGE}`],
  ])('when the value is %s, then it is rejected with a message naming the range', (value, message) => {
    expect(() => validateFrequency(value, bounds)).toThrow(new InvalidFrequencyError(message));
    try {
      validateFrequency(value, bounds);
    } catch (error) {
      expect((error as InvalidFrequencyError).type).toBe('InvalidSchedulerInput');
    }
  });
});

describe('parseFrequency (API body and CLI argument)', () => {
  it.each([
    ['15m', 900],
    ['1h30m', 5400],
    ['1d', 86400],
    [900, 900],
  ])('when given %j, then it is %d seconds', (input, seconds) => {
    expect(parseFrequency(input, bounds)).toBe(seconds);
  });

  it.each([
    ['0', `"0" is below the minimum; allowed: ${RANGE}`],
    [0, `0 seconds is below the minimum; allowed: ${RANGE}`],
    [-5, `-5 seconds is below the minimum; allowed: ${RANGE}`],
    ['2d', `"2d" is above the maximum; allowed: ${RANGE}`],
    ['900', `"900" has no unit: write 900s for seconds`],
    ['15m15m', `"15m15m" is not a duration: write whole numbers with the units d, h, m, s or ms`],
    [90.5, 'must be a duration (whole numbers with the units d, h, m, s or ms'],
    [true, `from ${RANGE}; got boolean`],
    [null, 'got null'],
  ])('when given %j, then the message names the format or the range: %s', (input, message) => {
    expect(() => parseFrequency(input, bounds)).toThrow(InvalidFrequencyError);
    expect(() => parseFrequency(input, bounds)).toThrow(message);
  });

  it('when the text is a well-formed duration out of range or malformed, then the message always names the range', () => {
    for (const input of ['0', '15m15m', '1s', 'soon'])
      expect(() => parseFrequency(input, bounds)).toThrow(`allowed: ${RANGE}`);
  });
});
