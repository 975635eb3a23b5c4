import { Body, Controller, Get, NotFoundException, Param, Put, Query, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import {
  accountAuditLog,
  findInsight,
  insightVisible,
  insightAuditLog,
  setInsightClassification,
  setInsightDismissed,
  type Principal,
} from '../../../libs/db';
import { PG_POOL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { idParam, parseInput } from '../common/validation';
import { auditQuery, classificationBody, dismissBody } from './insight-triage.schemas';
import { pageInfo, parsePage } from './insight-query.params';

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
  @ApiOperation({ summary: "The account's insight audit log, newest first (keyset pages)" })
  async accountAudit(
    @Caller() caller: Principal,
    @Param('accountId') accountId: string,
    @Query() query: Record<string, string | string[]>,
  ) {
    const account = await this.tenancy.account(caller, accountId);
    parseInput(auditQuery, query, 'query');
    const page = parsePage(query);
    const rows = await accountAuditLog(this.pool, account, page);
    return ok(rows, pageInfo(rows, page.limit));
  }

  @Get(':insightId')
  @ApiOperation({ summary: 'One insight with its audit log' })
  async one(@Caller() caller: Principal, @Param('accountId') accountId: string, @Param('insightId') insightId: string) {
    const { account, id } = await this.resolve(caller, accountId, insightId);
    const insight = await findInsight(this.pool, account, id);
    if (!insight) throw notFound(id);
    return ok({ ...insight, audit: await insightAuditLog(this.pool, id) });
  }

  @Put(':insightId/dismiss')
  @ApiOperation({ summary: 'Dismiss (optionally until a date) or, with dismiss=false, undismiss' })
  @ApiBody({ schema: { example: { dismiss: true, until: '2027-01-01T00:00:00Z' } } })
  async dismiss(
    @Caller() caller: Principal,
    @Param('accountId') accountId: string,
    @Param('insightId') insightId: string,
    @Body() body: unknown,
  ) {
    const { account, id } = await this.resolve(caller, accountId, insightId);
    const input = parseInput(dismissBody, body, 'body');
    const found = await setInsightDismissed(
      this.pool,
      account,
      id,
      { dismiss: input.dismiss, until: input.until ?? null },
      actor(caller),
    );
    if (!found) throw notFound(id);
    return this.one(caller, accountId, insightId);
  }

  @Put(':insightId/classification')
  @ApiOperation({
    summary: 'Classify as false_positive, accept_risk or other (the last two need a rationale); null clears',
  })
  @ApiBody({ schema: { example: { classification: 'accept_risk', rationale: 'legacy host, retired in Q1' } } })
  async classify(
    @Caller() caller: Principal,
    @Param('accountId') accountId: string,
    @Param('insightId') insightId: string,
    @Body() body: unknown,
  ) {
    const { account, id } = await this.resolve(caller, accountId, insightId);
    const input = parseInput(classificationBody, body, 'body');
    const found = await setInsightClassification(
      this.pool,
      account,
      id,
      { classification: input.classification, rationale: input.rationale ?? null },
      actor(caller),
    );
    if (!found) throw notFound(id);
    return this.one(caller, accountId, insightId);
  }

  /** Path resources are resolved before the body is read: someone else's insight is a 404 whatever the body. */
  private async resolve(caller: Principal, accountId: string, insightId: string) {
    const account = await this.tenancy.account(caller, accountId);
    const id = idParam('insightId', insightId);
    if (!(await insightVisible(this.pool, account, id))) throw notFound(id);
    return { account, id };
  }
}

function actor(caller: Principal): string {
  return `api-key:${caller.keyId}`;
}

function notFound(id: string): NotFoundException {
  return new NotFoundException({ message: `insight ${id} not found`, field: 'insightId' });
}
