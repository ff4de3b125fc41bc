export * from './lib/audit-action';
export * from './lib/audit.service';
export * from './lib/audit.module';
