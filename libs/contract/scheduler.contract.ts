import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SchedulerSettings } from './scheduler-settings';

/** The workflow type clients start (`client.workflow.start<ScanSchedulerWorkflow>(SCAN_SCHEDULER_WORKFLOW, …)`). */
export const SCAN_SCHEDULER_WORKFLOW = 'scanScheduler';
export type ScanSchedulerWorkflow = (input: SchedulerInput) => Promise<void>;

/** What the scheduler reports about itself. */
export interface SchedulerStatus {
  frequencySeconds: number;
  tickSeconds: number;
  /** Zones per second the last tick aimed for, catch-up included (as of `lastTickAt`). */
  ratePerSecond: number;
  /** Active zones the last tick counted (as of `lastTickAt`). */
  activeZones: number;
  /** Epoch ms of the last completed tick; null before the first. */
  lastTickAt: number | null;
  lastTickClaimed: number;
  ticks: number;
  /** Zones per second the current frequency asks for (now, for the last tick's zones); above `maxRatePerSecond` it is not achievable. */
  desiredRatePerSecond: number;
  /**
   * The desired rate within the cap: what the next tick aims for, catch-up aside. Absent in
   * statuses of schedulers deployed before it existed.
   */
  targetRatePerSecond?: number;
  maxRatePerSecond: number;
  catchUpFactor: number;
  /** The in-flight cap (0: none), the scans in flight at the last tick, and what it held back. */
  maxInFlight: number;
  inFlight: number;
  lastTickHeldBack: number;
  /** Adaptive cap (SCHEDULER_ADAPTIVE_IN_FLIGHT): the cap in force now and the p50 it last saw; absent when off. */
  adaptiveInFlightCap?: number;
  lastLatencyP50Ms?: number | null;
  /** The frequency the target rate sustains: active zones / target; null without zones. */
  achievedFrequencySeconds: number | null;
  /** False when the desired frequency needs more than `maxRatePerSecond`. */
  frequencyAchievable: boolean;
  /** Active zones whose scan is due now (as of the last tick). */
  dueBacklog: number;
  /** Active zones overdue beyond the grace period: what the catch-up drains. */
  overdueZones: number;
  /** Of the last tick's claim, the zones beyond the rate that drained the backlog. */
  lastTickCatchUp: number;
  paused: boolean;
  /** Scan-now zone ids waiting for the next tick. */
  pendingScanNow: string[];
  /** Scan-now ids of the last tick that are not active zones (nothing was started). */
  lastScanNowIgnored: string[];
  minFrequencySeconds: number;
  maxFrequencySeconds: number;
  /** Runs of this scheduler so far: 1 + how many times it continued as new. */
  run: number;
  /**
   * `uniform`: every plan at `frequencySeconds` (how schedulers ran before plans, and what the
   * plain `setFrequency` form selects); `plans`: each plan at its own frequency. Absent in
   * statuses of schedulers deployed before plans (they run uniform).
   */
  frequencyMode?: FrequencyMode;
  /** Per-plan frequencies set through the scheduler (plans mode); other plans use their stored frequency. */
  planFrequencies?: Record<string, number>;
  /** Per plan: target frequency, zones, rates and the frequency the rate achieves (as of the last tick). */
  plans?: SchedulerPlanStatus[];
}

/** How the scheduler picks each plan's frequency (see SchedulerStatus.frequencyMode). */
export type FrequencyMode = 'uniform' | 'plans';

/** One plan (tier) in the scheduler's status. */
export interface SchedulerPlanStatus {
  plan: string;
  /** Higher keeps its frequency longer when the max rate binds (enterprise last). */
  priority: number;
  /** The target frequency. */
  frequencySeconds: number;
  activeZones: number;
  desiredRatePerSecond: number;
  /** The plan's share of the capped rate. */
  ratePerSecond: number;
  /** The frequency that rate achieves (active zones / rate); null without zones or without rate. */
  achievedFrequencySeconds: number | null;
  frequencyAchievable: boolean;
}

export const schedulerStatusQuery = defineQuery<SchedulerStatus>('status');

