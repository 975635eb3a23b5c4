import { Controller, Delete, Get, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { accountExists, createApiKey, listApiKeys, revokeApiKey } from '../../../libs/db';
import { PG_POOL } from '../api.tokens';
import { AdminOnly } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './key.schemas';

/** API keys (admin only): list, create, revoke — the API side of `npm run cli -- keys …`. */
@ApiTags('keys')
@ApiBearerAuth()
@AdminOnly()
@Controller('keys')
export class KeysController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @Route(listKeysRoute)
  async list(
    @Input(listKeysRoute) { query }: RouteInput<typeof listKeysRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof listKeysRoute>>> {
    return ok(await listApiKeys(this.pool, { accountId: query.account, status: query.status }));
  }

  @Post()
  @Route(createKeyRoute)
  async create(
    @Input(createKeyRoute) { body }: RouteInput<typeof createKeyRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof createKeyRoute>>> {
    if (body.accountId !== null && !(await accountExists(this.pool, body.accountId)))
      throw new NotFoundException({ message: `account ${body.accountId} not found`, field: 'accountId' });
    return ok(await createApiKey(this.pool, body.accountId, body.name));
  }

  @Delete(':keyId')
  @Route(revokeKeyRoute)
  async revoke(
    @Input(revokeKeyRoute) { params }: RouteInput<typeof revokeKeyRoute>,
  ): Promise<ApiEnvelope<RouteResult<typeof revokeKeyRoute>>> {
    if (!(await revokeApiKey(this.pool, params.keyId)))
      throw new NotFoundException({ message: `no active key ${params.keyId} (unknown or revoked)`, field: 'keyId' });
    return ok({ id: params.keyId, revoked: true });
  }
}
