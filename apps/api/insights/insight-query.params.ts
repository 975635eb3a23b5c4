import {
  COUNT_DIMENSIONS,
  decodeCursor,
  encodeCursor,
  INSIGHT_FILTER_FIELDS,
  INSIGHT_STATUSES,
  isUuid,
  SEVERITIES,
  type CountDimension,
  type InsightFilterField,
  type InsightFilters,
  type ValueFilter,
} from '../../../libs/domain';
import { badRequest } from '../common/validation';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_VALUES = 100;

type RawQuery = Record<string, string | string[] | undefined>;

const ALLOWED_VALUES: Partial<Record<InsightFilterField, readonly string[]>> = {
  severity: SEVERITIES,
  status: INSIGHT_STATUSES,
};

function valuesOf(field: InsightFilterField, key: string, raw: string | string[]): string[] {
  const parts = Array.isArray(raw) ? raw : [raw];
  // Subjects may contain commas (URLs, header values): only repetition makes them multi-valued.
  const values = field === 'subject' ? parts : parts.flatMap((part) => part.split(','));
  const trimmed = values.map((value) => value.trim());
  if (trimmed.length > MAX_VALUES) throw badRequest(key, `at most ${MAX_VALUES} values`);
  for (const value of trimmed) {
    if (value === '' || value.length > 500) throw badRequest(key, 'values must be 1-500 characters');
    const allowed = ALLOWED_VALUES[field];
    if (allowed && !allowed.includes(value))
      throw badRequest(key, `"${value.slice(0, 60)}" is not one of ${allowed.join(', ')}`);
    if (field === 'zone' && !isUuid(value)) throw badRequest(key, `"${value.slice(0, 60)}" is not a zone id (UUID)`);
  }
  return field === 'zone' ? trimmed.map((value) => value.toLowerCase()) : trimmed;
}

function single(key: string, raw: string | string[]): string {
  if (Array.isArray(raw)) throw badRequest(key, 'give it once');
  return raw;
}

/**
 * Reads the filter parameters shared by list, counts and export: `<field>=a,b` and
 * `<field>~neq=a,b` for each filter field, `since` / `since~neq` (ISO 8601). `extra` names
 * the other parameters the route accepts; anything else is a 400, so typos never pass silently.
 */
export function parseInsightFilters(
  query: RawQuery,
  extra: string[],
  options: { zoneFilter: boolean },
): InsightFilters {
  const fields = INSIGHT_FILTER_FIELDS.filter((field) => options.zoneFilter || field !== 'zone');
  const allowed = new Set([...fields.flatMap((f) => [f, `${f}~neq`]), 'since', 'since~neq', ...extra]);
  const filters: InsightFilters = { values: [] };
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (!allowed.has(key)) throw badRequest(key, `unknown parameter; allowed: ${[...allowed].join(', ')}`);
    const [name, operator] = key.split('~') as [string, string | undefined];
    if (name === 'since') {
      const text = single(key, raw);
      const at = new Date(text);
      if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime()))
        throw badRequest(key, 'must be an ISO 8601 date or time, such as 2026-11-01T00:00:00Z');
      filters.since = { at, negate: operator === 'neq' };
    } else if ((fields as readonly string[]).includes(name)) {
      const field = name as InsightFilterField;
      const filter: ValueFilter = { field, negate: operator === 'neq', values: valuesOf(field, key, raw) };
      filters.values.push(filter);
    }
  }
  return filters;
}

/** Reads `limit` (1..500) and the opaque `cursor`. */
export function parsePage(query: RawQuery): { limit: number; afterId?: string } {
  let limit = DEFAULT_PAGE_SIZE;
  if (query.limit !== undefined) {
    const text = single('limit', query.limit);
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > MAX_PAGE_SIZE) {
      throw badRequest('limit', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    limit = Number(text);
  }
  if (query.cursor === undefined) return { limit };
  const afterId = decodeCursor(single('cursor', query.cursor));
  if (afterId === undefined) throw badRequest('cursor', 'is not a cursor this API returned; start again without it');
  return { limit, afterId };
}

/** The `result_info` of a page: the cursor of the next page, or null after the last. */
export function pageInfo(
  rows: Array<{ id: string }>,
  limit: number,
): { count: number; per_page: number; cursor: string | null } {
  const last = rows[rows.length - 1];
  return { count: rows.length, per_page: limit, cursor: rows.length === limit && last ? encodeCursor(last.id) : null };
}

/** Reads the `by` parameter of counts. */
export function parseCountDimension(query: RawQuery): CountDimension {
  const by = query.by === undefined ? 'severity' : single('by', query.by);
  if (!(COUNT_DIMENSIONS as readonly string[]).includes(by))
    throw badRequest('by', `must be one of ${COUNT_DIMENSIONS.join(', ')}`);
  return by as CountDimension;
}
