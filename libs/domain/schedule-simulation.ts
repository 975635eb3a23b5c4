import { planClaimByPlan, type PlanLoad } from './plan-rates';
import { overdueGraceSeconds, tickSpanSeconds } from './scheduling';

/** Something that happens to the simulated deployment at a given second. */
export type SimulationEvent =
  | { atSeconds: number; kind: 'onboard'; zones: number; plan?: string }
  | { atSeconds: number; kind: 'setFrequency'; frequencySeconds: number }
  | { atSeconds: number; kind: 'setPlanFrequency'; plan: string; frequencySeconds: number }
  /** `zones` zones of plan `from` (an account changing plan) move to plan `to`. */
  | { atSeconds: number; kind: 'movePlan'; from: string; to: string; zones: number };

/** A simulated plan: its zones at the start, its frequency and its place in the degradation order. */
export interface SimulationPlan {
  plan: string;
  priority: number;
  frequencySeconds: number;
  initialZones: number;
}

export interface SimulationInput {
  /** Without `plans`: one plan of `initialZones` zones at `frequencySeconds` (the uniform scheduler). */
  initialZones: number;
  frequencySeconds: number;
  plans?: SimulationPlan[];
  tickSeconds: number;
  durationSeconds: number;
  bucketSeconds: number;
  catchUpFactor: number;
  maxRatePerSecond?: number;
  events: SimulationEvent[];
  /** Uniform random numbers in [0, 1): the jitter of new zones. */
  random: () => number;
}

export interface SimulationBucket {
  startSeconds: number;
  starts: number;
  /** The highest rate the scheduler aimed for during the bucket, in zones per second. */
  targetPerSecond: number;
}

/** A plan's figures over the steady state (from `settledAtSeconds` to the end). */
export interface SimulationPlanResult {
  plan: string;
  frequencySeconds: number;
  zones: number;
  /** Zones / (claims per second) over the steady state; null without claims. */
  achievedFrequencySeconds: number | null;
}

export interface SimulationResult {
  buckets: SimulationBucket[];
  /** Longest gap between two scans of one zone, over its plan's frequency then in force, counting gaps that began after `settledAtSeconds`. */
  maxGapOverFrequency: number;
  settledAtSeconds: number;
  plans: SimulationPlanResult[];
}

interface SimZone {
  plan: string;
  next: number;
  last: number;
}

/**
 * Runs the scheduler's algorithm without services: every tick plans its claim with
 * `planClaimByPlan`, each plan offers its stalest eligible zones up to its quota and the claim
 * takes the most overdue relative to their plan's frequency, as the claim SQL does; a plan's
 * frequency change re-spreads its zones (respreadPlans) and a zone moving plan is brought
 * within the new frequency (moveAccountZonesToPlan). Used by the property tests.
 */
