import type { Pool, PoolClient } from 'pg';

export interface AuditEntry {
  id: string;
  insightId: string;
  zoneId: string;
  changedAt: Date;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  actor: string;
}

const AUDIT_COLUMNS = `id::text AS "id", insight_id::text AS "insightId", zone_id AS "zoneId", changed_at AS "changedAt",
  field, old_value AS "oldValue", new_value AS "newValue", actor`;

/** An insight's audit log, oldest first (bounded: the newest 1,000 entries). */
export async function insightAuditLog(pool: Pool, insightId: string): Promise<AuditEntry[]> {
  const result = await pool.query(
    `SELECT * FROM (
       SELECT ${AUDIT_COLUMNS}, insight_audit.id AS seq FROM insight_audit WHERE insight_id = $1 ORDER BY insight_audit.id DESC LIMIT 1000
     ) AS newest ORDER BY seq`,
    [insightId],
  );
  return result.rows.map(({ seq: _seq, ...entry }) => entry as AuditEntry);
}

/** An account's audit log, newest first, one keyset page after `afterId`. */
export async function accountAuditLog(
  pool: Pool,
  accountId: string,
  page: { limit: number; afterId?: string },
): Promise<AuditEntry[]> {
  const result = await pool.query(
    `SELECT ${AUDIT_COLUMNS} FROM insight_audit
     WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2)
     ORDER BY insight_audit.id DESC
     LIMIT $3`,
    [accountId, page.afterId ?? null, page.limit],
  );
  return result.rows as AuditEntry[];
}

/** Appends audit entries for the fields whose value changed; unchanged fields add nothing. */
export async function appendAudit(
  client: PoolClient,
  insight: { id: string; accountId: string; zoneId: string },
  actor: string,
  changes: Array<{ field: string; oldValue: string | null; newValue: string | null }>,
): Promise<void> {
  const changed = changes.filter((change) => change.oldValue !== change.newValue);
  if (changed.length === 0) return;
  await client.query(
    `INSERT INTO insight_audit (insight_id, account_id, zone_id, changed_at, field, old_value, new_value, actor)
     SELECT $1, $2, $3, now(), field, old_value, new_value, $4
     FROM unnest($5::text[], $6::text[], $7::text[]) AS change (field, old_value, new_value)`,
    [
      insight.id,
      insight.accountId,
      insight.zoneId,
      actor,
      changed.map((change) => change.field),
      changed.map((change) => change.oldValue),
      changed.map((change) => change.newValue),
    ],
  );
}
