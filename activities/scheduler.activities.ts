import type { Pool } from 'pg';
import { planClaim } from '../libs/domain';
import { claimDueZones, countActiveZones, type ClaimedZone } from '../libs/db';

export interface ClaimTickInput {
  /** Unique per tick across scheduler restarts: the tick's workflow time in epoch ms. */
  tickId: string;
  frequencySeconds: number;
  tickSeconds: number;
  carry: number;
}

export interface ClaimTickResult {
  activeZones: number;
  ratePerSecond: number;
  carry: number;
  zones: ClaimedZone[];
}

/** Activities of the scheduler lane. */
export function createSchedulerActivities(deps: { pool: Pool }) {
  return {
    /** Counts active zones, sizes this tick's claim from them, and claims that many due zones. */
    async claimTick(input: ClaimTickInput): Promise<ClaimTickResult> {
      const activeZones = await countActiveZones(deps.pool);
      const plan = planClaim({ activeZones, frequencySeconds: input.frequencySeconds, tickSeconds: input.tickSeconds, carry: input.carry });
      const zones = await claimDueZones(deps.pool, input.tickId, plan.claim, input.frequencySeconds);
      return { activeZones, ratePerSecond: plan.ratePerSecond, carry: plan.carry, zones };
    },
  };
}
