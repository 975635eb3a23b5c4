import { createScanActivities } from './scan.activities';
import { createSchedulerActivities } from './scheduler.activities';

export type { ClaimTickInput, ClaimTickResult } from './scheduler.activities';
export type { PersistScanInput, RunCheckersInput, RunCheckersResult } from './scan.activities';

export type SchedulerActivities = ReturnType<typeof createSchedulerActivities>;
export type ScanActivities = ReturnType<typeof createScanActivities>;

export { createScanActivities, createSchedulerActivities };
