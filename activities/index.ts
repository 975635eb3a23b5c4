import { createNotificationActivities } from './notification.activities';
import { createScanActivities } from './scan.activities';
import { createSchedulerActivities } from './scheduler.activities';

export type { ClaimTickInput, ClaimTickResult } from './scheduler.activities';
export type { DispatchRoundInput, DispatchRoundResult } from './notification.activities';
export type {
  PersistScanInput,
  RunCheckersInput,
  RunCheckersResult,
  ScanFastLaneInput,
  ScanFastLaneResult,
} from './scan.activities';

export type SchedulerActivities = ReturnType<typeof createSchedulerActivities>;
export type ScanActivities = ReturnType<typeof createScanActivities>;
export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

export { createNotificationActivities, createScanActivities, createSchedulerActivities };
