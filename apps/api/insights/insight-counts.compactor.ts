import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from '../../../libs/config';
import { compactInsightCounts } from '../../../libs/db';
import { API_LOGGER, LEADER_ELECTION, PG_POOL } from '../api.tokens';
import type { LeaderElection } from '../health/leader-election';

const INTERVAL_MS = 1000;

/**
 * Folds the insight-count deltas (appended by the writers' triggers) into the summary every
 * second, on the active instance only. Counts are exact without it; it keeps them fast, since
 * a reader sums the deltas not folded in yet.
 */
@Injectable()
export class InsightCountsCompactor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LEADER_ELECTION) private readonly leader: LeaderElection,
    @Inject(API_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running || !this.leader.isActive()) return;
      this.running = this.compact().finally(() => {
        this.running = undefined;
      });
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async compact(): Promise<void> {
    try {
      await compactInsightCounts(this.pool);
      if (this.failing) this.log.info('insight counts compaction works again');
      this.failing = false;
    } catch (error) {
      // Logged once per failure streak: counts stay exact, only slower while deltas pile up.
      if (!this.failing)
        this.log.warn(
          { err: error },
          'could not fold the insight-count deltas into the summary; counts stay exact but slow down until the database accepts it again',
        );
      this.failing = true;
    }
  }
}
