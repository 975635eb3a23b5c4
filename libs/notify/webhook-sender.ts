import { classifyHttpStatus, type AttemptOutcome } from '../domain';
import { NetError, SsrfRefusedError, type NetHelpers } from '../net';
import { signWebhook } from './webhook-signature';

/** What receivers see as the sender of deliveries: not the scanner, whose requests they may block or allow apart. */
export const WEBHOOK_USER_AGENT = 'security-insights-webhooks/0.1 (+https://github.com/security-insights)';

export interface SendResult {
  outcome: AttemptOutcome;
  responseCode: number | null;
  error: string | null;
}

/**
 * POSTs one signed delivery through the scans' network guard: the URL's addresses must pass
 * the SSRF policy (NET_ALLOWLIST), the request is bounded by NET_CONNECT_TIMEOUT_MS and
 * NET_REQUEST_TIMEOUT_MS, redirects are never followed (a 3xx is a refusal), and at most 512
 * bytes of the answer are read, for the delivery log.
 */
export async function sendWebhook(
  net: NetHelpers,
  request: { url: string; webhookId: string; body: string; secrets: readonly string[]; now: Date },
  signal: AbortSignal,
): Promise<SendResult> {
  const headers = {
    ...signWebhook(request.webhookId, Math.floor(request.now.getTime() / 1000), request.body, request.secrets),
    'content-type': 'application/json',
  };
  try {
    const [hop] = await net.fetch(request.url, {
      method: 'POST',
      requestBody: Buffer.from(request.body, 'utf8'),
      headers,
      signal,
      deadline: Date.now() + net.limits.requestTimeoutMs,
      followRedirects: false,
      bodyBytes: 512,
      userAgent: WEBHOOK_USER_AGENT,
    });
    if (!hop) return { outcome: 'retryable', responseCode: null, error: 'no response' };
    const outcome = classifyHttpStatus(hop.status);
    const answer = hop.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
    return {
      outcome,
      responseCode: hop.status,
      error: outcome === 'delivered' ? null : `HTTP ${hop.status} from ${request.url}${answer ? `: ${answer}` : ''}`,
    };
  } catch (error) {
    // The guard refusing the address will refuse it on every retry: not worth retrying.
    if (error instanceof SsrfRefusedError) return { outcome: 'rejected', responseCode: null, error: error.message };
    if (error instanceof NetError) return { outcome: 'retryable', responseCode: null, error: error.message };
    return { outcome: 'retryable', responseCode: null, error: (error as Error).message };
  }
}
