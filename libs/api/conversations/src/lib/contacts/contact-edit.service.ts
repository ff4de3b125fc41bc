import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactEntity, ContactsService, TagsService } from '@parley/api/contacts';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { forbidden, notFound } from '@parley/api/platform/graphql';
import { Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { canSee, conversationSnapshot } from '../services/conversation-events';
import { ConversationsService } from '../services/conversations.service';

/** How many of the contact's newest conversations are told about a change (their open views refresh). */
const NOTIFY_CONVERSATIONS_MAX = 20;

/**
 * SPEC C6: operators change a contact's owner and tags from a conversation's side panel.
 * Observers cannot; the others need the "Edit clients" right (SPEC F1; every role that replies
 * holds it by default) and, for an agent, a conversation they can see. Every change is published
 * as `conversation_updated` for the contact's conversations, so other operators' panels follow.
 */
@Injectable()
export class ContactEditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationsService,
    private readonly contacts: ContactsService,
    private readonly tagCatalog: TagsService,
    private readonly access: OperatorAccessService,
  ) {}

  async setOwner(user: AuthUser, conversationId: string, ownerId: string | null | undefined): Promise<ContactEntity> {
    const c = await this.editable(user, conversationId);
    if (ownerId) await this.contacts.ownerCandidate(user.workspaceId, ownerId, 'ownerId');
    const contact = await this.contacts.setOwner(user.workspaceId, c.contactId, ownerId || null);
    if (!contact) throw notFound('Contact');
    await this.announce(c);
    return contact;
  }

  async addTag(user: AuthUser, conversationId: string, name: string): Promise<ContactEntity> {
    const c = await this.editable(user, conversationId);
    const tag = await this.tagCatalog.findOrCreate(user.workspaceId, name);
    await this.contacts.addTag(user.workspaceId, c.contactId, tag.id);
    return this.done(c);
  }

  async removeTag(user: AuthUser, conversationId: string, tagId: string): Promise<ContactEntity> {
    const c = await this.editable(user, conversationId);
    if (!(await this.tagCatalog.findById(user.workspaceId, tagId))) throw notFound('Tag');
    await this.contacts.removeTag(user.workspaceId, c.contactId, tagId);
    return this.done(c);
  }

  private async editable(user: AuthUser, conversationId: string): Promise<ConversationEntity> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read contacts but not change them');
    if (!(await this.access.permissions(user)).has(Permission.edit_clients)) throw forbidden('You need the "Edit clients" right to change contacts');
    const c = await this.conversations.findById(user.workspaceId, conversationId);
    if (!c || c.deletedAt) throw notFound('Conversation');
    if (!canSee(await this.conversations.viewer(user, c), c)) throw forbidden('This conversation belongs to another operator');
    return c;
  }

  private async done(c: ConversationEntity): Promise<ContactEntity> {
    const [contact] = await this.contacts.findByIds(c.workspaceId, [c.contactId]);
    if (!contact) throw notFound('Contact');
    await this.announce(c);
    return contact;
  }

  /** conversation_updated for the contact's newest live conversations (the edited one first). */
  private async announce(edited: ConversationEntity): Promise<void> {
    const others = await this.db
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where('c.workspace_id = :ws AND c.contact_id = :contact AND c.id <> :id AND c.deleted_at IS NULL', { ws: edited.workspaceId, contact: edited.contactId, id: edited.id })
      .orderBy('c.last_message_at', 'DESC')
      .limit(NOTIFY_CONVERSATIONS_MAX - 1)
      .getMany();
    for (const c of [edited, ...others]) {
      await this.conversations.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null, previousStatus: c.status, previousAssigneeId: c.assigneeId });
    }
  }
}
