import { Controller, Delete, Get, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { Config, Logger } from '../../../libs/config';
import {
  createDestination,
  createPolicy,
  createTestDelivery,
  deleteDestination,
  deletePolicy,
  findDestination,
  listDeliveries,
  listDestinations,
  listPolicies,
  resumeDestination,
  rotateDestinationSecret,
  type Principal,
} from '../../../libs/db';
import { isEmailAddress, parseWebhookUrl } from '../../../libs/domain';
import { attemptDelivery, buildNotifyDeps, type DeliveryDeps } from '../../../libs/notify';
import { API_LOGGER, APP_CONFIG, PG_POOL } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { badRequest } from '../http/route-input.pipe';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import {
  createDestinationRoute,
  createPolicyRoute,
  deleteDestinationRoute,
  deletePolicyRoute,
  listDeliveriesRoute,
  listDestinationsRoute,
  listPoliciesRoute,
  resumeDestinationRoute,
  rotateSecretRoute,
  testDestinationRoute,
} from './notification.schemas';

type Envelope<R extends Parameters<typeof ok>[0]> = Promise<ApiEnvelope<R>>;

/** Notification destinations, policies and the delivery log of an account (tenancy as every account route). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('accounts/:accountId/notifications')
export class NotificationsController {
  private deps: DeliveryDeps | undefined;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: Readonly<Config>,
    @Inject(API_LOGGER) private readonly log: Logger,
    private readonly tenancy: TenancyService,
  ) {}

  @Get('destinations')
  @Route(listDestinationsRoute)
  async listDestinations(
    @Caller() caller: Principal,
    @Input(listDestinationsRoute) { params }: RouteInput<typeof listDestinationsRoute>,
  ): Envelope<RouteResult<typeof listDestinationsRoute>> {
    return ok(await listDestinations(this.pool, await this.tenancy.account(caller, params.accountId)));
  }

  @Post('destinations')
  @Route(createDestinationRoute)
  async createDestination(
    @Caller() caller: Principal,
    @Input(createDestinationRoute) { params, body }: RouteInput<typeof createDestinationRoute>,
  ): Envelope<RouteResult<typeof createDestinationRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    if (body.type === 'webhook') {
      if (body.email !== undefined) throw badRequest('email', 'a webhook destination has a url, not an email');
      if (body.url === undefined) throw badRequest('url', 'a webhook destination needs the URL to POST to');
      const parsed = parseWebhookUrl(body.url);
      if ('error' in parsed) throw badRequest('url', parsed.error);
      return ok(await createDestination(this.pool, accountId, { ...body, type: 'webhook', url: parsed.url }));
    }
    if (body.url !== undefined) throw badRequest('url', 'an email destination has an email, not a url');
    if (body.email === undefined || !isEmailAddress(body.email))
      throw badRequest('email', 'an email destination needs an address such as security@example.com');
    return ok(await createDestination(this.pool, accountId, { ...body, type: 'email', email: body.email }));
  }

  @Delete('destinations/:destinationId')
  @Route(deleteDestinationRoute)
  async deleteDestination(
    @Caller() caller: Principal,
    @Input(deleteDestinationRoute) { params }: RouteInput<typeof deleteDestinationRoute>,
  ): Envelope<RouteResult<typeof deleteDestinationRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    if (!(await deleteDestination(this.pool, accountId, params.destinationId))) throw notFound(params.destinationId);
    return ok({ id: params.destinationId, deleted: true as const });
  }

  @Post('destinations/:destinationId/rotate-secret')
  @Route(rotateSecretRoute)
  async rotateSecret(
    @Caller() caller: Principal,
    @Input(rotateSecretRoute) { params }: RouteInput<typeof rotateSecretRoute>,
  ): Envelope<RouteResult<typeof rotateSecretRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const rotated = await rotateDestinationSecret(
      this.pool,
      accountId,
      params.destinationId,
      this.config.notify.secretOverlapSeconds,
    );
    if (!rotated) throw notFound(params.destinationId, 'webhook destination');
    return ok(rotated);
  }

  @Post('destinations/:destinationId/resume')
  @Route(resumeDestinationRoute)
  async resume(
    @Caller() caller: Principal,
    @Input(resumeDestinationRoute) { params }: RouteInput<typeof resumeDestinationRoute>,
  ): Envelope<RouteResult<typeof resumeDestinationRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const resumed = await resumeDestination(this.pool, accountId, params.destinationId);
    if (!resumed) throw notFound(params.destinationId);
    return ok({ id: params.destinationId, status: 'active' as const, requeued: resumed.requeued });
  }

  @Post('destinations/:destinationId/test')
  @Route(testDestinationRoute)
  async test(
    @Caller() caller: Principal,
    @Input(testDestinationRoute) { params }: RouteInput<typeof testDestinationRoute>,
  ): Envelope<RouteResult<typeof testDestinationRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    if (!(await findDestination(this.pool, accountId, params.destinationId))) throw notFound(params.destinationId);
    const deliveryId = await createTestDelivery(this.pool, accountId, params.destinationId);
    this.deps ??= { pool: this.pool, ...buildNotifyDeps(this.config, this.log) };
    const result = await attemptDelivery(this.deps, deliveryId, AbortSignal.timeout(60_000));
    return ok({ deliveryId, ...result });
  }

  @Get('policies')
  @Route(listPoliciesRoute)
  async listPolicies(
    @Caller() caller: Principal,
    @Input(listPoliciesRoute) { params }: RouteInput<typeof listPoliciesRoute>,
  ): Envelope<RouteResult<typeof listPoliciesRoute>> {
    return ok(await listPolicies(this.pool, await this.tenancy.account(caller, params.accountId)));
  }

  @Post('policies')
  @Route(createPolicyRoute)
  async createPolicy(
    @Caller() caller: Principal,
    @Input(createPolicyRoute) { params, body }: RouteInput<typeof createPolicyRoute>,
  ): Envelope<RouteResult<typeof createPolicyRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const created = await createPolicy(this.pool, accountId, body);
    if (!created) throw notFound(body.destinationId);
    if ('unknownZones' in created)
      throw badRequest('zoneIds', `not zones of account ${accountId}: ${created.unknownZones.slice(0, 5).join(', ')}`);
    return ok(created.policy);
  }

  @Delete('policies/:policyId')
  @Route(deletePolicyRoute)
  async deletePolicy(
    @Caller() caller: Principal,
    @Input(deletePolicyRoute) { params }: RouteInput<typeof deletePolicyRoute>,
  ): Envelope<RouteResult<typeof deletePolicyRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    if (!(await deletePolicy(this.pool, accountId, params.policyId)))
      throw new NotFoundException({ message: `policy ${params.policyId} not found`, field: 'policyId' });
    return ok({ id: params.policyId, deleted: true as const });
  }

  @Get('deliveries')
  @Route(listDeliveriesRoute)
  async listDeliveries(
    @Caller() caller: Principal,
    @Input(listDeliveriesRoute) { params, query }: RouteInput<typeof listDeliveriesRoute>,
  ): Envelope<RouteResult<typeof listDeliveriesRoute>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    return ok(
      await listDeliveries(this.pool, accountId, {
        destinationId: query.destination,
        status: query.status,
        limit: query.limit,
      }),
    );
  }
}

function notFound(id: string, what = 'destination'): NotFoundException {
  return new NotFoundException({ message: `${what} ${id} not found`, field: 'destinationId' });
}
