import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { countInsights, findZone, listZones, setZoneStatus, zoneScanHistory, type Principal } from '../../../libs/db';
import { PG_POOL, SCHEDULER_CONTROL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { parseInput } from '../common/validation';
import type { SchedulerControl } from '../../../libs/temporal';
import { listZonesQuery, updateZoneBody } from './zone.schemas';

/** Zones: list (within the caller's scope), detail with scan history, pause/resume, delete, scan now. */
@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones')
export class ZonesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SCHEDULER_CONTROL) private readonly scheduler: SchedulerControl,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Zones visible to the key, most recently scanned first' })
  async list(@Caller() caller: Principal, @Query() query: unknown) {
    const { limit, offset } = parseInput(listZonesQuery, query, 'query');
    return ok(await listZones(this.pool, caller.accountId, limit, offset), { per_page: limit, offset });
  }

  @Get(':zoneId')
  @ApiOperation({ summary: 'A zone with its latest 50 scans and its insight counts by status' })
  async detail(@Caller() caller: Principal, @Param('zoneId') rawZoneId: string) {
    const { zoneId } = await this.tenancy.zone(caller, rawZoneId);
    const zone = await findZone(this.pool, zoneId);
    if (!zone) throw new NotFoundException({ message: `zone ${zoneId} not found`, field: 'zoneId' });
    const [scans, insightsByStatus] = await Promise.all([
      zoneScanHistory(this.pool, zoneId, 50),
      countInsights(this.pool, { zoneId }, { values: [] }, 'status'),
    ]);
    return ok({ ...zone, insightsByStatus, scans });
  }

  @Patch(':zoneId')
  @ApiOperation({ summary: 'Pause (status=paused) or resume (status=active) scanning of a zone' })
  @ApiBody({ schema: { example: { status: 'paused' } } })
  async update(@Caller() caller: Principal, @Param('zoneId') rawZoneId: string, @Body() body: unknown) {
    const { zoneId } = await this.tenancy.zone(caller, rawZoneId);
    const { status } = parseInput(updateZoneBody, body, 'body');
    await setZoneStatus(this.pool, zoneId, status);
    return ok(await findZone(this.pool, zoneId));
  }

  @Delete(':zoneId')
  @ApiOperation({ summary: 'Delete a zone: it is no longer scanned or listed' })
  async remove(@Caller() caller: Principal, @Param('zoneId') rawZoneId: string) {
    const { zoneId } = await this.tenancy.zone(caller, rawZoneId);
    await setZoneStatus(this.pool, zoneId, 'deleted');
    return ok({ id: zoneId, status: 'deleted' });
  }

  @Post(':zoneId/scan')
  @HttpCode(202)
  @ApiOperation({ summary: 'Scan the zone at the next scheduler tick (scanNow signal)' })
  async scanNow(@Caller() caller: Principal, @Param('zoneId') rawZoneId: string) {
    const { zoneId } = await this.tenancy.zone(caller, rawZoneId);
    await this.scheduler.scanNow([zoneId]);
    return ok({ id: zoneId, scan: 'requested' });
  }
}
