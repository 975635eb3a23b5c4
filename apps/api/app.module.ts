import { Module, type DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Config } from '../../libs/config';
import { APP_CONFIG, PG_POOL } from './api.tokens';
import { HealthController } from './health/health.controller';
import { StatsController } from './stats/stats.controller';
import { ZonesController } from './zones/zones.controller';

export interface ApiDeps {
  pool: Pool;
  config: Readonly<Config>;
}

@Module({})
export class AppModule {
  /** The API's root module, given the process's pool and configuration. */
  static register(deps: ApiDeps): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, StatsController, ZonesController],
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        { provide: APP_CONFIG, useValue: deps.config },
      ],
    };
  }
}
