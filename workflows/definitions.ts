import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';
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
  outcomes: Array<{ checker: string; status: 'completed' | 'failed' }>;
}
