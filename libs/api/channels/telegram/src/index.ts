export * from './lib/telegram-api';
export * from './lib/telegram-types';
export * from './lib/telegram-parse';
export * from './lib/telegram-settings';
export * from './lib/telegram.adapter';
export * from './lib/telegram-poller';
export * from './lib/telegram.module';
// the test double of the Bot API (node:http only), for the API's integration specs
export * from './testing/fake-telegram';
