import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AUDITED_ACTIONS, OperatorRole } from '@parley/shared/contracts';
import { Inject } from '@nestjs/common';
import { AuditEntryObject, AuditLogChangedObject, AuditLogPageObject } from './audit-entry.object';
import { AuditLogChangedEvent, AuditService } from './audit.service';

@Resolver(() => AuditEntryObject)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Roles(OperatorRole.admin)
  @Query(() => AuditLogPageObject, {
    description:
      'Admins only. Who did what, newest first, in the caller’s workspace. Filters: actorId (an operator of the workspace), action (one of auditActions), from (inclusive) and to (exclusive) as ISO 8601 dates or date-times. Bad filters: BAD_USER_INPUT with extensions.field.',
  })
  auditLog(
    @CurrentUser() user: AuthUser,
    @Args('first', { type: () => Int, defaultValue: 30 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @Args('actorId', { type: () => String, nullable: true }) actorId: string | undefined,
    @Args('action', { type: () => String, nullable: true }) action: string | undefined,
    @Args('from', { type: () => String, nullable: true }) from: string | undefined,
    @Args('to', { type: () => String, nullable: true }) to: string | undefined,
  ): Promise<AuditLogPageObject> {
    return this.audit.list(user.workspaceId, { first, after, actorId, action, from, to });
  }

  @Roles(OperatorRole.admin)
  @Query(() => [String], { description: 'Admins only. Every action kind the audit log records (for its filter).' })
  auditActions(): string[] {
    return [...AUDITED_ACTIONS];
  }

  @Roles(OperatorRole.admin)
  @Subscription(() => AuditLogChangedObject, {
    description: 'Admins only. An audit entry was committed in the caller’s workspace: refetch the first page.',
    resolve: (e: AuditLogChangedEvent) => ({ at: new Date(e.at) }),
  })
  async auditLogChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<AuditLogChangedEvent>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<AuditLogChangedEvent>(() => off(), 100);
    off = await this.bus.subscribe<AuditLogChangedEvent>(Topics.audit(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}
