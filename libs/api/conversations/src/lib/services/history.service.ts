import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, forbidden, isUuid } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AppConfig } from '@parley/api/platform/config';
import { ContactsService } from '@parley/api/contacts';
import { OperatorAccessService } from '@parley/api/identity';
import { contactDisplayName, ConversationStatus, Permission } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { InboxEventPayload } from './conversation-events';

export const DELETE_CONVERSATIONS_MAX = 100;

/**
 * History housekeeping: soft deletion by admins (with an audit entry per conversation) and the
 * purge of soft-deleted rows after `historyRetentionDays`.
 */
@Injectable()
export class HistoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly access: OperatorAccessService,
    private readonly contacts: ContactsService,
  ) {}

  /** Returns the ids that were deleted now (unknown, other workspaces' and already deleted ids are skipped). */
  async deleteConversations(user: AuthUser, ids: string[]): Promise<string[]> {
    // SPEC A12 / F1: the delete_history right (admins hold it by default; groups may grant it)
    if (!(await this.access.permissions(user)).has(Permission.delete_history)) throw forbidden('You need the "Delete history" right to delete conversations');
    const unique = [...new Set(ids)];
    if (!unique.length) throw badInput('Choose at least one conversation');
    if (unique.length > DELETE_CONVERSATIONS_MAX) throw badInput(`At most ${DELETE_CONVERSATIONS_MAX} conversations at once`);
    if (!unique.every(isUuid)) throw badInput('conversationIds must be UUIDs');
    const deleted = await this.db.transaction(async (m) => {
      const rows: Array<Record<string, unknown> & { id: string; status: ConversationStatus; contact_id: string; last_seq: number }> = (
        await m.query(
          `UPDATE conversations c SET deleted_at = now(), deleted_by = $3, updated_at = now()
           WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[]) AND c.deleted_at IS NULL
           RETURNING c.*`,
          [user.workspaceId, unique, user.operatorId],
        )
      )[0];
      if (!rows.length) return [];
      // the contacts as the inbox named them, read in this transaction through their owner
      const contacts = new Map((await this.contacts.findByIds(user.workspaceId, rows.map((r) => r.contact_id), m)).map((ct) => [ct.id, ct]));
      const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId]);
      await this.audit.record(
        rows.map((r) => ({
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName: actor?.display_name ?? null,
          action: AuditAction.conversationDeleted,
          targetType: 'conversation',
          targetId: r.id,
          // contactName as the inbox showed it (the pseudonym of an anonymous visitor, issue #17): the contact row may go later
          details: {
            status: r.status,
            contactId: r.contact_id,
            contactName: contactDisplayName({ id: r.contact_id, name: contacts.get(r.contact_id)?.name ?? null, email: contacts.get(r.contact_id)?.email ?? null, phone: contacts.get(r.contact_id)?.phone ?? null }),
            contactEmail: contacts.get(r.contact_id)?.email ?? null,
            messages: Number(r.last_seq),
          },
        })),
        m,
      );
      return rows;
    });
    // open lists and threads drop them live (agents only hear of their own, as for every event)
    await Promise.all(
      deleted.map((r) =>
        this.bus.publish<InboxEventPayload>(Topics.inbox(user.workspaceId), {
          kind: InboxEventKind.conversation_deleted,
          conversation: {
            id: r.id,
            workspaceId: user.workspaceId,
            channelId: r['channel_id'] as string,
            contactId: r.contact_id,
            status: r.status,
            assigneeId: (r['assignee_id'] as string | null) ?? null,
            lastSeq: Number(r.last_seq),
            lastMessageAt: new Date(r['last_message_at'] as string).toISOString(),
            lastMessagePreview: (r['last_message_preview'] as string | null) ?? null,
            createdAt: new Date(r['created_at'] as string).toISOString(),
          },
          message: null,
        }),
      ),
    );
    return deleted.map((r) => r.id);
  }

  /** Removes conversations (and by cascade their messages) deleted longer ago than the retention period. */
  async purgeDeleted(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.historyRetentionDays * 86_400_000);
    const [, affected] = await this.db.query(`DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= $1`, [cutoff]);
    return Number(affected ?? 0);
  }
}
