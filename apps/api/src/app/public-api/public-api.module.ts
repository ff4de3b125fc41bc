import { Module } from '@nestjs/common';
import { ConversationsModule } from '@parley/api/conversations';
import { ApiKeysService, IdentityModule } from '@parley/api/identity';
import { API_KEY_AUTH } from '@parley/api/platform/auth';
import { VisitsModule } from '@parley/api/visits';
import { PublicApiController } from './public-api.controller';

/** Issue #15: the REST surface for shops' servers (workspace API keys). */
@Module({
  imports: [IdentityModule, ConversationsModule, VisitsModule],
  controllers: [PublicApiController],
  providers: [{ provide: API_KEY_AUTH, useExisting: ApiKeysService }],
})
export class PublicApiModule {}
