import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ConversationStatus, OperatorStatus } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { conversationSnapshot } from '../services/conversation-events';
import { ConversationsService, mapConversationRow } from '../services/conversations.service';
import { eligibleOperatorSql, OPEN_CHATS_SQL } from './routing-sql';

export const AUTO_ASSIGN_MODES = ['off', 'round_robin', 'least_busy'] as const;
export type AutoAssignMode = (typeof AUTO_ASSIGN_MODES)[number];

/** Most queued conversations one drain looks at. */
const DRAIN_MAX = 200;

/**
 * SPEC B4/B5 auto-assignment. When the workspace's option is on, a queued conversation goes to an
 * eligible operator (online, in its group, below their limit), chosen round robin (longest since
 * their last assignment) or least busy (fewest open chats). Race-safe: assignments of a workspace
 * are serialised by a transaction-scoped advisory lock and the conversation and operator rows
 * are locked (a concurrent manual take re-checked: it stays with whoever got it first), so
 * concurrent drains never double-assign or overfill, and no free operator is skipped.
 */
@Injectable()
export class AssignmentService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AssignmentService.name);
  private off: (() => void) | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly conversations: ConversationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // an operator came online somewhere (login, status switch, working hours): their queue may drain
    this.off = await this.bus.subscribe<{ workspaceId: string; status?: string }>(Topics.operatorsAll, (e) => {
      if (e.status === OperatorStatus.online) void this.drain(e.workspaceId).catch((err) => this.logger.warn(`drain failed: ${err}`));
    });
  }

  onApplicationShutdown(): void {
    this.off?.();
  }

  async mode(workspaceId: string): Promise<AutoAssignMode> {
    const [row] = await this.db.query(`SELECT auto_assign FROM workspaces WHERE id = $1`, [workspaceId]);
    return (row?.auto_assign as AutoAssignMode) ?? 'off';
  }

  /** Assigns what the queue can give away now (oldest first). Returns how many were assigned. */
  async drain(workspaceId: string): Promise<number> {
    const mode = await this.mode(workspaceId);
    if (mode === 'off') return 0;
    const queued: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL AND deleted_at IS NULL
       ORDER BY created_at, id LIMIT ${DRAIN_MAX}`,
      [workspaceId],
    );
    let assigned = 0;
    for (const q of queued) if (await this.assign(workspaceId, q.id, mode)) assigned++;
    return assigned;
  }

  /** Assigns one queued conversation if the option is on and someone eligible is free. */
  async assignIfEnabled(workspaceId: string, conversationId: string): Promise<boolean> {
    const mode = await this.mode(workspaceId);
    return mode === 'off' ? false : this.assign(workspaceId, conversationId, mode);
  }

  private async assign(workspaceId: string, conversationId: string, mode: Exclude<AutoAssignMode, 'off'>): Promise<boolean> {
    const order = mode === 'least_busy' ? `${OPEN_CHATS_SQL('o')} ASC, o.last_assigned_at ASC NULLS FIRST, o.id` : `o.last_assigned_at ASC NULLS FIRST, o.id`;
    const result = await this.db.transaction(async (m) => {
      // one assignment at a time per workspace: every statement after the lock sees the previous
      // assignment committed, so limits hold and no eligible operator is skipped by a lock
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('parley:assign:' || $1::text))`, [workspaceId]);
      const [c] = await m.query(
        `SELECT id, group_id, status FROM conversations
         WHERE id = $1 AND workspace_id = $2 AND status = 'queued' AND assignee_id IS NULL AND deleted_at IS NULL
         FOR UPDATE`,
        [conversationId, workspaceId],
      );
      if (!c) return null;
      const [op] = await m.query(`SELECT o.id FROM operators o WHERE ${eligibleOperatorSql('o', '$1', '$2')} ORDER BY ${order} LIMIT 1 FOR UPDATE OF o`, [workspaceId, c.group_id]);
      if (!op) return null;
      const [rows] = await m.query(
        `UPDATE conversations SET assignee_id = $3, status = 'open', updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`,
        [conversationId, workspaceId, op.id],
      );
      await m.query(`UPDATE operators SET last_assigned_at = clock_timestamp() WHERE id = $1`, [op.id]);
      return m.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    });
    if (!result) return false;
    await this.conversations.publish({
      kind: InboxEventKind.conversation_updated,
      conversation: conversationSnapshot(result),
      message: null,
      previousStatus: ConversationStatus.queued,
      previousAssigneeId: null,
    });
    return true;
  }
}
