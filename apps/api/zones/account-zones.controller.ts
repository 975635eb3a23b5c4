import { Body, Controller, ConflictException, Get, Headers, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Config } from '../../../libs/config';
import { createZone, insertZones, listZones, type Principal } from '../../../libs/db';
import { parseZoneImport, parseZoneName } from '../../../libs/domain';
import { APP_CONFIG, PG_POOL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { badRequest, parseInput } from '../common/validation';
import { createZoneBody, listZonesQuery } from './zone.schemas';

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
  @ApiOperation({ summary: "The account's zones" })
  async list(@Caller() caller: Principal, @Param('accountId') rawAccountId: string, @Query() query: unknown) {
    const accountId = await this.tenancy.account(caller, rawAccountId);
    const { limit, offset, sort } = parseInput(listZonesQuery, query, 'query');
    return ok(await listZones(this.pool, accountId, limit, offset, sort), { per_page: limit, offset });
  }

  @Post()
  @ApiOperation({ summary: 'Onboard one zone; its first scan is spread over one frequency' })
  @ApiBody({ schema: { example: { name: 'example.com' } } })
  async create(@Caller() caller: Principal, @Param('accountId') rawAccountId: string, @Body() body: unknown) {
    const accountId = await this.tenancy.account(caller, rawAccountId);
    const parsed = parseZoneName(parseInput(createZoneBody, body, 'body').name);
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
  @ApiOperation({
    summary: 'Bulk import: text/csv (first column = name) or application/x-ndjson ({"name":…} per line)',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson')
  async import(
    @Caller() caller: Principal,
    @Param('accountId') rawAccountId: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ) {
    const accountId = await this.tenancy.account(caller, rawAccountId);
    const format = /^text\/csv\b/i.test(contentType ?? '')
      ? 'csv'
      : /^application\/(x-)?ndjson\b/i.test(contentType ?? '')
        ? 'ndjson'
        : undefined;
    if (!format || typeof body !== 'string') {
      throw badRequest('content-type', 'send the zones as text/csv or application/x-ndjson');
    }
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
