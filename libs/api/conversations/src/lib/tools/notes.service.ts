import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, forbidden } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { findMentions, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { ConversationEntity } from '../entities/conversation.entity';
import { canSee } from '../services/conversation-events';
import { ConversationsService } from '../services/conversations.service';
import { normalizeMessageBody, previewOf } from '../services/message-body';
import { NoteObject, NotificationKind } from './agent-tools.dto';
import { NoteEvent, ToolTopics } from './agent-tools.events';
import { NotificationsService } from './notifications.service';
import { ParticipantsService } from './participants.service';

export const NOTES_PAGE_MAX = 500;

export function noteFromRow(r: Record<string, unknown>): NoteObject {
  return {
    id: r['id'] as string,
    conversationId: r['conversation_id'] as string,
    afterSeq: Number(r['after_seq']),
    clientId: (r['client_id'] as string | null) ?? null,
    authorId: (r['author_id'] as string | null) ?? null,
    authorName: (r['author_name'] as string | null) ?? null,
    body: r['body'] as string,
    mentionedIds: (r['mentioned_ids'] as string[] | null) ?? [],
    createdAt: new Date(r['created_at'] as string),
  };
}

/**
 * Private notes (SPEC A11). Stored apart from messages: nothing a visitor reaches (the socket and
 * its replay, read marks, e-mail) reads this table or the notes topic. A note sits in the
 * operators' thread after the message with seq = afterSeq. `@Name` mentions notify those
 * operators; a mentioned agent who could not see the conversation becomes a participant.
 */
@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
    private readonly participants: ParticipantsService,
    private readonly notifications: NotificationsService,
  ) {}

  async add(user: AuthUser, conversationId: string, clientId: string, rawBody: unknown): Promise<NoteObject> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not write notes');
    const body = normalizeMessageBody(rawBody);
    const conversation = await this.conversations.getForOperator(user, conversationId);
    const existing = await this.byClientId(conversationId, clientId);
    if (existing) {
      if (existing.authorId !== user.operatorId) throw badInput('This clientId was already used for another note');
      return existing;
    }
    const team = await this.participants.teammates(user);
    const author = team.find((o) => o.id === user.operatorId);
    const mentioned = findMentions(body, team).filter((id) => id !== user.operatorId);
    const { note, after, notes } = await this.db.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO conversation_notes (workspace_id, conversation_id, after_seq, client_id, author_id, author_name, body, mentioned_ids)
         SELECT $1, c.id, c.last_seq, $3, $4, $5, $6, $7::uuid[] FROM conversations c WHERE c.id = $2 AND c.workspace_id = $1 AND c.deleted_at IS NULL
         ON CONFLICT (conversation_id, client_id) DO NOTHING
         RETURNING *`,
        [user.workspaceId, conversationId, clientId, user.operatorId, author?.displayName ?? null, body, mentioned],
      );
      if (!row) return { note: null, after: conversation, notes: [] };
      let after: ConversationEntity = conversation;
      for (const id of mentioned) {
        const op = team.find((o) => o.id === id);
        if (op && op.role === OperatorRole.agent && !canSee({ role: op.role, operatorId: op.id }, after)) {
          after = (await this.participants.addParticipant(m, user, conversationId, op.id)) ?? after;
        }
      }
      const notes = await this.notifications.create(
        m,
        mentioned.map((operatorId) => ({
          workspaceId: user.workspaceId, operatorId, kind: NotificationKind.mention, conversationId, noteId: row.id as string,
          actorId: user.operatorId, actorName: author?.displayName ?? null, preview: previewOf(body),
        })),
      );
      return { note: noteFromRow(row), after, notes };
    });
    if (!note) {
      const again = await this.byClientId(conversationId, clientId);
      if (again && again.authorId === user.operatorId) return again;
      throw badInput('This clientId was already used for another note');
    }
    if (after !== conversation) {
      const target = team.find((o) => after.participantIds.includes(o.id) && !conversation.participantIds.includes(o.id));
      if (target) await this.participants.announce(conversation, after, target, 'silent');
    }
    const event: NoteEvent = {
      note: { ...note, createdAt: note.createdAt.toISOString() },
      status: after.status,
      assigneeId: after.assigneeId,
      participantIds: after.participantIds ?? [],
    };
    await this.bus.publish(ToolTopics.notes(conversationId), event);
    await this.notifications.publish(notes);
    return note;
  }

  /** Notes placed after messages fromSeq…toSeq (inclusive; open ends when omitted), in thread order. */
  async list(user: AuthUser, conversationId: string, fromSeq?: number | null, toSeq?: number | null): Promise<NoteObject[]> {
    await this.conversations.getForOperator(user, conversationId);
    const params: unknown[] = [user.workspaceId, conversationId, NOTES_PAGE_MAX];
    let range = '';
    if (fromSeq !== undefined && fromSeq !== null) {
      params.push(fromSeq);
      range += ` AND after_seq >= $${params.length}`;
    }
    if (toSeq !== undefined && toSeq !== null) {
      params.push(toSeq);
      range += ` AND after_seq <= $${params.length}`;
    }
    // the newest NOTES_PAGE_MAX of the range, returned oldest first
    const rows = await this.db.query(
      `SELECT * FROM (SELECT * FROM conversation_notes WHERE workspace_id = $1 AND conversation_id = $2${range}
         ORDER BY after_seq DESC, created_at DESC, id DESC LIMIT $3) n ORDER BY after_seq, created_at, id`,
      params,
    );
    return (rows as Record<string, unknown>[]).map(noteFromRow);
  }

  private async byClientId(conversationId: string, clientId: string): Promise<NoteObject | null> {
    const [row] = await this.db.query(`SELECT * FROM conversation_notes WHERE conversation_id = $1 AND client_id = $2`, [conversationId, clientId]);
    return row ? noteFromRow(row) : null;
  }
}

