import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelope } from '../http/error-envelope';
import type { LeaderElection } from './leader-election';

/** Paths a passive instance still answers: its health (for load balancers) and metrics (for Prometheus). */
const ALWAYS_SERVED = /^\/(health|metrics)(\/|\?|$)/;

/** On a passive instance, everything but health and metrics answers 503 with Retry-After (a Fastify onRequest hook). */
export function passiveGate(leader: LeaderElection) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (leader.isActive() || ALWAYS_SERVED.test(request.url)) return undefined;
    // Returning the reply ends the request here (Fastify's way for async hooks).
    return reply
      .status(503)
      .header('Retry-After', '2')
      .send(
        errorEnvelope(
          503,
          `this API instance is passive (${leader.state().reason}); retry shortly or use the active instance`,
        ),
      );
  };
}
