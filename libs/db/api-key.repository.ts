import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/** Who a request acts as: an admin key (accountId null) or a key scoped to one account. */
export interface Principal {
  keyId: string;
  accountId: string | null;
}

export interface CreatedApiKey extends Principal {
  name: string;
  /** The secret, shown once; only its hash is stored. */
  token: string;
}

/**
 * SHA-256 of the token. Tokens are 256 random bits, so a fast hash is enough (no password
 * stretching needed) and lets a lookup use the unique index on `hash`.
 */
export function hashApiKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a key for an account (or an admin key with accountId null); returns its token once. */
export async function createApiKey(pool: Pool, accountId: string | null, name: string): Promise<CreatedApiKey> {
  const token = `si_${randomBytes(32).toString('base64url')}`;
  const result = await pool.query<{ id: string }>(
    `INSERT INTO api_keys (account_id, name, hash) VALUES ($1, $2, $3) RETURNING id`,
    [accountId, name, hashApiKey(token)],
  );
  return { keyId: (result.rows[0] as { id: string }).id, accountId, name, token };
}

/** The principal of an unrevoked key with this token, if any. */
export async function findPrincipalByToken(pool: Pool, token: string): Promise<Principal | undefined> {
  const result = await pool.query<{ id: string; account_id: string | null }>(
    `SELECT id, account_id FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(token)],
  );
  const row = result.rows[0];
  return row ? { keyId: row.id, accountId: row.account_id } : undefined;
}

/** Revokes a key; returns false when no unrevoked key has this id. */
export async function revokeApiKey(pool: Pool, keyId: string): Promise<boolean> {
  const result = await pool.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
    keyId,
  ]);
  return (result.rowCount ?? 0) > 0;
}
