import { z } from 'zod';
import { defineRoute } from '../http/route-schema';
import { dateTime, text, uuidParam } from '../http/schema-fields';

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string().nullable().meta({ description: 'null for an admin key' }),
  scope: z.enum(['admin', 'account']),
  createdAt: dateTime,
  lastUsedAt: dateTime.nullable().meta({ description: 'to the minute; null when never used' }),
  revokedAt: dateTime.nullable(),
});

export const listKeysRoute = defineRoute({
  summary: 'API keys (admin): id, scope, created, last used; never their tokens',
  query: z.strictObject({
    account: z.string().pipe(uuidParam('account')).optional().meta({ description: "only this account's keys" }),
    status: z
      .enum(['active', 'revoked', 'all'], { message: 'must be active, revoked or all' })
      .default('active')
      .meta({ description: 'active (default), revoked or all keys' }),
  }),
  result: z.array(keySchema),
  errors: [403],
});

export const createKeyRoute = defineRoute({
  summary: 'Create an API key (admin); its token is in this answer only',
  body: z.strictObject({
    accountId: z
      .string()
      .pipe(uuidParam('account'))
      .nullable()
      .meta({ description: 'the account the key is scoped to; null for an admin key' }),
    name: text(200).default('api'),
  }),
  result: z.object({
    keyId: z.string(),
    accountId: z.string().nullable(),
    name: z.string(),
    token: z.string().meta({ description: 'the bearer token, shown once' }),
  }),
  status: 201,
  errors: [403, 404],
});

export const revokeKeyRoute = defineRoute({
  summary: 'Revoke an API key (admin); instances refuse it within API_KEY_CACHE_TTL',
  params: z.strictObject({ keyId: uuidParam('key') }),
  result: z.object({ id: z.string(), revoked: z.literal(true) }),
  errors: [403, 404],
});
