export * from './lib/mail-message';
export * from './lib/mail-transport';
export * from './lib/mail.service';
export * from './lib/mail.module';
export * from './lib/auto-mail-limiter';
