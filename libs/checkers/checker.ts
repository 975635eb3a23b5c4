import type { ErrorType, Finding } from '../domain';
import type { DnsResolver, NetHelpers } from '../net';

/**
 * What a checker gets besides the zone: cancellation, a deadline, and, for the real
 * checkers, the configured DNS resolver and the bounded, SSRF-checked network helpers.
 */
export interface CheckContext {
  signal: AbortSignal;
  /** Epoch milliseconds by which the check must have returned. */
  deadline: number;
  resolver?: DnsResolver;
  net?: NetHelpers;
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
  constructor(
    readonly checkerId: string,
    known: string[],
  ) {
    super(`unknown checker "${checkerId}"; this worker has: ${known.join(', ')}`);
  }
}

/** Thrown when a network checker runs without the resolver and net helpers in its context. */
export class MissingNetContextError extends Error {
  override readonly name = 'MissingNetContextError';
  constructor(readonly checkerId: string) {
    super(
      `checker "${checkerId}" needs ctx.resolver and ctx.net; build it with withNetContext() (apps/worker/checker-registry.ts)`,
    );
  }
}

/** The context's resolver and net helpers, or MissingNetContextError. */
export function netOf(ctx: CheckContext, checkerId: string): { resolver: DnsResolver; net: NetHelpers } {
  if (!ctx.resolver || !ctx.net) throw new MissingNetContextError(checkerId);
  return { resolver: ctx.resolver, net: ctx.net };
}

/** Wraps a checker so every run gets the given resolver and net helpers in its context. */
export function withNetContext(checker: Checker, resolver: DnsResolver, net: NetHelpers): Checker {
  return { id: checker.id, run: (zone, ctx) => checker.run(zone, { ...ctx, resolver, net }) };
}
/**
 * Thrown by a checker when retrying cannot help, such as a target resolving to a private
 * address; `type` is the stable code (ERROR_TYPES) the scan records.
 */
export class NonRetryableCheckError extends Error {
  override readonly name = 'NonRetryableCheckError';
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
  }
}
