import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { listZoneInsights, zoneExists, type InsightRow } from '../../../libs/db';
import { PG_POOL } from '../api.tokens';

const MAX_PAGE = 500;

function parseLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE) {
    throw new BadRequestException(`limit: must be a whole number from 1 to ${MAX_PAGE}`);
  }
  return Number(raw);
}

@Controller('zones')
export class ZonesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Zones, most recently scanned first. */
  @Get()
  async list(@Query('limit') limit?: string) {
    const result = await this.pool.query(
      `SELECT id, account_id AS "accountId", name, status, lane_hint AS "lane", next_scan_at AS "nextScanAt", last_scan_at AS "lastScanAt"
       FROM zones WHERE status <> 'deleted'
       ORDER BY last_scan_at DESC NULLS LAST, id
       LIMIT $1`,
      [parseLimit(limit, 100)],
    );
    return { result: result.rows };
  }

  /** A zone's insights, most severe first. */
  @Get(':zoneId/insights')
  async insights(
    @Param('zoneId', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('zoneId: must be a UUID') })) zoneId: string,
    @Query('limit') limit?: string,
  ): Promise<{ result: InsightRow[] }> {
    const pageSize = parseLimit(limit, 100);
    if (!(await zoneExists(this.pool, zoneId))) throw new NotFoundException(`zone ${zoneId} not found`);
    return { result: await listZoneInsights(this.pool, zoneId, pageSize) };
  }
}
