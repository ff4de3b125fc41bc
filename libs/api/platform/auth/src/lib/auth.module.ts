import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GqlAuthGuard } from './gql-auth.guard';
import { TokenService } from './token.service';

@Global()
@Module({
  providers: [TokenService, { provide: APP_GUARD, useClass: GqlAuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}
