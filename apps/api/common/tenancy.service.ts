import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { accountExists, zoneAccountId, type Principal } from '../../../libs/db';
import { PG_POOL } from '../api.tokens';
import { isUuid } from '../../../libs/domain';
import { badRequest } from '../http/route-input.pipe';

// Route schemas validate ids first; this is the last line of defence before SQL.
function uuidParam(name: string, value: string): string {
  if (!isUuid(value)) throw badRequest(name, `must be a UUID, got "${value.slice(0, 60)}"`);
  return value.toLowerCase();
}

/**
 * Resolves path resources within the caller's scope. Another account's account or zone
 * answers exactly like a missing one (404), so keys cannot probe for other tenants' ids.
 */
@Injectable()
export class TenancyService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The account id, when the caller may see it; 404 otherwise. */
  async account(caller: Principal, rawAccountId: string): Promise<string> {
    const accountId = uuidParam('accountId', rawAccountId);
    const visible =
      caller.accountId === null ? await accountExists(this.pool, accountId) : caller.accountId === accountId;
    if (!visible) throw new NotFoundException({ message: `account ${accountId} not found`, field: 'accountId' });
    return accountId;
  }

  /** The zone id and its account, when the caller may see the zone; 404 otherwise. */
  async zone(caller: Principal, rawZoneId: string): Promise<{ zoneId: string; accountId: string }> {
    const zoneId = uuidParam('zoneId', rawZoneId);
    const accountId = await zoneAccountId(this.pool, zoneId);
    if (accountId === undefined || (caller.accountId !== null && caller.accountId !== accountId)) {
      throw new NotFoundException({ message: `zone ${zoneId} not found`, field: 'zoneId' });
    }
    return { zoneId, accountId };
  }
}
