/** The Cloudflare-style envelope every successful answer uses. */
export interface ApiEnvelope<T> {
  success: true;
  errors: [];
  messages: [];
  result: T;
  result_info?: Record<string, unknown>;
}

/** Wraps a result in the envelope. */
export function ok<T>(result: T, resultInfo?: Record<string, unknown>): ApiEnvelope<T> {
  return { success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) };
}
