import type { CountDimension, InsightFilterField, InsightFilters } from '../domain';

/** Where a query looks: one account's insights or one zone's. Every query has one. */
export type InsightScope = { accountId: string; zoneId?: undefined } | { zoneId: string; accountId?: string };

const COLUMN: Record<InsightFilterField, string> = {
  severity: 'severity',
  status: 'status',
  checker: 'checker',
  kind: 'kind',
  subject: 'subject',
  zone: 'zone_id',
};

/** Column names of the count dimensions; a fixed map, never text from the request. */
export const COUNT_COLUMN: Record<CountDimension, string> = {
  severity: 'severity',
  kind: 'kind',
  checker: 'checker',
  zone: 'zone_id',
  status: 'status',
};

/**
 * The WHERE clause (parameterised) for a scope and filters. Column names come from the fixed
 * map above; every value is a parameter.
 */
export function insightWhere(
  scope: InsightScope,
  filters: InsightFilters,
  params: unknown[] = [],
): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (scope.zoneId !== undefined) clauses.push(`zone_id = ${add(scope.zoneId)}`);
  if (scope.accountId !== undefined) clauses.push(`account_id = ${add(scope.accountId)}`);
  for (const filter of filters.values) {
    const column = COLUMN[filter.field];
    const cast = filter.field === 'zone' ? '::uuid[]' : '::text[]';
    clauses.push(
      filter.negate
        ? `${column} <> ALL(${add(filter.values)}${cast})`
        : `${column} = ANY(${add(filter.values)}${cast})`,
    );
  }
  if (filters.since) clauses.push(`last_seen_at ${filters.since.negate ? '<' : '>='} ${add(filters.since.at)}`);
  return { sql: clauses.join(' AND '), params };
}
