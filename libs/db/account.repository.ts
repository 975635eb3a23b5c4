import type { Pool } from 'pg';

/** Creates an account and returns its id. */
export async function createAccount(pool: Pool, name: string): Promise<string> {
  const result = await pool.query<{ id: string }>('INSERT INTO accounts (name) VALUES ($1) RETURNING id', [name]);
  return (result.rows[0] as { id: string }).id;
}

/** The id of the oldest account with this name, if any. */
export async function findAccountIdByName(pool: Pool, name: string): Promise<string | undefined> {
  const result = await pool.query<{ id: string }>('SELECT id FROM accounts WHERE name = $1 ORDER BY created_at LIMIT 1', [name]);
  return result.rows[0]?.id;
}
