import { Body, Controller, Delete, Get, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { z } from 'zod';
import { createAccount, deleteAccount, listAccounts, type Principal } from '../../../libs/db';
import { PG_POOL } from '../api.tokens';
import { AdminOnly, Caller } from '../auth/auth.decorators';
import { ok } from '../common/api-response';
import { TenancyService } from '../common/tenancy.service';
import { parseInput } from '../common/validation';

const createAccountBody = z.strictObject({
  name: z.string({ message: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
});

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
  @ApiOperation({ summary: 'Accounts visible to the key (an account key: its own)' })
  async list(@Caller() caller: Principal) {
    return ok(await listAccounts(this.pool, caller.accountId));
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create an account (admin)' })
  @ApiBody({ schema: { example: { name: 'Example Corp' } } })
  async create(@Body() body: unknown) {
    const { name } = parseInput(createAccountBody, body, 'body');
    const id = await createAccount(this.pool, name);
    return ok((await listAccounts(this.pool, id))[0]);
  }

  @Get(':accountId')
  @ApiOperation({ summary: 'One account with its zone count' })
  async one(@Caller() caller: Principal, @Param('accountId') rawAccountId: string) {
    const accountId = await this.tenancy.account(caller, rawAccountId);
    const [account] = await listAccounts(this.pool, accountId);
    if (!account) throw new NotFoundException({ message: `account ${accountId} not found`, field: 'accountId' });
    return ok(account);
  }

  @Delete(':accountId')
  @AdminOnly()
  @ApiOperation({ summary: 'Delete an account with its zones, insights and keys (admin)' })
  async remove(@Caller() caller: Principal, @Param('accountId') rawAccountId: string) {
    const accountId = await this.tenancy.account(caller, rawAccountId);
    await deleteAccount(this.pool, accountId);
    return ok({ id: accountId, deleted: true });
  }
}
