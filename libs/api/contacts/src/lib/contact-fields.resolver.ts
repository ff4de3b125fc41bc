import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IdentityService, OperatorObject } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { contactAvatar, contactDisplayName } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { ClientsService } from './clients/clients.service';
import { ContactCustomValueObject } from './custom-fields/custom-field.object';
import { CustomFieldsService } from './custom-fields/custom-fields.service';
import { ContactAddressObject, ContactEmailObject, ContactObject, ContactPhoneObject } from './contact.object';
import { ContactsService } from './contacts.service';
import { TagObject } from './tags/tag.object';

/** `Contact.owner` and `Contact.tags` (SPEC C6), one query per request each (DataLoader); `displayName` and `avatarColor` (issue #17) need no query. */
@Resolver(() => ContactObject)
export class ContactFieldsResolver {
  constructor(
    private readonly contacts: ContactsService,
    private readonly identity: IdentityService,
    private readonly clients: ClientsService,
    private readonly fieldDefinitions: CustomFieldsService,
  ) {}

  @ResolveField(() => [ContactCustomValueObject], { description: 'The client’s custom field values (pinned fields first); fields without a value are absent.' })
  customFields(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactCustomValueObject[]> {
    return loaderFor(ctx, 'contactCustomValues', () => new DataLoader<string, ContactCustomValueObject[]>((ids) => this.fieldDefinitions.valuesOf(user.workspaceId, ids))).load(c.id);
  }

  @ResolveField(() => [ContactPhoneObject], { description: 'Every phone number, the primary one first (issue #11).' })
  phones(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactPhoneObject[]> {
    return loaderFor(ctx, 'contactPhones', () => new DataLoader<string, ContactPhoneObject[]>((ids) => this.clients.valuesOf('phone', user.workspaceId, ids))).load(c.id);
  }

  @ResolveField(() => [ContactEmailObject], { description: 'Every e-mail address, the primary one first (issue #11).' })
  emails(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactEmailObject[]> {
    return loaderFor(ctx, 'contactEmails', () => new DataLoader<string, ContactEmailObject[]>((ids) => this.clients.valuesOf('email', user.workspaceId, ids))).load(c.id);
  }

  @ResolveField(() => ContactAddressObject, { description: 'The address, one line or split (issue #11).' })
  address(@Parent() c: ContactObject): ContactAddressObject {
    return ClientsService.addressOf(c);
  }

  @ResolveField(() => OperatorObject, { nullable: true, description: 'The operator who owns this client (SPEC C6).' })
  owner(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<OperatorObject | null> | null {
    if (!c.ownerId) return null;
    return loaderFor(ctx, 'contactOwners', () => new DataLoader<string, OperatorObject | null>(async (ids) => byKeys(ids, await this.identity.findOperatorsByIds(user.workspaceId, ids), (r) => r.id))).load(c.ownerId);
  }

  @ResolveField(() => String, {
    description: 'The name to show: the real name, else the e-mail, else the phone, else a stable pseudonym derived from the id ("Teal Otter #4F2A"), the same on every screen and e-mail.',
  })
  displayName(@Parent() c: ContactObject): string {
    return contactDisplayName(c);
  }

  @ResolveField(() => String, { description: 'Avatar background colour (#rrggbb) derived from the id; unchanged when the name becomes known. White text on it meets WCAG AA.' })
  avatarColor(@Parent() c: ContactObject): string {
    return contactAvatar(c).color;
  }

  @ResolveField(() => [TagObject], { description: 'Tags from the workspace catalog, by name.' })
  tags(@Parent() c: ContactObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<TagObject[]> {
    return loaderFor(ctx, 'contactTags', () => new DataLoader<string, TagObject[]>((ids) => this.contacts.tagsOf(user.workspaceId, ids))).load(c.id);
  }
}
