import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { API_KEY_AUTH, OPERATOR_ACCESS } from '@parley/api/platform/auth';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { InvitationEntity } from './entities/invitation.entity';
import { AvatarController } from './avatars/avatar.controller';
import { OperatorEntity } from './entities/operator.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { WorkspaceEntity } from './entities/workspace.entity';
import { PURGE_EXPIRED_SESSIONS_JOB, PurgeExpiredSessionsJob } from './jobs/purge-expired-sessions.job';
import { SWEEP_PRESENCE_JOB, SweepPresenceJob } from './jobs/sweep-presence.job';
import { OperatorPresenceService } from './services/operator-presence.service';
import { AuthResolver } from './resolvers/auth.resolver';
import { InvitationsResolver } from './resolvers/invitations.resolver';
import { OperatorsResolver } from './resolvers/operators.resolver';
import { PermissionGroupsResolver } from './resolvers/permission-groups.resolver';
import { ProfileResolver } from './resolvers/profile.resolver';
import { IdentityService } from './services/identity.service';
import { InvitationsService } from './services/invitations.service';
import { LoginThrottleService } from './services/login-throttle.service';
import { OperatorAccessService } from './services/operator-access.service';
import { OperatorAdminService } from './services/operator-admin.service';
import { PermissionGroupsService } from './services/permission-groups.service';
import { ProfileService } from './services/profile.service';
import { GroupEntity } from './groups/group.entity';
import { GroupsResolver, OperatorGroupsResolver } from './groups/groups.resolver';
import { GroupsService } from './groups/groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceEntity, OperatorEntity, RefreshTokenEntity, InvitationEntity, GroupEntity])],
  controllers: [AvatarController],
  providers: [
    IdentityService,
    AuthResolver,
    OperatorsResolver,
    PurgeExpiredSessionsJob,
    LoginThrottleService,
    OperatorAccessService,
    // read by the global GqlAuthGuard: current role, active flag and rights of the caller
    { provide: OPERATOR_ACCESS, useExisting: OperatorAccessService },
    // issue #15: workspace API keys, read by the global GqlAuthGuard and the public REST API
    ApiKeysService,
    ApiKeysResolver,
    { provide: API_KEY_AUTH, useExisting: ApiKeysService },
    OperatorAdminService,
    ProfileService,
    ProfileResolver,
    PermissionGroupsService,
    PermissionGroupsResolver,
    InvitationsService,
    InvitationsResolver,
    GroupsService,
    GroupsResolver,
    OperatorGroupsResolver,
    OperatorPresenceService,
    SweepPresenceJob,
  ],
  exports: [IdentityService, OperatorAccessService, ApiKeysService, GroupsService, OperatorPresenceService],
})
export class IdentityModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, PURGE_EXPIRED_SESSIONS_JOB, 3_600_000);
    // issue #17: automatic Away/Offline for operators whose connections are gone
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, SWEEP_PRESENCE_JOB, this.config.presence.sweepEveryMs);
  }
}
