// Temporal from a client's side: connections, health, and the scheduler's control.
export * from './connection';
export * from './scheduler-control';
export * from './scheduler-control.errors';
export * from './scheduler-input';
export * from './temporal-health';
export * from './notification-dispatcher';
export * from './worker-deployment';
export * from './worker-deployment.errors';
