import type { SchedulerPlanStatus, SchedulerStatus } from '../libs/contract';
import { allocatePlanRates, planStatusOf, type FrequencyChange } from '../libs/domain';

/**
 * Applies a validated frequency change to the scheduler's state: one frequency selects the
 * uniform mode (every plan at it, as before plans); a per-plan change selects the plans mode
 * and sets those plans' frequencies, the others keeping theirs.
 */
export function applyFrequencyChange(status: SchedulerStatus, change: FrequencyChange): void {
  if ('frequencySeconds' in change) {
    status.frequencySeconds = change.frequencySeconds;
    status.frequencyMode = 'uniform';
    return;
  }
  status.frequencyMode = 'plans';
  status.planFrequencies = { ...status.planFrequencies, ...change.plans };
}

/**
 * Each plan's status now: the last tick's zones per plan at the frequencies in force now, so a
 * change shows at once (as the single-frequency status does) instead of at the next tick.
 */
export function currentPlanStatus(status: SchedulerStatus): SchedulerPlanStatus[] {
  const plans = status.plans ?? [];
  if (plans.length === 0) return [];
  const loads = plans.map((plan) => ({
    plan: plan.plan,
    priority: plan.priority,
    activeZones: plan.activeZones,
    overdueZones: 0,
    frequencySeconds:
      status.frequencyMode === 'plans'
        ? (status.planFrequencies?.[plan.plan] ?? plan.frequencySeconds)
        : status.frequencySeconds,
  }));
  const rates = allocatePlanRates(loads, status.maxRatePerSecond);
  return loads.map((load, index) => planStatusOf({ ...load, ...(rates[index] as (typeof rates)[number]) }));
}
