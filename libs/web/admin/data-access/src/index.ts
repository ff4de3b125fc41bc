export * from './lib/bot-operations';
export * from './lib/channel-operations';
export * from './lib/routing-operations';
export * from './lib/generated/graphql';
export * from './lib/tag-admin-operations';
export * from './lib/ai-settings-operations';
export * from './lib/ai-settings.service';
