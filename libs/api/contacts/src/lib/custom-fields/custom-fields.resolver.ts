import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdentityService } from '@parley/api/identity';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { CreateCustomFieldInput, CustomFieldObject, UpdateCustomFieldInput } from './custom-field.object';
import { CustomFieldsService } from './custom-fields.service';

/** Issue #11 (E2): custom client fields — every operator finds them; admins define them (FORBIDDEN otherwise). */
@Resolver(() => CustomFieldObject)
export class CustomFieldsResolver {
  constructor(
    private readonly fields: CustomFieldsService,
    private readonly identity: IdentityService,
  ) {}

  @Query(() => [CustomFieldObject], { description: 'The workspace’s custom client fields, pinned first in their order; `query` finds fields whose name (or a word of it) starts with it.' })
  customFields(@CurrentUser() user: AuthUser, @Args('query', { type: () => String, nullable: true }) query?: string | null): Promise<CustomFieldObject[]> {
    return this.fields.list(user.workspaceId, query);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => CustomFieldObject, { description: 'Admins: defines a client field. BAD_USER_INPUT names the input at fault (name, options, rules.*).' })
  async createCustomField(@CurrentUser() user: AuthUser, @Args('input') input: CreateCustomFieldInput): Promise<CustomFieldObject> {
    return this.fields.create(await this.actor(user), input);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => CustomFieldObject, { description: 'Admins: renames a field, changes its choices, rules, required or pinned flag.' })
  async updateCustomField(@CurrentUser() user: AuthUser, @Args('input') input: UpdateCustomFieldInput): Promise<CustomFieldObject> {
    const { id, ...change } = input;
    return this.fields.update(await this.actor(user), id, change);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => Boolean, { description: 'Admins: deletes a field and every client’s value of it.' })
  async deleteCustomField(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.fields.remove(await this.actor(user), id);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => [CustomFieldObject], { description: 'Admins: the pinned fields in this order (drag and drop); every pinned field once.' })
  async setPinnedCustomFieldOrder(@CurrentUser() user: AuthUser, @Args('ids', { type: () => [ID] }) ids: string[]): Promise<CustomFieldObject[]> {
    return this.fields.setPinnedOrder(await this.actor(user), ids);
  }

  private async actor(user: AuthUser) {
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    return { ...user, displayName: me?.displayName ?? null };
  }
}
