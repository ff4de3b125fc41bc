import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactEditContext } from '@parley/api/contacts';
import { AuthUser } from '@parley/api/platform/auth';
import { forbidden, notFound } from '@parley/api/platform/graphql';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { canSee, conversationSnapshot } from './conversation-events';
import { ConversationsService } from './conversations.service';

/** How many of the contact's newest conversations are told about a change (their open views refresh). */
const NOTIFY_CONVERSATIONS_MAX = 20;

/**
 * The conversations side of contact edits (the contacts domain's CONTACT_EDIT_CONTEXT port): an
 * operator edits the contact of a conversation they can see, and every change is published as
 * `conversation_updated` for the contact's conversations, so other operators' panels follow.
 */
@Injectable()
export class ConversationContactEditContext implements ContactEditContext<ConversationEntity> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationsService,
  ) {}

  async targetOf(user: AuthUser, conversationId: string): Promise<ConversationEntity> {
    const c = await this.conversations.findById(user.workspaceId, conversationId);
    if (!c || c.deletedAt) throw notFound('Conversation');
    if (!canSee(await this.conversations.viewer(user, c), c)) throw forbidden('This conversation belongs to another operator');
    return c;
  }

  /** conversation_updated for the contact's newest live conversations (the edited one first). */
  async contactEdited(edited: ConversationEntity): Promise<void> {
    await this.announce([edited, ...(await this.newest(edited.workspaceId, edited.contactId, edited.id, NOTIFY_CONVERSATIONS_MAX - 1))]);
  }

  async contactChanged(workspaceId: string, contactId: string): Promise<void> {
    await this.announce(await this.newest(workspaceId, contactId, null, NOTIFY_CONVERSATIONS_MAX));
  }

  private newest(workspaceId: string, contactId: string, exceptId: string | null, limit: number): Promise<ConversationEntity[]> {
    return this.db
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where('c.workspace_id = :ws AND c.contact_id = :contact AND c.deleted_at IS NULL', { ws: workspaceId, contact: contactId })
      .andWhere(exceptId ? 'c.id <> :id' : 'TRUE', { id: exceptId })
      .orderBy('c.last_message_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  private async announce(conversations: ConversationEntity[]): Promise<void> {
    for (const c of conversations) {
      await this.conversations.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null, previousStatus: c.status, previousAssigneeId: c.assigneeId });
    }
  }
}
