export * from './lib/email-settings';
export * from './lib/email-html';
export * from './lib/email-parse';
export * from './lib/email.adapter';
export * from './lib/email-poller';
export * from './lib/email.module';
export * from './lib/email-inbound-smtp';
export * from './lib/email-idle';
