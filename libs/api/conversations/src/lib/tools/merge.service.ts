import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ErrorCode, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { MessageEntity } from '../entities/message.entity';
import { conversationSnapshot, ConversationTopicEvent, InboxEventPayload, isOthersConversation, messageSnapshot } from '../services/conversation-events';
import { ConversationsService, mapConversationRow } from '../services/conversations.service';

/** Moved messages published live to the primary's sockets; more than this and they catch up on reconnect. */
const LIVE_REPLAY_MAX = 500;

/**
 * Merging two conversations of one client into one timeline (the client's timeline across
 * channels is ContactTimelineService).
 *
 * Design: the secondary's messages are re-parented onto the primary and re-sequenced after the
 * primary's last seq, in their own order (seq = time order). The primary's existing seqs never
 * change, so its seq stays gapless and its visitor sockets stay consistent: they receive the moved
 * messages as ordinary new `message` frames (or by `lastSeq` replay after a reconnect). Notes move
 * with their position shifted the same way; the secondary's assignee and participants become
 * participants of the primary. The secondary keeps its row as a soft-deleted tombstone with
 * `merged_into_id` (so a visitor still bound to it starts a new conversation on their next
 * message, exactly as after a history deletion). Audited as `conversation.merged`.
 */
@Injectable()
export class MergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
    private readonly audit: AuditService,
  ) {}

  async merge(user: AuthUser, primaryId: string, secondaryId: string): Promise<ConversationEntity> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers cannot merge conversations');
    if (primaryId === secondaryId) throw badInput('Choose two different conversations');
    const [p0, s0] = await Promise.all([this.conversations.getForOperator(user, primaryId), this.conversations.getForOperator(user, secondaryId)]);
    if (isOthersConversation(user, p0) || isOthersConversation(user, s0)) throw forbidden('You can only merge conversations you have');
    if (p0.contactId !== s0.contactId) throw badInput('Only conversations of the same client can be merged');

    const result = await this.db.transaction(async (m) => {
      // both rows locked in id order, so two merges of the same pair cannot deadlock or interleave
      const locked: Array<Record<string, unknown>> = await m.query(
        `SELECT * FROM conversations WHERE id = ANY($1::uuid[]) AND workspace_id = $2 AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
        [[primaryId, secondaryId], user.workspaceId],
      );
      const p = locked.find((r) => r['id'] === primaryId);
      const s = locked.find((r) => r['id'] === secondaryId);
      if (!p || !s) throw notFound('Conversation');
      if (p['contact_id'] !== s['contact_id']) throw new DomainException(ErrorCode.Conflict, 'The conversations changed meanwhile');
      const base = Number(p['last_seq']);
      const [, moved] = await m.query(
        `UPDATE messages m SET conversation_id = $1, seq = $3 + r.rn,
           client_id = CASE WHEN EXISTS (SELECT 1 FROM messages x WHERE x.conversation_id = $1 AND x.client_id = m.client_id) THEN NULL ELSE m.client_id END
         FROM (SELECT id, row_number() OVER (ORDER BY seq, created_at, id) AS rn FROM messages WHERE conversation_id = $2) r
         WHERE m.id = r.id`,
        [primaryId, secondaryId, base],
      );
      const movedCount = Number(moved ?? 0);
      const [, notesMoved] = await m.query(
        `UPDATE conversation_notes n SET conversation_id = $1, after_seq = n.after_seq + $3,
           client_id = CASE WHEN EXISTS (SELECT 1 FROM conversation_notes x WHERE x.conversation_id = $1 AND x.client_id = n.client_id) THEN NULL ELSE n.client_id END
         WHERE n.conversation_id = $2`,
        [primaryId, secondaryId, base],
      );
      // whoever handled the secondary keeps seeing the merged timeline
      const joiners = [s['assignee_id'], ...((s['participant_ids'] as string[]) ?? [])].filter((id): id is string => !!id && id !== p['assignee_id']);
      for (const id of new Set(joiners)) {
        await m.query(
          `INSERT INTO conversation_participants (conversation_id, operator_id, workspace_id, invited_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [primaryId, id, user.workspaceId, user.operatorId],
        );
      }
      const [prow] = await m.query(
        `UPDATE conversations c SET
           last_seq = c.last_seq + $3,
           last_message_at = GREATEST(c.last_message_at, $4::timestamptz),
           last_message_preview = CASE WHEN $3 > 0 THEN $5 ELSE c.last_message_preview END,
           participant_ids = (SELECT coalesce(array_agg(operator_id ORDER BY created_at), '{}') FROM conversation_participants WHERE conversation_id = c.id AND operator_id IS DISTINCT FROM c.assignee_id),
           updated_at = now()
         WHERE c.id = $1 AND c.workspace_id = $2 RETURNING *`,
        [primaryId, user.workspaceId, movedCount, s['last_message_at'], s['last_message_preview']],
      );
      await m.query(
        `UPDATE conversations SET status = 'closed', closed_at = COALESCE(closed_at, now()), merged_into_id = $1, deleted_at = now(), deleted_by = $3, updated_at = now()
         WHERE id = $2`,
        [primaryId, secondaryId, user.operatorId],
      );
      const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
      await this.audit.record(
        {
          workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.display_name ?? null, action: AuditAction.conversationMerged,
          targetType: 'conversation', targetId: primaryId,
          details: { primaryId, secondaryId, contactId: p['contact_id'], messagesMoved: movedCount, notesMoved: Number(notesMoved ?? 0), firstMovedSeq: movedCount ? base + 1 : null },
        },
        m,
      );
      return { primary: m.getRepository(ConversationEntity).create(mapConversationRow(prow[0])), secondary: s, base, movedCount };
    });

    const secondary = this.db.getRepository(ConversationEntity).create(mapConversationRow(result.secondary));
    // the primary's visitor sockets and operators get the moved messages as new ones, in seq order
    if (result.movedCount && result.movedCount <= LIVE_REPLAY_MAX) {
      const moved = await this.conversations.messagesAfter(user.workspaceId, primaryId, result.base, LIVE_REPLAY_MAX);
      for (const msg of moved) await this.bus.publish<ConversationTopicEvent>(Topics.conversation(primaryId), { kind: InboxEventKind.message_created, message: messageSnapshot(msg as MessageEntity), status: result.primary.status });
    }
    const updated: InboxEventPayload = { kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(result.primary), message: null, previousStatus: p0.status, previousAssigneeId: p0.assigneeId };
    const removed: InboxEventPayload = { kind: InboxEventKind.conversation_deleted, conversation: conversationSnapshot(secondary), message: null, previousStatus: s0.status, previousAssigneeId: s0.assigneeId };
    await Promise.all([this.bus.publish(Topics.inbox(user.workspaceId), updated), this.bus.publish(Topics.inbox(user.workspaceId), removed)]);
    return result.primary;
  }
}
