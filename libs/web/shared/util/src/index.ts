export * from './lib/clock';
export * from './lib/graphql-error';
export * from './lib/relative-time';
export * from './lib/seq-param';
export * from './lib/server-message';
export * from './lib/money';
