import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { AuthUser, CurrentUser, GqlContext, Roles } from '@parley/api/platform/auth';
import { loaderFor } from '@parley/api/platform/graphql';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { OperatorRole } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { OperatorObject } from '../dto/operator.object';
import { CreateGroupInput, GroupObject, SetGroupMembersInput, UpdateGroupInput } from './group.object';
import { GroupsService, OperatorsTopicEvent } from './groups.service';

@Resolver(() => GroupObject)
export class GroupsResolver {
  constructor(
    private readonly service: GroupsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [GroupObject], { description: "The workspace's operator groups, by name (every signed-in role)." })
  groups(@CurrentUser() user: AuthUser): Promise<GroupObject[]> {
    return this.service.list(user.workspaceId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => GroupObject, { description: 'Admins only; audited. CONFLICT when the name is taken.' })
  createGroup(@CurrentUser() user: AuthUser, @Args('input') input: CreateGroupInput): Promise<GroupObject> {
    return this.service.create(user, input.name, input.description);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => GroupObject, { description: 'Admins only; audited.' })
  updateGroup(@CurrentUser() user: AuthUser, @Args('input') input: UpdateGroupInput): Promise<GroupObject> {
    return this.service.update(user, input.id, input.name, input.description);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => Boolean, { description: 'Admins only; audited. Its conversations stay, without a group.' })
  deleteGroup(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(user, id);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => GroupObject, { description: 'Admins only; audited. Replaces the member list.' })
  setGroupMembers(@CurrentUser() user: AuthUser, @Args('input') input: SetGroupMembersInput): Promise<GroupObject> {
    return this.service.setMembers(user, input.groupId, input.operatorIds);
  }

  @ResolveField(() => [OperatorObject])
  members(@Parent() g: GroupObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<OperatorObject[]> {
    return loaderFor(ctx, 'groupMembers', () => new DataLoader<string, OperatorObject[]>(async (ids) => {
      const map = await this.service.membersOf(user.workspaceId, ids);
      return ids.map((id) => map.get(id) ?? []);
    })).load(g.id);
  }

  @Subscription(() => Boolean, {
    description: "Operators' status, limits or groups changed in the caller's workspace: refetch operators/groups.",
    resolve: () => true,
  })
  async operatorsChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<OperatorsTopicEvent>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<OperatorsTopicEvent>(() => off());
    off = await this.bus.subscribe<OperatorsTopicEvent>(Topics.operators(user.workspaceId), (e) => queue.push(e));
    return queue.iterator;
  }
}

@Resolver(() => OperatorObject)
export class OperatorGroupsResolver {
  constructor(private readonly service: GroupsService) {}

  @ResolveField(() => [GroupObject], { description: 'Groups (departments) the operator belongs to.' })
  groups(@Parent() o: OperatorObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<GroupObject[]> {
    return loaderFor(ctx, 'operatorGroups', () => new DataLoader<string, GroupObject[]>(async (ids) => {
      const map = await this.service.groupsOfOperators(user.workspaceId, ids);
      return ids.map((id) => map.get(id) ?? []);
    })).load(o.id);
  }
}
