// The workflow bundle's entry point: every workflow the workers run, and nothing else.
export { scanScheduler } from './scan-scheduler.workflow';
export { scanZone } from './scan-zone.workflow';
