import { formatDuration } from '../../../libs/domain';
import type { SchedulerStatus } from '../../../libs/contract';

/**
 * The scheduler status as an operator reads it, one fact a line. The desired state (frequency,
 * target, pause) is current; figures a tick measured say which tick they are from.
 */
export function formatSchedulerStatus(workflowId: string, status: SchedulerStatus): string {
  const achieved =
    status.achievedFrequencySeconds === null
      ? 'n/a (no active zones)'
      : formatDuration(status.achievedFrequencySeconds);
  const asOf =
    status.lastTickAt === null ? 'no tick yet' : `as of the tick at ${new Date(status.lastTickAt).toISOString()}`;
  // Schedulers deployed before the target existed report only the desired rate.
  const target = status.targetRatePerSecond ?? Math.min(status.desiredRatePerSecond, status.maxRatePerSecond);
  const lines = [
    `scheduler ${workflowId}: ${status.paused ? 'PAUSED (resume with: scheduler resume)' : 'running'}`,
    `  frequency      ${formatDuration(status.frequencySeconds)} desired, ${achieved} achievable${status.frequencyAchievable ? '' : `  NOT ACHIEVABLE: needs ${status.desiredRatePerSecond.toFixed(2)}/s, cap SCHEDULER_MAX_RATE is ${status.maxRatePerSecond}/s`}`,
    `  target rate    ${target.toFixed(2)} zones/s (desired ${status.desiredRatePerSecond.toFixed(2)}/s, cap ${status.maxRatePerSecond}/s, catch-up up to ×${status.catchUpFactor})`,
    `  last tick      ${status.lastTickAt === null ? 'none yet' : new Date(status.lastTickAt).toISOString()}: aimed for ${status.ratePerSecond.toFixed(2)} zones/s, ${status.lastTickClaimed} scans started (${status.lastTickCatchUp} catch-up)`,
    `  active zones   ${status.activeZones} (${asOf})`,
    `  in flight      ${inFlightLine(status)} (${asOf})`,
    `  due backlog    ${status.dueBacklog} due now, ${status.overdueZones} overdue beyond the grace period (${asOf})`,
    `  ticks          ${status.ticks} every ${formatDuration(status.tickSeconds)}, run ${status.run}`,
    `  scan-now       ${status.pendingScanNow.length} pending${status.lastScanNowIgnored.length > 0 ? `; last tick ignored (not active zones): ${status.lastScanNowIgnored.join(', ')}` : ''}`,
    ...planLines(status, asOf),
  ];
  return `${lines.join('\n')}\n`;
}

/** Scans in flight against the cap; when the cap held zones back, say what that means and what to do. */
function inFlightLine(status: SchedulerStatus): string {
  // Statuses of schedulers started before the cap existed lack these fields.
  const inFlight = status.inFlight ?? 0;
  const cap = status.maxInFlight ?? 0;
  if (!(cap > 0)) return `${inFlight} scans claimed and not yet persisted (no cap: SCHEDULER_MAX_IN_FLIGHT=0)`;
  const held = status.lastTickHeldBack ?? 0;
  return (
    `${inFlight} of at most ${cap} (SCHEDULER_MAX_IN_FLIGHT)` +
    (held > 0
      ? `; last tick held back ${held} zones: workers and Temporal are at capacity, add workers or lower the rate`
      : '')
  );
}

/** Per plan: target and achieved frequency; the degradation order shows as the priority. */
function planLines(status: SchedulerStatus, asOf: string): string[] {
  // Statuses of schedulers deployed before plans have none.
  const plans = status.plans ?? [];
  if (plans.length === 0) return [];
  const mode =
    status.frequencyMode === 'plans'
      ? 'each plan at its own frequency'
      : `uniform: every plan at ${formatDuration(status.frequencySeconds)} (set per plan with --plan)`;
  return [
    `  plans          ${mode}; under SCHEDULER_MAX_RATE the lowest priority slows first (${asOf})`,
    ...plans.map((plan) => {
      const achieved =
        plan.achievedFrequencySeconds === null ? 'n/a' : formatDuration(Math.round(plan.achievedFrequencySeconds));
      return `    ${plan.plan.padEnd(12)} target ${formatDuration(plan.frequencySeconds).padEnd(8)} achieved ${achieved.padEnd(8)} ${plan.activeZones} zones, ${plan.ratePerSecond.toFixed(3)}/s, priority ${plan.priority}${plan.frequencyAchievable ? '' : '  DEGRADED: the max rate binds'}`;
    }),
  ];
}
