import { z } from 'zod';
import { defineRoute } from '../http/route-schema';

export const dashboardStatsRoute = defineRoute({
  summary:
    "Everything the dashboard draws, in one call: the caller's account for an account key, every account for an admin key",
  result: z.object({
    scansPerMinute: z.array(z.object({ minute: z.string(), fast: z.number().int(), slow: z.number().int() })),
    openBySeverity: z.array(z.object({ severity: z.string(), count: z.number().int() })),
    openTrend: z.array(z.object({ day: z.string(), bySeverity: z.record(z.string(), z.number().int()) })),
    topKinds: z.array(z.object({ kind: z.string(), count: z.number().int() })),
    topCriticalZones: z.array(z.object({ zoneId: z.string(), name: z.string(), count: z.number().int() })),
    temporalUiUrl: z.string().nullable(),
    namespace: z.string(),
  }),
});
