import type { Pool } from 'pg';
import type { CountDimension, InsightFilters } from '../domain';
import { COUNT_COLUMN, insightWhere, type InsightScope } from './insight-query';

// The columns the summary keeps (migration 1733100000000): counts by and filters on these,
// within one account, are read from it; zone, subject and since need the insights themselves.
const SUMMARY_COLUMNS: ReadonlySet<string> = new Set(['severity', 'status', 'checker', 'kind']);

/** True when the summary answers this count exactly: an account scope, a summary dimension, summary filters only. */
export function summaryAnswers(scope: InsightScope, filters: InsightFilters, by: CountDimension): boolean {
  return (
    scope.zoneId === undefined &&
    SUMMARY_COLUMNS.has(by) &&
    filters.since === undefined &&
    filters.values.every((filter) => SUMMARY_COLUMNS.has(filter.field))
  );
}

/**
 * Counts of one account's insights from the summary: the compacted rows plus the deltas not
 * folded in yet, in one snapshot, so the answer equals a full count at every moment.
 */
export async function countInsightsFromSummary(
  pool: Pool,
  accountId: string,
  filters: InsightFilters,
  by: CountDimension,
): Promise<Array<{ value: string; count: number }>> {
  const where = insightWhere({ accountId }, filters);
  const column = COUNT_COLUMN[by];
  const result = await pool.query<{ value: string; count: string }>(
    `SELECT ${column} AS value, sum(n) AS count
     FROM (
       SELECT ${column}, n FROM insight_counts WHERE ${where.sql}
       UNION ALL
       SELECT ${column}, n FROM insight_count_deltas WHERE ${where.sql}
     ) AS summary
     GROUP BY ${column}
     HAVING sum(n) > 0
     ORDER BY sum(n) DESC, ${column}
     LIMIT 10000`,
    where.params,
  );
  return result.rows.map((row) => ({ value: row.value, count: Number(row.count) }));
}

/**
 * Folds the summary's deltas into its compacted rows; returns how many summary rows it
 * touched, or -1 when another compaction was running.
 */
export async function compactInsightCounts(pool: Pool): Promise<number> {
  const result = await pool.query<{ folded: number }>('SELECT compact_insight_counts() AS folded');
  return result.rows[0]?.folded ?? 0;
}
