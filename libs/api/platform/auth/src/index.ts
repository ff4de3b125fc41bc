export * from './lib/auth-user';
export * from './lib/token.service';
export * from './lib/decorators';
export * from './lib/gql-auth.guard';
export * from './lib/auth.module';
export * from './lib/operator-access';
export * from './lib/client-ip';
export * from './lib/api-key-auth';
