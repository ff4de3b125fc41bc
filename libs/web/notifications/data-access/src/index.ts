export * from './lib/notification-rules';
export * from './lib/notifier';
