import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactsService } from '@parley/api/contacts';
import { GroupsService, IdentityService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { CONFLICT_TAKEN, ConversationPriority, ConversationStatus, ErrorCode, MessageAuthorType, MessageCard, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { MESSAGES_PAGE_MAX } from '../dto/conversation.input';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { DeliveryStatus, MessageEntity } from '../entities/message.entity';
import { ConversationActivityEvent, ConversationActivityKind } from './conversation-activity';
import {
  canSee,
  conversationSnapshot,
  ConversationTopicEvent,
  InboxEventPayload,
  isOthersConversation,
  messageSnapshot,
  Viewer,
} from './conversation-events';
import { MessageBatchWriter, messageFromRow } from './message-batch-writer';
import { OUTBOUND_MESSAGES, OutboundMessagesPort } from './outbound-messages.port';
import { batchPerTick } from '@parley/api/platform/database';
import { normalizeMessageBody, previewOf } from './message-body';
import { attachmentIdsOf } from '../attachments/attachments.service';

export interface AppendMessageParams {
  workspaceId: string;
  conversationId: string;
  clientId: string | null;
  authorType: MessageAuthorType;
  authorId: string | null;
  authorName: string | null;
  body: string;
  /** Files the author uploaded (SPEC A9); the body may be empty then. Untrusted: checked here. */
  attachmentIds?: unknown;
  /** Sanitised HTML of a channel message that has it (an e-mail), sanitised by its channel's adapter. */
  html?: string | null;
  /** Issue #12: a structured card (a product) the message carries, built by its sender (the body says the same as text). */
  card?: MessageCard | null;
  /** A visitor message no person wrote (an e-mail auto-reply or bounce): stored without reopening a closed conversation. */
  keepClosed?: boolean;
}

export interface AppendResult {
  message: MessageEntity;
  conversation: ConversationEntity;
  /** false when the clientId was already stored: the earlier message is returned. */
  created: boolean;
}

/** What a reconnecting client is sent: missed messages, and edits of those it has. */
export interface Replay {
  missed: MessageEntity[];
  edited: MessageEntity[];
  /** More than REPLAY_MAX were missed: `missed` is the newest REPLAY_MAX, and the client starts over from them. */
  resync: boolean;
}
/** Messages replayed at most on a reconnect (older gaps: the client reloads its history). */
export const REPLAY_MAX = 500;
/** Edited messages re-sent at most on a reconnect. */
export const REPLAY_EDITED_MAX = 100;
const REPLAY_COLUMNS = 'm.id, m.workspace_id, m.conversation_id, m.seq, m.client_id, m.author_type, m.author_id, m.author_name, m.body, m.created_at, m.edited_at, m.attachments';

@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly contacts: ContactsService,
    private readonly identity: IdentityService,
    private readonly groups: GroupsService,
    @Optional() @Inject(OUTBOUND_MESSAGES) outbound?: OutboundMessagesPort,
  ) {
    this.writer = new MessageBatchWriter(db, outbound);
  }

  private readonly writer: MessageBatchWriter;

  // ---- writes shared by every channel -------------------------------------------------------

  /**
   * A new queued conversation (web chat's first message) of `contactId` — the contact the visitor
   * already has (pre-chat form, Parley.identify) — or of a fresh anonymous contact when none.
   */
  async startConversation(workspaceId: string, channelId: string, manager?: EntityManager, groupId?: string | null, contactId?: string | null): Promise<ConversationEntity> {
    const run = <T>(fn: (m: EntityManager) => Promise<T>) => (manager ? fn(manager) : this.db.transaction(fn));
    return run(async (m) => {
      const contact = contactId ?? (await this.contacts.createAnonymous(workspaceId, m)).id;
      const repo = m.getRepository(ConversationEntity);
      return repo.save(
        repo.create({ workspaceId, channelId, contactId: contact, status: ConversationStatus.queued, assigneeId: null, groupId: groupId ?? null, lastSeq: 0, lastMessageAt: new Date(), lastMessagePreview: null, closedAt: null }),
      );
    });
  }

  /**
   * Stores a message exactly once and gives it the next gapless seq of its conversation, in a
   * transaction shared with the messages arriving at the same moment (MessageBatchWriter). A
   * repeated clientId returns the stored message (created=false). Visitor messages reopen a
   * closed conversation (SPEC A5); operator messages take a queued one.
   */
  async appendMessage(p: AppendMessageParams): Promise<AppendResult> {
    const attachmentIds = attachmentIdsOf(p.attachmentIds);
    const blank = p.body === undefined || p.body === null || (typeof p.body === 'string' && p.body.trim() === '');
    // with files the text may be empty; the preview then names the files (set by the writer)
    const body = attachmentIds.length && blank ? '' : normalizeMessageBody(p.body);
    const r = await this.writer.write({ ...p, body, preview: body ? previewOf(body) : '', attachmentIds });
    if (r.created && r.previous) {
      await this.publish({
        kind: InboxEventKind.message_created,
        conversation: conversationSnapshot(r.conversation),
        message: messageSnapshot(r.message),
        previousStatus: r.previous.status,
        previousAssigneeId: r.previous.assigneeId,
      });
    }
    return { message: r.message, conversation: r.conversation, created: r.created };
  }

  /**
   * Issue #10: moves an outbound message's delivery state forward and shows it live to the
   * operators of its conversation. States only move forward (queued < sent < delivered < read; a
   * late "delivered" after "read" changes nothing); `failed` replaces queued or sent; only
   * `queued` replaces failed (a retry). Returns the message as it became, or null when nothing changed.
   */
  async updateDelivery(workspaceId: string, messageId: string, status: DeliveryStatus, error: string | null = null, manager?: EntityManager): Promise<MessageEntity | null> {
    const m = manager ?? this.db.manager;
    const [rows] = await m.query(
      `UPDATE messages SET delivery_status = $3, delivery_error = CASE WHEN $3 = 'failed' THEN left($4, 1000) ELSE NULL END
        WHERE id = $1 AND workspace_id = $2 AND (
          ($3 = 'failed' AND (delivery_status IS NULL OR delivery_status IN ('queued', 'sent')))
          OR ($3 = 'queued' AND (delivery_status IS NULL OR delivery_status = 'failed'))
          OR ($3 IN ('sent', 'delivered', 'read') AND (delivery_status IS NULL OR (delivery_status <> 'failed' AND
                array_position(ARRAY['queued','sent','delivered','read'], delivery_status) < array_position(ARRAY['queued','sent','delivered','read'], $3::text))))
        )
        RETURNING *`,
      [messageId, workspaceId, status, error],
    );
    const row = (rows as Array<Record<string, unknown>> | undefined)?.[0];
    if (!row) return null;
    const message = messageFromRow(row);
    await this.publishDelivery(m, message);
    return message;
  }

  /**
   * Issue #10: the newest edit of a sent message did not reach the reader's copy on its channel
   * (`error`, the provider's words), or one did (null, clearing an earlier refusal) — only while
   * `editedAt` is still the message's last edit. Shown live on the message (message_delivery).
   * Returns the message as it became, or null when nothing changed.
   */
  async updateEditDelivery(workspaceId: string, messageId: string, editedAt: Date, error: string | null): Promise<MessageEntity | null> {
    const [rows] = await this.db.query(
      `UPDATE messages SET edit_error = left($4, 1000)
        WHERE id = $1 AND workspace_id = $2 AND date_trunc('milliseconds', edited_at) = date_trunc('milliseconds', $3::timestamptz) AND edit_error IS DISTINCT FROM left($4, 1000)
        RETURNING *`,
      [messageId, workspaceId, editedAt, error],
    );
    const row = (rows as Array<Record<string, unknown>> | undefined)?.[0];
    if (!row) return null;
    const message = messageFromRow(row);
    await this.publishDelivery(this.db.manager, message);
    return message;
  }

  /** A message's delivery marks as they became, to the operators of its conversation. */
  private async publishDelivery(m: EntityManager, message: MessageEntity): Promise<void> {
    const [c] = await m.query(`SELECT id, status, assignee_id, participant_ids FROM conversations WHERE id = $1`, [message.conversationId]);
    if (c) {
      await this.bus.publish(Topics.conversation(message.conversationId), {
        kind: ConversationActivityKind.message_delivery,
        conversationId: message.conversationId,
        status: c.status,
        assigneeId: c.assignee_id ?? null,
        participantIds: c.participant_ids ?? [],
        message: messageSnapshot(message),
      } satisfies ConversationActivityEvent);
    }
  }

  async findByClientId(conversationId: string, clientId: string): Promise<{ message: MessageEntity; conversation: ConversationEntity } | null> {
    const message = await this.db.getRepository(MessageEntity).findOne({ where: { conversationId, clientId } });
    if (!message) return null;
    const conversation = await this.db.getRepository(ConversationEntity).findOneOrFail({ where: { id: conversationId } });
    return { message, conversation };
  }

  /** Messages after `afterSeq`, oldest first: what a reconnecting client missed. */
  messagesAfter(workspaceId: string, conversationId: string, afterSeq: number, limit = 500): Promise<MessageEntity[]> {
    return this.db.getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.workspace_id = :workspaceId AND m.conversation_id = :conversationId AND m.seq > :afterSeq', { workspaceId, conversationId, afterSeq })
      .orderBy('m.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * What a reconnecting widget needs: the messages after `afterSeq` (oldest first) and, among those
   * it already has, the ones edited since (the last REPLAY_EDITED_MAX). When more than REPLAY_MAX
   * were missed, the newest REPLAY_MAX and `resync` (the widget starts over from them). One query
   * for all the widgets reconnecting in the same tick.
   */
  replay(workspaceId: string, conversationId: string, afterSeq: number): Promise<Replay> {
    // a seq beyond the int range would fail the whole tick's query: no conversation is that long
    return this.replayLoader.load({ workspaceId, conversationId, afterSeq: Math.max(0, Math.min(Math.trunc(afterSeq) || 0, 2 ** 31 - 1)) });
  }

  private readonly replayLoader = batchPerTick<{ workspaceId: string; conversationId: string; afterSeq: number }, Replay>(async (keys) => {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT k.i, r.* FROM unnest($1::uuid[], $2::uuid[], $3::int[]) WITH ORDINALITY AS k(workspace_id, conversation_id, after_seq, i)
       CROSS JOIN LATERAL (
         (SELECT 'missed' AS part, ${REPLAY_COLUMNS} FROM messages m
          WHERE m.workspace_id = k.workspace_id AND m.conversation_id = k.conversation_id AND m.seq > k.after_seq
          ORDER BY m.seq DESC LIMIT ${REPLAY_MAX + 1})
         UNION ALL
         (SELECT 'edited' AS part, ${REPLAY_COLUMNS} FROM messages m
          WHERE k.after_seq > 0 AND m.workspace_id = k.workspace_id AND m.conversation_id = k.conversation_id
            AND m.edited_at IS NOT NULL AND m.seq <= k.after_seq
          ORDER BY m.seq DESC LIMIT ${REPLAY_EDITED_MAX})
       ) r`,
      [keys.map((k) => k.workspaceId), keys.map((k) => k.conversationId), keys.map((k) => k.afterSeq)],
    );
    const answers = keys.map((): Replay => ({ missed: [], edited: [], resync: false }));
    for (const r of rows) answers[Number(r['i']) - 1][r['part'] === 'missed' ? 'missed' : 'edited'].push(messageFromRow(r));
    for (const a of answers) {
      a.missed.sort((x, y) => x.seq - y.seq);
      a.edited.sort((x, y) => x.seq - y.seq);
      // the newest REPLAY_MAX + 1 were read: one more than a replay holds means the gap is too old
      if (a.missed.length > REPLAY_MAX) {
        a.missed = a.missed.slice(-REPLAY_MAX);
        a.edited = [];
        a.resync = true;
      }
    }
    return answers;
  });

  findById(workspaceId: string, id: string): Promise<ConversationEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.db.getRepository(ConversationEntity).findOne({ where: { id, workspaceId } });
  }

  /** The conversation now belongs to `contactId` (a visitor identified as a known contact); in the caller's transaction. */
  async moveToContact(m: EntityManager, workspaceId: string, conversationId: string, contactId: string): Promise<void> {
    await m.query(`UPDATE conversations SET contact_id = $2 WHERE id = $1 AND workspace_id = $3`, [conversationId, contactId, workspaceId]);
  }

  /**
   * The conversation's contact changed (issue #17: pre-chat form, Parley.identify): operators'
   * lists, open conversation and side panel follow without a reload. Nothing for a deleted one.
   */
  async announceContactChanged(workspaceId: string, conversationId: string): Promise<void> {
    const [row] = await this.db.query(`SELECT * FROM conversations WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL`, [conversationId, workspaceId]);
    if (!row) return;
    const c = this.db.getRepository(ConversationEntity).create(mapConversationRow(row));
    const event: InboxEventPayload = { kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null };
    await this.bus.publish(Topics.inbox(workspaceId), event);
  }

  // ---- operator side --------------------------------------------------------------------------

  async getForOperator(user: AuthUser, id: string): Promise<ConversationEntity> {
    const c = await this.findById(user.workspaceId, id);
    if (!c) throw notFound('Conversation');
    if (!canSee(await this.viewer(user, c), c)) {
      // issue #17: when a colleague has it, say who (the screen that raced shows it at once)
      throw c.assigneeId && c.assigneeId !== user.operatorId
        ? await this.takenBy(c, ErrorCode.Forbidden, 'This conversation belongs to another operator')
        : forbidden('This conversation belongs to another operator');
    }
    return c;
  }

  async messages(user: AuthUser, conversationId: string, beforeSeq: number | undefined, last: number): Promise<{ nodes: MessageEntity[]; hasMore: boolean }> {
    if (!Number.isInteger(last) || last < 1 || last > MESSAGES_PAGE_MAX) {
      throw new DomainException(ErrorCode.BadUserInput, `last must be between 1 and ${MESSAGES_PAGE_MAX}`);
    }
    await this.getForOperator(user, conversationId);
    const qb = this.db.getRepository(MessageEntity).createQueryBuilder('m').where('m.workspace_id = :ws AND m.conversation_id = :id', { ws: user.workspaceId, id: conversationId });
    if (beforeSeq !== undefined && beforeSeq !== null) qb.andWhere('m.seq < :beforeSeq', { beforeSeq });
    const rows = await qb.orderBy('m.seq', 'DESC').limit(last + 1).getMany();
    return { nodes: rows.slice(0, last).reverse(), hasMore: rows.length > last };
  }

  async messageHtml(user: AuthUser, messageId: string): Promise<string | null> {
    const notFound = new DomainException(ErrorCode.NotFound, 'Message not found');
    if (typeof messageId !== 'string' || !/^[0-9a-f-]{36}$/i.test(messageId)) throw notFound;
    const [row] = await this.db.query(`SELECT conversation_id, html FROM messages WHERE id = $1 AND workspace_id = $2`, [messageId, user.workspaceId]);
    if (!row) throw notFound;
    // the conversation's visibility rules (group, observer rights) decide, as for its messages
    await this.getForOperator(user, row.conversation_id);
    return (row.html as string | null) ?? null;
  }

  async sendAsOperator(user: AuthUser, conversationId: string, clientId: string, body: string, attachmentIds?: string[], card?: MessageCard | null): Promise<MessageEntity> {
    this.assertCanReply(user);
    const conversation = await this.getForOperator(user, conversationId);
    if (isOthersConversation(user, conversation)) {
      throw await this.takenBy(conversation, ErrorCode.Forbidden, 'This conversation belongs to another operator');
    }
    const op = await this.identity.findOperator(user.workspaceId, user.operatorId);
    const r = await this.appendMessage({
      workspaceId: user.workspaceId,
      conversationId,
      clientId,
      authorType: MessageAuthorType.operator,
      authorId: user.operatorId,
      authorName: op.displayName,
      body,
      attachmentIds,
      card: card ?? null,
    });
    if (r.message.authorType !== MessageAuthorType.operator || r.message.authorId !== user.operatorId) {
      throw new DomainException(ErrorCode.Conflict, 'This clientId was already used for another message');
    }
    return r.message;
  }

  /** Exactly one of several operators taking the same queued conversation wins (SPEC B4). */
  async take(user: AuthUser, conversationId: string): Promise<ConversationEntity> {
    this.assertCanReply(user);
    const before = await this.findById(user.workspaceId, conversationId);
    if (!before) throw notFound('Conversation');
    if (before.assigneeId === user.operatorId) return before;
    if (before.assigneeId) throw await this.takenBy(before);
    // SPEC B4: an agent takes only from the queue of their groups (or the no-group queue)
    if (!canSee(await this.viewer(user, before), before)) throw forbidden('This conversation is in the queue of another group');
    // SPEC B5: the operator's limit of open chats
    const [load] = await this.db.query(
      `SELECT o.max_chats, (SELECT count(*) FROM conversations c WHERE c.assignee_id = o.id AND c.status IN ('open', 'pending') AND c.deleted_at IS NULL)::int AS open
       FROM operators o WHERE o.id = $1`,
      [user.operatorId],
    );
    if (load && load.max_chats !== null && load.open >= load.max_chats) {
      throw new DomainException(ErrorCode.Conflict, `You already have ${load.open} open chats (your limit is ${load.max_chats}). Close one first.`);
    }
    const [rows] = await this.db.query(
      `UPDATE conversations SET assignee_id = $3, status = 'open', updated_at = now(), closed_at = NULL
       WHERE id = $1 AND workspace_id = $2 AND assignee_id IS NULL AND deleted_at IS NULL RETURNING *`,
      [conversationId, user.workspaceId, user.operatorId],
    );
    if (!rows.length) {
      const now = await this.findById(user.workspaceId, conversationId);
      throw now?.assigneeId ? await this.takenBy(now) : new DomainException(ErrorCode.Conflict, 'The conversation changed meanwhile; try again');
    }
    const conversation = this.db.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    await this.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(conversation), message: null, previousStatus: before.status, previousAssigneeId: before.assigneeId });
    return conversation;
  }

  /**
   * The take race was lost (issue #17): the CONFLICT names the winner and the state they left
   * (`extensions.reason` TAKEN, `assignee`, `status`), so the loser's screen can show it at once.
   * The same details ride on the FORBIDDEN of a reply (or a read) into a chat a colleague has.
   */
  async takenBy(c: ConversationEntity, code = ErrorCode.Conflict, message?: string): Promise<DomainException> {
    const winner = c.assigneeId ? await this.identity.findOperator(c.workspaceId, c.assigneeId).catch(() => null) : null;
    const name = winner?.displayName ?? 'Another operator';
    return new DomainException(code, message ?? `${name} took this conversation`, {
      reason: CONFLICT_TAKEN,
      assignee: c.assigneeId ? { id: c.assigneeId, displayName: name } : null,
      status: c.status,
    });
  }

  async close(user: AuthUser, conversationId: string): Promise<ConversationEntity> {
    this.assertCanReply(user);
    const before = await this.getForOperator(user, conversationId);
    if (user.role === OperatorRole.agent && before.assigneeId !== user.operatorId) {
      throw forbidden('Take the conversation before closing it');
    }
    if (before.status === ConversationStatus.closed) return before;
    const [rows] = await this.db.query(
      `UPDATE conversations SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [conversationId, user.workspaceId],
    );
    const conversation = this.db.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    await this.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(conversation), message: null, previousStatus: before.status, previousAssigneeId: before.assigneeId });
    return conversation;
  }

  /** The caller with their group ids, loaded only when visibility depends on them (SPEC B4). */
  async viewer(user: AuthUser, c?: Pick<ConversationEntity, 'status' | 'assigneeId' | 'groupId'>): Promise<Viewer> {
    const needsGroups = user.role === OperatorRole.agent && (!c || (c.groupId !== null && c.assigneeId === null));
    return { ...user, groupIds: needsGroups ? await this.groups.groupIdsOf(user.workspaceId, user.operatorId) : [] };
  }

  private assertCanReply(user: AuthUser): void {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not reply or take them');
  }

  /** Announces a change to operators (inbox) and the visitor's sockets (conversation topic). */
  async publish(e: InboxEventPayload): Promise<void> {
    const topicEvent: ConversationTopicEvent = { kind: e.kind, message: e.message ?? undefined, status: e.conversation.status };
    // SPEC B7/B9: an operator took it (by hand, by replying or by auto-assignment): the visitor sees who joined
    const assignee = e.conversation.assigneeId;
    if (assignee && e.previousAssigneeId !== undefined && assignee !== e.previousAssigneeId) {
      const op = await this.identity.findOperator(e.conversation.workspaceId, assignee).catch(() => null);
      if (op) topicEvent.joined = { name: op.displayName, avatarUrl: op.avatarUrl };
    }
    await Promise.all([
      this.bus.publish(Topics.inbox(e.conversation.workspaceId), e),
      this.bus.publish(Topics.conversation(e.conversation.id), topicEvent),
      ...(e.kind === InboxEventKind.message_created && e.message?.authorType === MessageAuthorType.operator ? [this.bus.publish(Topics.messages(), e)] : []),
    ]);
  }
}

