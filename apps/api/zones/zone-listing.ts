import type { Pool } from 'pg';
import { listZones, openCriticalHighByZone, type ZoneListPosition, type ZoneListSort } from '../../../libs/db';
import { ok } from '../common/api-response';
import { encodeZoneCursor } from './zone.schemas';

interface ZoneListInput {
  name?: string;
  name_prefix?: string;
  status?: 'active' | 'paused';
  sort: ZoneListSort;
  limit: number;
  cursor?: { sort: string; position: ZoneListPosition };
}

/**
 * One page of the zones of an account (or of all, for null), each with its open critical and
 * high insights, with the total and the next cursor.
 */
export async function listVisibleZones(pool: Pool, accountId: string | null, query: ZoneListInput) {
  const { zones, total } = await listZones(pool, {
    accountId,
    name: query.name,
    namePrefix: query.name_prefix,
    status: query.status,
    sort: query.sort,
    limit: query.limit,
    after: query.cursor?.position,
  });
  const last = zones[zones.length - 1];
  const open = await openCriticalHighByZone(
    pool,
    zones.map((zone) => zone.id),
  );
  return ok(
    zones.map(({ position: _position, ...zone }) => ({
      ...zone,
      openCritical: open.get(zone.id)?.critical ?? 0,
      openHigh: open.get(zone.id)?.high ?? 0,
    })),
    {
      count: zones.length,
      per_page: query.limit,
      total_count: total,
      cursor: zones.length === query.limit && last ? encodeZoneCursor(query.sort, last.position) : null,
    },
  );
}
