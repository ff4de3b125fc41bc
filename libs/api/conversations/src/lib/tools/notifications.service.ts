import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactsService } from '@parley/api/contacts';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, encodeCursor } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { contactDisplayName } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationConnectionObject, NotificationKind, NotificationObject } from './agent-tools.dto';
import { NotificationEvent, ToolTopics } from './agent-tools.events';

export const NOTIFICATIONS_PAGE_MAX = 50;

export interface NewNotification {
  workspaceId: string;
  operatorId: string;
  kind: NotificationKind;
  conversationId: string | null;
  noteId?: string | null;
  taskId?: string | null;
  contactId?: string | null;
  actorId: string | null;
  actorName: string | null;
  preview: string | null;
}

const toObject = (r: Record<string, unknown>): NotificationObject => ({
  id: r['id'] as string,
  kind: r['kind'] as NotificationKind,
  conversationId: (r['conversation_id'] as string | null) ?? null,
  taskId: (r['task_id'] as string | null) ?? null,
  contactId: (r['contact_id'] as string | null) ?? null,
  actorName: (r['actor_name'] as string | null) ?? null,
  preview: (r['preview'] as string | null) ?? null,
  readAt: r['read_at'] ? new Date(r['read_at'] as string) : null,
  createdAt: new Date(r['created_at'] as string),
});

/** The small in-app notification list of each operator (mentions, invitations, transfers). */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly contacts: ContactsService,
  ) {}

  /** Stores the rows (inside the caller's transaction); publish the result after it commits. */
  async create(m: EntityManager, list: NewNotification[]): Promise<Array<NotificationObject & { operatorId: string }>> {
    const out: Array<NotificationObject & { operatorId: string }> = [];
    for (const n of list) {
      const [row] = await m.query(
        `INSERT INTO operator_notifications (workspace_id, operator_id, kind, conversation_id, note_id, task_id, contact_id, actor_id, actor_name, preview)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [n.workspaceId, n.operatorId, n.kind, n.conversationId, n.noteId ?? null, n.taskId ?? null, n.contactId ?? null, n.actorId, n.actorName, n.preview],
      );
      out.push({ ...toObject(row), operatorId: n.operatorId });
    }
    return out;
  }

  async publish(list: Array<NotificationObject & { operatorId: string }>): Promise<void> {
    await Promise.all(
      list.map((n) =>
        this.bus.publish<NotificationEvent>(ToolTopics.notifications(n.operatorId), {
          id: n.id, kind: n.kind, conversationId: n.conversationId, taskId: n.taskId ?? null, contactId: n.contactId ?? null, actorName: n.actorName, preview: n.preview, createdAt: n.createdAt.toISOString(),
        }),
      ),
    );
  }

  /**
   * Issue #11 (E4): the CRM's TASK_DUE_NOTIFIER — "your task is due" for its assignee, stored in
   * the caller's transaction; the returned function publishes it (in-app list and, through
   * `notificationAdded`, the browser notification) once that commits.
   */
  async taskDue(m: EntityManager, n: { workspaceId: string; operatorId: string; taskId: string; contactId: string | null; title: string; authorId: string | null; authorName: string | null }): Promise<() => Promise<void>> {
    const created = await this.create(m, [
      { workspaceId: n.workspaceId, operatorId: n.operatorId, kind: NotificationKind.task_due, conversationId: null, taskId: n.taskId, contactId: n.contactId, actorId: n.authorId, actorName: n.authorName, preview: n.title },
    ]);
    return () => this.publish(created);
  }

  /** The caller's notifications, newest first (keyset over created_at, id), with the unread count. */
  async list(user: AuthUser, first: number, after?: string | null): Promise<NotificationConnectionObject> {
    if (!Number.isInteger(first) || first < 1 || first > NOTIFICATIONS_PAGE_MAX) throw badInput(`first must be between 1 and ${NOTIFICATIONS_PAGE_MAX}`);
    const params: unknown[] = [user.operatorId, user.workspaceId, first + 1];
    let keyset = '';
    if (after) {
      const cur = decodeCursor(after);
      params.push(cur.at.toISOString(), cur.id);
      keyset = ` AND (created_at, id) < ($4::timestamptz, $5::uuid)`;
    }
    const [rows, [count]] = await Promise.all([
      this.db.query(`SELECT * FROM operator_notifications WHERE operator_id = $1 AND workspace_id = $2${keyset} ORDER BY created_at DESC, id DESC LIMIT $3`, params),
      this.db.query(`SELECT count(*)::int AS n FROM operator_notifications WHERE operator_id = $1 AND workspace_id = $2 AND read_at IS NULL`, [user.operatorId, user.workspaceId]),
    ]);
    const nodes = (rows as Record<string, unknown>[]).slice(0, first).map(toObject);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null }, unreadCount: count.n };
  }

  /** Marks the given (or all) of the caller's notifications read; returns how many are still unread. */
  async markRead(user: AuthUser, ids?: string[] | null): Promise<number> {
    if (ids && ids.length > 100) throw badInput('At most 100 ids at once');
    if (ids) {
      await this.db.query(`UPDATE operator_notifications SET read_at = now() WHERE operator_id = $1 AND workspace_id = $2 AND read_at IS NULL AND id = ANY($3::uuid[])`, [user.operatorId, user.workspaceId, ids]);
    } else {
      await this.db.query(`UPDATE operator_notifications SET read_at = now() WHERE operator_id = $1 AND workspace_id = $2 AND read_at IS NULL`, [user.operatorId, user.workspaceId]);
    }
    const [count] = await this.db.query(`SELECT count(*)::int AS n FROM operator_notifications WHERE operator_id = $1 AND workspace_id = $2 AND read_at IS NULL`, [user.operatorId, user.workspaceId]);
    return count.n;
  }

  /** Each client as every screen names it, in the order of `contactIds`; null for an unknown one. One query. */
  async clientNamesOf(workspaceId: string, contactIds: readonly string[]): Promise<Array<string | null>> {
    const byId = new Map((await this.contacts.findByIds(workspaceId, contactIds)).map((ct) => [ct.id, contactDisplayName(ct)]));
    return contactIds.map((id) => byId.get(id) ?? null);
  }

  /**
   * The contact of each conversation as every screen names it (issue #17: the pseudonym of an
   * anonymous visitor), in the order of `conversationIds`; null for an unknown one. One query.
   */
  async contactNamesOf(workspaceId: string, conversationIds: readonly string[]): Promise<Array<string | null>> {
    const rows: Array<{ conversation_id: string; contact_id: string }> = await this.db.query(
      `SELECT c.id AS conversation_id, c.contact_id FROM conversations c WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`,
      [workspaceId, [...conversationIds]],
    );
    // the contacts domain owns the names: one more query per request (DataLoader), not per row
    const contacts = new Map((await this.contacts.findByIds(workspaceId, rows.map((r) => r.contact_id))).map((ct) => [ct.id, ct]));
    const byId = new Map(rows.flatMap((r) => {
      const ct = contacts.get(r.contact_id);
      return ct ? [[r.conversation_id, contactDisplayName(ct)] as const] : [];
    }));
    return conversationIds.map((id) => byId.get(id) ?? null);
  }
}
