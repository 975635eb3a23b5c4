import type { Pool } from 'pg';
import type { InsightEventType, PolicyMode, Severity } from '../../domain';

/** Which events go to which destination, and when. */
export interface Policy {
  id: string;
  accountId: string;
  destinationId: string;
  name: string;
  minSeverity: Severity;
  /** null: every kind. */
  kinds: string[] | null;
  /** null: every zone of the account. */
  zoneIds: string[] | null;
  eventTypes: InsightEventType[];
  mode: PolicyMode;
  enabled: boolean;
  createdAt: Date;
}

export type NewPolicy = Omit<Policy, 'id' | 'accountId' | 'createdAt'>;

const COLUMNS = `id, account_id AS "accountId", destination_id AS "destinationId", name, min_severity AS "minSeverity",
  kinds, zone_ids AS "zoneIds", event_types AS "eventTypes", mode, enabled, created_at AS "createdAt"`;

/**
 * Creates a policy for one of the account's destinations. Undefined when the destination is
 * not the account's; `unknownZones` lists zone ids that are not the account's (nothing created).
 */
export async function createPolicy(
  pool: Pool,
  accountId: string,
  input: NewPolicy,
): Promise<{ policy: Policy } | { unknownZones: string[] } | undefined> {
  if (input.zoneIds && input.zoneIds.length > 0) {
    const known = await pool.query<{ id: string }>(
      `SELECT id FROM zones WHERE account_id = $1 AND id = ANY($2::uuid[])`,
      [accountId, input.zoneIds],
    );
    const found = new Set(known.rows.map((r) => r.id));
    const unknownZones = input.zoneIds.filter((id) => !found.has(id));
    if (unknownZones.length > 0) return { unknownZones };
  }
  const result = await pool.query<Policy>(
    `INSERT INTO notification_policies (account_id, destination_id, name, min_severity, kinds, zone_ids, event_types, mode, enabled)
     SELECT $1, d.id, $3, $4, $5, $6, $7, $8, $9
     FROM notification_destinations AS d WHERE d.account_id = $1 AND d.id = $2
     RETURNING ${COLUMNS}`,
    [
      accountId,
      input.destinationId,
      input.name,
      input.minSeverity,
      input.kinds,
      input.zoneIds,
      input.eventTypes,
      input.mode,
      input.enabled,
    ],
  );
  const policy = result.rows[0];
  return policy && { policy };
}

export async function listPolicies(pool: Pool, accountId: string): Promise<Policy[]> {
  const result = await pool.query<Policy>(
    `SELECT ${COLUMNS} FROM notification_policies WHERE account_id = $1 ORDER BY created_at, id`,
    [accountId],
  );
  return result.rows;
}

/** False when the account has no such policy. */
export async function deletePolicy(pool: Pool, accountId: string, id: string): Promise<boolean> {
  const result = await pool.query(`DELETE FROM notification_policies WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}
