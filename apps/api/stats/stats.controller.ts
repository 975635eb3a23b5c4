import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Config } from '../../../libs/config';
import { readDashboardStats, type Principal } from '../../../libs/db';
import { APP_CONFIG, PG_POOL } from '../api.tokens';
import { ok, type ApiEnvelope } from '../common/api-response';
import { Caller } from '../auth/auth.decorators';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { dashboardStatsRoute } from './stats.schemas';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
  ) {}

  /**
   * Everything the dashboard draws, in one call: scan rate by lane, severities, trend, top
   * kinds and zones — the caller's account for an account key, every account for an admin key.
   */
  @Get('dashboard')
  @Route(dashboardStatsRoute)
  async dashboard(
    @Caller() caller: Principal,
    // Validated for what it refuses: any query parameter.
    @Input(dashboardStatsRoute) _input: RouteInput<typeof dashboardStatsRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof dashboardStatsRoute>>> {
    const stats = await readDashboardStats(this.pool, caller.accountId);
    return ok({
      ...stats,
      temporalUiUrl: this.config.temporal.uiUrl ?? null,
      namespace: this.config.temporal.namespace,
    });
  }
}
