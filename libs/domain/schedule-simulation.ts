import { overdueGraceSeconds, planClaim, tickSpanSeconds } from './scheduling';

/** Something that happens to the simulated deployment at a given second. */
export type SimulationEvent =
  | { atSeconds: number; kind: 'onboard'; zones: number }
  | { atSeconds: number; kind: 'setFrequency'; frequencySeconds: number };

export interface SimulationInput {
  initialZones: number;
  frequencySeconds: number;
  tickSeconds: number;
  durationSeconds: number;
  bucketSeconds: number;
  catchUpFactor: number;
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

export interface SimulationResult {
  buckets: SimulationBucket[];
  /** Longest gap between two scans of one zone, over the frequency then in force, counting gaps that began after `settledAtSeconds`. */
  maxGapOverFrequency: number;
  settledAtSeconds: number;
}

/**
 * Runs the scheduler's algorithm without services: every tick plans its claim with
 * `planClaim` and takes the stalest zones, as the claim SQL does. Used by the property tests.
 */
export function simulateSchedule(input: SimulationInput): SimulationResult {
  const nextScanAt: number[] = [];
  const lastScanAt: number[] = [];
  const addZones = (count: number, nowS: number, frequencyS: number) => {
    for (let i = 0; i < count; i++) {
      nextScanAt.push(nowS + input.random() * frequencyS);
      lastScanAt.push(-1);
    }
  };
  let frequency = input.frequencySeconds;
  addZones(input.initialZones, 0, frequency);
  const events = [...input.events].sort((a, b) => a.atSeconds - b.atSeconds);
  // Steady state: one full (longest) frequency after the last change.
  const lastChange = events.length > 0 ? (events[events.length - 1] as SimulationEvent).atSeconds : 0;
  const longest = Math.max(
    input.frequencySeconds,
    ...events.map((e) => (e.kind === 'setFrequency' ? e.frequencySeconds : 0)),
  );
  const settledAtSeconds = lastChange + longest;

  const buckets: SimulationBucket[] = [];
  let carry = 0;
  let previousTick: number | null = null;
  let maxGap = 0;
  for (let now = 0; now < input.durationSeconds; now += input.tickSeconds) {
    while (events.length > 0 && (events[0] as SimulationEvent).atSeconds <= now) {
      const event = events.shift() as SimulationEvent;
      if (event.kind === 'onboard') addZones(event.zones, now, frequency);
      else frequency = event.frequencySeconds;
    }
    const graceS = overdueGraceSeconds(frequency, input.tickSeconds);
    const overdueZones = nextScanAt.filter((at) => at <= now - graceS).length;
    const span = tickSpanSeconds(now * 1000, previousTick === null ? null : previousTick * 1000, input.tickSeconds);
    const plan = planClaim({
      activeZones: nextScanAt.length,
      frequencySeconds: frequency,
      tickSeconds: input.tickSeconds,
      spanSeconds: span,
      carry,
      overdueZones,
      catchUpFactor: input.catchUpFactor,
    });
    carry = plan.carry;
    previousTick = now;
    // The claim SQL's eligibility: scheduled within one frequency, not claimed in the last half.
    const order = nextScanAt
      .map((_, index) => index)
      .filter(
        (zone) =>
          (nextScanAt[zone] as number) <= now + frequency &&
          ((lastScanAt[zone] as number) < 0 || (lastScanAt[zone] as number) <= now - frequency / 2),
      )
      .sort((a, b) => (nextScanAt[a] as number) - (nextScanAt[b] as number));
    for (const zone of order.slice(0, plan.claim)) {
      const last = lastScanAt[zone] as number;
      if (last >= settledAtSeconds) maxGap = Math.max(maxGap, (now - last) / frequency);
      lastScanAt[zone] = now;
      nextScanAt[zone] = now + frequency;
    }
    const bucketIndex = Math.floor(now / input.bucketSeconds);
    const bucket = (buckets[bucketIndex] ??= {
      startSeconds: bucketIndex * input.bucketSeconds,
      starts: 0,
      targetPerSecond: 0,
    });
    bucket.starts += plan.claim;
    bucket.targetPerSecond = Math.max(bucket.targetPerSecond, plan.ratePerSecond);
  }
  return { buckets, maxGapOverFrequency: maxGap, settledAtSeconds };
}
