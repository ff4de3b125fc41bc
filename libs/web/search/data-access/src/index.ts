export * from './lib/search-store';
