import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ConversationStatus, ErrorCode, MessageAuthorType, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { conversationSnapshot, InboxEventPayload } from '../services/conversation-events';
import { ConversationsService, mapConversationRow } from '../services/conversations.service';
import { NotificationKind, TeammateObject } from './agent-tools.dto';
import { ParticipantTopicEvent } from './agent-tools.events';
import { NotificationsService } from './notifications.service';

export interface OperatorRef {
  id: string;
  displayName: string;
  role: OperatorRole;
  avatarUrl: string | null;
}

/**
 * Whether an operators row (as JSON, whatever columns it has by now) is switched off. The identity
 * work may add `active`, `deactivated_at` or `disabled_at`; any of them counts.
 */
export function isDeactivated(row: Record<string, unknown>): boolean {
  return row['active'] === false || row['is_active'] === false || !!row['deactivated_at'] || !!row['disabled_at'] || !!row['deleted_at'];
}

/** SPEC B7: hand a conversation to another operator, or invite one into it (participants). */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Every operator of the caller's workspace who is not switched off, by name. */
  async teammates(user: AuthUser): Promise<TeammateObject[]> {
    const rows: Array<{ row: Record<string, unknown> }> = await this.db.query(
      `SELECT to_jsonb(o) - 'password_hash' AS row FROM operators o WHERE o.workspace_id = $1 ORDER BY o.display_name, o.id`,
      [user.workspaceId],
    );
    return rows.filter((r) => !isDeactivated(r.row)).map((r) => refOf(r.row));
  }

  /** An operator of the caller's workspace who can take chats; another workspace's operator is NOT_FOUND. */
  async target(user: AuthUser, operatorId: string, m: EntityManager = this.db.manager): Promise<OperatorRef> {
    if (typeof operatorId !== 'string' || !isUuid(operatorId)) throw notFound('Operator');
    const [r] = await m.query(`SELECT to_jsonb(o) - 'password_hash' AS row FROM operators o WHERE o.id = $1 AND o.workspace_id = $2`, [operatorId, user.workspaceId]);
    if (!r) throw notFound('Operator');
    if (isDeactivated(r.row)) throw badInput('This operator is deactivated', { field: 'operatorId' });
    const ref = refOf(r.row);
    if (!ROLES_THAT_REPLY.includes(ref.role)) throw badInput('Observers cannot take part in conversations', { field: 'operatorId' });
    return ref;
  }

  async transfer(user: AuthUser, conversationId: string, operatorId: string): Promise<ConversationEntity> {
    const { before, actor } = await this.assertMayHandOver(user, conversationId, 'transfer');
    const target = await this.target(user, operatorId);
    if (before.assigneeId === target.id) throw badInput(`${target.displayName} already has this conversation`, { field: 'operatorId' });
    const { conversation, notes } = await this.db.transaction(async (m) => {
      const [rows] = await m.query(
        `UPDATE conversations SET assignee_id = $3, status = CASE WHEN status IN ('queued', 'bot') THEN 'open' ELSE status END,
           participant_ids = array_remove(participant_ids, $3::uuid), updated_at = now()
         WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL AND status <> 'closed'
           AND assignee_id IS NOT DISTINCT FROM $4::uuid
         RETURNING *`,
        [conversationId, user.workspaceId, target.id, before.assigneeId],
      );
      if (!rows.length) throw new DomainException(ErrorCode.Conflict, 'The conversation changed meanwhile; reload and try again');
      await m.query(`DELETE FROM conversation_participants WHERE conversation_id = $1 AND operator_id = $2`, [conversationId, target.id]);
      const notes = await this.notifications.create(m, [
        { workspaceId: user.workspaceId, operatorId: target.id, kind: NotificationKind.transferred, conversationId, actorId: user.operatorId, actorName: actor.displayName, preview: before.lastMessagePreview },
      ]);
      return { conversation: m.getRepository(ConversationEntity).create(mapConversationRow(rows[0])), notes };
    });
    await this.announce(before, conversation, target, 'transfer');
    await this.notifications.publish(notes);
    return conversation;
  }

  async invite(user: AuthUser, conversationId: string, operatorId: string): Promise<ConversationEntity> {
    const { before, actor } = await this.assertMayHandOver(user, conversationId, 'invite');
    if (!before.assigneeId) throw badInput('Take or transfer the conversation before inviting someone into it');
    const target = await this.target(user, operatorId);
    if (before.assigneeId === target.id || before.participantIds?.includes(target.id)) {
      throw new DomainException(ErrorCode.Conflict, `${target.displayName} is already in this conversation`, { field: 'operatorId' });
    }
    const { conversation, notes } = await this.db.transaction(async (m) => {
      const c = await this.addParticipant(m, user, conversationId, target.id);
      if (!c) throw new DomainException(ErrorCode.Conflict, `${target.displayName} is already in this conversation`);
      const notes = await this.notifications.create(m, [
        { workspaceId: user.workspaceId, operatorId: target.id, kind: NotificationKind.invited, conversationId, actorId: user.operatorId, actorName: actor.displayName, preview: before.lastMessagePreview },
      ]);
      return { conversation: c, notes };
    });
    await this.announce(before, conversation, target, 'invite');
    await this.notifications.publish(notes);
    return conversation;
  }

  /**
   * Adds an operator to the participants (table and the conversation's participant_ids, one
   * transaction). Returns the updated conversation, or null when they already were in it.
   */
  async addParticipant(m: EntityManager, user: AuthUser, conversationId: string, operatorId: string): Promise<ConversationEntity | null> {
    const inserted = await m.query(
      `INSERT INTO conversation_participants (conversation_id, operator_id, workspace_id, invited_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING operator_id`,
      [conversationId, operatorId, user.workspaceId, user.operatorId],
    );
    if (!inserted.length) return null;
    const [rows] = await m.query(
      `UPDATE conversations SET participant_ids = array_append(array_remove(participant_ids, $3::uuid), $3::uuid), updated_at = now()
       WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL RETURNING *`,
      [conversationId, user.workspaceId, operatorId],
    );
    if (!rows.length) throw notFound('Conversation');
    return m.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
  }

  /** Publishes the change to operators' lists (so the old assignee's drops it) and tells the visitor who joined. */
  async announce(before: ConversationEntity, after: ConversationEntity, target: OperatorRef, how: 'transfer' | 'invite' | 'silent'): Promise<void> {
    const inbox: InboxEventPayload = {
      kind: InboxEventKind.conversation_updated,
      conversation: conversationSnapshot(after),
      message: null,
      previousStatus: before.status,
      previousAssigneeId: before.assigneeId,
    };
    await this.bus.publish(Topics.inbox(after.workspaceId), inbox);
    if (how === 'silent') return;
    const joined: ParticipantTopicEvent = { kind: 'participant', event: 'joined', name: target.displayName, avatarUrl: target.avatarUrl };
    await this.bus.publish(Topics.conversation(after.id), joined);
    if (how === 'transfer' && before.assigneeId && before.assigneeId !== target.id) {
      const [prev] = await this.db.query(`SELECT display_name FROM operators WHERE id = $1`, [before.assigneeId]);
      if (prev) await this.bus.publish<ParticipantTopicEvent>(Topics.conversation(after.id), { kind: 'participant', event: 'left', name: prev.display_name, avatarUrl: null });
    }
    // the thread (operators and visitor) says who joined: a system message
    await this.conversations.appendMessage({
      workspaceId: after.workspaceId,
      conversationId: after.id,
      clientId: null,
      authorType: MessageAuthorType.system,
      authorId: null,
      authorName: null,
      body: how === 'transfer' ? `${target.displayName} took over the conversation` : `${target.displayName} joined the conversation`,
    });
  }

  /** Observers may not; agents only for a conversation they have; closed ones are reopened first. */
  private async assertMayHandOver(user: AuthUser, conversationId: string, what: 'transfer' | 'invite'): Promise<{ before: ConversationEntity; actor: OperatorRef }> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden(`Observers cannot ${what} conversations`);
    const before = await this.conversations.getForOperator(user, conversationId);
    if (user.role === OperatorRole.agent && before.assigneeId !== user.operatorId) {
      throw forbidden(what === 'transfer' ? 'You can only transfer a conversation you have' : 'You can only invite into a conversation you have');
    }
    if (before.status === ConversationStatus.closed) throw badInput(`A closed conversation cannot be ${what === 'transfer' ? 'transferred' : 'joined'}; reopen it first`);
    const [r] = await this.db.query(`SELECT to_jsonb(o) - 'password_hash' AS row FROM operators o WHERE o.id = $1 AND o.workspace_id = $2`, [user.operatorId, user.workspaceId]);
    if (!r) throw forbidden();
    return { before, actor: refOf(r.row) };
  }
}

function refOf(row: Record<string, unknown>): OperatorRef {
  return { id: row['id'] as string, displayName: row['display_name'] as string, role: row['role'] as OperatorRole, avatarUrl: (row['avatar_url'] as string | null) ?? null };
}
