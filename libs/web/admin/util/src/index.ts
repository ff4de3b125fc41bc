export * from './lib/admin-nav';
