import { isUuid } from './uuid';

/** Most scan-now zone ids waiting for one tick; more are refused rather than growing the history. */
export const MAX_PENDING_SCAN_NOW = 10_000;

/**
 * Adds requested zone ids to the pending scan-now list: UUIDs only (the claim casts them),
 * lower-cased, without duplicates, at most MAX_PENDING_SCAN_NOW. Returns what was refused.
 */
export function acceptScanNow(
  pending: readonly string[],
  requested: unknown,
): { accepted: string[]; rejected: string[] } {
  const accepted = [...pending];
  const seen = new Set(accepted);
  const rejected: string[] = [];
  for (const raw of Array.isArray(requested) ? requested : [requested]) {
    if (typeof raw !== 'string' || !isUuid(raw) || accepted.length >= MAX_PENDING_SCAN_NOW) {
      rejected.push(String(raw));
      continue;
    }
    const id = raw.toLowerCase();
    if (!seen.has(id)) {
      seen.add(id);
      accepted.push(id);
    }
  }
  return { accepted, rejected };
}
