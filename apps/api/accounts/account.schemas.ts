import { z } from 'zod';
import { defineRoute } from '../http/route-schema';
import { dateTime, text, uuidParam } from '../http/schema-fields';

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: dateTime,
  zoneCount: z.number().int(),
});
const accountParams = z.strictObject({ accountId: uuidParam('account') });

export const listAccountsRoute = defineRoute({
  summary: 'Accounts visible to the key (an account key: its own)',
  result: z.array(accountSchema),
});

export const createAccountRoute = defineRoute({
  summary: 'Create an account (admin)',
  body: z.strictObject({ name: text(200).meta({ example: 'Example Corp' }) }),
  result: accountSchema,
  status: 201,
  errors: [403],
});

export const accountRoute = defineRoute({
  summary: 'One account with its zone count',
  params: accountParams,
  result: accountSchema,
  errors: [404],
});

export const deleteAccountRoute = defineRoute({
  summary: 'Delete an account with its zones, insights and keys (admin)',
  params: accountParams,
  result: z.object({ id: z.string(), deleted: z.literal(true) }),
  errors: [403, 404],
});
