import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TagsService } from '@parley/api/contacts';
import { IdentityService, OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { isUniqueViolation } from '@parley/api/platform/database';
import { badInput, DomainException, forbidden, isUuid, notFound, alreadyExists } from '@parley/api/platform/graphql';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { ConversationPriority, ConversationStatus, ErrorCode, Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { SNOOZE_MAX_DAYS } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { ConversationView } from '../dto/conversation.input';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationFilterInput, SaveFilterInput } from '../dto/inbox-views.input';
import { BulkResultObject, SavedFilterObject, TagObject } from '../dto/inbox-views.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { canSee, conversationSnapshot, isOthersConversation } from './conversation-events';
import { ConversationsService, mapConversationRow } from './conversations.service';

export const WAKE_SNOOZED_CONVERSATIONS_JOB = 'wake-snoozed-conversations';
export type WakeSnoozedConversationsJobData = { now?: string };
export { SNOOZE_MAX_DAYS };
export const SAVED_FILTERS_MAX = 50;

/**
 * Operator actions on inbox rows (SPEC A4, A5): pending, reopen, snooze, priority, tags, bulk
 * assign/close/tag (the same checks per row as one at a time) and saved filters. Every change is
 * published as `conversation_updated`, so other operators' lists and badges follow live.
 */
@Injectable()
export class InboxActionsService {
  private readonly logger = new Logger(InboxActionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationsService,
    private readonly identity: IdentityService,
    private readonly queue: QueueService,
    private readonly tagCatalog: TagsService,
    private readonly access: OperatorAccessService,
  ) {}

  // ---- one conversation -------------------------------------------------------------------

  async markPending(user: AuthUser, id: string): Promise<ConversationEntity> {
    const before = await this.changeable(user, id);
    if (before.status === ConversationStatus.pending) return before;
    if (before.status === ConversationStatus.closed) throw conflict('A closed conversation cannot be set to pending; reopen it first');
    return this.update(before, `status = 'pending', assignee_id = COALESCE(assignee_id, $3::uuid)`, [user.operatorId]);
  }

  async reopen(user: AuthUser, id: string): Promise<ConversationEntity> {
    const before = await this.changeable(user, id);
    if (before.status !== ConversationStatus.closed && before.status !== ConversationStatus.pending) {
      throw conflict('Only a closed or pending conversation can be reopened');
    }
    return this.update(before, `status = CASE WHEN assignee_id IS NULL THEN 'queued' ELSE 'open' END, closed_at = NULL`);
  }

  async snooze(user: AuthUser, id: string, until: Date, now = new Date()): Promise<ConversationEntity> {
    if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw badInput('until must be a date');
    if (until.getTime() <= now.getTime()) throw badInput('Snooze until a time in the future', { field: 'until' });
    if (until.getTime() > now.getTime() + SNOOZE_MAX_DAYS * 86_400_000) throw badInput(`Snooze for at most ${SNOOZE_MAX_DAYS} days`, { field: 'until' });
    const before = await this.changeable(user, id);
    if (before.status === ConversationStatus.closed) throw conflict('A closed conversation cannot be snoozed');
    const after = await this.update(before, `snoozed_until = $3::timestamptz`, [until]);
    // the job wakes what is due at `until` even when its timer fires a little early (Node's timers
    // count from the event loop's cached time, which lags the wall clock under load)
    await this.queue.add(QueueName.maintenance, WAKE_SNOOZED_CONVERSATIONS_JOB, { now: until.toISOString() }, { jobId: `wake-${id}-${until.getTime()}`, delayMs: Math.max(0, until.getTime() - Date.now()) });
    return after;
  }

  async unsnooze(user: AuthUser, id: string): Promise<ConversationEntity> {
    const before = await this.changeable(user, id);
    if (!before.snoozedUntil) return before;
    return this.update(before, `snoozed_until = NULL`);
  }

  async setPriority(user: AuthUser, id: string, priority: ConversationPriority): Promise<ConversationEntity> {
    if (!Object.values(ConversationPriority).includes(priority)) throw badInput('Unknown priority');
    const before = await this.changeable(user, id);
    if (before.priority === priority) return before;
    return this.update(before, `priority = $3`, [priority]);
  }

  /** Wakes every conversation whose snooze has passed (the delayed job, and a sweep each minute). */
  async wakeDue(now = new Date()): Promise<number> {
    const [rows] = await this.db.query(
      `UPDATE conversations SET snoozed_until = NULL, updated_at = now()
       WHERE snoozed_until IS NOT NULL AND snoozed_until <= $1 AND deleted_at IS NULL RETURNING *`,
      [now],
    );
    const repo = this.db.getRepository(ConversationEntity);
    for (const r of rows as Array<Record<string, unknown>>) {
      const c = repo.create(mapConversationRow(r));
      await this.conversations.publish({ kind: InboxEventKind.conversation_updated, conversation: conversationSnapshot(c), message: null, previousStatus: c.status, previousAssigneeId: c.assigneeId });
    }
    return rows.length;
  }

  // ---- tags -----------------------------------------------------------------------------------

  tags(user: AuthUser): Promise<TagObject[]> {
    return this.tagCatalog.list(user.workspaceId);
  }

  /** Returns the workspace tag with this name (case-insensitive), creating it when missing. */
  async createTag(user: AuthUser, rawName: string): Promise<TagObject> {
    assertCanReply(user);
    // E1: a new tag needs the "Create tags" right (an existing one is found for anybody who replies)
    const mayCreate = (await this.access.permissions(user)).has(Permission.create_tags);
    return this.tagCatalog.findOrCreate(user.workspaceId, rawName, 'name', undefined, { mayCreate, onCreated: (t) => this.tagCatalog.audit(user, t) });
  }

  async untag(user: AuthUser, conversationId: string, tagId: string): Promise<ConversationEntity> {
    await this.tagOf(user, tagId);
    await this.tagCatalog.assertNotLocked(user.workspaceId, tagId);
    const c = await this.changeable(user, conversationId);
    await this.db.query(`DELETE FROM conversation_tags WHERE conversation_id = $1 AND tag_id = $2`, [conversationId, tagId]);
    await this.publishUpdated(c, c);
    return c;
  }

  // ---- bulk -----------------------------------------------------------------------------------

  bulkClose(user: AuthUser, ids: string[]): Promise<BulkResultObject> {
    assertCanReply(user);
    return this.perRow(ids, async (id) => {
      await this.conversations.close(user, id);
    });
  }

  async bulkTag(user: AuthUser, ids: string[], tagId: string): Promise<BulkResultObject> {
    assertCanReply(user);
    await this.tagOf(user, tagId);
    await this.tagCatalog.assertNotLocked(user.workspaceId, tagId);
    return this.perRow(ids, async (id) => {
      const c = await this.changeable(user, id);
      await this.db.query(
        `INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [id, tagId, user.workspaceId],
      );
      await this.publishUpdated(c, c);
    });
  }

  /**
   * Supervisors and admins assign any conversation; an agent assigns the queue's and their own
   * (e.g. hands one to a colleague), not another agent's. The assignee must be able to reply.
   */
  async bulkAssign(user: AuthUser, ids: string[], assigneeId: string): Promise<BulkResultObject> {
    assertCanReply(user);
    const [target] = await this.identity.findOperatorsByIds(user.workspaceId, [assigneeId]);
    if (!target) throw notFound('Operator');
    if (!ROLES_THAT_REPLY.includes(target.role)) throw badInput('Observers cannot be assigned conversations', { field: 'assigneeId' });
    return this.perRow(ids, async (id) => {
      const before = await this.changeable(user, id);
      if (before.assigneeId === assigneeId) return;
      await this.update(
        before,
        `assignee_id = $3::uuid, status = CASE WHEN status IN ('queued', 'bot') THEN 'open' ELSE status END`,
        [assigneeId],
        `assignee_id IS NOT DISTINCT FROM $4::uuid`,
        [before.assigneeId],
      );
    });
  }

  // ---- saved filters --------------------------------------------------------------------------

  async savedFilters(user: AuthUser): Promise<SavedFilterObject[]> {
    const rows: Array<{ id: string; name: string; view: ConversationView; filter: Record<string, unknown> }> = await this.db.query(
      `SELECT id, name, view, filter FROM saved_filters WHERE workspace_id = $1 AND operator_id = $2 ORDER BY lower(name), id`,
      [user.workspaceId, user.operatorId],
    );
    return rows.map(toSavedFilter);
  }

  async saveFilter(user: AuthUser, input: SaveFilterInput): Promise<SavedFilterObject> {
    const name = input.name.trim();
    if (!name) throw badInput('Enter a name', { field: 'name' });
    const filter = input.filter ?? {};
    if (filter.tagId) await this.tagOf(user, filter.tagId, () => badInput('Unknown tag', { field: 'tagId' }));
    if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) throw badInput('"from" must be before "to"');
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM saved_filters WHERE operator_id = $1`, [user.operatorId]);
    if (n >= SAVED_FILTERS_MAX) throw badInput(`At most ${SAVED_FILTERS_MAX} saved filters; delete one first`);
    try {
      const [row] = await this.db.query(
        `INSERT INTO saved_filters (workspace_id, operator_id, name, view, filter) VALUES ($1, $2, $3, $4, $5) RETURNING id, name, view, filter`,
        [user.workspaceId, user.operatorId, name, input.view, JSON.stringify(compact(filter))],
      );
      return toSavedFilter(row);
    } catch (e) {
      if (isUniqueViolation(e, 'saved_filters_operator_name_key')) throw alreadyExists('You already have a saved filter with this name', { field: 'name' });
      throw e;
    }
  }

  async deleteSavedFilter(user: AuthUser, id: string): Promise<string> {
    if (!isUuid(id)) throw notFound('Saved filter');
    const [, count] = await this.db.query(`DELETE FROM saved_filters WHERE id = $1 AND operator_id = $2 AND workspace_id = $3`, [id, user.operatorId, user.workspaceId]);
    if (!count) throw notFound('Saved filter');
    return id;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Reply role, visible to the caller, and for an agent: unassigned, their own or invited into (B7). */
  private async changeable(user: AuthUser, id: string): Promise<ConversationEntity> {
    assertCanReply(user);
    const c = await this.conversations.findById(user.workspaceId, id);
    if (!c) throw notFound('Conversation');
    if (!canSee(user, c)) throw forbidden('This conversation belongs to another operator');
    if (isOthersConversation(user, c)) throw forbidden('This conversation belongs to another operator');
    return c;
  }

  private async tagOf(user: AuthUser, tagId: string, error = () => notFound('Tag')): Promise<void> {
    if (!(await this.tagCatalog.findById(user.workspaceId, tagId))) throw error();
  }

  /** UPDATE … SET `set` (params from $3) on a live conversation, then publish; CONFLICT when it changed meanwhile. */
  private async update(before: ConversationEntity, set: string, params: unknown[] = [], extraWhere?: string, extraParams: unknown[] = []): Promise<ConversationEntity> {
    const [rows] = await this.db.query(
      `UPDATE conversations SET ${set}, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL ${extraWhere ? `AND ${extraWhere}` : ''} RETURNING *`,
      [before.id, before.workspaceId, ...params, ...extraParams],
    );
    if (!rows.length) throw conflict('The conversation changed meanwhile; try again');
    const after = this.db.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    await this.publishUpdated(before, after);
    return after;
  }

  private publishUpdated(before: ConversationEntity, after: ConversationEntity): Promise<void> {
    return this.conversations.publish({
      kind: InboxEventKind.conversation_updated,
      conversation: conversationSnapshot(after),
      message: null,
      previousStatus: before.status,
      previousAssigneeId: before.assigneeId,
    });
  }

  /** Runs `fn` for each distinct id; a DomainException fails that row only. */
  private async perRow(ids: string[], fn: (id: string) => Promise<void>): Promise<BulkResultObject> {
    const result: BulkResultObject = { succeededIds: [], failures: [] };
    for (const id of [...new Set(ids)]) {
      try {
        await fn(id);
        result.succeededIds.push(id);
      } catch (e) {
        if (!(e instanceof DomainException)) {
          this.logger.error(`bulk action failed on ${id}: ${(e as Error).message}`);
          throw e;
        }
        result.failures.push({ conversationId: id, code: e.code, message: e.message });
      }
    }
    return result;
  }
}

function assertCanReply(user: AuthUser): void {
  if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read conversations but not change them');
}

function conflict(message: string): DomainException {
  return new DomainException(ErrorCode.Conflict, message);
}

function compact(f: ConversationFilterInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

function toSavedFilter(r: { id: string; name: string; view: ConversationView; filter: Record<string, unknown> }): SavedFilterObject {
  const f = r.filter ?? {};
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  return {
    id: r.id,
    name: r.name,
    view: r.view,
    filter: {
      channelId: (f['channelId'] as string) ?? null,
      status: (f['status'] as ConversationStatus) ?? null,
      assigneeId: (f['assigneeId'] as string) ?? null,
      tagId: (f['tagId'] as string) ?? null,
      groupId: (f['groupId'] as string) ?? null,
      priority: (f['priority'] as ConversationPriority) ?? null,
      from: date(f['from']),
      to: date(f['to']),
    },
  };
}
