import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext, OperatorOnly, Roles } from '@parley/api/platform/auth';
import { forbidden, loaderFor } from '@parley/api/platform/graphql';
import { createAsyncQueue, EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { OperatorRole, Permission, ROLES_THAT_MANAGE_OPERATORS } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { CreateOperatorInput } from '../dto/auth.input';
import { OperatorObject } from '../dto/operator.object';
import { ChangeOperatorRoleInput, OperatorIdInput } from '../dto/profile.input';
import { OperatorEntity } from '../entities/operator.entity';
import { IdentityService } from '../services/identity.service';
import { OperatorAccessService } from '../services/operator-access.service';
import { OperatorAdminService } from '../services/operator-admin.service';
import { operatorsTopic, OperatorUpdatedPayload } from '../services/operator-events';

/** Operator management and presence: for operators signed in, never a workspace API key (issue #15). */
@OperatorOnly()
@Resolver(() => OperatorObject)
export class OperatorsResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly admin: OperatorAdminService,
    private readonly access: OperatorAccessService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Query(() => [OperatorObject])
  operators(@CurrentUser() user: AuthUser): Promise<OperatorObject[]> {
    return this.identity.listOperators(user.workspaceId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => OperatorObject, { description: 'Admins only.' })
  createOperator(@CurrentUser() user: AuthUser, @Args('input') input: CreateOperatorInput): Promise<OperatorObject> {
    return this.identity.createOperator(user, input);
  }

  @Roles(OperatorRole.admin, OperatorRole.supervisor)
  @Mutation(() => OperatorObject, {
    description: 'SPEC B2. Admins set any role; supervisors may only make observers agents; the last active admin cannot be demoted (CONFLICT, reason LAST_ADMIN).',
  })
  changeOperatorRole(@CurrentUser() user: AuthUser, @Args('input') input: ChangeOperatorRoleInput): Promise<OperatorObject> {
    return this.admin.changeRole(user, input.operatorId, input.role);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => OperatorObject, { description: 'Admins only. The operator cannot sign in any more; their sessions end at once.' })
  deactivateOperator(@CurrentUser() user: AuthUser, @Args('input') input: OperatorIdInput): Promise<OperatorObject> {
    return this.admin.deactivate(user, input.operatorId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => OperatorObject, { description: 'Admins only.' })
  reactivateOperator(@CurrentUser() user: AuthUser, @Args('input') input: OperatorIdInput): Promise<OperatorObject> {
    return this.admin.reactivate(user, input.operatorId);
  }

  @ResolveField(() => [Permission], {
    description: "Effective rights (role defaults ∪ permission groups). Readable for oneself; admins and supervisors read everyone's.",
  })
  async permissions(@Parent() op: OperatorEntity, @Context() ctx: GqlContext): Promise<Permission[]> {
    const caller = ctx.user;
    // no caller: login / refreshSession, whose only operator is the one signing in
    if (caller && caller.operatorId !== op.id && !ROLES_THAT_MANAGE_OPERATORS.includes(caller.role)) throw forbidden();
    const loader = loaderFor(
      ctx,
      'operatorPermissions',
      () =>
        new DataLoader<OperatorEntity, Permission[], string>(
          async (ops) => {
            const map = await this.access.permissionsOf(ops[0].workspaceId, ops);
            return ops.map((o) => [...(map.get(o.id) ?? [])].sort());
          },
          { cacheKeyFn: (o) => `${o.workspaceId}:${o.id}:${o.role}` },
        ),
    );
    return loader.load(op);
  }

  @Subscription(() => OperatorObject, {
    description: "An operator of the caller's workspace changed (name, avatar, role, rights, deactivation). Every signed-in role.",
    resolve: (p: OperatorUpdatedPayload) => p.operator,
  })
  async operatorUpdated(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<OperatorUpdatedPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<OperatorUpdatedPayload>(() => off());
    off = await this.bus.subscribe<OperatorUpdatedPayload>(operatorsTopic(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}
