export * from './lib/outbound-delivery';
export * from './lib/outbound-sender';
export * from './lib/outbox.service';
export * from './lib/outbox-drainer';
export * from './lib/outbox.module';
