export * from './lib/notes-store';
export * from './lib/tools-models';
export * from './lib/tools-operations';
export * from './lib/tools-stores';
export * from './lib/generated/graphql';
