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

/**
 * The principal of an unrevoked key with this token, if any. Marks the key used in the same
 * round trip, at most once a minute (a write per request would cost more than the lookup).
 */
export async function findPrincipalByToken(pool: Pool, token: string): Promise<Principal | undefined> {
  const result = await pool.query<{ id: string; account_id: string | null }>(
    `WITH key AS (
       SELECT id, account_id, last_used_at FROM api_keys WHERE hash = $1 AND revoked_at IS NULL
     ), used AS (
       UPDATE api_keys SET last_used_at = now() FROM key
       WHERE api_keys.id = key.id AND (key.last_used_at IS NULL OR key.last_used_at < now() - interval '1 minute')
     )
     SELECT id, account_id FROM key`,
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

export interface ApiKeyRow {
  id: string;
  name: string;
  /** null: an admin key. */
  accountId: string | null;
  scope: 'admin' | 'account';
  createdAt: Date;
  /** To the minute; null when never used. */
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** API keys (never their tokens), newest first: active ones, revoked ones, or all; optionally of one account. */
export async function listApiKeys(
  pool: Pool,
  filter: { accountId?: string; status: 'active' | 'revoked' | 'all' },
): Promise<ApiKeyRow[]> {
  const result = await pool.query(
    `SELECT id, name, account_id AS "accountId", CASE WHEN account_id IS NULL THEN 'admin' ELSE 'account' END AS scope,
            created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
     FROM api_keys
     WHERE ($1::uuid IS NULL OR account_id = $1)
       AND ($2 = 'all' OR ($2 = 'active') = (revoked_at IS NULL))
     ORDER BY created_at DESC, id
     LIMIT 10000`,
    [filter.accountId ?? null, filter.status],
  );
  return result.rows as ApiKeyRow[];
}
