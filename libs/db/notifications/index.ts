// Notifications: destinations, policies, the routing of outbox events into deliveries, the delivery log.
export * from './delivery.repository';
export * from './destination.repository';
export * from './notification-dispatch.repository';
export * from './policy.repository';
export * from './webhook-secret';
