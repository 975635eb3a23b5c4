/**
 * Durations as operators type them, in one strict grammar used everywhere (environment, API,
 * CLI): whole numbers with a unit, the units `d`, `h`, `m`, `s`, `ms` largest first and each at
 * most once — `45s`, `15m`, `1h30m`, `7d`, `250ms` — or a bare `0`. Nothing else: no spaces, no
 * fractions, no repeated units (`15m15m`), no unit-less numbers (is `900` seconds or minutes?).
 */

/** The longest duration text accepted; longer input is refused before it is read. */
export const MAX_DURATION_LENGTH = 32;

/** How the grammar is described in every message and document. */
export const DURATION_FORMAT =
  'whole numbers with the units d, h, m, s or ms, largest first and each at most once (for example 45s, 15m, 1h30m or 7d)';

const UNITS = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
  ['ms', 0.001],
] as const;
// Each unit optional, in order; `m(?!s)` keeps minutes apart from milliseconds.
const GRAMMAR = /^(?:(\d{1,7})d)?(?:(\d{1,7})h)?(?:(\d{1,7})m(?!s))?(?:(\d{1,7})s)?(?:(\d{1,7})ms)?$/;

/** Thrown when a duration string cannot be read; the message says what is accepted. */
export class InvalidDurationError extends Error {
  override readonly name = 'InvalidDurationError';
  constructor(
    readonly input: string,
    reason?: string,
  ) {
    super(reason ?? `"${input}" is not a duration: write ${DURATION_FORMAT}`);
  }
}

/** Parses a duration in the strict grammar into seconds. */
export function parseDurationSeconds(input: string): number {
  if (typeof input !== 'string') throw new InvalidDurationError(String(input));
  if (input.length > MAX_DURATION_LENGTH) {
    throw new InvalidDurationError(
      input,
      `"${input.slice(0, 20)}…" is ${input.length} characters long; a duration has at most ${MAX_DURATION_LENGTH} (${DURATION_FORMAT})`,
    );
  }
  if (input === '0') return 0;
  if (/^\d+$/.test(input)) {
    throw new InvalidDurationError(
      input,
      `"${input}" has no unit: write ${input}s for seconds (a duration is ${DURATION_FORMAT})`,
    );
  }
  const match = input === '' ? null : GRAMMAR.exec(input);
  if (!match) throw new InvalidDurationError(input);
  let seconds = 0;
  UNITS.forEach(([, size], index) => {
    const amount = match[index + 1];
    if (amount !== undefined) seconds += Number(amount) * size;
  });
  // Sums of milliseconds in floating point (0.001 × 250) are rounded to the millisecond.
  return Math.round(seconds * 1000) / 1000;
}

/** Formats seconds the way operators read them: `1h30m`, `45s`, `250ms`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (size >= 1 && rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}
