import type { Pool } from 'pg';
import { createAccount, findAccountIdByName } from './account.repository';
import { insertZones } from './zones';

export const DEMO_ACCOUNT_NAME = 'Demo account';

/** Names of the demo zones: stable, so re-seeding adds nothing. */
export function demoZoneNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `zone-${String(i + 1).padStart(5, '0')}.demo.example.com`);
}

/** Creates the demo account and its zones unless they exist; returns the account id and zones added. */
export async function seedDemo(
  pool: Pool,
  zoneCount: number,
  frequencySeconds: number,
): Promise<{ accountId: string; added: number }> {
  const accountId =
    (await findAccountIdByName(pool, DEMO_ACCOUNT_NAME)) ?? (await createAccount(pool, DEMO_ACCOUNT_NAME));
  const added = await insertZones(pool, accountId, demoZoneNames(zoneCount), frequencySeconds);
  return { accountId, added };
}
