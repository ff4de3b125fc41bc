export * from './lib/event-bus';
export * from './lib/memory-event-bus';
export * from './lib/redis-event-bus';
export * from './lib/async-queue';
export * from './lib/ws-upgrade-router';
export * from './lib/realtime.module';
export * from './lib/shared-state';
export * from './lib/redis-shared-state';
