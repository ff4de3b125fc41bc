import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { OperatorAccessService } from '@parley/api/identity';
import { Permission } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { ContactChangeEvent, ContactChangeKind, ContactChangeObject, toContactChange } from '../clients/client-events';
import {
  AddContactEmailInput,
  AddContactPhoneInput,
  ContactEmailRefInput,
  ContactPhoneRefInput,
  SetContactAddressInput,
  SetContactNameInput,
  UpdateContactEmailInput,
  UpdateContactPhoneInput,
} from '../clients/client.input';
import { ClientsService } from '../clients/clients.service';
import { ContactObject } from '../contact.object';
import { ContactsService } from '../contacts.service';
import { SetContactCustomFieldInput } from '../custom-fields/custom-field.object';
import { ClientEditService } from './client-edit.service';

/**
 * Issue #11 (E2): the client card. Every operator of the workspace reads any client (observers
 * too); changes need "Edit clients" and are refused to observers (FORBIDDEN).
 */
@Resolver(() => ContactObject)
export class ClientResolver {
  constructor(
    private readonly clients: ClientsService,
    private readonly edits: ClientEditService,
  ) {}

  @Query(() => ContactObject, { description: 'A client of the workspace by id. NOT_FOUND for an unknown (or malformed) id.' })
  contact(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ContactObject> {
    return this.clients.get(user.workspaceId, id);
  }

  @Query(() => [ContactObject], {
    description:
      'Clients that already have this phone or e-mail (normalised: E.164, lower case), oldest first, at most 10 — offered while an operator types one. A value still being typed matches nothing; BAD_USER_INPUT without either, or for an unknown country.',
  })
  clientMatches(
    @CurrentUser() user: AuthUser,
    @Args('phone', { type: () => String, nullable: true }) phone?: string | null,
    @Args('email', { type: () => String, nullable: true }) email?: string | null,
    @Args('country', { type: () => String, nullable: true, description: 'ISO 3166-1 alpha-2 country of a phone typed without +.' }) country?: string | null,
    @Args('exceptContactId', { type: () => ID, nullable: true, description: 'Leave this client out (the one being edited).' }) exceptContactId?: string | null,
  ): Promise<ContactObject[]> {
    return this.clients.matches(user.workspaceId, { phone, email, country, exceptContactId });
  }

  @Mutation(() => ContactObject, { description: 'Sets the first / last / middle name (omitted: unchanged; null: cleared); `name` becomes what they compose.' })
  setContactName(@CurrentUser() user: AuthUser, @Args('input') i: SetContactNameInput): Promise<ContactObject> {
    return this.edits.setName(user, i.contactId, { firstName: i.firstName, lastName: i.lastName, middleName: i.middleName });
  }

  @Mutation(() => ContactObject, { description: 'Adds a phone number (validated and stored in E.164). BAD_USER_INPUT on phone for an invalid or duplicate number, on country for an unknown country.' })
  addContactPhone(@CurrentUser() user: AuthUser, @Args('input') i: AddContactPhoneInput): Promise<ContactObject> {
    return this.edits.addValue(user, 'phone', i.contactId, i.phone, { country: i.country, primary: i.primary });
  }

  @Mutation(() => ContactObject, { description: 'Replaces one phone number (the inline edit); the primary one stays primary.' })
  updateContactPhone(@CurrentUser() user: AuthUser, @Args('input') i: UpdateContactPhoneInput): Promise<ContactObject> {
    return this.edits.replaceValue(user, 'phone', i.contactId, i.phoneId, i.phone, i.country);
  }

  @Mutation(() => ContactObject, { description: 'Removes one phone number; when it was the primary one, the oldest other one becomes primary.' })
  removeContactPhone(@CurrentUser() user: AuthUser, @Args('input') i: ContactPhoneRefInput): Promise<ContactObject> {
    return this.edits.removeValue(user, 'phone', i.contactId, i.phoneId);
  }

  @Mutation(() => ContactObject, { description: 'Makes one phone number the primary one (`Contact.phone`).' })
  makeContactPhonePrimary(@CurrentUser() user: AuthUser, @Args('input') i: ContactPhoneRefInput): Promise<ContactObject> {
    return this.edits.makePrimary(user, 'phone', i.contactId, i.phoneId);
  }

  @Mutation(() => ContactObject, { description: 'Adds an e-mail address (validated, stored in lower case). BAD_USER_INPUT on email for an invalid or duplicate address.' })
  addContactEmail(@CurrentUser() user: AuthUser, @Args('input') i: AddContactEmailInput): Promise<ContactObject> {
    return this.edits.addValue(user, 'email', i.contactId, i.email, { primary: i.primary });
  }

  @Mutation(() => ContactObject, { description: 'Replaces one e-mail address; the primary one stays primary.' })
  updateContactEmail(@CurrentUser() user: AuthUser, @Args('input') i: UpdateContactEmailInput): Promise<ContactObject> {
    return this.edits.replaceValue(user, 'email', i.contactId, i.emailId, i.email);
  }

  @Mutation(() => ContactObject, { description: 'Removes one e-mail address; when it was the primary one, the oldest other one becomes primary.' })
  removeContactEmail(@CurrentUser() user: AuthUser, @Args('input') i: ContactEmailRefInput): Promise<ContactObject> {
    return this.edits.removeValue(user, 'email', i.contactId, i.emailId);
  }

  @Mutation(() => ContactObject, { description: 'Makes one e-mail address the primary one (`Contact.email`).' })
  makeContactEmailPrimary(@CurrentUser() user: AuthUser, @Args('input') i: ContactEmailRefInput): Promise<ContactObject> {
    return this.edits.makePrimary(user, 'email', i.contactId, i.emailId);
  }

  @Mutation(() => ContactObject, { description: 'Sets (null / empty: clears) one custom field of the client, validated by its type and rules. BAD_USER_INPUT on value or values.' })
  setContactCustomField(@CurrentUser() user: AuthUser, @Args('input') i: SetContactCustomFieldInput): Promise<ContactObject> {
    return this.edits.setCustomField(user, i.contactId, i.fieldId, i.value, i.values);
  }

  @Mutation(() => ContactObject, { description: 'Sets the address, as one line or split into fields (see ContactAddress). BAD_USER_INPUT names the field at fault.' })
  setContactAddress(@CurrentUser() user: AuthUser, @Args('input') i: SetContactAddressInput): Promise<ContactObject> {
    const { contactId, ...change } = i;
    return this.edits.setAddress(user, contactId, change);
  }
}

/** Issue #11: live changes of one client for the panels that have it open. */
@Resolver(() => ContactChangeObject)
export class ContactChangeResolver {
  constructor(
    private readonly clients: ClientsService,
    private readonly contacts: ContactsService,
    private readonly access: OperatorAccessService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Subscription(() => ContactChangeObject, {
    description: 'Every change of this client (card, notes, tasks — tasks only for operators who see them —, its AI summary — for those who use AI tools —, linked conversations, a merge). NOT_FOUND for a client not in the workspace.',
    resolve: (e: ContactChangeEvent) => toContactChange(e),
  })
  async contactChanged(@CurrentUser() user: AuthUser, @Args('contactId', { type: () => ID }) contactId: string): Promise<AsyncIterableIterator<ContactChangeEvent>> {
    await this.clients.get(user.workspaceId, contactId);
    const rights = await this.access.permissions(user);
    const seesTasks = rights.has(Permission.see_tasks);
    const usesAi = rights.has(Permission.use_ai_tools);
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<ContactChangeEvent>(() => off());
    off = await this.bus.subscribe<ContactChangeEvent>(Topics.contact(contactId), (e) => {
      if (e.workspaceId !== user.workspaceId) return;
      if (e.kind === ContactChangeKind.task_changed && !seesTasks) return;
      if (e.kind === ContactChangeKind.summary_changed && !usesAi) return;
      queue.push(e);
    });
    return queue.iterator;
  }

  @ResolveField(() => ContactObject, { nullable: true, description: 'The client as it is now (null once merged away or deleted).' })
  contact(@Parent() e: ContactChangeObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactObject | null> {
    return loaderFor(ctx, 'changedContacts', () => new DataLoader<string, ContactObject | null>(async (ids) => byKeys(ids, await this.contacts.findByIds(user.workspaceId, ids), (r) => r.id))).load(e.contactId);
  }
}
