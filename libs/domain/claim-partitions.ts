import type { PlanStatus } from './plan-rates';

/**
 * Partitioned claims: each scheduler tick may run one claim activity per partition, each over a
 * disjoint slice of the zones, so the claims and the (eager) starts spread over the worker
 * processes of the scheduler lane. A zone's partition is its id's last 32 bits modulo the count
 * (random in v4 and v7 UUIDs alike); the SQL twin is `ZONE_PARTITION_SQL` in libs/db, and a
 * database test checks they agree.
 */
export interface ClaimPartition {
  /** 0 … count - 1. */
  index: number;
  /** ≥ 1. */
  count: number;
}

/** Most partitions a scheduler runs (SCHEDULER_CLAIM_PARTITIONS is bounded the same). */
export const MAX_CLAIM_PARTITIONS = 64;

/** Why a partition cannot be used, or undefined when it can. */
export function claimPartitionProblem(partition: ClaimPartition): string | undefined {
  const { index, count } = partition;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CLAIM_PARTITIONS)
    return `the partition count ${count} is not a whole number from 1 to ${MAX_CLAIM_PARTITIONS}`;
  if (!Number.isInteger(index) || index < 0 || index >= count)
    return `the partition index ${index} is not a whole number from 0 to ${count - 1}`;
  return undefined;
}

/** The partition (0 … count - 1) of a zone id (a UUID); 0 when there is one partition. */
export function zonePartition(zoneId: string, count: number): number {
  if (count <= 1) return 0;
  const last = zoneId.slice(-8);
  if (!/^[0-9a-f]{8}$/i.test(last)) throw new Error(`zone id ${zoneId} is not a UUID: it has no partition`);
  return Number.parseInt(last, 16) % count;
}

/** Zone ids routed to their partitions, in their given order within each. */
export function splitByPartition(zoneIds: readonly string[], count: number): string[][] {
  const slices = Array.from({ length: Math.max(1, count) }, () => [] as string[]);
  for (const id of zoneIds) slices[zonePartition(id, count)]?.push(id);
  return slices;
}

/**
 * A partition's share of a whole-number budget (the in-flight cap): the budget split as evenly
 * as whole numbers allow, the remainder to the first partitions, so the shares add up to it.
 * 0 stays 0 (no cap).
 */
export function partitionShare(total: number, partition: ClaimPartition): number {
  if (!(total > 0)) return 0;
  const whole = Math.floor(total);
  return Math.floor(whole / partition.count) + (partition.index < whole % partition.count ? 1 : 0);
}

/** What every partition's tick reports and the scheduler adds up (a subset of the claim result). */
export interface PartitionTick {
  activeZones: number;
  dueZones: number;
  overdueZones: number;
  desiredRatePerSecond: number;
  ratePerSecond: number;
  catchUp: number;
  started: number;
  alreadyStarted: number;
  scanNowIgnored: string[];
  inFlight?: number;
  heldBack?: number;
  plans?: PlanStatus[];
  respread: number;
  eagerStarted?: number;
}

/** One tick's figures from its partitions' figures: counts and rates add up, plans merge by name. */
export function mergePartitionTicks(ticks: readonly PartitionTick[]): Required<PartitionTick> {
  const sum = (pick: (tick: PartitionTick) => number | undefined) =>
    ticks.reduce((total, tick) => total + (pick(tick) ?? 0), 0);
  const plans = new Map<string, PlanStatus>();
  for (const status of ticks.flatMap((tick) => tick.plans ?? [])) {
    const seen = plans.get(status.plan);
    plans.set(
      status.plan,
      seen
        ? {
            ...seen,
            activeZones: seen.activeZones + status.activeZones,
            desiredRatePerSecond: seen.desiredRatePerSecond + status.desiredRatePerSecond,
            ratePerSecond: seen.ratePerSecond + status.ratePerSecond,
            frequencyAchievable: seen.frequencyAchievable && status.frequencyAchievable,
          }
        : { ...status },
    );
  }
  return {
    activeZones: sum((t) => t.activeZones),
    dueZones: sum((t) => t.dueZones),
    overdueZones: sum((t) => t.overdueZones),
    desiredRatePerSecond: sum((t) => t.desiredRatePerSecond),
    ratePerSecond: sum((t) => t.ratePerSecond),
    catchUp: sum((t) => t.catchUp),
    started: sum((t) => t.started),
    alreadyStarted: sum((t) => t.alreadyStarted),
    scanNowIgnored: ticks.flatMap((t) => t.scanNowIgnored),
    inFlight: sum((t) => t.inFlight),
    heldBack: sum((t) => t.heldBack),
    plans: [...plans.values()].map((plan) => ({
      ...plan,
      achievedFrequencySeconds:
        plan.activeZones > 0 && plan.ratePerSecond > 0 ? plan.activeZones / plan.ratePerSecond : null,
    })),
    respread: sum((t) => t.respread),
    eagerStarted: sum((t) => t.eagerStarted),
  };
}
