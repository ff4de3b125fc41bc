import { Inject, Injectable } from '@nestjs/common';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { notFound } from '@parley/api/platform/graphql';
import { Permission } from '@parley/shared/contracts';
import { assertMayEditClients } from '../clients/client-access';
import { ClientEventsService, ContactChangeKind } from '../clients/client-events';
import { ContactEntity } from '../contact.entity';
import { ContactsService } from '../contacts.service';
import { TagsService } from '../tags/tags.service';
import { CONTACT_EDIT_CONTEXT, ContactEditContext, ContactEditTarget } from './contact-edit-context.port';

/**
 * SPEC C6: operators change a contact's owner and tags from a conversation's side panel.
 * Observers cannot; the others need the "Edit clients" right (SPEC F1; every role that replies
 * holds it by default) and, for an agent, a conversation they can see (CONTACT_EDIT_CONTEXT
 * decides). Every change is announced through the same port (`conversation_updated` for the
 * contact's conversations), so other operators' panels follow.
 */
@Injectable()
export class ContactEditService {
  constructor(
    @Inject(CONTACT_EDIT_CONTEXT) private readonly context: ContactEditContext,
    private readonly contacts: ContactsService,
    private readonly tagCatalog: TagsService,
    private readonly access: OperatorAccessService,
    private readonly events: ClientEventsService,
  ) {}

  async setOwner(user: AuthUser, conversationId: string, ownerId: string | null | undefined): Promise<ContactEntity> {
    const target = await this.editable(user, conversationId);
    if (ownerId) await this.contacts.ownerCandidate(user.workspaceId, ownerId, 'ownerId');
    const contact = await this.contacts.setOwner(user.workspaceId, target.contactId, ownerId || null);
    if (!contact) throw notFound('Contact');
    await this.context.contactEdited(target);
    await this.events.publish({ workspaceId: user.workspaceId, contactId: contact.id, kind: ContactChangeKind.updated, actorId: user.operatorId });
    return contact;
  }

  async addTag(user: AuthUser, conversationId: string, name: string): Promise<ContactEntity> {
    const target = await this.editable(user, conversationId);
    const mayCreate = (await this.access.permissions(user)).has(Permission.create_tags);
    const tag = await this.tagCatalog.findOrCreate(user.workspaceId, name, 'name', undefined, { mayCreate, onCreated: (t) => this.tagCatalog.audit(user, t) });
    await this.tagCatalog.assertNotLocked(user.workspaceId, tag.id);
    await this.contacts.addTag(user.workspaceId, target.contactId, tag.id);
    return this.done(user, target);
  }

  /** E1: pins (or unpins) one of the client's tags; NOT_FOUND when the client does not have it. */
  async pinTag(user: AuthUser, conversationId: string, tagId: string, pinned: boolean): Promise<ContactEntity> {
    const target = await this.editable(user, conversationId);
    if (!(await this.tagCatalog.findById(user.workspaceId, tagId))) throw notFound('Tag');
    await this.tagCatalog.assertNotLocked(user.workspaceId, tagId);
    if (!(await this.contacts.pinTag(user.workspaceId, target.contactId, tagId, pinned))) throw notFound('Tag on this client');
    return this.done(user, target);
  }

  async removeTag(user: AuthUser, conversationId: string, tagId: string): Promise<ContactEntity> {
    const target = await this.editable(user, conversationId);
    if (!(await this.tagCatalog.findById(user.workspaceId, tagId))) throw notFound('Tag');
    await this.tagCatalog.assertNotLocked(user.workspaceId, tagId);
    await this.contacts.removeTag(user.workspaceId, target.contactId, tagId);
    return this.done(user, target);
  }

  private async editable(user: AuthUser, conversationId: string): Promise<ContactEditTarget> {
    await assertMayEditClients(this.access, user);
    return this.context.targetOf(user, conversationId);
  }

  private async done(user: AuthUser, target: ContactEditTarget): Promise<ContactEntity> {
    const [contact] = await this.contacts.findByIds(target.workspaceId, [target.contactId]);
    if (!contact) throw notFound('Contact');
    await this.context.contactEdited(target);
    await this.events.publish({ workspaceId: target.workspaceId, contactId: contact.id, kind: ContactChangeKind.updated, actorId: user.operatorId });
    return contact;
  }
}
