import { NET_ERROR_CODES, NetError } from '../net';
import type { CheckContext } from './checker';

/**
 * A signal that aborts when the caller cancels (with the caller's reason) or when the check's
 * deadline passes (with a NetTimeout naming the check), so an overrun ends as a clean error.
 */
export function checkSignal(ctx: CheckContext, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal.reason);
  const timer = setTimeout(
    () =>
      controller.abort(
        new NetError(NET_ERROR_CODES.timeout, `${what}: the check's deadline passed before it finished`),
      ),
    Math.max(0, ctx.deadline - Date.now()),
  );
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    // Also tears down whatever a failed sibling step left running (e.g. one of two fetches).
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      controller.abort(new Error(`${what}: finished`));
    },
  };
}
