import { ERROR_TYPES } from './errors';
import { formatDuration } from './duration';

/** The range a scheduler accepts for its frequency, in seconds. */
export interface FrequencyBounds {
  minFrequencySeconds: number;
  maxFrequencySeconds: number;
}

/** Thrown when a requested scan frequency is not a number inside the allowed range. */
export class InvalidFrequencyError extends Error {
  override readonly name = 'InvalidFrequencyError';
  readonly type = ERROR_TYPES.invalidSchedulerInput;
}

/** Checks a requested frequency; the message names the value and the allowed range. */
export function validateFrequency(value: unknown, bounds: FrequencyBounds): number {
  const range = `${formatDuration(bounds.minFrequencySeconds)} (${bounds.minFrequencySeconds} s) to ${formatDuration(bounds.maxFrequencySeconds)} (${bounds.maxFrequencySeconds} s)`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidFrequencyError(
      `frequencySeconds must be a finite number of seconds from ${range}; got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  if (value <= 0) {
    throw new InvalidFrequencyError(`frequencySeconds must be positive, from ${range}; got ${value}`);
  }
  if (value < bounds.minFrequencySeconds) {
    throw new InvalidFrequencyError(`frequencySeconds ${value} is below the minimum; allowed: ${range}`);
  }
  if (value > bounds.maxFrequencySeconds) {
    throw new InvalidFrequencyError(`frequencySeconds ${value} is above the maximum; allowed: ${range}`);
  }
  return value;
}

/** Scheduler settings a caller may leave out; libs/config reads the same defaults from the environment. */
export const SCHEDULER_DEFAULTS = {
  catchUpFactor: 1.2,
  maxRatePerSecond: 100,
  minFrequencySeconds: 10,
  maxFrequencySeconds: 30 * 86_400,
  maxTicksBeforeContinueAsNew: 1_000,
} as const;
