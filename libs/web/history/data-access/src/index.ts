export * from './lib/history-store';
