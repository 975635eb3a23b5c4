import type { Pool } from 'pg';
import { moveAccountZonesToPlan, requirePlan } from './zones';

/** Creates an account (on the `free` plan unless told) and returns its id. */
export async function createAccount(pool: Pool, name: string, plan?: string): Promise<string> {
  if (plan !== undefined) await requirePlan(pool, plan);
  const result = await pool.query<{ id: string }>(
    `INSERT INTO accounts (name, plan) VALUES ($1, coalesce($2, 'free')) RETURNING id`,
    [name, plan ?? null],
  );
  return (result.rows[0] as { id: string }).id;
}

/**
 * Changes an account's plan and, in the same transaction, moves its zones that have no plan of
 * their own (see moveAccountZonesToPlan). Returns the zones moved, or undefined when the
 * account does not exist; an unknown plan throws UnknownPlanError.
 */
export async function setAccountPlan(pool: Pool, accountId: string, plan: string): Promise<number | undefined> {
  await requirePlan(pool, plan);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const updated = await client.query(`UPDATE accounts SET plan = $2 WHERE id = $1`, [accountId, plan]);
    if ((updated.rowCount ?? 0) === 0) {
      await client.query('ROLLBACK');
      return undefined;
    }
    const moved = await moveAccountZonesToPlan(client, accountId);
    await client.query('COMMIT');
    return moved;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The id of the oldest account with this name, if any. */
export async function findAccountIdByName(pool: Pool, name: string): Promise<string | undefined> {
  const result = await pool.query<{ id: string }>(
    'SELECT id FROM accounts WHERE name = $1 ORDER BY created_at LIMIT 1',
    [name],
  );
  return result.rows[0]?.id;
}

export interface AccountRow {
  id: string;
  name: string;
  /** The plan (tier) its zones follow unless a zone has its own. */
  plan: string;
  createdAt: Date;
  zoneCount: number;
}

/** Accounts (all, or just one for an account-scoped caller), oldest first. */
export async function listAccounts(pool: Pool, onlyId: string | null): Promise<AccountRow[]> {
  const result = await pool.query(
    `SELECT a.id, a.name, a.plan, a.created_at AS "createdAt",
            (SELECT count(*) FROM zones z WHERE z.account_id = a.id AND z.status <> 'deleted')::int AS "zoneCount"
     FROM accounts a WHERE ($1::uuid IS NULL OR a.id = $1)
     ORDER BY a.created_at, a.id LIMIT 10000`,
    [onlyId],
  );
  return result.rows as AccountRow[];
}

/** True when the account exists. */
export async function accountExists(pool: Pool, accountId: string): Promise<boolean> {
  const result = await pool.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
  return (result.rowCount ?? 0) > 0;
}

/** Deletes an account with its zones, insights, scans and keys; false when it did not exist. */
export async function deleteAccount(pool: Pool, accountId: string): Promise<boolean> {
  const result = await pool.query(`DELETE FROM accounts WHERE id = $1`, [accountId]);
  return (result.rowCount ?? 0) > 0;
}
