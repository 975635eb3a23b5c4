import { z } from 'zod';
import { DURATION_FORMAT } from '../../../libs/domain';
import { defineRoute } from '../http/route-schema';

/** The scheduler workflow's status query (libs/contract SchedulerStatus). */
const schedulerStatusSchema = z.object({
  frequencySeconds: z.number(),
  tickSeconds: z.number(),
  ratePerSecond: z.number(),
  desiredRatePerSecond: z.number(),
  maxRatePerSecond: z.number(),
  activeZones: z.number().int(),
  achievedFrequencySeconds: z.number().nullable(),
  frequencyAchievable: z.boolean(),
  dueBacklog: z.number().int(),
  overdueZones: z.number().int(),
  inFlight: z.number().int(),
  maxInFlight: z.number().int(),
  lastTickAt: z.number().nullable().meta({ description: 'epoch milliseconds of the last tick' }),
  lastTickClaimed: z.number().int(),
  lastTickCatchUp: z.number().int(),
  lastTickHeldBack: z.number().int(),
  catchUpFactor: z.number(),
  lastScanNowIgnored: z.array(z.string()),
  run: z.number().int(),
  ticks: z.number().int(),
  paused: z.boolean(),
  pendingScanNow: z.array(z.string()),
  minFrequencySeconds: z.number(),
  maxFrequencySeconds: z.number(),
});

export const schedulerStatusRoute = defineRoute({
  summary: "The scheduler workflow's status query (admin)",
  result: schedulerStatusSchema,
  errors: [403, 404],
});

export const setFrequencyRoute = defineRoute({
  summary:
    'Change the scan frequency (admin); checked against SCAN_FREQUENCY_MIN/MAX, then by the workflow, whose refusal answers 400 with its reason',
  body: z.strictObject({
    // parseFrequency checks the type, the grammar and the range, and says which rule failed.
    frequency: z
      .unknown()
      .optional()
      .meta({
        description: `a duration: ${DURATION_FORMAT}; or a whole number of seconds`,
        anyOf: [{ type: 'string', maxLength: 32, example: '15m' }, { type: 'integer' }],
      }),
  }),
  result: schedulerStatusSchema,
  errors: [403, 404],
});

export const pauseRoute = defineRoute({
  summary: 'Pause scheduling (admin; running scans finish)',
  result: z.object({ signalled: z.literal('pause') }),
  status: 202,
  errors: [403, 404],
});

export const resumeRoute = defineRoute({
  summary: 'Resume scheduling (admin)',
  result: z.object({ signalled: z.literal('resume') }),
  status: 202,
  errors: [403, 404],
});