/** Maps a raw `RETURNING *` row (snake_case) to entity fields. */
export function mapConversationRow(r: Record<string, unknown>): Partial<ConversationEntity> {
  return {
    id: r['id'] as string,
    workspaceId: r['workspace_id'] as string,
    channelId: r['channel_id'] as string,
    contactId: r['contact_id'] as string,
    status: r['status'] as ConversationStatus,
    assigneeId: (r['assignee_id'] as string | null) ?? null,
    participantIds: (r['participant_ids'] as string[] | null) ?? [],
    mergedIntoId: (r['merged_into_id'] as string | null) ?? null,
    groupId: (r['group_id'] as string | null) ?? null,
    lastSeq: Number(r['last_seq']),
    visitorReadSeq: Number(r['visitor_read_seq'] ?? 0),
    operatorReadSeq: Number(r['operator_read_seq'] ?? 0),
    lastMessageAt: new Date(r['last_message_at'] as string),
    lastMessagePreview: (r['last_message_preview'] as string | null) ?? null,
    priority: ((r['priority'] as ConversationPriority | undefined) ?? ConversationPriority.normal),
    snoozedUntil: r['snoozed_until'] ? new Date(r['snoozed_until'] as string) : null,
    closedAt: r['closed_at'] ? new Date(r['closed_at'] as string) : null,
    subject: (r['subject'] as string | null) ?? null,
    botScenarioId: (r['bot_scenario_id'] as string | null) ?? null,
    botStepId: (r['bot_step_id'] as string | null) ?? null,
    createdAt: new Date(r['created_at'] as string),
    updatedAt: new Date(r['updated_at'] as string),
    deletedAt: r['deleted_at'] ? new Date(r['deleted_at'] as string) : null,
  };
}
