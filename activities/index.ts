import type { Pool } from 'pg';
import type { Checker } from '../libs/checkers';
import type { ScanCommitter } from '../libs/db';
import type { LanePolicy } from '../libs/domain';
import { createScanActivities } from './scan.activities';
import { createSchedulerActivities } from './scheduler.activities';

export type { ClaimTickInput, ClaimTickResult } from './scheduler.activities';
export type { PersistScanInput, RunCheckersInput, RunCheckersResult } from './scan.activities';

export type SchedulerActivities = ReturnType<typeof createSchedulerActivities>;
export type ScanActivities = ReturnType<typeof createScanActivities>;

export interface ActivityDeps {
  pool: Pool;
  checkers: ReadonlyMap<string, Checker>;
  committer: ScanCommitter;
  lanePolicy: LanePolicy;
}

export { createScanActivities, createSchedulerActivities };
