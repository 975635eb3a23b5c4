import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../libs/db';
import { Caller } from '../auth/auth.decorators';
import { TenancyService } from '../common/tenancy.service';
import { ApiInsightFilters } from './insight-filters.openapi';
import { InsightsService } from './insights.service';

type RawQuery = Record<string, string | string[] | undefined>;

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
  @ApiOperation({ summary: "List an account's insights, newest first (keyset pages: pass result_info.cursor back)" })
  @ApiInsightFilters({ page: true })
  async list(@Caller() caller: Principal, @Param('accountId') accountId: string, @Query() query: RawQuery) {
    return this.insights.list(
      'account',
      async () => ({ accountId: await this.tenancy.account(caller, accountId) }),
      query,
    );
  }

  @Get('counts')
  @ApiOperation({ summary: 'Insight counts grouped by severity, kind, checker, zone or status ([{value, count}])' })
  @ApiInsightFilters({ by: true })
  async counts(@Caller() caller: Principal, @Param('accountId') accountId: string, @Query() query: RawQuery) {
    return this.insights.counts(
      'account',
      async () => ({ accountId: await this.tenancy.account(caller, accountId) }),
      query,
    );
  }

  @Get('export')
  @ApiOperation({ summary: 'Stream the filtered insights as NDJSON (default) or CSV (format=csv)' })
  @ApiInsightFilters({ format: true })
  async export(
    @Caller() caller: Principal,
    @Param('accountId') accountId: string,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ) {
    await this.insights.export(
      'account',
      async () => ({ accountId: await this.tenancy.account(caller, accountId) }),
      query,
      reply,
    );
  }
}
