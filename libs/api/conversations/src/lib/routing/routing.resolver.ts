import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GroupObject, GroupsService, OperatorObject } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext, Roles } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { ConversationObject } from '../dto/conversation.object';
import { AssignmentService } from './assignment.service';
import { AutoAssignModeEnum, MoveConversationInput, RoutingSettingsObject, SetMyStatusInput, UpdateOperatorRoutingInput } from './routing.dto';
import { RoutingService } from './routing.service';

/** SPEC B3–B6 for operators: status, limits, working hours, auto-assignment, moving a chat to a group. */
@Resolver()
export class RoutingResolver {
  constructor(
    private readonly routing: RoutingService,
    private readonly assignment: AssignmentService,
  ) {}

  @Mutation(() => OperatorObject, { description: "Sets the caller's status (SPEC B6); only online operators get new chats." })
  setMyStatus(@CurrentUser() user: AuthUser, @Args('input') input: SetMyStatusInput): Promise<OperatorObject> {
    return this.routing.setStatus(user.workspaceId, user.operatorId, input.status);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => OperatorObject, { description: 'Admins only; audited. Chat limit (SPEC B5) and working hours (SPEC B6) of an operator.' })
  updateOperatorRouting(@CurrentUser() user: AuthUser, @Args('input') input: UpdateOperatorRoutingInput): Promise<OperatorObject> {
    return this.routing.updateOperatorRouting(user, input.operatorId, input.maxChats, input.workingHours);
  }

  @Query(() => RoutingSettingsObject, { description: "The workspace's routing options (every signed-in role)." })
  async routingSettings(@CurrentUser() user: AuthUser): Promise<RoutingSettingsObject> {
    return { autoAssign: (await this.assignment.mode(user.workspaceId)) as AutoAssignModeEnum };
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => RoutingSettingsObject, { description: 'Admins only; audited. Turning it on assigns the waiting queue at once.' })
  async setAutoAssign(@CurrentUser() user: AuthUser, @Args('mode', { type: () => AutoAssignModeEnum }) mode: AutoAssignModeEnum): Promise<RoutingSettingsObject> {
    return { autoAssign: (await this.routing.setAutoAssign(user, mode)) as AutoAssignModeEnum };
  }

  @Mutation(() => ConversationObject, { description: 'Supervisors, admins or the assigned agent; NOT_FOUND for an unknown group.' })
  moveConversationToGroup(@CurrentUser() user: AuthUser, @Args('input') input: MoveConversationInput): Promise<ConversationObject> {
    return this.routing.moveToGroup(user, input.conversationId, input.groupId ?? null);
  }
}

@Resolver(() => ConversationObject)
export class ConversationGroupResolver {
  constructor(private readonly groups: GroupsService) {}

  @ResolveField(() => GroupObject, { nullable: true, description: 'SPEC B3: the group it is routed to; null = everyone’s queue.' })
  async group(@Parent() c: ConversationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<GroupObject | null> {
    if (!c.groupId) return null;
    return loaderFor(ctx, 'groups', () => new DataLoader<string, GroupObject | null>(async (ids) => byKeys(ids, await this.groups.findByIds(user.workspaceId, ids), (g) => g.id))).load(c.groupId);
  }
}
