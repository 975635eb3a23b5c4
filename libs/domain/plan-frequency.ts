import { InvalidFrequencyError, parseFrequency, validateFrequency, type FrequencyBounds } from './frequency';

/** The plans every deployment starts with, after Cloudflare's 2026 post (the plans table seeds the same). */
export const DEFAULT_PLAN_FREQUENCIES: Readonly<Record<string, number>> = {
  free: 7 * 86_400,
  pro: 3 * 86_400,
  business: 3 * 86_400,
  enterprise: 86_400,
};

/** A plan name: lower-case letters, digits, `_` and `-`, starting with a letter, at most 32. */
export const PLAN_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** A validated frequency change: one frequency for all plans, or some plans' own. */
export type FrequencyChange = { frequencySeconds: number } | { plans: Record<string, number> };

/**
 * Checks a `setFrequency` request (the update validator and the signal use it): either
 * `{ frequencySeconds }` or `{ plans: { <plan>: seconds, … } }`, each value in the range, plan
 * names known when `knownPlans` is given. Messages name the plan, the value and the range.
 */
export function validateFrequencyChange(
  change: unknown,
  bounds: FrequencyBounds,
  knownPlans?: readonly string[],
): FrequencyChange {
  const input = (change ?? {}) as { frequencySeconds?: unknown; plans?: unknown };
  if (input.plans === undefined) return { frequencySeconds: validateFrequency(input.frequencySeconds, bounds) };
  if (input.frequencySeconds !== undefined)
    throw new InvalidFrequencyError('give either frequencySeconds (every plan) or plans (per plan), not both');
  if (typeof input.plans !== 'object' || input.plans === null || Array.isArray(input.plans))
    throw new InvalidFrequencyError(
      'plans must be an object of plan name → frequency in seconds, like {"enterprise": 3600}',
    );
  const entries = Object.entries(input.plans as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidFrequencyError('plans must name at least one plan');
  const plans: Record<string, number> = {};
  for (const [plan, value] of entries) {
    if (!PLAN_NAME_PATTERN.test(plan))
      throw new InvalidFrequencyError(`plan name ${JSON.stringify(plan)} is not a plan name (a-z, 0-9, _ and -)`);
    if (knownPlans && knownPlans.length > 0 && !knownPlans.includes(plan))
      throw new InvalidFrequencyError(`plan "${plan}" does not exist; known plans: ${knownPlans.join(', ')}`);
    try {
      plans[plan] = validateFrequency(value, bounds);
    } catch (error) {
      throw new InvalidFrequencyError(`plans.${plan}: ${(error as Error).message}`);
    }
  }
  return { plans };
}

/**
 * Reads a per-plan frequency map as people give it (API body, CLI `plan=duration` pairs):
 * each value a duration (`1h`) or whole seconds, in the range; messages name the plan.
 */
export function parsePlanFrequencies(input: Record<string, unknown>, bounds: FrequencyBounds): Record<string, number> {
  const plans: Record<string, number> = {};
  for (const [plan, value] of Object.entries(input)) {
    if (!PLAN_NAME_PATTERN.test(plan))
      throw new InvalidFrequencyError(`plan name ${JSON.stringify(plan)} is not a plan name (a-z, 0-9, _ and -)`);
    try {
      plans[plan] = parseFrequency(value, bounds);
    } catch (error) {
      throw new InvalidFrequencyError(`plans.${plan}: ${(error as Error).message}`);
    }
  }
  return plans;
}
