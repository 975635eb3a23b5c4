import { z } from 'zod';
import { defineRoute } from '../http/route-schema';
import { PLAN_NAME_PATTERN } from '../../../libs/domain';
import { dateTime, text, uuidParam } from '../http/schema-fields';

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.string().meta({ description: 'the plan (tier) its zones follow unless a zone has its own' }),
  createdAt: dateTime,
  zoneCount: z.number().int(),
});
const accountParams = z.strictObject({ accountId: uuidParam('account') });

/** A plan name by the stored rule; whether the plan exists is checked against the plans table. */
export const planName = z
  .string({ message: 'must be a plan name' })
  .regex(PLAN_NAME_PATTERN, 'must be a plan name: a-z, 0-9, _ and -, starting with a letter, at most 32')
  .meta({ example: 'enterprise' });

export const listPlansRoute = defineRoute({
  summary: 'The plans (tiers): frequency and degradation priority (the highest slows last when the max rate binds)',
  result: z.array(z.object({ name: z.string(), frequencySeconds: z.number().int(), priority: z.number().int() })),
});

export const setAccountPlanRoute = defineRoute({
  summary: 'Put an account on a plan (admin); its zones without a plan of their own move with it',
  params: accountParams,
  body: z.strictObject({ plan: planName }),
  result: z.object({ id: z.string(), plan: z.string(), zonesMoved: z.number().int() }),
  errors: [400, 403, 404],
});

export const listAccountsRoute = defineRoute({
  summary: 'Accounts visible to the key (an account key: its own)',
  result: z.array(accountSchema),
});

export const createAccountRoute = defineRoute({
  summary: 'Create an account (admin)',
  body: z.strictObject({
    name: text(200).meta({ example: 'Example Corp' }),
    plan: planName.optional().meta({ description: 'the plan (default free); see GET /scheduler/plans' }),
  }),
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
