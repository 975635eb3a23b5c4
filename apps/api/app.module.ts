import { Global, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy, Inject } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config, Logger } from '../../libs/config';
import { schedulerWorkflowId } from '../../libs/domain';
import { AccountsModule } from './accounts/accounts.module';
import { API_LOGGER, APP_CONFIG, LEADER_ELECTION, METRICS, PG_POOL, SCHEDULER_GATEWAY } from './api.tokens';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyThrottlerGuard } from './auth/key-throttler.guard';
import { HealthController } from './health/health.controller';
import { LeaderElection } from './health/leader-election';
import { InsightsModule } from './insights/insights.module';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { SchedulerGateway } from './scheduler/scheduler.gateway';
import { SchedulerModule } from './scheduler/scheduler.module';
import { StatsController } from './stats/stats.controller';
import { ZonesModule } from './zones/zones.module';
import { connectTemporalLazily } from './scheduler/temporal-connector';

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
    const leader = new LeaderElection(deps.pool.options, { maxRttSeconds: deps.config.api.leaderMaxRttSeconds }, deps.log);
    const temporalAddress = deps.config.temporal.address ?? `127.0.0.1:${deps.config.temporal.port}`;
    const connect = deps.temporalClient ? async () => deps.temporalClient as Client : connectTemporalLazily(temporalAddress, deps.config.temporal.namespace);
    const core: DynamicModule = {
      module: class CoreModule {},
      global: true,
      providers: [
        { provide: PG_POOL, useValue: deps.pool },
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: API_LOGGER, useValue: deps.log },
        { provide: LEADER_ELECTION, useValue: leader },
        { provide: METRICS, useValue: new ApiMetrics(deps.pool, leader) },
        { provide: SCHEDULER_GATEWAY, useValue: new SchedulerGateway(connect, schedulerWorkflowId(deps.config.taskQueuePrefix), temporalAddress) },
      ],
      exports: [PG_POOL, APP_CONFIG, API_LOGGER, LEADER_ELECTION, METRICS, SCHEDULER_GATEWAY],
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
      ],
      controllers: [HealthController, MetricsController, StatsController],
      providers: [
        LeaderLifecycle,
        // Guards run in this order: who is calling, then how often.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
      ],
    };
  }
}
