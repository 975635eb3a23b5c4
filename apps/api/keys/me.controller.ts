import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Config } from '../../../libs/config';
import type { Principal } from '../../../libs/db';
import { APP_CONFIG } from '../api.tokens';
import { Caller } from '../auth/auth.decorators';
import { ok, type ApiEnvelope } from '../common/api-response';
import { Input, Route, type RouteInput, type RouteResult } from '../http/route-schema';
import { meRoute } from './me.schemas';

/** Who the calling key is: the dashboard offers the account switch to admin keys only. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(@Inject(APP_CONFIG) private readonly config: Readonly<Config>) {}

  @Get()
  @Route(meRoute)
  me(
    @Caller() caller: Principal,
    // Validated for what it refuses: any query parameter.
    @Input(meRoute) _input: RouteInput<typeof meRoute>,
  ): ApiEnvelope<RouteResult<typeof meRoute>> {
    return ok({
      keyId: caller.keyId,
      scope: caller.accountId === null ? 'admin' : 'account',
      accountId: caller.accountId,
      temporalUiUrl: this.config.temporal.uiUrl ?? null,
      namespace: this.config.temporal.namespace,
    });
  }
}
