import { z } from 'zod';
import {
  COUNT_DIMENSIONS,
  decodeCursor,
  INSIGHT_FILTER_FIELDS,
  INSIGHT_STATUSES,
  isUuid,
  SEVERITIES,
  type InsightFilterField,
  type InsightFilters,
} from '../../../libs/domain';
import { once, wholeNumberQuery } from '../http/schema-fields';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_VALUES = 100;

const ALLOWED_VALUES: Partial<Record<InsightFilterField, readonly string[]>> = {
  severity: SEVERITIES,
  status: INSIGHT_STATUSES,
};

/** `field=a,b` or repeated `field=a&field=b` (subjects may hold commas: only repetition separates them). */
function filterValues(field: InsightFilterField, negated: boolean) {
  const allowed = ALLOWED_VALUES[field];
  const what = negated ? `all but these ${field} values` : `only these ${field} values`;
  return z
    .union([z.string(), z.array(z.string())])
    .transform((raw, ctx) => {
      const parts = Array.isArray(raw) ? raw : [raw];
      const values = (field === 'subject' ? parts : parts.flatMap((part) => part.split(','))).map((v) => v.trim());
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (values.length > MAX_VALUES) return fail(`at most ${MAX_VALUES} values`);
      for (const value of values) {
        if (value === '' || value.length > 500) return fail('values must be 1-500 characters');
        if (allowed && !allowed.includes(value))
          return fail(`"${value.slice(0, 60)}" is not one of ${allowed.join(', ')}`);
        if (field === 'zone' && !isUuid(value)) return fail(`"${value.slice(0, 60)}" is not a zone id (UUID)`);
      }
      return field === 'zone' ? values.map((value) => value.toLowerCase()) : values;
    })
    .optional()
    .meta({
      description: `${what}, comma-separated or repeated${allowed ? ` (${allowed.join(', ')})` : ''}${field === 'subject' ? '; repeat it for several (subjects may hold commas)' : ''}${field === 'zone' ? ' (zone ids)' : ''}`,
    });
}

const sinceValue = (negated: boolean) =>
  once()
    .transform((text, ctx) => {
      const at = new Date(text);
      if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or time, such as 2026-11-01T00:00:00Z' });
        return z.NEVER;
      }
      return at;
    })
    .optional()
    .meta({ description: negated ? 'last seen before this (ISO 8601)' : 'last seen at or after this (ISO 8601)' });

/** The filter parameters shared by list, counts and export; zone routes have no `zone` filter. */
export function insightFilterShape(options: { zoneFilter: boolean }) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of INSIGHT_FILTER_FIELDS) {
    if (field === 'zone' && !options.zoneFilter) continue;
    shape[field] = filterValues(field, false);
    shape[`${field}~neq`] = filterValues(field, true);
  }
  shape.since = sinceValue(false);
  shape['since~neq'] = sinceValue(true);
  return shape;
}

/** The filters of a validated query, in the domain's form. */
export function toInsightFilters(query: Record<string, unknown>): InsightFilters {
  const filters: InsightFilters = { values: [] };
  for (const field of INSIGHT_FILTER_FIELDS) {
    for (const negate of [false, true]) {
      const values = query[negate ? `${field}~neq` : field];
      if (Array.isArray(values)) filters.values.push({ field, negate, values: values as string[] });
    }
  }
  if (query['since~neq'] instanceof Date) filters.since = { at: query['since~neq'], negate: true };
  if (query.since instanceof Date) filters.since = { at: query.since, negate: false };
  return filters;
}

export const pageShape = {
  limit: wholeNumberQuery(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, 'page size'),
  cursor: once()
    .transform((value, ctx) => {
      const afterId = decodeCursor(value);
      if (afterId === undefined) {
        ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned; start again without it' });
        return z.NEVER;
      }
      return afterId;
    })
    .optional()
    .meta({ description: 'result_info.cursor of the previous page' }),
};

export const countByShape = {
  by: z
    .enum(COUNT_DIMENSIONS, { message: `must be one of ${COUNT_DIMENSIONS.join(', ')}` })
    .default('severity')
    .meta({ description: 'the dimension to count by (default severity)' }),
};

export const exportFormatShape = {
  format: z
    .enum(['ndjson', 'csv'], { message: 'must be csv or ndjson' })
    .default('ndjson')
    .meta({ description: 'ndjson (default) or csv' }),
};
