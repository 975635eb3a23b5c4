import { InvalidArgumentError } from 'commander';
import {
  InvalidDurationError,
  InvalidFrequencyError,
  isUuid,
  parseDurationSeconds,
  parseFrequency,
  parseZoneName,
  type FrequencyBounds,
} from '../../libs/domain';

// Commander argument parsers: a bad value is a usage error (exit 2) that names the rule.

/** A parser for an id (a UUID, lower-cased); `what` names it in the message, e.g. "zone id". */
export function uuidArgument(what: string): (value: string) => string {
  return (value) => {
    if (!isUuid(value))
      throw new InvalidArgumentError(`"${value.slice(0, 60)}" is not a ${what} (a UUID such as 0b9e…-…)`);
    return value.toLowerCase();
  };
}

/** A parser for each value of a variadic id argument: checked, then appended. */
export function uuidListArgument(what: string): (value: string, previous?: string[]) => string[] {
  const one = uuidArgument(what);
  return (value, previous = []) => [...previous, one(value)];
}

/** A duration such as 15m or 1h30m, in seconds. */
export function durationArgument(value: string): number {
  try {
    return parseDurationSeconds(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof InvalidDurationError ? error.message : String(error));
  }
}

/** A scan frequency in the strict duration grammar, inside the configured range (SCAN_FREQUENCY_MIN/MAX). */
export function frequencyArgument(bounds: () => FrequencyBounds): (value: string) => number {
  return (value) => {
    try {
      return parseFrequency(value, bounds());
    } catch (error) {
      throw new InvalidArgumentError(error instanceof InvalidFrequencyError ? error.message : String(error));
    }
  };
}

/** A zone name, normalised by the one zone-name rule (libs/domain/zone-name.ts). */
export function zoneNameArgument(value: string): string {
  const parsed = parseZoneName(value);
  if ('error' in parsed) throw new InvalidArgumentError(`${parsed.error} (expected a domain name such as example.com)`);
  return parsed.name;
}
