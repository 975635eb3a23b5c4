import { z } from 'zod';
import { ZONE_LIST_SORTS, type ZoneListPosition } from '../../../libs/db';
import { GRADES, isUuid, SEVERITIES } from '../../../libs/domain';
import { planName } from '../accounts/account.schemas';
import { defineRoute } from '../http/route-schema';
import { countSchema, dateTime, once, uuidParam, wholeNumberQuery } from '../http/schema-fields';

export const zoneSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  status: z.enum(['active', 'paused', 'deleted']),
  lane: z.enum(['fast', 'slow']),
  plan: z.string().meta({ description: "the plan the zone is scanned by: its own or its account's" }),
  planOverride: z.string().nullable().meta({ description: "the zone's own plan; null: it follows its account" }),
  nextScanAt: dateTime,
  lastScanAt: dateTime.nullable(),
  createdAt: dateTime,
  grade: z
    .enum(GRADES)
    .nullable()
    .meta({ description: "the zone's latest grade (A+ … F); null until a scan graded it" }),
  score: z.number().int().nullable().meta({ description: 'the score (0–100) behind the grade' }),
  gradedAt: dateTime.nullable(),
});

/** A zone in a list: with what needs attention first. */
const zoneListItemSchema = zoneSchema.extend({
  openCritical: z.number().int().meta({ description: 'open critical insights of the zone' }),
  openHigh: z.number().int().meta({ description: 'open high insights of the zone' }),
});

const checkerSummarySchema = z
  .object({
    checker: z.string(),
    status: z.enum(['completed', 'failed']),
    findings: z.number().int().optional().meta({ description: 'what a completed checker found' }),
    error: z.string().optional().meta({ description: 'why a failed checker failed' }),
  })
  .meta({ description: 'one checker of the scan: completed with its findings, or failed with its error' });

const scanSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  lane: z.string(),
  startedAt: dateTime,
  finishedAt: dateTime,
  outcome: z.string(),
  insightCount: z.number().int(),
  error: z.string().nullable(),
  grade: z
    .enum(GRADES)
    .nullable()
    .meta({ description: 'the zone’s grade when this scan landed; null when no checker completed' }),
  score: z.number().int().nullable(),
  durationMs: z.number().int().meta({ description: 'finished minus started, in milliseconds' }),
  checkers: z
    .array(checkerSummarySchema)
    .meta({ description: 'the outcome per checker; empty for scans recorded before it was kept' }),
});

/** Zone cursors: the order and the position (sort key, name, id) of a page's last zone, opaque to clients. */
export function encodeZoneCursor(sort: string, position: ZoneListPosition): string {
  return Buffer.from(JSON.stringify([sort, position.key, position.name, position.id]), 'utf8').toString('base64url');
}

function decodeZoneCursor(cursor: string): { sort: string; position: ZoneListPosition } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 4 &&
      typeof value[0] === 'string' &&
      (value[1] === null || typeof value[1] === 'number') &&
      typeof value[2] === 'string' &&
      isUuid(String(value[3]))
    )
      return { sort: value[0], position: { key: value[1], name: value[2], id: String(value[3]) } };
  } catch {
    // not one of ours: refused below
  }
  return undefined;
}

const zoneNameText = once()
  .max(253, 'at most 253 characters')
  .transform((value) => value.toLowerCase())
  .refine((value) => /^[a-z0-9.-]+$/.test(value), { message: 'zone names have only letters, digits, dots and dashes' });

/** GET /zones and GET /accounts/:accountId/zones: by name (exact or prefix), status, keyset pages, total. */
const listZonesQuery = z
  .strictObject({
    name: zoneNameText.optional().meta({ description: 'only the zone of exactly this name' }),
    name_prefix: zoneNameText.optional().meta({ description: 'only zones whose name starts with this' }),
    status: z
      .enum(['active', 'paused'], { message: 'must be active or paused' })
      .optional()
      .meta({ description: 'only active or only paused zones' }),
    sort: z
      .enum(ZONE_LIST_SORTS, { message: `must be one of ${ZONE_LIST_SORTS.join(', ')}` })
      .default('name')
      .meta({
        description:
          'name (default); recent: last scanned first; grade: best first; -grade: worst first (ungraded last)',
      }),
    limit: wholeNumberQuery(1, 1000, 100, 'page size'),
    cursor: once()
      .max(2000, 'is not a cursor this API returned; start again without it')
      .transform((value, ctx) => {
        const decoded = decodeZoneCursor(value);
        if (!decoded) {
          ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned; start again without it' });
          return z.NEVER;
        }
        return decoded;
      })
      .optional()
      .meta({ description: 'result_info.cursor of the previous page' }),
  })
  .superRefine((query, ctx) => {
    if (query.cursor && query.cursor.sort !== query.sort)
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: `was returned for sort=${query.cursor.sort}; pass the same sort, or start again without the cursor`,
      });
  });

