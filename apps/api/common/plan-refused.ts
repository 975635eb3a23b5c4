import { UnknownPlanError } from '../../../libs/db';
import { badRequest } from '../http/route-input.pipe';

/** An unknown plan is the caller's mistake: 400 on the `plan` field, naming the known plans. */
export function planRefused(error: unknown): never {
  if (error instanceof UnknownPlanError) throw badRequest('plan', error.message);
  throw error;
}
