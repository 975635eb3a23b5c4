/** Stable codes of network failures; a checker that fails reports `<code>: <message>`. */
export const NET_ERROR_CODES = {
  /** The target resolves to an address the SSRF policy refuses. */
  ssrfRefused: 'SsrfRefused',
  /** Connect timeout, request deadline or DNS timeout passed. */
  timeout: 'NetTimeout',
  /** Headers, body or DNS answers exceeded their bound. */
  tooLarge: 'ResponseTooLarge',
  /** More redirects than allowed. */
  tooManyRedirects: 'TooManyRedirects',
  /** The name does not resolve, or no DNS server gave a usable answer. */
  dnsFailed: 'DnsFailed',
  /** TCP connection refused, reset or unreachable. */
  connectFailed: 'ConnectFailed',
  /** The peer spoke something other than the expected protocol. */
  protocol: 'ProtocolError',
} as const;

export type NetErrorCode = (typeof NET_ERROR_CODES)[keyof typeof NET_ERROR_CODES];

/** Thrown when a bounded network step cannot complete; `code` says why, the message says to what. */
export class NetError extends Error {
  override readonly name = 'NetError';
  constructor(
    readonly code: NetErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Thrown when a target's address is refused by the SSRF policy. */
export class SsrfRefusedError extends NetError {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      NET_ERROR_CODES.ssrfRefused,
      `${host} resolves to ${address} (${range}); refusing to connect. Add it to NET_ALLOWLIST only if this target is meant to be scanned.`,
    );
  }
}

/** Throws the signal's reason when it has aborted: cancellation wins over any network result. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}

/**
 * Like Promise.all, but when several fail it throws the first failure in argument order, not in
 * time: the same broken zone then fails with the same message on every scan.
 */
export async function allInOrder<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
