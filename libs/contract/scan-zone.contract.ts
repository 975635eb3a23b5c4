import type { Lane, LanePolicy } from '../domain';

/** The workflow type clients start (`client.workflow.start<ScanZoneWorkflow>(SCAN_ZONE_WORKFLOW, …)`). */
export const SCAN_ZONE_WORKFLOW = 'scanZone';
export type ScanZoneWorkflow = (input: ScanZoneInput) => Promise<ScanZoneResult>;

export interface ScanZoneInput {
  zoneId: string;
  accountId: string;
  zoneName: string;
  lane: Lane;
  checkers: string[];
  /**
   * The lane budgets and rules this scan runs by, from the scheduler's configuration: carried
   * in the input so the scan needs no local activity to fetch them. Absent (scans started by
   * older schedulers or by hand): the lane worker's own policy is fetched.
   */
  lanePolicy?: LanePolicy;
}

export interface ScanZoneResult {
  insightCount: number;
  /** The lane the checks finished on: `slow` when they overran the fast budget. */
  lane: Lane;
  outcomes: Array<{ checker: string; status: 'completed' | 'failed' }>;
}
