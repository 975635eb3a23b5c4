import { z } from 'zod';
import { defineRoute } from '../http/route-schema';

export const liveRoute = defineRoute({
  summary: 'The process is up',
  result: z.object({ status: z.literal('ok') }),
  envelope: false,
});

export const readyRoute = defineRoute({
  summary: 'Ready = the active instance (holds the leader lock); passive instances answer 503 with the reason',
  result: z.object({
    status: z.enum(['ready', 'passive']),
    role: z.literal('active').optional(),
    reason: z.string().optional(),
    rttMs: z.number().nullable(),
  }),
  envelope: false,
  errors: [503],
});
