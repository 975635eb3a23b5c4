import type { NextFunction, Request, Response } from 'express';
import type { LeaderElection } from './leader-election';

/** Paths a passive instance still answers: its health (for load balancers) and metrics (for Prometheus). */
const ALWAYS_SERVED = /^\/(health|metrics)(\/|$)/;

/** On a passive instance, everything but health and metrics answers 503 with Retry-After. */
export function passiveGate(leader: LeaderElection) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (leader.isActive() || ALWAYS_SERVED.test(request.path)) return next();
    response
      .status(503)
      .setHeader('Retry-After', '2')
      .json({
        success: false,
        errors: [
          {
            code: 503,
            message: `this API instance is passive (${leader.state().reason}); retry shortly or use the active instance`,
          },
        ],
        messages: [],
        result: null,
      });
  };
}
