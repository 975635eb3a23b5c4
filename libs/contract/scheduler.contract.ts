import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

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
}

export const schedulerStatusQuery = defineQuery<SchedulerStatus>('status');

/** Scheduler controls, shared by the workflow (handlers), the API and the CLI (callers). */
export interface SetFrequencyInput {
  frequencySeconds: number;
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
  /** Continue as new after this many ticks even if the SDK does not suggest it yet. */
  maxTicksBeforeContinueAsNew?: number;
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
}
