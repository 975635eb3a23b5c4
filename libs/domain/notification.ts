import { SEVERITIES, type Severity } from './severity';

/** Why an insight is worth a notification (libs/db/migrations/1734190000000_insight-events.sql). */
export const INSIGHT_EVENT_TYPES = ['new', 'reopened', 'worsened'] as const;
export type InsightEventType = (typeof INSIGHT_EVENT_TYPES)[number];

export const DESTINATION_TYPES = ['webhook', 'email'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** Immediate: grouped over a short window (NOTIFY_WINDOW); digest: once a day (NOTIFY_DIGEST_HOUR, UTC). */
export const POLICY_MODES = ['immediate', 'digest'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export const DELIVERY_STATUSES = ['queued', 'sending', 'held', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** True when `severity` is at least as urgent as `threshold`. */
export function meetsSeverity(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** The next digest time strictly after `now`: today's `hourUtc` o'clock if still ahead, else tomorrow's. */
export function nextDigestAt(now: Date, hourUtc: number): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** What one attempt at a delivery came to. */
export type AttemptOutcome =
  /** 2xx, or the mail server accepted the message. */
  | 'delivered'
  /** Worth retrying: 5xx, 408, 429, timeout, connection refused or reset. */
  | 'retryable'
  /** Retrying cannot help: another 4xx, a redirect (never followed), an address the SSRF guard refuses. */
  | 'rejected';

/** Classifies a webhook receiver's HTTP status. */
export function classifyHttpStatus(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 500 || status === 408 || status === 429) return 'retryable';
  return 'rejected';
}

/**
 * Seconds to wait before retry number `attempt` (1 = the first retry): 5 s doubling to a
 * ceiling of one hour, so `maxAttempts` of 16 spans about 6.4 h before the dead letter.
 * Deterministic (no jitter) because the delivery workflow calls it.
 */
export function retryDelaySeconds(attempt: number, initialSeconds = 5, maxSeconds = 3600): number {
  return Math.min(maxSeconds, initialSeconds * 2 ** Math.max(0, attempt - 1));
}

/** Total seconds the retries of one delivery may span: the sum of its delays. */
export function retrySpanSeconds(maxAttempts: number, initialSeconds = 5, maxSeconds = 3600): number {
  let total = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++)
    total += retryDelaySeconds(attempt, initialSeconds, maxSeconds);
  return total;
}

/** Checks a webhook URL: http(s), no credentials (receivers verify signatures instead). */
export function parseWebhookUrl(text: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `"${text.slice(0, 100)}" is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'must be http:// or https://' };
  if (url.username || url.password) return { error: 'must not carry credentials; receivers verify signatures' };
  if (url.href.length > 2048) return { error: 'at most 2048 characters' };
  return { url: url.href };
}

// A plain address check: the SMTP server has the last word; this refuses obvious mistakes early.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** True for something shaped like an email address (at most 254 characters). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}
