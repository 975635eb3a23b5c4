import { Controller, Delete, Get, Inject, NotFoundException, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { createAccount, deleteAccount, listAccounts, setAccountPlan, type Principal } from '../../../libs/db';
import { planRefused } from '../common/plan-refused';
import { PG_POOL } from '../api.tokens';
import { AdminOnly, Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import {
  accountRoute,
  createAccountRoute,
  deleteAccountRoute,
  listAccountsRoute,
  setAccountPlanRoute,
} from './account.schemas';

/** Accounts: an account key sees its own; admins create, list and delete. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly tenancy: TenancyService,
  ) {}

  @Get()
  @Route(listAccountsRoute)
  async list(
    @Caller() caller: Principal,
    // Validated for what it refuses: any query parameter.
    @Input(listAccountsRoute) _input: RouteInput<typeof listAccountsRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof listAccountsRoute>>> {
    return ok(await listAccounts(this.pool, caller.accountId));
  }

  @Post()
  @AdminOnly()
  @Route(createAccountRoute)
  async create(
    @Input(createAccountRoute) { body }: RouteInput<typeof createAccountRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof createAccountRoute>>> {
    const id = await createAccount(this.pool, body.name, body.plan).catch(planRefused);
    const [account] = await listAccounts(this.pool, id);
    if (!account) throw new NotFoundException({ message: `account ${id} vanished`, field: 'accountId' });
    return ok(account);
  }

  @Get(':accountId')
  @Route(accountRoute)
  async one(
    @Caller() caller: Principal,
    @Input(accountRoute) { params }: RouteInput<typeof accountRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof accountRoute>>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const [account] = await listAccounts(this.pool, accountId);
    if (!account) throw new NotFoundException({ message: `account ${accountId} not found`, field: 'accountId' });
    return ok(account);
  }

  @Put(':accountId/plan')
  @AdminOnly()
  @Route(setAccountPlanRoute)
  async setPlan(
    @Caller() caller: Principal,
    @Input(setAccountPlanRoute) { params, body }: RouteInput<typeof setAccountPlanRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof setAccountPlanRoute>>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    const moved = await setAccountPlan(this.pool, accountId, body.plan).catch(planRefused);
    if (moved === undefined)
      throw new NotFoundException({ message: `account ${accountId} not found`, field: 'accountId' });
    return ok({ id: accountId, plan: body.plan, zonesMoved: moved });
  }

  @Delete(':accountId')
  @AdminOnly()
  @Route(deleteAccountRoute)
  async remove(
    @Caller() caller: Principal,
    @Input(deleteAccountRoute) { params }: RouteInput<typeof deleteAccountRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof deleteAccountRoute>>> {
    const accountId = await this.tenancy.account(caller, params.accountId);
    await deleteAccount(this.pool, accountId);
    return ok({ id: accountId, deleted: true });
  }
}
