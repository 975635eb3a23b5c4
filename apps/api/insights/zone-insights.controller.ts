import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../libs/db';
import { Caller } from '../auth/auth.decorators';
import { TenancyService } from '../common/tenancy.service';
import { Input, Route, type RouteInput } from '../http/route-schema';
import { toInsightFilters } from './insight-query.schemas';
import { zoneInsightRoutes as routes } from './insight.schemas';
import { InsightsService } from './insights.service';

/** One zone's insights: the account routes narrowed to a zone (no zone filter). */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('zones/:zoneId/insights')
export class ZoneInsightsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly insights: InsightsService,
  ) {}

  @Get()
  @Route(routes.list)
  async list(@Caller() caller: Principal, @Input(routes.list) { params, query }: RouteInput<typeof routes.list>) {
    const scope = await this.tenancy.zone(caller, params.zoneId);
    return this.insights.list(scope, toInsightFilters(query), { limit: query.limit, afterId: query.cursor });
  }

  @Get('counts')
  @Route(routes.counts)
  async counts(@Caller() caller: Principal, @Input(routes.counts) { params, query }: RouteInput<typeof routes.counts>) {
    const scope = await this.tenancy.zone(caller, params.zoneId);
    return this.insights.counts(scope, toInsightFilters(query), query.by);
  }

  @Get('export')
  @Route(routes.export)
  async export(
    @Caller() caller: Principal,
    @Input(routes.export) { params, query }: RouteInput<typeof routes.export>,
    @Res() reply: FastifyReply,
  ) {
    const scope = await this.tenancy.zone(caller, params.zoneId);
    await this.insights.export(scope, toInsightFilters(query), query.format, reply);
  }
}
