import { Controller, Get, Inject, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import {
  accountAuditLog,
  findInsight,
  insightAuditLog,
  insightVisible,
  setInsightClassification,
  setInsightDismissed,
  zoneNamesById,
  type Principal,
} from '../../../libs/db';
import { encodeCursor, remediationOf } from '../../../libs/domain';
import { PG_POOL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { accountAuditRoute, classifyRoute, dismissRoute, insightRoute } from './insight.schemas';

type InsightAnswer = Promise<ApiEnvelope<RouteResult<typeof insightRoute>>>;

/** One insight with its audit log, the account's audit log, and the triage actions (audited). */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('accounts/:accountId/insights')
export class InsightTriageController {
  constructor(
    private readonly tenancy: TenancyService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get('audit')
  @Route(accountAuditRoute)
  async accountAudit(
    @Caller() caller: Principal,
    @Input(accountAuditRoute) { params, query }: RouteInput<typeof accountAuditRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof accountAuditRoute>>> {
    const account = await this.tenancy.account(caller, params.accountId);
    const rows = await accountAuditLog(this.pool, account, { limit: query.limit, afterId: query.cursor });
    const last = rows[rows.length - 1];
    return ok(rows, {
      count: rows.length,
      per_page: query.limit,
      cursor: rows.length === query.limit && last ? encodeCursor(last.id) : null,
    });
  }

  @Get(':insightId')
  @Route(insightRoute)
  async one(@Caller() caller: Principal, @Input(insightRoute) { params }: RouteInput<typeof insightRoute>) {
    const { account, id } = await this.resolve(caller, params);
    return this.answer(account, id);
  }

  @Put(':insightId/dismiss')
  @Route(dismissRoute)
  async dismiss(
    @Caller() caller: Principal,
    @Input(dismissRoute) { params, body }: RouteInput<typeof dismissRoute>,
  ): InsightAnswer {
    const { account, id } = await this.resolve(caller, params);
    const found = await setInsightDismissed(
      this.pool,
      account,
      id,
      { dismiss: body.dismiss, until: body.until ?? null },
      actor(caller),
    );
    if (!found) throw notFound(id);
    return this.answer(account, id);
  }

  @Put(':insightId/classification')
  @Route(classifyRoute)
  async classify(
    @Caller() caller: Principal,
    @Input(classifyRoute) { params, body }: RouteInput<typeof classifyRoute>,
  ): InsightAnswer {
    const { account, id } = await this.resolve(caller, params);
    const found = await setInsightClassification(
      this.pool,
      account,
      id,
      { classification: body.classification, rationale: body.rationale ?? null },
      actor(caller),
    );
    if (!found) throw notFound(id);
    return this.answer(account, id);
  }

  /** Someone else's insight answers exactly like a missing one (404). */
  private async resolve(caller: Principal, params: { accountId: string; insightId: string }) {
    const account = await this.tenancy.account(caller, params.accountId);
    if (!(await insightVisible(this.pool, account, params.insightId))) throw notFound(params.insightId);
    return { account, id: params.insightId };
  }

  private async answer(account: string, id: string): InsightAnswer {
    const insight = await findInsight(this.pool, account, id);
    if (!insight) throw notFound(id);
    const [audit, names] = await Promise.all([
      insightAuditLog(this.pool, id),
      zoneNamesById(this.pool, [insight.zoneId]),
    ]);
    return ok({
      ...(insight as RouteResult<typeof insightRoute>),
      zoneName: names.get(insight.zoneId) ?? null,
      remediation: remediationOf(insight.kind),
      audit,
    });
  }
}

function actor(caller: Principal): string {
  return `api-key:${caller.keyId}`;
}

function notFound(id: string): NotFoundException {
  return new NotFoundException({ message: `insight ${id} not found`, field: 'insightId' });
}
