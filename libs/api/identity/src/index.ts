export * from './lib/entities/workspace.entity';
export * from './lib/entities/operator.entity';
export * from './lib/entities/refresh-token.entity';
export * from './lib/dto/operator.object';
export * from './lib/services/identity.service';
export { hashPassword } from './lib/services/password';
export * from './lib/jobs/purge-expired-sessions.job';
export * from './lib/identity.module';
