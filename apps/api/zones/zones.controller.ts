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
import {
  countInsights,
  findZone,
  listZones,
  openInsightSeverities,
  setZoneStatus,
  zoneScanHistory,
  type Principal,
} from '../../../libs/db';
import { gradeOf } from '../../../libs/domain';
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
  @ApiOperation({ summary: 'Zones visible to the key, most recently scanned first (sort=grade|-grade: by grade)' })
  async list(@Caller() caller: Principal, @Query() query: unknown) {
    const { limit, offset, sort } = parseInput(listZonesQuery, query, 'query');
    return ok(await listZones(this.pool, caller.accountId, limit, offset, sort), { per_page: limit, offset });
  }

  @Get(':zoneId')
  @ApiOperation({
    summary:
      'A zone with its grade and what it is made of, its latest 50 scans (each with its grade) and insight counts',
  })
  async detail(@Caller() caller: Principal, @Param('zoneId') rawZoneId: string) {
    const { zoneId } = await this.tenancy.zone(caller, rawZoneId);
    const zone = await findZone(this.pool, zoneId);
    if (!zone) throw new NotFoundException({ message: `zone ${zoneId} not found`, field: 'zoneId' });
    const [scans, insightsByStatus, open] = await Promise.all([
      zoneScanHistory(this.pool, zoneId, 50),
      countInsights(this.pool, { zoneId }, { values: [] }, 'status'),
      openInsightSeverities(this.pool, zoneId),
    ]);
    // What the grade is made of, from the insights open now (a dismissal since the last scan shows here first).
    const { deductions, cappedBy } = gradeOf(open);
    return ok({ ...zone, gradeDeductions: deductions, gradeCappedBy: cappedBy ?? null, insightsByStatus, scans });
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
