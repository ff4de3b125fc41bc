export * from './lib/crm.module';
