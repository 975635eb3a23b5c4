import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Pool } from 'pg';
import { findPrincipalByToken, type Principal } from '../../../libs/db';
import type { Config } from '../../../libs/config';
import { APP_CONFIG, PG_POOL } from '../api.tokens';
import { ADMIN_ONLY, IS_PUBLIC } from './auth.decorators';
import { PrincipalCache } from './principal-cache';

// `keys create` needs a scope (it refuses to guess one), so name both working forms.
const HOW_TO =
  'send "Authorization: Bearer <key>" with the admin key that npm start printed, or create one with ' +
  '"npm run cli -- keys create --admin" (every account) or "npm run cli -- keys create --account <account id>" (one account)';

/** Resolves the bearer API key to a principal (or 401) and enforces admin-only routes (403). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache: PrincipalCache;

  constructor(
    private readonly reflector: Reflector,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: Readonly<Config>,
  ) {
    this.cache = new PrincipalCache(config.api.keyCacheSeconds * 1000);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const match = /^Bearer\s+(\S{1,200})$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException(`missing API key: ${HOW_TO}`);
    const token = match[1] as string;
    const principal = this.cache.get(token) ?? (await findPrincipalByToken(this.pool, token));
    if (!principal) throw new UnauthorizedException(`unknown or revoked API key: ${HOW_TO}`);
    this.cache.set(token, principal);
    request.principal = principal;
    if (principal.accountId !== null && this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)) {
      throw new ForbiddenException('this route needs an admin API key (npm run cli -- keys create --admin)');
    }
    return true;
  }
}
