export * from './lib/client-visibility';
export * from './lib/notes-store';
export * from './lib/tools-models';
export * from './lib/tools-operations';
export * from './lib/tools-stores';
