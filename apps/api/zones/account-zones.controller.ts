import { ConflictException, Controller, Get, Headers, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Config } from '../../../libs/config';
import { createZone, insertZones, type Principal } from '../../../libs/db';
import { parseZoneImport, parseZoneName } from '../../../libs/domain';
import { APP_CONFIG, PG_POOL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { badRequest } from '../http/route-input.pipe';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { listVisibleZones } from './zone-listing';
import { createZoneRoute, importZonesRoute, listAccountZonesRoute } from './zone.schemas';

/** An account's zones: list, onboard one, bulk import (CSV or NDJSON). */
@ApiTags('zones')
@ApiBearerAuth()
@Controller('accounts/:accountId/zones')
export class AccountZonesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  @Route(listAccountZonesRoute)
  async list(
    @Caller() caller: Principal,
    @Input(listAccountZonesRoute) { params, query }: RouteInput<typeof listAccountZonesRoute>,
  ) {
    return listVisibleZones(this.pool, await this.tenancy.account(caller, params.accountId), query);
  }

  @Post()
  @Route(createZoneRoute)
  async create(
    @Caller() caller: Principal,
    @Input(createZoneRoute) { params, body }: RouteInput<typeof createZoneRoute>,
  ) {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const parsed = parseZoneName(body.name);
    if ('error' in parsed) throw badRequest('name', parsed.error);
    const zone = await createZone(this.pool, accountId, parsed.name, this.config.scheduler.frequencySeconds);
    if (!zone)
      throw new ConflictException({
        message: `zone ${parsed.name} already exists in account ${accountId}`,
        field: 'name',
      });
    return ok(zone);
  }

  @Post('import')
  @Route(importZonesRoute)
  async import(
    @Caller() caller: Principal,
    @Headers('content-type') contentType: string | undefined,
    @Input(importZonesRoute) { params, body }: RouteInput<typeof importZonesRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof importZonesRoute>>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const format = /^text\/csv\b/i.test(contentType ?? '')
      ? 'csv'
      : /^application\/(x-)?ndjson\b/i.test(contentType ?? '')
        ? 'ndjson'
        : undefined;
    if (!format) throw badRequest('content-type', 'send the zones as text/csv or application/x-ndjson');
    const parsed = parseZoneImport(body, format);
    let added = 0;
    const names = parsed.zones.map((zone) => zone.name);
    for (let i = 0; i < names.length; i += 10_000) {
      added += await insertZones(
        this.pool,
        accountId,
        names.slice(i, i + 10_000),
        this.config.scheduler.frequencySeconds,
      );
    }
    return ok({
      accepted: names.length,
      added,
      existing: names.length - added,
      rejected: parsed.errors.length,
      errors: parsed.errors,
    });
  }
}
