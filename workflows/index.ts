// The workflow bundle's entry point: every workflow the workers run, and nothing else.
import type {
  DeliverNotificationWorkflow,
  NotificationDispatcherWorkflow,
  ScanSchedulerWorkflow,
  ScanZoneWorkflow,
} from '../libs/contract';
import { deliverNotification } from './deliver-notification.workflow';
import { notificationDispatcher } from './notification-dispatcher.workflow';
import { scanScheduler } from './scan-scheduler.workflow';
import { scanZone } from './scan-zone.workflow';

export { deliverNotification, notificationDispatcher, scanScheduler, scanZone };

// Clients start these by the contract's names and types (libs/contract). These type aliases
// fail to compile when an implementation drifts from its contract.
type Implements<Contract, Implementation extends Contract> = Implementation;
export type ScanSchedulerImplementsContract = Implements<ScanSchedulerWorkflow, typeof scanScheduler>;
export type ScanZoneImplementsContract = Implements<ScanZoneWorkflow, typeof scanZone>;
export type NotificationDispatcherImplementsContract = Implements<
  NotificationDispatcherWorkflow,
  typeof notificationDispatcher
>;
export type DeliverNotificationImplementsContract = Implements<DeliverNotificationWorkflow, typeof deliverNotification>;
