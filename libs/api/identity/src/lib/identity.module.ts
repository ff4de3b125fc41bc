import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { OperatorEntity } from './entities/operator.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { WorkspaceEntity } from './entities/workspace.entity';
import { PURGE_EXPIRED_SESSIONS_JOB, PurgeExpiredSessionsJob } from './jobs/purge-expired-sessions.job';
import { AuthResolver } from './resolvers/auth.resolver';
import { OperatorsResolver } from './resolvers/operators.resolver';
import { NotificationSettingsResolver } from './resolvers/notification-settings.resolver';
import { IdentityService } from './services/identity.service';

@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceEntity, OperatorEntity, RefreshTokenEntity])],
  providers: [IdentityService, AuthResolver, OperatorsResolver, NotificationSettingsResolver, PurgeExpiredSessionsJob],
  exports: [IdentityService],
})
export class IdentityModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, PURGE_EXPIRED_SESSIONS_JOB, 3_600_000);
  }
}
