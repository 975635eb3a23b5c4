import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../libs/db';
import { Caller } from '../auth/auth.decorators';
import { TenancyService } from '../common/tenancy.service';
import { Input, Route, type RouteInput } from '../http/route-schema';
import { toInsightFilters } from './insight-query.schemas';
import { accountInsightRoutes as routes } from './insight.schemas';
import { InsightsService } from './insights.service';

/** An account's insights: list, counts and export, filtered the same way. */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('accounts/:accountId/insights')
export class AccountInsightsController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly insights: InsightsService,
  ) {}

  @Get()
  @Route(routes.list)
  async list(@Caller() caller: Principal, @Input(routes.list) { params, query }: RouteInput<typeof routes.list>) {
    const accountId = await this.tenancy.account(caller, params.accountId);
    return this.insights.list({ accountId }, toInsightFilters(query), { limit: query.limit, afterId: query.cursor });
  }

  @Get('counts')
  @Route(routes.counts)
  async counts(@Caller() caller: Principal, @Input(routes.counts) { params, query }: RouteInput<typeof routes.counts>) {
    const accountId = await this.tenancy.account(caller, params.accountId);
    return this.insights.counts({ accountId }, toInsightFilters(query), query.by);
  }

  @Get('export')
  @Route(routes.export)
  async export(
    @Caller() caller: Principal,
    @Input(routes.export) { params, query }: RouteInput<typeof routes.export>,
    @Res() reply: FastifyReply,
  ) {
    const accountId = await this.tenancy.account(caller, params.accountId);
    await this.insights.export({ accountId }, toInsightFilters(query), query.format, reply);
  }
}
