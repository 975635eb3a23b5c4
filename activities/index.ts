import type { Pool } from 'pg';
import type { Checker } from '../libs/checkers';
import type { ScanCommitter } from '../libs/db';
import { createScanActivities } from './scan.activities';
import { createSchedulerActivities } from './scheduler.activities';

export type { ClaimTickInput, ClaimTickResult } from './scheduler.activities';
export type { PersistScanInput, RunCheckersInput } from './scan.activities';

export type SchedulerActivities = ReturnType<typeof createSchedulerActivities>;
export type ScanActivities = ReturnType<typeof createScanActivities>;

export interface ActivityDeps {
  pool: Pool;
  checkers: ReadonlyMap<string, Checker>;
  committer: ScanCommitter;
}

export { createScanActivities, createSchedulerActivities };
