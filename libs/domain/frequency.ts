import { ERROR_TYPES } from './errors';
import { DURATION_FORMAT, formatDuration, parseDurationSeconds } from './duration';

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

/** The allowed range in words, as every frequency message gives it: `10s to 30d (10 to 2592000 seconds)`. */
export function frequencyRangeText(bounds: FrequencyBounds): string {
  return `${formatDuration(bounds.minFrequencySeconds)} to ${formatDuration(bounds.maxFrequencySeconds)} (${bounds.minFrequencySeconds} to ${bounds.maxFrequencySeconds} seconds)`;
}

/**
 * Checks a requested frequency in seconds (the scheduler's update validator and signal use
 * it, so what it accepts must not change: any finite number inside the range); the message
 * names the value and the allowed range.
 */
export function validateFrequency(value: unknown, bounds: FrequencyBounds): number {
  const range = frequencyRangeText(bounds);
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

/**
 * Reads a frequency as people give it (API body, CLI argument): a duration in the strict
 * grammar (`15m`, `1h30m`) or, from JSON, a whole number of seconds; then checks the range.
 * Every refusal names the format and the allowed range.
 */
export function parseFrequency(input: unknown, bounds: FrequencyBounds): number {
  const range = frequencyRangeText(bounds);
  const expected = `a duration (${DURATION_FORMAT}) or a whole number of seconds, from ${range}`;
  let seconds: number;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new InvalidFrequencyError(`must be ${expected}; got ${input}`);
    seconds = input;
  } else if (typeof input === 'string') {
    try {
      seconds = parseDurationSeconds(input);
    } catch (error) {
      throw new InvalidFrequencyError(`${(error as Error).message}; allowed: ${range}`);
    }
  } else {
    throw new InvalidFrequencyError(`must be ${expected}; got ${input === null ? 'null' : typeof input}`);
  }
  const shown = typeof input === 'string' ? `"${input}"` : `${input} seconds`;
  if (seconds < bounds.minFrequencySeconds)
    throw new InvalidFrequencyError(`${shown} is below the minimum; allowed: ${range}`);
  if (seconds > bounds.maxFrequencySeconds)
    throw new InvalidFrequencyError(`${shown} is above the maximum; allowed: ${range}`);
  return seconds;
}

/** Scheduler settings a caller may leave out; libs/config reads the same defaults from the environment. */
export const SCHEDULER_DEFAULTS = {
  catchUpFactor: 1.2,
  maxRatePerSecond: 100,
  minFrequencySeconds: 10,
  maxFrequencySeconds: 30 * 86_400,
  maxTicksBeforeContinueAsNew: 1_000,
} as const;
