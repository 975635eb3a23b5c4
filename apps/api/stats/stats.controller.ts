import { Controller, Get, Inject } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Config } from '../../../libs/config';
import { readDashboardStats, type DashboardStats } from '../../../libs/db';
import { APP_CONFIG, PG_POOL } from '../api.tokens';

@Controller('stats')
export class StatsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
  ) {}

  /** Everything the dashboard draws, in one call: scan rate by lane, severities, trend, top kinds and zones. */
  @Get('dashboard')
  async dashboard(): Promise<DashboardStats & { temporalUiUrl: string | null; namespace: string }> {
    const stats = await readDashboardStats(this.pool, null);
    return { ...stats, temporalUiUrl: this.config.temporal.uiUrl ?? null, namespace: this.config.temporal.namespace };
  }
}
