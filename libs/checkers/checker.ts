import type { ErrorType, Finding } from '../domain';

/** What a checker gets besides the zone: cancellation and a deadline. */
export interface CheckContext {
  signal: AbortSignal;
  /** Epoch milliseconds by which the check must have returned. */
  deadline: number;
}

export interface ZoneTarget {
  id: string;
  name: string;
}

/**
 * A security check run against one zone; throws when it cannot complete. Any error is taken
 * as worth a retry, except a `NonRetryableCheckError`.
 */
export interface Checker {
  readonly id: string;
  run(zone: ZoneTarget, ctx: CheckContext): Promise<Finding[]>;
}

/** Thrown when a scan names a checker this worker does not have. */
export class UnknownCheckerError extends Error {
  override readonly name = 'UnknownCheckerError';
  constructor(readonly checkerId: string, known: string[]) {
    super(`unknown checker "${checkerId}"; this worker has: ${known.join(', ')}`);
  }
}

/**
 * Thrown by a checker when retrying cannot help, such as a target resolving to a private
 * address; `type` is the stable code (ERROR_TYPES) the scan records.
 */
export class NonRetryableCheckError extends Error {
  override readonly name = 'NonRetryableCheckError';
  constructor(readonly type: ErrorType, message: string) {
    super(message);
  }
}
