import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IdentityService, OperatorObject } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { ContactObject } from './contact.object';
import { ContactsService } from './contacts.service';
import { TagObject } from './tags/tag.object';

/** `Contact.owner` and `Contact.tags` (SPEC C6), one query per request each (DataLoader). */
@Resolver(() => ContactObject)
export class ContactFieldsResolver {
  constructor(
    private readonly contacts: ContactsService,
    private readonly identity: IdentityService,
  ) {}

  @ResolveField(() => OperatorObject, { nullable: true, description: 'The operator who owns this client (SPEC C6).' })
  owner(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<OperatorObject | null> | null {
    if (!c.ownerId) return null;
    return loaderFor(ctx, 'contactOwners', () => new DataLoader<string, OperatorObject | null>(async (ids) => byKeys(ids, await this.identity.findOperatorsByIds(user.workspaceId, ids), (r) => r.id))).load(c.ownerId);
  }

  @ResolveField(() => [TagObject], { description: 'Tags from the workspace catalog, by name.' })
  tags(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<TagObject[]> {
    return loaderFor(ctx, 'contactTags', () => new DataLoader<string, TagObject[]>((ids) => this.contacts.tagsOf(user.workspaceId, ids))).load(c.id);
  }
}
