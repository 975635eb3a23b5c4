/**
 * Insight filters as the API receives them (Cloudflare style: `kind=a,b` or `kind~neq=a`),
 * independent of HTTP and SQL so that the list, counts and export share one definition.
 */
export const INSIGHT_FILTER_FIELDS = ['severity', 'status', 'checker', 'kind', 'subject', 'zone'] as const;
export type InsightFilterField = (typeof INSIGHT_FILTER_FIELDS)[number];

export interface ValueFilter {
  field: InsightFilterField;
  /** `~neq`: everything except these values. */
  negate: boolean;
  values: string[];
}

export interface InsightFilters {
  values: ValueFilter[];
  /** Last seen at or after this instant; negated: last seen before it. */
  since?: { at: Date; negate: boolean };
}

export const COUNT_DIMENSIONS = ['severity', 'kind', 'checker', 'zone', 'status'] as const;
export type CountDimension = (typeof COUNT_DIMENSIONS)[number];

export const CLASSIFICATIONS = ['false_positive', 'accept_risk', 'other'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Classifications that need a written rationale: accepting a risk or "other" must say why. */
export function classificationNeedsRationale(classification: Classification | null): boolean {
  return classification === 'accept_risk' || classification === 'other';
}

/** Encodes the last id of a page as an opaque cursor (clients must not build their own). */
export function encodeCursor(lastId: string): string {
  let out = '';
  const text = `v1:${lastId}`;
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

/** Decodes a cursor made by encodeCursor; undefined when it is not one. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^(?:[0-9a-f]{2}){4,40}$/.test(cursor)) return undefined;
  let text = '';
  for (let i = 0; i < cursor.length; i += 2) text += String.fromCharCode(parseInt(cursor.slice(i, i + 2), 16));
  const match = /^v1:(\d{1,19})$/.exec(text);
  return match && BigInt(match[1] as string) <= 9223372036854775807n ? (match[1] as string) : undefined;
}
