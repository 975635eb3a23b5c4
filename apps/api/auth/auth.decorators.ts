import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../../../libs/db';

export const IS_PUBLIC = 'si:public';
export const ADMIN_ONLY = 'si:admin-only';

/** A route that needs no API key (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** A route only admin keys may call; account keys get 403 whatever the parameters. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** The principal of the request's API key, set by ApiKeyGuard. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
