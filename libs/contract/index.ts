// The Temporal contract shared by workflows (which implement it) and by activities, the API,
// the CLI and the tests (which call it). Pure: workflows may import it.
export * from './scan-zone.contract';
export * from './scheduler.contract';
export * from './search-attributes';
export * from './task-queues';
export * from './notification.contract';
export * from './scheduler-settings';
