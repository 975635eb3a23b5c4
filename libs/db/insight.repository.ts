import type { Pool } from 'pg';
import type { CountDimension, InsightFilters } from '../domain';
import { countInsightsFromSummary, summaryAnswers } from './insight-counts.repository';
import { COUNT_COLUMN, insightWhere, type InsightScope } from './insight-query';

export interface InsightRow {
  id: string;
  accountId: string;
  zoneId: string;
  checker: string;
  kind: string;
  subject: string;
  severity: string;
  title: string;
  status: string;
  details: unknown;
  classification: string | null;
  rationale: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  dismissedUntil: Date | null;
  reopenCount: number;
}

export const INSIGHT_COLUMNS = `id::text AS "id", account_id AS "accountId", zone_id AS "zoneId", checker, kind, subject,
  severity, title, status, details, classification, rationale, first_seen_at AS "firstSeenAt",
  last_seen_at AS "lastSeenAt", resolved_at AS "resolvedAt", dismissed_until AS "dismissedUntil",
  reopen_count AS "reopenCount"`;

/**
 * One page of insights, newest first, after the cursor (the last id of the previous page).
 * Keyset, not OFFSET: a deep page costs what the first does, and rows inserted meanwhile
 * (higher ids) never shift the pages a client is walking.
 */
export async function listInsights(
  pool: Pool,
  scope: InsightScope,
  filters: InsightFilters,
  page: { limit: number; afterId?: string },
): Promise<InsightRow[]> {
  const where = insightWhere(scope, filters);
  const params = where.params;
  let sql = where.sql;
  if (page.afterId !== undefined) {
    params.push(page.afterId);
    sql += ` AND id < $${params.length}`;
  }
  params.push(page.limit);
  const result = await pool.query(
    `SELECT ${INSIGHT_COLUMNS}
     FROM insights
     WHERE ${sql}
     ORDER BY insights.id DESC
     LIMIT $${params.length}`,
    params,
  );
  return result.rows as InsightRow[];
}

/**
 * Insight counts grouped by one dimension, largest first: `[{ value, count }]`. Read from the
 * summary when it can answer (an account, by and filtered on severity/status/checker/kind),
 * else counted over the insights.
 */
export async function countInsights(
  pool: Pool,
  scope: InsightScope,
  filters: InsightFilters,
  by: CountDimension,
): Promise<Array<{ value: string; count: number }>> {
  if (summaryAnswers(scope, filters, by) && scope.accountId !== undefined)
    return countInsightsFromSummary(pool, scope.accountId, filters, by);
  return countInsightsInFull(pool, scope, filters, by);
}

/** The same counts over the insights themselves (the summary's reference, and the path for other filters). */
export async function countInsightsInFull(
  pool: Pool,
  scope: InsightScope,
  filters: InsightFilters,
  by: CountDimension,
): Promise<Array<{ value: string; count: number }>> {
  const where = insightWhere(scope, filters);
  const column = COUNT_COLUMN[by];
  const result = await pool.query<{ value: string; count: string }>(
    `SELECT ${column}::text AS value, count(*) AS count
     FROM insights
     WHERE ${where.sql}
     GROUP BY ${column}
     ORDER BY count(*) DESC, ${column}
     LIMIT 10000`,
    where.params,
  );
  return result.rows.map((row) => ({ value: row.value, count: Number(row.count) }));
}

/** One insight of an account, or undefined (also when it belongs to another account). */
export async function findInsight(
  pool: Pool,
  accountId: string | null,
  insightId: string,
): Promise<InsightRow | undefined> {
  const result = await pool.query(
    `SELECT ${INSIGHT_COLUMNS} FROM insights WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2)`,
    [insightId, accountId],
  );
  return result.rows[0] as InsightRow | undefined;
}

/** True when the insight exists and (for an account-scoped caller) belongs to the account. */
export async function insightVisible(pool: Pool, accountId: string | null, insightId: string): Promise<boolean> {
  const result = await pool.query(`SELECT 1 FROM insights WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2)`, [
    insightId,
    accountId,
  ]);
  return (result.rowCount ?? 0) > 0;
}
