import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES, type Lane } from '../libs/domain';

/** What the scheduler reports about itself. */
export interface SchedulerStatus {
  frequencySeconds: number;
  tickSeconds: number;
  /** Zones per second the last tick aimed for. */
  ratePerSecond: number;
  activeZones: number;
  /** Epoch ms of the last completed tick; null before the first. */
  lastTickAt: number | null;
  lastTickClaimed: number;
  ticks: number;
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
export const scanNowSignal = defineSignal<[{ zoneIds: string[] }]>('scanNow');

export const zoneIdKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.zoneId, SearchAttributeType.KEYWORD);
export const accountIdKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.accountId, SearchAttributeType.KEYWORD);
export const laneKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.lane, SearchAttributeType.KEYWORD);

export interface SchedulerInput {
  taskQueuePrefix: string;
  frequencySeconds: number;
  tickSeconds: number;
  /** Checker ids every zone scan runs. */
  checkers: string[];
  /** Carried across continue-as-new: the fractional zone not yet claimed. */
  carry?: number;
  ticks?: number;
}

export interface ScanZoneInput {
  zoneId: string;
  accountId: string;
  zoneName: string;
  lane: Lane;
  checkers: string[];
}

export interface ScanZoneResult {
  insightCount: number;
  /** The lane the checks finished on: `slow` when they overran the fast budget. */
  lane: Lane;
  outcomes: Array<{ checker: string; status: 'completed' | 'failed' }>;
}
