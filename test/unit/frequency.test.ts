import { describe, expect, it } from 'vitest';
import { InvalidFrequencyError, validateFrequency } from '../../libs/domain';

const bounds = { minFrequencySeconds: 60, maxFrequencySeconds: 86_400 };

describe('validateFrequency', () => {
  it('when the value is inside the range, then it is returned unchanged', () => {
    expect(validateFrequency(900, bounds)).toBe(900);
    expect(validateFrequency(60, bounds)).toBe(60);
  });

  it.each([
    [0, 'frequencySeconds must be positive, from 1m (60 s) to 1d (86400 s); got 0'],
    [-5, 'frequencySeconds must be positive, from 1m (60 s) to 1d (86400 s); got -5'],
    [Number.NaN, 'frequencySeconds must be a finite number of seconds from 1m (60 s) to 1d (86400 s); got null'],
    [
      Number.POSITIVE_INFINITY,
      'frequencySeconds must be a finite number of seconds from 1m (60 s) to 1d (86400 s); got null',
    ],
    ['900', 'frequencySeconds must be a finite number of seconds from 1m (60 s) to 1d (86400 s); got "900"'],
    [30, 'frequencySeconds 30 is below the minimum; allowed: 1m (60 s) to 1d (86400 s)'],
    [90_000, 'frequencySeconds 90000 is above the maximum; allowed: 1m (60 s) to 1d (86400 s)'],
  ])('when the value is %s, then it is rejected with a message naming the range', (value, message) => {
    expect(() => validateFrequency(value, bounds)).toThrow(new InvalidFrequencyError(message));
    try {
      validateFrequency(value, bounds);
    } catch (error) {
      expect((error as InvalidFrequencyError).type).toBe('InvalidSchedulerInput');
    }
  });
});
