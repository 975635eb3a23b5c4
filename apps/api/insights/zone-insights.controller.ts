import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../libs/db';
import { Caller } from '../auth/auth.decorators';
import { TenancyService } from '../common/tenancy.service';
import { ApiInsightFilters } from './insight-filters.openapi';
import { InsightsService } from './insights.service';

type RawQuery = Record<string, string | string[] | undefined>;

/** One zone's insights: the account routes narrowed to a zone. */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('zones/:zoneId/insights')
export class ZoneInsightsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly insights: InsightsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List a zone's insights, newest first" })
  @ApiInsightFilters({ page: true })
  async list(@Caller() caller: Principal, @Param('zoneId') zoneId: string, @Query() query: RawQuery) {
    return this.insights.list('zone', () => this.scope(caller, zoneId), query);
  }

  @Get('counts')
  @ApiOperation({ summary: "A zone's insight counts grouped by one dimension" })
  @ApiInsightFilters({ by: true })
  async counts(@Caller() caller: Principal, @Param('zoneId') zoneId: string, @Query() query: RawQuery) {
    return this.insights.counts('zone', () => this.scope(caller, zoneId), query);
  }

  @Get('export')
  @ApiOperation({ summary: "Stream a zone's filtered insights as NDJSON or CSV" })
  @ApiInsightFilters({ format: true })
  async export(
    @Caller() caller: Principal,
    @Param('zoneId') zoneId: string,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ) {
    await this.insights.export('zone', () => this.scope(caller, zoneId), query, reply);
  }

  private async scope(caller: Principal, rawZoneId: string) {
    const { zoneId, accountId } = await this.tenancy.zone(caller, rawZoneId);
    return { zoneId, accountId };
  }
}
