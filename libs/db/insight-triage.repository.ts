import type { Pool, PoolClient } from 'pg';
import type { Classification } from '../domain';
import { appendAudit } from './insight-audit.repository';

interface Locked {
  id: string;
  accountId: string;
  zoneId: string;
  status: string;
  dismissedUntil: Date | null;
  classification: string | null;
  rationale: string | null;
}

/**
 * Runs `change` on the insight, locked, in one transaction with its audit entries.
 * Returns false when the insight does not exist or belongs to another account.
 */
async function withLockedInsight(
  pool: Pool,
  accountId: string | null,
  insightId: string,
  change: (client: PoolClient, insight: Locked) => Promise<void>,
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query<Locked>(
      `SELECT id::text AS "id", account_id AS "accountId", zone_id AS "zoneId", status, dismissed_until AS "dismissedUntil",
              classification, rationale
       FROM insights WHERE id = $1 AND ($2::uuid IS NULL OR account_id = $2) FOR UPDATE`,
      [insightId, accountId],
    );
    const insight = result.rows[0];
    if (!insight) {
      await client.query('ROLLBACK');
      return false;
    }
    await change(client, insight);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * Dismisses an insight (optionally until a date, after which the scanner reopens it) or,
 * with `dismiss` false, reopens a dismissed one. Audited as `status` / `dismissed_until`.
 */
export async function setInsightDismissed(
  pool: Pool,
  accountId: string | null,
  insightId: string,
  input: { dismiss: boolean; until: Date | null },
  actor: string,
): Promise<boolean> {
  return withLockedInsight(pool, accountId, insightId, async (client, insight) => {
    const status = input.dismiss ? 'dismissed' : insight.status === 'dismissed' ? 'open' : insight.status;
    const until = input.dismiss ? input.until : null;
    await client.query(`UPDATE insights SET status = $2, dismissed_until = $3 WHERE id = $1`, [
      insight.id,
      status,
      until,
    ]);
    await appendAudit(client, insight, actor, [
      { field: 'status', oldValue: insight.status, newValue: status },
      { field: 'dismissed_until', oldValue: iso(insight.dismissedUntil), newValue: iso(until) },
    ]);
  });
}

/** Sets (or with null clears) an insight's classification and rationale, audited per field. */
export async function setInsightClassification(
  pool: Pool,
  accountId: string | null,
  insightId: string,
  input: { classification: Classification | null; rationale: string | null },
  actor: string,
): Promise<boolean> {
  return withLockedInsight(pool, accountId, insightId, async (client, insight) => {
    await client.query(`UPDATE insights SET classification = $2, rationale = $3 WHERE id = $1`, [
      insight.id,
      input.classification,
      input.rationale,
    ]);
    await appendAudit(client, insight, actor, [
      { field: 'classification', oldValue: insight.classification, newValue: input.classification },
      { field: 'rationale', oldValue: insight.rationale, newValue: input.rationale },
    ]);
  });
}
