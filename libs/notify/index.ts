// Notification delivery: payloads, Standard Webhooks signatures, webhook and email senders.
export * from './delivery-attempt';
export * from './destination-slots';
export * from './email-sender';
export * from './notification-payload';
export * from './webhook-sender';
export * from './webhook-signature';
export * from './notify-deps';
