export * from './lib/embedded-postgres';
export * from './lib/datasource-options';
export * from './lib/workspace-scoped';
export * from './lib/batch-per-tick';
