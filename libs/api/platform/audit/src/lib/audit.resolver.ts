import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { AuditEntryObject, AuditLogPageObject } from './audit-entry.object';
import { AuditService } from './audit.service';

@Resolver(() => AuditEntryObject)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(OperatorRole.admin)
  @Query(() => AuditLogPageObject, { description: 'Admins only. Who did what, newest first.' })
  auditLog(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 30 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<AuditLogPageObject> {
    return this.audit.list(user.workspaceId, first, after);
  }
}
