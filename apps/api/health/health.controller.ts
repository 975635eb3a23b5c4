import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { LEADER_ELECTION } from '../api.tokens';
import { Public } from '../auth/auth.decorators';
import { Route, type RouteResult } from '../http/route-schema';
import { liveRoute, readyRoute } from './health.schemas';
import type { LeaderElection } from './leader-election';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(@Inject(LEADER_ELECTION) private readonly leader: LeaderElection) {}

  /** The process is up and serving HTTP. */
  @Get('live')
  @Route(liveRoute)
  live(): RouteResult<typeof liveRoute> {
    return { status: 'ok' };
  }

  /** Ready means active: only the instance holding the leader lock serves; others answer 503. */
  @Get('ready')
  @Route(readyRoute)
  ready(@Res({ passthrough: true }) reply: FastifyReply): RouteResult<typeof readyRoute> {
    const state = this.leader.state();
    if (state.role !== 'active') {
      void reply.status(503).header('Retry-After', '2');
      return { status: 'passive', reason: state.reason, rttMs: state.rttMs };
    }
    return { status: 'ready', role: 'active', rttMs: state.rttMs };
  }
}
