import { z } from 'zod';
import { isUuid } from '../../../libs/domain';
import { defineRoute } from '../http/route-schema';
import { countSchema, dateTime, once, uuidParam, wholeNumberQuery } from '../http/schema-fields';

export const zoneSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  status: z.enum(['active', 'paused', 'deleted']),
  lane: z.enum(['fast', 'slow']),
  nextScanAt: dateTime,
  lastScanAt: dateTime.nullable(),
  createdAt: dateTime,
});

const scanSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  lane: z.string(),
  startedAt: dateTime,
  finishedAt: dateTime,
  outcome: z.string(),
  insightCount: z.number().int(),
  error: z.string().nullable(),
});

/** Zone cursors: the name and id of a page's last zone, opaque to clients. */
export function encodeZoneCursor(zone: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([zone.name, zone.id]), 'utf8').toString('base64url');
}

function decodeZoneCursor(cursor: string): { name: string; id: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isUuid(String(value[1])))
      return { name: value[0], id: String(value[1]) };
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
const listZonesQuery = z.strictObject({
  name: zoneNameText.optional().meta({ description: 'only the zone of exactly this name' }),
  name_prefix: zoneNameText.optional().meta({ description: 'only zones whose name starts with this' }),
  status: z
    .enum(['active', 'paused'], { message: 'must be active or paused' })
    .optional()
    .meta({ description: 'only active or only paused zones' }),
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
});

const zonePageInfo = z.object({
  count: z.number().int(),
  per_page: z.number().int(),
  total_count: z.number().int().meta({ description: 'zones matching the filters, over all pages' }),
  cursor: z.string().nullable().meta({ description: 'pass back as cursor for the next page; null after the last' }),
});

export const listZonesRoute = defineRoute({
  summary: 'Zones visible to the key, by name; filter by exact name, name prefix or status; keyset pages with a total',
  query: listZonesQuery,
  result: z.array(zoneSchema),
  resultInfo: zonePageInfo,
});

export const listAccountZonesRoute = defineRoute({
  summary: "The account's zones, by name; the same filters and pages as GET /zones",
  params: z.strictObject({ accountId: uuidParam('account') }),
  query: listZonesQuery,
  result: z.array(zoneSchema),
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
  summary: 'A zone with its latest 50 scans and its insight counts by status',
  params: zoneParams,
  result: zoneSchema.extend({ insightsByStatus: z.array(countSchema), scans: z.array(scanSchema) }),
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