const zonePageInfo = z.object({
  count: z.number().int(),
  per_page: z.number().int(),
  total_count: z.number().int().meta({ description: 'zones matching the filters, over all pages' }),
  cursor: z.string().nullable().meta({ description: 'pass back as cursor for the next page; null after the last' }),
});

export const listZonesRoute = defineRoute({
  summary:
    'Zones visible to the key, by name (or last scanned, or grade); filter by exact name, name prefix or status; keyset pages with a total',
  query: listZonesQuery,
  result: z.array(zoneListItemSchema),
  resultInfo: zonePageInfo,
});

export const listAccountZonesRoute = defineRoute({
  summary: "The account's zones; the same filters, orders and pages as GET /zones",
  params: z.strictObject({ accountId: uuidParam('account') }),
  query: listZonesQuery,
  result: z.array(zoneListItemSchema),
  resultInfo: zonePageInfo,
  errors: [404],
});

export const createZoneRoute = defineRoute({
  summary: 'Onboard one zone; its first scan is spread over one frequency',
  params: z.strictObject({ accountId: uuidParam('account') }),
  body: z.strictObject({
    name: z.string({ message: 'must be a string' }).max(1000).meta({ example: 'example.com' }),
  }),
  result: zoneSchema,
  status: 201,
  errors: [404, 409],
});

export const importZonesRoute = defineRoute({
  summary: 'Bulk import: text/csv (first column = name) or application/x-ndjson ({"name":…} per line)',
  params: z.strictObject({ accountId: uuidParam('account') }),
  body: z.string({ message: 'send the zones as text/csv or application/x-ndjson' }),
  consumes: ['text/csv', 'application/x-ndjson'],
  result: z.object({
    accepted: z.number().int(),
    added: z.number().int(),
    existing: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), error: z.string() })),
  }),
  status: 201,
  errors: [404, 415],
});

const zoneParams = z.strictObject({ zoneId: uuidParam('zone') });

export const zoneDetailRoute = defineRoute({
  summary:
    'A zone with its grade and what it is made of, its latest 50 scans (each with its grade) and insight counts by status',
  params: zoneParams,
  result: zoneSchema.extend({
    gradeDeductions: z
      .array(z.object({ kind: z.string(), severity: z.enum(SEVERITIES), points: z.number().int() }))
      .meta({ description: 'what the grade is made of: the points each open finding kind costs, worst first' }),
    gradeCappedBy: z.string().nullable().meta({ description: 'the critical finding kind that caps the score at D' }),
    insightsByStatus: z.array(countSchema),
    scans: z.array(scanSchema),
    temporalUiUrl: z.string().nullable().meta({
      description: "the Temporal Web UI base URL (TEMPORAL_UI_URL), to follow the zone's runs; null when unset",
    }),
    namespace: z.string().meta({ description: 'the Temporal namespace the scans run in' }),
  }),
  errors: [404],
});

export const updateZoneRoute = defineRoute({
  summary: 'Pause (status=paused) or resume (status=active) scanning of a zone',
  params: zoneParams,
  body: z.strictObject({
    status: z.enum(['active', 'paused'], { message: 'must be active or paused' }).meta({ example: 'paused' }),
  }),
  result: zoneSchema,
  errors: [404],
});

export const setZonePlanRoute = defineRoute({
  summary: "Give a zone its own plan, or (plan: null) make it follow its account's plan again (admin)",
  params: zoneParams,
  body: z.strictObject({ plan: planName.nullable() }),
  result: zoneSchema,
  errors: [400, 403, 404],
});

export const deleteZoneRoute = defineRoute({
  summary: 'Delete a zone: it is no longer scanned or listed',
  params: zoneParams,
  result: z.object({ id: z.string(), status: z.literal('deleted') }),
  errors: [404],
});

export const scanZoneNowRoute = defineRoute({
  summary: 'Scan the zone at the next scheduler tick (scanNow signal); 409 when the zone is paused or deleted',
  params: zoneParams,
  result: z.object({ id: z.string(), scan: z.literal('requested') }),
  status: 202,
  errors: [404, 409],
});
