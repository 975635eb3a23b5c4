import { Module } from '@nestjs/common';
import { TenancyService } from '../common/tenancy.service';
import { AccountInsightsController } from './account-insights.controller';
import { InsightCountsCompactor } from './insight-counts.compactor';
import { InsightTriageController } from './insight-triage.controller';
import { InsightsService } from './insights.service';
import { ZoneInsightsController } from './zone-insights.controller';

/** Insights: list, counts, export, one insight with its audit log, triage. */
@Module({
  // Order matters: the static routes (counts, export, audit) before `:insightId`.
  controllers: [AccountInsightsController, ZoneInsightsController, InsightTriageController],
  providers: [InsightsService, TenancyService, InsightCountsCompactor],
})
export class InsightsModule {}
