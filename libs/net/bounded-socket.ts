import type { NetLimits } from './net-limits';
import { NET_ERROR_CODES, NetError } from './net-errors';

export interface BoundedRun<T> {
  /** Names the target in error messages. */
  what: string;
  signal: AbortSignal;
  deadline: number;
  connectTimeoutMs: number;
  /** Tears the connection down; called once the run settles, either way. */
  destroy(error?: Error): void;
  /** Starts the I/O; `connected` stops the connect timer. */
  start(resolve: (value: T) => void, reject: (error: unknown) => void, connected: () => void): void;
}

/**
 * Runs one connection under a connect timeout, a total deadline and the caller's abort
 * signal. Whatever settles first wins; the socket is destroyed in every case, so a server
 * that drips bytes or never stops sending cannot hold the check.
 */
export function runBounded<T>(run: BoundedRun<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const remaining = run.deadline - Date.now();
    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      run.signal.removeEventListener('abort', onAbort);
      run.destroy();
      if (error === undefined) resolve(value as T);
      else reject(error);
    };
    const onAbort = () => finish(run.signal.reason ?? new Error('aborted'));
    const total = setTimeout(
      () =>
        finish(
          new NetError(NET_ERROR_CODES.timeout, `${run.what}: no complete answer within ${Math.max(0, remaining)} ms`),
        ),
      Math.max(0, remaining),
    );
    const connect = setTimeout(
      () =>
        finish(new NetError(NET_ERROR_CODES.timeout, `${run.what}: no connection within ${run.connectTimeoutMs} ms`)),
      run.connectTimeoutMs,
    );
    if (run.signal.aborted) return onAbort();
    run.signal.addEventListener('abort', onAbort, { once: true });
    try {
      run.start(
        (value) => finish(undefined, value),
        (error) => finish(error ?? new Error('unknown socket error')),
        () => clearTimeout(connect),
      );
    } catch (error) {
      finish(error);
    }
  });
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);

/** Turns a socket, HTTP-parser or TLS error into a NetError that names the target. */
export function mapSocketError(error: unknown, what: string, limits: NetLimits): NetError {
  if (error instanceof NetError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new NetError(
      NET_ERROR_CODES.tooLarge,
      `${what}: response headers exceed ${limits.maxHeaderBytes} bytes (NET_MAX_HEADER_BYTES)`,
    );
  }
  if (code.startsWith('HPE_'))
    return new NetError(NET_ERROR_CODES.protocol, `${what}: not a valid HTTP response (${code})`);
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL|TLS/.test(message)) {
    // OpenSSL's own text carries a per-thread id and source lines; its reason is what matters.
    const given = (error as { reason?: unknown })?.reason;
    const reason = typeof given === 'string' ? given : /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
    const detail = reason ? `${code}: ${reason}` : message.split('\n')[0];
    return new NetError(NET_ERROR_CODES.protocol, `${what}: TLS handshake failed (${detail})`);
  }
  if (CONNECT_CODES.has(code)) return new NetError(NET_ERROR_CODES.connectFailed, `${what}: ${code} (${message})`);
  return new NetError(NET_ERROR_CODES.connectFailed, `${what}: ${message}`);
}
