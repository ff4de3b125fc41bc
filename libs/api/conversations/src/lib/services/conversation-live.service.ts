import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdentityService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { EDIT_WINDOW_MS, ErrorCode, MessageAuthorType, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { MessageEntity } from '../entities/message.entity';
import { ConversationActivityEvent, ConversationActivityKind, TypingSnapshot, truncateDraft } from './conversation-activity';
import { conversationSnapshot, InboxEventPayload, isOthersConversation, messageSnapshot } from './conversation-events';
import { CHANNEL_CAPABILITIES, ChannelCapabilitiesLookup } from './channel-capabilities.port';
import { OUTBOUND_MESSAGES, OutboundMessagesPort } from './outbound-messages.port';
import { ConversationsService, mapConversationRow } from './conversations.service';
import { normalizeMessageBody, previewOf } from './message-body';

export type ReadColumn = 'visitor_read_seq' | 'operator_read_seq';

export interface EditMessageParams {
  workspaceId: string;
  messageId: unknown;
  /** When set, the message must belong to this conversation (the visitor's). */
  conversationId?: string;
  authorType: MessageAuthorType;
  authorId: string;
  body: unknown;
}

/**
 * The live extras of a conversation (SPEC A6, A10): typing and draft previews (ephemeral, through
 * the event bus only), read positions (stored on the conversation, only moving forward) and
 * editing one's last message. Events go to Topics.conversation(id), which the visitor gateway and
 * the operators' `conversationActivity` subscriptions follow.
 */
@Injectable()
export class ConversationLiveService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
    private readonly identity: IdentityService,
    @Inject(CHANNEL_CAPABILITIES) private readonly channelKinds: ChannelCapabilitiesLookup,
    @Optional() @Inject(OUTBOUND_MESSAGES) private readonly outbound?: OutboundMessagesPort,
  ) {}

  // ---- typing ---------------------------------------------------------------------------------

  async visitorTyping(workspaceId: string, conversationId: string, active: boolean, draft: unknown): Promise<void> {
    const c = await this.conversations.findById(workspaceId, conversationId);
    if (!c) return;
    const text = active ? truncateDraft(draft) : '';
    await this.publishTyping(c, { authorType: MessageAuthorType.visitor, operatorId: null, name: null, active, draft: active ? text : null });
  }

  async operatorTyping(user: AuthUser, conversationId: string, active: boolean): Promise<boolean> {
    const c = await this.assertCanWrite(user, conversationId);
    const op = await this.identity.findOperator(user.workspaceId, user.operatorId);
    await this.publishTyping(c, { authorType: MessageAuthorType.operator, operatorId: user.operatorId, name: op.displayName, active, draft: null });
    return true;
  }

  private publishTyping(c: ConversationEntity, typing: TypingSnapshot): Promise<void> {
    return this.publishActivity({ kind: ConversationActivityKind.typing, conversationId: c.id, status: c.status, assigneeId: c.assigneeId, participantIds: c.participantIds, typing });
  }

  /** SPEC E8: the visitor of this conversation opened another page (open Visit widgets refetch; never stored here). */
  async visitorNavigated(workspaceId: string, conversationId: string): Promise<void> {
    const c = await this.conversations.findById(workspaceId, conversationId);
    if (!c) return;
    await this.publishActivity({ kind: ConversationActivityKind.visit, conversationId: c.id, status: c.status, assigneeId: c.assigneeId, participantIds: c.participantIds });
  }

  /** SPEC E9: the visitor of this conversation has a new cart (open Current cart widgets refetch; stored by the visits domain). */
  async visitorCartChanged(workspaceId: string, conversationId: string): Promise<void> {
    const c = await this.conversations.findById(workspaceId, conversationId);
    if (!c) return;
    await this.publishActivity({ kind: ConversationActivityKind.cart, conversationId: c.id, status: c.status, assigneeId: c.assigneeId, participantIds: c.participantIds });
  }

  // ---- read marks -----------------------------------------------------------------------------

  markReadByVisitor(workspaceId: string, conversationId: string, seq: unknown): Promise<ConversationEntity> {
    return this.markRead('visitor_read_seq', workspaceId, conversationId, seq);
  }

  /** Observers read without marking: "Read" tells the visitor that someone who can answer saw it. */
  async markReadByOperator(user: AuthUser, conversationId: string, seq: number): Promise<ConversationEntity> {
    this.assertCanReply(user);
    await this.conversations.getForOperator(user, conversationId);
    return this.markRead('operator_read_seq', user.workspaceId, conversationId, seq);
  }

  private async markRead(column: ReadColumn, workspaceId: string, conversationId: string, seq: unknown): Promise<ConversationEntity> {
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw badInput('seq must be a whole number ≥ 0');
    if (!isUuid(conversationId)) throw notFound('Conversation');
    const [rows] = await this.db.query(
      `UPDATE conversations SET ${column} = $3 WHERE id = $1 AND workspace_id = $2 AND ${column} < $3 AND $3 <= last_seq RETURNING *`,
      [conversationId, workspaceId, seq],
    );
    if (!rows.length) {
      const c = await this.conversations.findById(workspaceId, conversationId);
      if (!c) throw notFound('Conversation');
      if (seq > c.lastSeq) throw badInput(`seq ${seq} is beyond the last message (${c.lastSeq})`, { lastSeq: c.lastSeq });
      return c; // already read that far: read positions only move forward
    }
    const c = this.db.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    await Promise.all([
      this.publishActivity({
        kind: ConversationActivityKind.read,
        conversationId: c.id,
        status: c.status,
        assigneeId: c.assigneeId,
        participantIds: c.participantIds,
        visitorReadSeq: c.visitorReadSeq,
        operatorReadSeq: c.operatorReadSeq,
      }),
      // issue #17: an operator read it, so the unread dot and the view badges clear in every
      // operator's list and tab (unread is the conversation's, not per operator)
      column === 'operator_read_seq'
        ? this.bus.publish(Topics.inbox(workspaceId), { kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null } satisfies InboxEventPayload)
        : Promise.resolve(),
    ]);
    return c;
  }

  // ---- editing --------------------------------------------------------------------------------

  async editAsOperator(user: AuthUser, messageId: string, body: unknown): Promise<MessageEntity> {
    this.assertCanReply(user);
    const message = isUuid(messageId) ? await this.db.getRepository(MessageEntity).findOne({ where: { id: messageId, workspaceId: user.workspaceId } }) : null;
    if (!message) throw notFound('Message');
    await this.assertCanWrite(user, message.conversationId);
    return this.editMessage({ workspaceId: user.workspaceId, messageId, authorType: MessageAuthorType.operator, authorId: user.operatorId, body });
  }

  /**
   * Replaces the body of the author's last message in its conversation, within EDIT_WINDOW_MS,
   * with the same body rules as sending. The message row is locked, so an edit and a new message
   * of the same author cannot interleave into editing a message that is no longer the last.
   */
  async editMessage(p: EditMessageParams): Promise<MessageEntity> {
    const body = normalizeMessageBody(p.body);
    if (typeof p.messageId !== 'string' || !isUuid(p.messageId)) throw notFound('Message');
    const messageId = p.messageId;
    const { message, conversation } = await this.db.transaction(async (m) => {
      // a message of a deleted conversation (waiting for its purge) is gone for everyone
      const [row] = await m.query(
        `SELECT m.conversation_id, m.author_type, m.author_id, m.seq, m.created_at, ch.type AS channel_type, ch.id AS channel_id
           FROM messages m
           JOIN conversations c ON c.id = m.conversation_id AND c.workspace_id = m.workspace_id AND c.deleted_at IS NULL
           JOIN channels ch ON ch.id = c.channel_id
          WHERE m.id = $1 AND m.workspace_id = $2 FOR UPDATE OF m`,
        [messageId, p.workspaceId],
      );
      if (!row || (p.conversationId && row.conversation_id !== p.conversationId)) throw notFound('Message');
      if (row.author_type !== p.authorType || row.author_id !== p.authorId) throw forbidden('You can only edit your own messages');
      // e-mail and messenger replies have left already: an edit their reader never sees would mislead
      if (!this.channelKinds.capabilitiesOf(row.channel_type).editable) {
        throw new DomainException(ErrorCode.EditNotAllowed, 'Messages of this channel cannot be edited: this one has reached the client by e-mail or a messenger already');
      }
      const [last] = await m.query(
        `SELECT seq FROM messages WHERE conversation_id = $1 AND author_id = $2 AND author_type = $3 ORDER BY seq DESC LIMIT 1`,
        [row.conversation_id, p.authorId, p.authorType],
      );
      if (Number(last.seq) !== Number(row.seq)) throw new DomainException(ErrorCode.EditNotAllowed, 'Only your last message can be edited');
      if (Date.now() - new Date(row.created_at).getTime() > EDIT_WINDOW_MS) {
        throw new DomainException(ErrorCode.EditNotAllowed, `Messages can be edited for ${Math.round(EDIT_WINDOW_MS / 60_000)} minutes after sending`);
      }
      // a new edit replaces the last one's refusal: its own delivery tells
      await m.query(`UPDATE messages SET body = $2, edited_at = now(), edit_error = NULL WHERE id = $1`, [messageId, body]);
      // the preview follows when the edited message is the newest one that is not an event line
      const [rows] = await m.query(
        `UPDATE conversations c SET last_message_preview = CASE WHEN NOT EXISTS (
             SELECT 1 FROM messages n WHERE n.conversation_id = c.id AND n.seq > $3
               AND (n.author_type <> 'system' OR n.author_name IS NOT NULL)
           ) THEN $4 ELSE c.last_message_preview END
         WHERE c.id = $1 AND c.workspace_id = $2 RETURNING *`,
        [row.conversation_id, p.workspaceId, Number(row.seq), previewOf(body)],
      );
      const message = await m.getRepository(MessageEntity).findOneOrFail({ where: { id: messageId } });
      // a messenger's copy (Telegram) is edited too, through the outbox: committed with the edit
      if (this.outbound?.edited) await this.outbound.edited(m, { message, conversation: { id: row.conversation_id, channelId: row.channel_id } });
      return { message, conversation: m.getRepository(ConversationEntity).create(mapConversationRow(rows[0])) };
    });
    const snapshot = messageSnapshot(message);
    const conv = conversationSnapshot(conversation);
    const inbox: InboxEventPayload = { kind: InboxEventKind.conversation_updated, conversation: conv, message: null };
    await Promise.all([
      this.publishActivity({ kind: ConversationActivityKind.message_edited, conversationId: conversation.id, status: conversation.status, assigneeId: conversation.assigneeId, participantIds: conversation.participantIds, message: snapshot }),
      conversation.lastSeq === message.seq ? this.bus.publish(Topics.inbox(conversation.workspaceId), inbox) : Promise.resolve(),
    ]);
    return message;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private assertCanReply(user: AuthUser): void {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not write in them');
  }

  /** Same rule as replying: an agent may not write into another agent's conversation. */
  private async assertCanWrite(user: AuthUser, conversationId: string): Promise<ConversationEntity> {
    this.assertCanReply(user);
    const c = await this.conversations.getForOperator(user, conversationId);
    if (isOthersConversation(user, c)) {
      throw forbidden('This conversation belongs to another operator');
    }
    return c;
  }

  private publishActivity(e: ConversationActivityEvent): Promise<void> {
    return this.bus.publish(Topics.conversation(e.conversationId), e);
  }
}
