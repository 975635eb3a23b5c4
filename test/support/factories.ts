import type { Pool } from 'pg';
import { createAccount, insertZones } from '../../libs/db';

/** An account with `count` zones, all due now unless `dueInSeconds` spreads them. */
export async function buildAccountWithZones(
  pool: Pool,
  overrides: { name?: string; count?: number; prefix?: string; dueNow?: boolean } = {},
): Promise<{ accountId: string; zoneIds: string[]; names: string[] }> {
  const name = overrides.name ?? `account-${Math.random().toString(36).slice(2, 8)}`;
  const accountId = await createAccount(pool, name);
  const names = Array.from(
    { length: overrides.count ?? 3 },
    (_, i) => `${overrides.prefix ?? 'zone'}-${i}.example.com`,
  );
  await insertZones(pool, accountId, names, 3600);
  if (overrides.dueNow ?? true) {
    await pool.query(`UPDATE zones SET next_scan_at = now() - interval '1 second' WHERE account_id = $1`, [accountId]);
  }
  const rows = await pool.query<{ id: string }>('SELECT id FROM zones WHERE account_id = $1 ORDER BY name', [
    accountId,
  ]);
  return { accountId, zoneIds: rows.rows.map((r) => r.id), names };
}
