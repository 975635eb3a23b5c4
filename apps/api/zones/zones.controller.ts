import {
  ConflictException,
  Controller,
  Delete,
  Get,
  Inject,
  NotFoundException,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import {
  countInsights,
  findZone,
  openInsightSeverities,
  setZonePlan,
  setZoneStatus,
  zoneScanHistory,
  zoneState,
  type Principal,
} from '../../../libs/db';
import { gradeOf } from '../../../libs/domain';
import type { SchedulerControl } from '../../../libs/temporal';
import type { Config } from '../../../libs/config';
import { APP_CONFIG, PG_POOL, SCHEDULER_CONTROL } from '../api.tokens';
import { AdminOnly, Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { listVisibleZones } from './zone-listing';
import {
  deleteZoneRoute,
  listZonesRoute,
  scanZoneNowRoute,
  setZonePlanRoute,
  updateZoneRoute,
  zoneDetailRoute,
} from './zone.schemas';
import { planRefused } from '../common/plan-refused';

/** Zones: list (within the caller's scope), detail with scan history, pause/resume, delete, scan now. */
@ApiTags('zones')
@ApiBearerAuth()
@Controller('zones')
export class ZonesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SCHEDULER_CONTROL) private readonly scheduler: SchedulerControl,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  @Route(listZonesRoute)
  async list(@Caller() caller: Principal, @Input(listZonesRoute) { query }: RouteInput<typeof listZonesRoute>) {
    return listVisibleZones(this.pool, caller.accountId, query);
  }

  @Get(':zoneId')
  @Route(zoneDetailRoute)
  async detail(
    @Caller() caller: Principal,
    @Input(zoneDetailRoute) { params }: RouteInput<typeof zoneDetailRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof zoneDetailRoute>>> {
    const { zoneId } = await this.tenancy.zone(caller, params.zoneId);
    const zone = await findZone(this.pool, zoneId);
    if (!zone) throw new NotFoundException({ message: `zone ${zoneId} not found`, field: 'zoneId' });
    const [scans, insightsByStatus, open] = await Promise.all([
      zoneScanHistory(this.pool, zoneId, 50),
      countInsights(this.pool, { zoneId }, { values: [] }, 'status'),
      openInsightSeverities(this.pool, zoneId),
    ]);
    // What the grade is made of, from the insights open now (a dismissal since the last scan shows here first).
    const { deductions, cappedBy } = gradeOf(open);
    const detail = {
      ...zone,
      gradeDeductions: deductions,
      gradeCappedBy: cappedBy ?? null,
      insightsByStatus,
      scans: scans.map((scan) => ({ ...scan, durationMs: scan.finishedAt.getTime() - scan.startedAt.getTime() })),
      temporalUiUrl: this.config.temporal.uiUrl ?? null,
      namespace: this.config.temporal.namespace,
    };
    return ok(detail as RouteResult<typeof zoneDetailRoute>);
  }

  @Patch(':zoneId')
  @Route(updateZoneRoute)
  async update(
    @Caller() caller: Principal,
    @Input(updateZoneRoute) { params, body }: RouteInput<typeof updateZoneRoute>,
  ) {
    const { zoneId } = await this.tenancy.zone(caller, params.zoneId);
    await setZoneStatus(this.pool, zoneId, body.status);
    return ok(await findZone(this.pool, zoneId));
  }

  @Put(':zoneId/plan')
  @AdminOnly()
  @Route(setZonePlanRoute)
  async setPlan(
    @Caller() caller: Principal,
    @Input(setZonePlanRoute) { params, body }: RouteInput<typeof setZonePlanRoute>,
  ) {
    const { zoneId } = await this.tenancy.zone(caller, params.zoneId);
    await setZonePlan(this.pool, zoneId, body.plan).catch(planRefused);
    return ok(await findZone(this.pool, zoneId));
  }

  @Delete(':zoneId')
  @Route(deleteZoneRoute)
  async remove(
    @Caller() caller: Principal,
    @Input(deleteZoneRoute) { params }: RouteInput<typeof deleteZoneRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof deleteZoneRoute>>> {
    const { zoneId } = await this.tenancy.zone(caller, params.zoneId);
    await setZoneStatus(this.pool, zoneId, 'deleted');
    return ok({ id: zoneId, status: 'deleted' });
  }

  @Post(':zoneId/scan')
  @Route(scanZoneNowRoute)
  async scanNow(
    @Caller() caller: Principal,
    @Input(scanZoneNowRoute) { params }: RouteInput<typeof scanZoneNowRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof scanZoneNowRoute>>> {
    const { zoneId } = params;
    const state = await zoneState(this.pool, zoneId);
    if (!state || (caller.accountId !== null && caller.accountId !== state.accountId))
      throw new NotFoundException({ message: `zone ${zoneId} not found`, field: 'zoneId' });
    // The scheduler starts scans of active zones only: say so instead of accepting a scan that never runs.
    if (state.status === 'paused')
      throw new ConflictException({
        message: `zone ${zoneId} is paused, so it is not scanned; resume it first (PATCH /zones/${zoneId} {"status":"active"})`,
        field: 'zoneId',
      });
    if (state.status === 'deleted')
      throw new ConflictException({
        message: `zone ${zoneId} is deleted, so it is not scanned; onboard it again with POST /accounts/${state.accountId}/zones`,
        field: 'zoneId',
      });
    await this.scheduler.scanNow([zoneId]);
    return ok({ id: zoneId, scan: 'requested' });
  }
}
