import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TagsService } from '@parley/api/contacts';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, encodeCursor } from '@parley/api/platform/graphql';
import { TagMatch } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { ConversationView } from '../dto/conversation.input';
import { ConversationFilterInput } from '../dto/inbox-views.input';
import { ViewCountObject } from '../dto/inbox-views.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { mapConversationRow } from './conversations.service';
import { visibilitySql } from './visibility-sql';

export const INBOX_PAGE_MAX = 100;

/** The views that carry an unread badge (snoozed conversations wait, so they have none). */
export const COUNTED_VIEWS = [ConversationView.mine, ConversationView.queue, ConversationView.all, ConversationView.pending, ConversationView.closed] as const;

/** Positional SQL parameters: `p(value)` binds a value and returns its placeholder. */
class Params {
  readonly values: unknown[] = [];
  p = (value: unknown, cast = ''): string => `$${this.values.push(value)}${cast}`;
}

/**
 * The inbox lists (SPEC A4) and their unread badges. Every list is sorted by last activity and
 * keyset-paged over (last_message_at, id); who may see what comes from `visibilitySql`, the one
 * place that decides it (the same rule as `canSee` for single conversations and live events).
 */
@Injectable()
export class InboxQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tags: TagsService,
  ) {}

  /** SQL of a view's own condition over the alias `c` (snooze: only the snoozed view shows them). */
  private viewSql(user: AuthUser, view: ConversationView, q: Params): string {
    const live = 'c.snoozed_until IS NULL';
    switch (view) {
      case ConversationView.mine: {
        // SPEC B7: the chats the operator was invited into are theirs too
        const me = q.p(user.operatorId, '::uuid');
        return `${live} AND (c.assignee_id = ${me} OR c.participant_ids @> ARRAY[${me}]) AND c.status <> 'closed'`;
      }
      case ConversationView.queue:
        return `${live} AND c.status = 'queued' AND c.assignee_id IS NULL`;
      case ConversationView.pending:
        return `${live} AND c.status = 'pending'`;
      case ConversationView.closed:
        return `${live} AND c.status = 'closed'`;
      case ConversationView.snoozed:
        return 'c.snoozed_until IS NOT NULL';
      case ConversationView.all:
        return live;
      default:
        throw badInput('Unknown view');
    }
  }

  /** One line per filter field: adding a filter (e.g. groupId) adds one line here. */
  private async filterSql(user: AuthUser, f: ConversationFilterInput | undefined, q: Params): Promise<string[]> {
    if (!f) return [];
    const parts: string[] = [];
    if (f.channelId) parts.push(`c.channel_id = ${q.p(f.channelId, '::uuid')}`);
    if (f.status) parts.push(`c.status = ${q.p(f.status)}`);
    if (f.assigneeId) parts.push(`c.assignee_id = ${q.p(f.assigneeId, '::uuid')}`);
    if (f.groupId) parts.push(`c.group_id = ${q.p(f.groupId, '::uuid')}`);
    if (f.priority) parts.push(`c.priority = ${q.p(f.priority)}`);
    if (f.from) parts.push(`c.last_message_at >= ${q.p(f.from, '::timestamptz')}`);
    if (f.to) parts.push(`c.last_message_at < ${q.p(f.to, '::timestamptz')}`);
    if (f.from && f.to && f.from.getTime() >= f.to.getTime()) throw badInput('"from" must be before "to"');
    if (f.tagId) {
      if (!(await this.tags.findById(user.workspaceId, f.tagId))) throw badInput('Unknown tag', { field: 'tagId' });
      parts.push(`EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id AND ct.tag_id = ${q.p(f.tagId, '::uuid')})`);
    }
    if (f.tagIds?.length) {
      const ids = [...new Set(f.tagIds)];
      if ((await this.tags.findByIds(user.workspaceId, ids)).length !== ids.length) throw badInput('Unknown tag', { field: 'tagIds' });
      // E1: one tag set — a tag on the conversation or on its client counts; both probes are primary-key lookups
      const has = (tag: string) =>
        `(EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id AND ct.tag_id = ${tag})
          OR EXISTS (SELECT 1 FROM contact_tags kt WHERE kt.contact_id = c.contact_id AND kt.tag_id = ${tag}))`;
      const list = q.p(ids, '::uuid[]');
      parts.push(
        f.tagMatch === TagMatch.all
          ? `NOT EXISTS (SELECT 1 FROM unnest(${list}) AS want(id) WHERE NOT ${has('want.id')})`
          : `(EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = c.id AND ct.tag_id = ANY(${list}))
              OR EXISTS (SELECT 1 FROM contact_tags kt WHERE kt.contact_id = c.contact_id AND kt.tag_id = ANY(${list})))`,
      );
    }
    return parts;
  }

  async list(
    user: AuthUser,
    view: ConversationView,
    filter: ConversationFilterInput | undefined,
    first: number,
    after: string | undefined,
  ): Promise<{ nodes: ConversationEntity[]; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > INBOX_PAGE_MAX) throw badInput(`first must be between 1 and ${INBOX_PAGE_MAX}`);
    const q = new Params();
    const where = [`c.workspace_id = ${q.p(user.workspaceId, '::uuid')}`, 'c.deleted_at IS NULL', this.viewSql(user, view, q)];
    const visible = visibilitySql(user, 'c', () => q.p(user.operatorId, '::uuid'));
    if (visible) where.push(visible);
    where.push(...(await this.filterSql(user, filter, q)));
    if (after) {
      const cur = decodeCursor(after);
      where.push(`(c.last_message_at, c.id) < (${q.p(cur.at, '::timestamptz')}, ${q.p(cur.id, '::uuid')})`);
    }
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT c.* FROM conversations c WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${q.p(first + 1)}`,
      q.values,
    );
    const repo = this.db.getRepository(ConversationEntity);
    const nodes = rows.slice(0, first).map((r) => repo.create(mapConversationRow(r)));
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null };
  }

  /**
   * Unread conversations per view in one pass over `conversations_unread_idx`, which holds only
   * unread live conversations: the cost follows the unread share, not the table (see the bench).
   */
  async unreadCounts(user: AuthUser): Promise<ViewCountObject[]> {
    const q = new Params();
    const where = [`c.workspace_id = ${q.p(user.workspaceId, '::uuid')}`, 'c.last_seq > c.operator_read_seq', 'c.deleted_at IS NULL', 'c.snoozed_until IS NULL'];
    const visible = visibilitySql(user, 'c', () => q.p(user.operatorId, '::uuid'));
    if (visible) where.push(visible);
    const me = q.p(user.operatorId, '::uuid');
    const [row] = await this.db.query(
      `SELECT count(*) FILTER (WHERE (c.assignee_id = ${me} OR c.participant_ids @> ARRAY[${me}]) AND c.status <> 'closed') AS mine,
              count(*) FILTER (WHERE c.status = 'queued' AND c.assignee_id IS NULL) AS queue,
              count(*) AS "all",
              count(*) FILTER (WHERE c.status = 'pending') AS pending,
              count(*) FILTER (WHERE c.status = 'closed') AS closed
       FROM conversations c WHERE ${where.join(' AND ')}`,
      q.values,
    );
    return COUNTED_VIEWS.map((view) => ({ view, unread: Number(row[view]) }));
  }
}

export { Params as InboxSqlParams };
