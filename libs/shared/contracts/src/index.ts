export * from './lib/operator-role';
export * from './lib/conversation-status';
export * from './lib/limits';
export * from './lib/error-codes';
export * from './lib/visitor-protocol';
export * from './lib/webchat-settings';
export * from './lib/typing-reporter';
export * from './lib/attachments';
