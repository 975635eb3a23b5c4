import { z } from 'zod';
import { CLASSIFICATIONS, classificationNeedsRationale, INSIGHT_STATUSES, SEVERITIES } from '../../../libs/domain';
import { defineRoute } from '../http/route-schema';
import { bigintParam, countSchema, cursorPageInfo, dateTime, uuidParam } from '../http/schema-fields';
import { countByShape, exportFormatShape, insightFilterShape, pageShape } from './insight-query.schemas';

export const insightSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  zoneId: z.string(),
  checker: z.string(),
  kind: z.string(),
  subject: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  status: z.enum(INSIGHT_STATUSES),
  details: z.record(z.string(), z.unknown()),
  classification: z.enum(CLASSIFICATIONS).nullable(),
  rationale: z.string().nullable(),
  firstSeenAt: dateTime,
  lastSeenAt: dateTime,
  resolvedAt: dateTime.nullable(),
  dismissedUntil: dateTime.nullable(),
  reopenCount: z.number().int(),
});

/** An insight in a list: with its zone's name, so a person can read the list. */
const insightListItemSchema = insightSchema.extend({
  zoneName: z.string().nullable().meta({ description: "the zone's name (null if the zone is gone)" }),
});

const auditEntrySchema = z.object({
  id: z.string(),
  insightId: z.string(),
  zoneId: z.string(),
  changedAt: dateTime,
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: z.string(),
});

const accountParams = z.strictObject({ accountId: uuidParam('account') });
const zoneParams = z.strictObject({ zoneId: uuidParam('zone') });
const EXPORT_TYPES = ['application/x-ndjson', 'text/csv'];

/** The list, counts and export routes of one family: an account's insights (with a zone filter) or a zone's. */
function insightRoutes<P extends z.ZodObject>(params: P, zoneFilter: boolean, whose: string) {
  const filters = insightFilterShape({ zoneFilter });
  return {
    list: defineRoute({
      summary: `List ${whose} insights, newest first (keyset pages: pass result_info.cursor back)`,
      params,
      query: z.strictObject({ ...filters, ...pageShape }),
      result: z.array(insightListItemSchema),
      resultInfo: cursorPageInfo,
      errors: [404],
    }),
    counts: defineRoute({
      summary: `${whose} insight counts grouped by severity, kind, checker, zone or status ([{value, count}])`,
      params,
      query: z.strictObject({ ...filters, ...countByShape }),
      result: z.array(
        countSchema.extend({
          label: z.string().nullable().optional().meta({ description: "by=zone: the zone's name" }),
        }),
      ),
      errors: [404],
    }),
    export: defineRoute({
      summary: `Stream ${whose} filtered insights as NDJSON (default) or CSV (format=csv)`,
      params,
      query: z.strictObject({ ...filters, ...exportFormatShape }),
      result: z.string(),
      envelope: false,
      produces: EXPORT_TYPES,
      errors: [404],
    }),
  };
}

export const accountInsightRoutes = insightRoutes(accountParams, true, "an account's");
export const zoneInsightRoutes = insightRoutes(zoneParams, false, "a zone's");

const insightParams = z.strictObject({ accountId: uuidParam('account'), insightId: bigintParam('insight') });
const insightWithAudit = insightListItemSchema.extend({
  remediation: z
    .string()
    .nullable()
    .meta({ description: 'what to do about it, from the finding-kinds table; null for kinds it does not list' }),
  audit: z.array(auditEntrySchema),
});

export const accountAuditRoute = defineRoute({
  summary: "The account's insight audit log, newest first (keyset pages)",
  params: accountParams,
  query: z.strictObject(pageShape),
  result: z.array(auditEntrySchema),
  resultInfo: cursorPageInfo,
  errors: [404],
});

export const insightRoute = defineRoute({
  summary: 'One insight with its audit log',
  params: insightParams,
  result: insightWithAudit,
  errors: [404],
});

const isoDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, such as 2027-01-01T00:00:00Z' })
  .transform((text) => new Date(text));

export const dismissRoute = defineRoute({
  summary: 'Dismiss (optionally until a date) or, with dismiss=false, undismiss',
  params: insightParams,
  body: z
    .strictObject({
      dismiss: z.boolean({ message: 'must be true or false' }),
      until: isoDate.optional().meta({ example: '2027-01-01T00:00:00Z' }),
    })
    // zod runs refinements even after a field failed, so `until` may still be the raw input here.
    .refine((body) => !(body.until instanceof Date) || body.until.getTime() > Date.now(), {
      message: 'must be in the future',
      path: ['until'],
    })
    .refine((body) => body.dismiss || body.until === undefined, {
      message: 'only applies when dismiss is true',
      path: ['until'],
    }),
  result: insightWithAudit,
  errors: [404],
});

export const classifyRoute = defineRoute({
  summary: 'Classify as false_positive, accept_risk or other (the last two need a rationale); null clears',
  params: insightParams,
  body: z
    .strictObject({
      classification: z
        .enum(CLASSIFICATIONS, { message: `must be one of ${CLASSIFICATIONS.join(', ')}, or null` })
        .nullable(),
      rationale: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters').optional(),
    })
    .refine((body) => !classificationNeedsRationale(body.classification) || body.rationale !== undefined, {
      message: 'is required for accept_risk and other',
      path: ['rationale'],
    }),
  result: insightWithAudit,
  errors: [404],
});
