export * from './lib/contact-operations';
export * from './lib/generated/graphql';
