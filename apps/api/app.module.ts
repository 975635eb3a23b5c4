import {
  Global,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Inject,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config, Logger } from '../../libs/config';
import { connectTemporalLazily, SchedulerControl, temporalAddress } from '../../libs/temporal';
import { AccountsModule } from './accounts/accounts.module';
import { API_LOGGER, APP_CONFIG, LEADER_ELECTION, METRICS, PG_POOL, SCHEDULER_CONTROL } from './api.tokens';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyThrottlerGuard } from './auth/key-throttler.guard';
import { HealthController } from './health/health.controller';
import { LeaderElection } from './health/leader-election';
import { InsightsModule } from './insights/insights.module';
import { NotificationsModule } from './notifications/notifications.module';
import { KeysController } from './keys/keys.controller';
import { MeController } from './keys/me.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { SchedulerModule } from './scheduler/scheduler.module';
import { StatsController } from './stats/stats.controller';
import { ZonesModule } from './zones/zones.module';

export interface ApiDeps {
  pool: Pool;
  config: Readonly<Config>;
  log: Logger;
  /** An existing Temporal client (npm start); without one the API connects lazily to TEMPORAL_ADDRESS. */
  temporalClient?: Client;
}

/** Starts the leader election with the application and stops it (freeing the lock) on close. */
class LeaderLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(LEADER_ELECTION) private readonly leader: LeaderElection) {}
  onApplicationBootstrap(): void {
    this.leader.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.leader.stop();
  }
}

@Module({})
export class AppModule {
  /** The API's root module, given the process's pool, configuration, logger and (optionally) Temporal client. */
  static register(deps: ApiDeps): DynamicModule {
    const leader = new LeaderElection(
      deps.pool.options,
      { maxRttSeconds: deps.config.api.leaderMaxRttSeconds },
      deps.log,
    );
    const address = temporalAddress(deps.config);
    const namespace = deps.config.temporal.namespace;
    const connect = deps.temporalClient
      ? async () => deps.temporalClient as Client
      : connectTemporalLazily(address, namespace);
    const scheduler = new SchedulerControl({
      connect,
      taskQueuePrefix: deps.config.taskQueuePrefix,
      namespace,
      address,
    });
    const core: DynamicModule = {
      module: class CoreModule {},
      global: true,
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: API_LOGGER, useValue: deps.log },
        { provide: LEADER_ELECTION, useValue: leader },
        { provide: METRICS, useValue: new ApiMetrics(deps.pool, leader) },
        { provide: SCHEDULER_CONTROL, useValue: scheduler },
      ],
      exports: [PG_POOL, APP_CONFIG, API_LOGGER, LEADER_ELECTION, METRICS, SCHEDULER_CONTROL],
    };
    Global()(core.module);
    return {
      module: AppModule,
      imports: [
        core,
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: deps.config.api.rateLimitPerMinute }]),
        AccountsModule,
        ZonesModule,
        InsightsModule,
        SchedulerModule,
        NotificationsModule,
      ],
      controllers: [HealthController, MetricsController, StatsController, KeysController, MeController],
      providers: [
        LeaderLifecycle,
        // Guards run in this order: who is calling, then how often.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
      ],
    };
  }
}
