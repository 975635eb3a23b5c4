import { z } from 'zod';
import {
  DELIVERY_STATUSES,
  DESTINATION_TYPES,
  INSIGHT_EVENT_TYPES,
  POLICY_MODES,
  SEVERITIES,
} from '../../../libs/domain';
import { defineRoute } from '../http/route-schema';
import { dateTime, text, uuidParam, wholeNumberQuery } from '../http/schema-fields';

const accountParams = z.strictObject({ accountId: uuidParam('account') });
const destinationParams = z.strictObject({ accountId: uuidParam('account'), destinationId: uuidParam('destination') });
const policyParams = z.strictObject({ accountId: uuidParam('account'), policyId: uuidParam('policy') });

const destinationSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  type: z.enum(DESTINATION_TYPES),
  url: z.string().nullable(),
  email: z.string().nullable(),
  maxConcurrency: z.number().int().meta({ description: 'deliveries in flight to it at most' }),
  status: z.enum(['active', 'paused']),
  pausedReason: z.string().nullable().meta({ description: 'why it was paused; resume with POST …/resume' }),
  pausedAt: dateTime.nullable(),
  failureStreak: z.number().int().meta({ description: 'dead-lettered deliveries in a row' }),
  previousSecretUntil: dateTime
    .nullable()
    .meta({ description: 'after a rotation, until when the previous secret also signs' }),
  createdAt: dateTime,
});

export const listDestinationsRoute = defineRoute({
  summary: "The account's notification destinations (webhooks and email); never their secrets",
  params: accountParams,
  result: z.array(destinationSchema),
  errors: [404],
});

export const createDestinationRoute = defineRoute({
  summary: 'Create a webhook (url) or email (email) destination; a webhook secret is in this answer only',
  params: accountParams,
  body: z.strictObject({
    type: z.enum(DESTINATION_TYPES, { message: 'must be webhook or email' }),
    name: text(200).default('notifications'),
    url: z
      .string({ message: 'must be a string' })
      .max(2048, 'at most 2048 characters')
      .optional()
      .meta({ description: 'webhooks: the http(s) URL deliveries are POSTed to (checked by the SSRF guard)' }),
    email: z
      .string({ message: 'must be a string' })
      .max(254, 'at most 254 characters')
      .optional()
      .meta({ description: 'email: the address' }),
    maxConcurrency: z
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'at least 1')
      .max(16, 'at most 16')
      .default(2),
  }),
  result: z.object({
    destination: destinationSchema,
    secret: z
      .string()
      .nullable()
      .meta({ description: 'webhooks: the signing secret (whsec_…), shown once; null for email' }),
  }),
  status: 201,
  errors: [404],
});

export const deleteDestinationRoute = defineRoute({
  summary: 'Delete a destination with its policies and delivery log',
  params: destinationParams,
  result: z.object({ id: z.string(), deleted: z.literal(true) }),
  errors: [404],
});

export const rotateSecretRoute = defineRoute({
  summary:
    "Rotate a webhook's secret; the previous one also signs for NOTIFY_SECRET_OVERLAP; the new one is shown once",
  params: destinationParams,
  result: z.object({ secret: z.string(), previousSecretUntil: dateTime }),
  errors: [404],
});

export const resumeDestinationRoute = defineRoute({
  summary: 'Resume a paused destination; its held deliveries are sent again (same webhook-id)',
  params: destinationParams,
  result: z.object({ id: z.string(), status: z.literal('active'), requeued: z.number().int() }),
  errors: [404],
});

export const testDestinationRoute = defineRoute({
  summary: 'Send a test notification now (one attempt, no retries) and answer how it went',
  params: destinationParams,
  result: z.object({
    deliveryId: z.string(),
    outcome: z.enum(['delivered', 'retryable', 'rejected', 'busy', 'held', 'gone']),
    responseCode: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
  errors: [404],
});

const policySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  destinationId: z.string(),
  name: z.string(),
  minSeverity: z.enum(SEVERITIES),
  kinds: z.array(z.string()).nullable(),
  zoneIds: z.array(z.string()).nullable(),
  eventTypes: z.array(z.enum(INSIGHT_EVENT_TYPES)),
  mode: z.enum(POLICY_MODES),
  enabled: z.boolean(),
  createdAt: dateTime,
});

export const listPoliciesRoute = defineRoute({
  summary: "The account's notification policies",
  params: accountParams,
  result: z.array(policySchema),
  errors: [404],
});

export const createPolicyRoute = defineRoute({
  summary: 'Create a policy: which events (severity, kinds, zones, event types) go to a destination, at once or daily',
  params: accountParams,
  body: z.strictObject({
    destinationId: uuidParam('destination'),
    name: text(200).default('policy'),
    minSeverity: z
      .enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(', ')}` })
      .default('high')
      .meta({ description: 'events at least this severe' }),
    kinds: z
      .array(text(100), { message: 'must be an array of kinds' })
      .min(1, 'omit it (or null) for every kind')
      .max(100, 'at most 100 kinds')
      .nullable()
      .default(null),
    zoneIds: z
      .array(uuidParam('zone'), { message: 'must be an array of zone ids' })
      .min(1, 'omit it (or null) for every zone')
      .max(1000, 'at most 1000 zones')
      .nullable()
      .default(null),
    eventTypes: z
      .array(z.enum(INSIGHT_EVENT_TYPES, { message: `must be ${INSIGHT_EVENT_TYPES.join(', ')}` }))
      .min(1, 'at least one event type')
      .default([...INSIGHT_EVENT_TYPES]),
    mode: z
      .enum(POLICY_MODES, { message: 'must be immediate or digest' })
      .default('immediate')
      .meta({ description: 'immediate (grouped over NOTIFY_WINDOW) or digest (daily at NOTIFY_DIGEST_HOUR UTC)' }),
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
  }),
  result: policySchema,
  status: 201,
  errors: [404],
});

export const deletePolicyRoute = defineRoute({
  summary: 'Delete a policy',
  params: policyParams,
  result: z.object({ id: z.string(), deleted: z.literal(true) }),
  errors: [404],
});

export const listDeliveriesRoute = defineRoute({
  summary: 'The delivery log, newest first: status, attempts, last error, response code (dead letters: status=failed)',
  params: accountParams,
  query: z.strictObject({
    destination: z
      .string()
      .pipe(uuidParam('destination'))
      .optional()
      .meta({ description: "only this destination's deliveries" }),
    status: z.enum(DELIVERY_STATUSES, { message: `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
    limit: wholeNumberQuery(1, 1000, 100, 'deliveries'),
  }),
  result: z.array(
    z.object({
      id: z.string().meta({ description: 'also the webhook-id (msg_<id>)' }),
      destinationId: z.string(),
      mode: z.enum(['immediate', 'digest', 'test']),
      status: z.enum(DELIVERY_STATUSES),
      eventCount: z.number().int(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      responseCode: z.number().int().nullable(),
      createdAt: dateTime,
      lastAttemptAt: dateTime.nullable(),
      finishedAt: dateTime.nullable(),
    }),
  ),
  errors: [404],
});