/** Scheduler controls, shared by the workflow (handlers), the API and the CLI (callers). */
export interface SetFrequencyInput {
  /** One frequency for every plan (uniform mode). Give this or `plans`. */
  frequencySeconds?: number;
  /** Per plan (tier), in seconds: switches to plans mode and sets these plans' frequencies. */
  plans?: Record<string, number>;
}
/** Fire-and-forget frequency change; invalid values are ignored by the workflow (and logged). */
export const setFrequencySignal = defineSignal<[SetFrequencyInput]>('setFrequency');
/** Validated frequency change: a bad value is rejected with a message naming the allowed range. */
export const setFrequencyUpdate = defineUpdate<SchedulerStatus, [SetFrequencyInput]>('setFrequency');
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Scan these zones at the next tick, whatever their schedule. */
export interface ScanNowInput {
  zoneIds: string[];
}
export const scanNowSignal = defineSignal<[ScanNowInput]>('scanNow');
/**
 * New deployment settings (scheduler-settings.ts): the scheduler continues as new with them
 * before its next tick; unchanged settings do nothing; invalid ones are ignored (and logged).
 */
export const reconfigureSignal = defineSignal<[SchedulerSettings]>('reconfigure');

export interface SchedulerInput {
  taskQueuePrefix: string;
  frequencySeconds: number;
  tickSeconds: number;
  /** Checker ids every zone scan runs. */
  checkers: string[];
  /** A backlog drains at no more than this multiple of the rate (default SCHEDULER_DEFAULTS). */
  catchUpFactor?: number;
  /** Capacity cap in zones per second. */
  maxRatePerSecond?: number;
  /** Backpressure: no claims while this many scans are in flight (absent or 0: no cap). */
  maxInFlight?: number;
  /** The range `setFrequency` accepts. */
  minFrequencySeconds?: number;
  maxFrequencySeconds?: number;
  /** A tick's starts are spread evenly over this many seconds (default: one tick; 0: all at once). */
  startSpreadSeconds?: number;
  /** `plans`: each plan at its own frequency; absent (schedulers started before plans) or `uniform`: one for all. */
  frequencyMode?: FrequencyMode;
  /** Per-plan frequencies in seconds overriding the stored ones (plans mode). */
  planFrequencies?: Record<string, number>;
  /** Continue as new after this many ticks even if the SDK does not suggest it yet. */
  maxTicksBeforeContinueAsNew?: number;
  /**
   * Claim activities per tick, each over a disjoint slice of the zones (SCHEDULER_CLAIM_PARTITIONS;
   * absent, as in schedulers started before partitions, or 1: one claim for all zones).
   */
  claimPartitions?: number;
  /**
   * The in-flight cap follows the scans' start → persisted p50 toward this target (AIMD), within
   * `maxInFlight` (absent: the cap is `maxInFlight` as set).
   */
  adaptiveInFlight?: { targetP50Ms: number };
  /** State carried across continue-as-new; absent on a fresh start. */
  carried?: SchedulerCarriedState;
}

/** What one scheduler run hands to the next when it continues as new. */
export interface SchedulerCarriedState {
  /** The fractional zone not yet claimed. */
  carry: number;
  ticks: number;
  paused: boolean;
  pendingScanNow: string[];
  lastTickAt: number | null;
  run: number;
  /** Per-plan carries (absent in states carried before plans: `carry` then stands for all). */
  planCarries?: Record<string, number>;
  /** Absent in states carried before plans: the input's mode, else uniform. */
  frequencyMode?: FrequencyMode;
  planFrequencies?: Record<string, number>;
  /** Partitioned claims: each partition's carries, by partition index (absent before partitions). */
  partitionCarries?: PartitionCarry[];
  /** The adaptive in-flight cap reached (absent: start at `maxInFlight`). */
  inFlightCap?: number;
}

/** What one claim partition carries from tick to tick: its fractional zone, overall and per plan. */
export interface PartitionCarry {
  carry: number;
  planCarries?: Record<string, number>;
}
