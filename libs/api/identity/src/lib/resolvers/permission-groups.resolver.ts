import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { CreatePermissionGroupInput, PermissionGroupObject, SetPermissionGroupMembersInput, UpdatePermissionGroupInput } from '../dto/permission-group.input';
import { PermissionGroupsService } from '../services/permission-groups.service';

/** SPEC F1: admins manage permission groups and their members. */
@Roles(OperatorRole.admin)
@Resolver(() => PermissionGroupObject)
export class PermissionGroupsResolver {
  constructor(private readonly groups: PermissionGroupsService) {}

  @Query(() => [PermissionGroupObject], { description: 'Admins only. By name.' })
  permissionGroups(@CurrentUser() user: AuthUser): Promise<PermissionGroupObject[]> {
    return this.groups.list(user.workspaceId);
  }

  @Mutation(() => PermissionGroupObject, { description: 'Admins only. CONFLICT when the name is taken.' })
  createPermissionGroup(@CurrentUser() user: AuthUser, @Args('input') input: CreatePermissionGroupInput): Promise<PermissionGroupObject> {
    return this.groups.create(user, input.name, input.permissions);
  }

  @Mutation(() => PermissionGroupObject, { description: 'Admins only.' })
  updatePermissionGroup(@CurrentUser() user: AuthUser, @Args('input') input: UpdatePermissionGroupInput): Promise<PermissionGroupObject> {
    return this.groups.update(user, input.id, input.name, input.permissions);
  }

  @Mutation(() => Boolean, { description: 'Admins only.' })
  deletePermissionGroup(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.groups.remove(user, id);
  }

  @Mutation(() => PermissionGroupObject, { description: 'Admins only. Replaces the member list.' })
  setPermissionGroupMembers(@CurrentUser() user: AuthUser, @Args('input') input: SetPermissionGroupMembersInput): Promise<PermissionGroupObject> {
    return this.groups.setMembers(user, input.groupId, input.operatorIds);
  }
}
