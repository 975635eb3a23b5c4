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
  adaptiveInFlightCap: z
    .number()
    .int()
    .optional()
    .meta({ description: 'SCHEDULER_ADAPTIVE_IN_FLIGHT: the in-flight cap in force now (at most maxInFlight)' }),
  lastLatencyP50Ms: z
    .number()
    .nullable()
    .optional()
    .meta({ description: 'adaptive cap: start → persisted p50 of the scans persisted before the last tick' }),
  catchUpFactor: z.number(),
  lastScanNowIgnored: z.array(z.string()),
  run: z.number().int(),
  ticks: z.number().int(),
  paused: z.boolean(),
  pendingScanNow: z.array(z.string()),
  minFrequencySeconds: z.number(),
  maxFrequencySeconds: z.number(),
  frequencyMode: z
    .enum(['uniform', 'plans'])
    .optional()
    .meta({ description: 'uniform: every plan at frequencySeconds; plans: each plan at its own frequency' }),
  planFrequencies: z
    .record(z.string(), z.number())
    .optional()
    .meta({ description: 'per-plan frequencies set through the scheduler (seconds)' }),
  plans: z
    .array(
      z.object({
        plan: z.string(),
        priority: z.number().int().meta({ description: 'higher keeps its frequency longer when the max rate binds' }),
        frequencySeconds: z.number().meta({ description: 'target frequency' }),
        activeZones: z.number().int(),
        desiredRatePerSecond: z.number(),
        ratePerSecond: z.number(),
        achievedFrequencySeconds: z
          .number()
          .nullable()
          .meta({ description: 'the frequency the plan’s rate achieves; null without zones or rate' }),
        frequencyAchievable: z.boolean(),
      }),
    )
    .optional()
    .meta({ description: 'per plan: target and achieved frequency (as of the last tick)' }),
});

export const schedulerStatusRoute = defineRoute({
  summary: "The scheduler workflow's status query (admin)",
  result: schedulerStatusSchema,
  errors: [403, 404],
});

export const setFrequencyRoute = defineRoute({
  summary:
    'Change the scan frequency (admin): one for every plan (frequency) or per plan (plans); checked against SCAN_FREQUENCY_MIN/MAX and the stored plans, then by the workflow, whose refusal answers 400 with its reason',
  body: z.strictObject({
    // parseFrequency checks the type, the grammar and the range, and says which rule failed.
    frequency: z
      .unknown()
      .optional()
      .meta({
        description: `a duration: ${DURATION_FORMAT}; or a whole number of seconds`,
        anyOf: [{ type: 'string', maxLength: 32, example: '15m' }, { type: 'integer' }],
      }),
    // parsePlanFrequencies checks each plan's value the same way and names the plan.
    plans: z
      .record(z.string().max(32), z.unknown())
      .optional()
      .meta({
        description: `per plan (tier): plan name → a duration (${DURATION_FORMAT}) or whole seconds, like {"enterprise": "1h"}; switches the scheduler to per-plan frequencies. Give this or frequency.`,
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