export function simulateSchedule(input: SimulationInput): SimulationResult {
  const plans: SimulationPlan[] = input.plans ?? [
    { plan: 'all', priority: 0, frequencySeconds: input.frequencySeconds, initialZones: input.initialZones },
  ];
  const frequency = new Map(plans.map((p) => [p.plan, p.frequencySeconds]));
  const freqOf = (plan: string) => frequency.get(plan) as number;
  const zones: SimZone[] = [];
  const addZones = (count: number, nowS: number, plan: string) => {
    for (let i = 0; i < count; i++) zones.push({ plan, next: nowS + input.random() * freqOf(plan), last: -1 });
  };
  for (const p of plans) addZones(p.initialZones, 0, p.plan);
  const events = [...input.events].sort((a, b) => a.atSeconds - b.atSeconds);
  // Steady state: one full (longest) frequency after the last change.
  const lastChange = events.length > 0 ? (events[events.length - 1] as SimulationEvent).atSeconds : 0;
  const longest = Math.max(
    ...plans.map((p) => p.frequencySeconds),
    ...events.map((e) => (e.kind === 'setFrequency' || e.kind === 'setPlanFrequency' ? e.frequencySeconds : 0)),
  );
  const settledAtSeconds = lastChange + longest;

  const buckets: SimulationBucket[] = [];
  const steadyClaims = new Map<string, number>();
  let carries: Record<string, number> | undefined;
  let previousTick: number | null = null;
  let maxGap = 0;
  // A per-plan change re-spreads the plan's zones (plans mode); the uniform form does not, as
  // the scheduler before plans did not.
  const setFrequency = (plan: string, seconds: number, now: number, respread: boolean) => {
    const old = freqOf(plan);
    frequency.set(plan, seconds);
    if (respread)
      for (const zone of zones)
        if (zone.plan === plan && zone.next > now) zone.next = now + (zone.next - now) * (seconds / old);
  };
  for (let now = 0; now < input.durationSeconds; now += input.tickSeconds) {
    while (events.length > 0 && (events[0] as SimulationEvent).atSeconds <= now) {
      const event = events.shift() as SimulationEvent;
      if (event.kind === 'onboard') addZones(event.zones, now, event.plan ?? (plans[0] as SimulationPlan).plan);
      else if (event.kind === 'setFrequency')
        for (const p of plans) setFrequency(p.plan, event.frequencySeconds, now, false);
      else if (event.kind === 'setPlanFrequency') setFrequency(event.plan, event.frequencySeconds, now, true);
      else {
        let left = event.zones;
        for (const zone of zones) {
          if (left <= 0) break;
          if (zone.plan !== event.from) continue;
          zone.plan = event.to;
          zone.next = Math.min(zone.next, now + input.random() * freqOf(event.to));
          left--;
        }
      }
    }
    const loads: PlanLoad[] = plans.map((p) => {
      const f = freqOf(p.plan);
      const graceS = overdueGraceSeconds(f, input.tickSeconds);
      const own = zones.filter((z) => z.plan === p.plan);
      return {
        plan: p.plan,
        priority: p.priority,
        frequencySeconds: f,
        activeZones: own.length,
        overdueZones: own.filter((z) => z.next <= now - graceS).length,
      };
    });
    const span = tickSpanSeconds(now * 1000, previousTick === null ? null : previousTick * 1000, input.tickSeconds);
    const claim = planClaimByPlan({
      plans: loads,
      tickSeconds: input.tickSeconds,
      spanSeconds: span,
      carries,
      catchUpFactor: input.catchUpFactor,
      maxRatePerSecond: input.maxRatePerSecond,
    });
    carries = Object.fromEntries(claim.plans.map((p) => [p.plan, p.carry]));
    previousTick = now;
    // The claim SQL: per plan the stalest eligible zones up to its quota (scheduled within one
    // frequency, not claimed in the last half); then the most overdue relative to their frequency.
    const offered: SimZone[] = [];
    for (const share of claim.plans) {
      const f = freqOf(share.plan);
      offered.push(
        ...zones
          .filter((z) => z.plan === share.plan && z.next <= now + f && (z.last < 0 || z.last <= now - f / 2))
          .sort((a, b) => a.next - b.next)
          .slice(0, share.quota),
      );
    }
    offered.sort((a, b) => (now - b.next) / freqOf(b.plan) - (now - a.next) / freqOf(a.plan));
    const taken = offered.slice(0, claim.claim);
    for (const zone of taken) {
      const f = freqOf(zone.plan);
      if (zone.last >= settledAtSeconds) maxGap = Math.max(maxGap, (now - zone.last) / f);
      if (now >= settledAtSeconds) steadyClaims.set(zone.plan, (steadyClaims.get(zone.plan) ?? 0) + 1);
      zone.last = now;
      zone.next = now + f;
    }
    const bucketIndex = Math.floor(now / input.bucketSeconds);
    const bucket = (buckets[bucketIndex] ??= {
      startSeconds: bucketIndex * input.bucketSeconds,
      starts: 0,
      targetPerSecond: 0,
    });
    bucket.starts += taken.length;
    bucket.targetPerSecond = Math.max(bucket.targetPerSecond, claim.ratePerSecond);
  }
  const steadySeconds = Math.max(
    0,
    input.durationSeconds - Math.ceil(settledAtSeconds / input.tickSeconds) * input.tickSeconds,
  );
  return {
    buckets,
    maxGapOverFrequency: maxGap,
    settledAtSeconds,
    plans: plans.map((p) => {
      const count = zones.filter((z) => z.plan === p.plan).length;
      const claims = steadyClaims.get(p.plan) ?? 0;
      return {
        plan: p.plan,
        frequencySeconds: freqOf(p.plan),
        zones: count,
        achievedFrequencySeconds: claims > 0 && steadySeconds > 0 ? count / (claims / steadySeconds) : null,
      };
    }),
  };
}
