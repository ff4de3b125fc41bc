import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GroupsService, OperatorEntity } from '@parley/api/identity';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ConversationStatus, OperatorRole, OperatorStatus, ROLES_THAT_SEE_ALL } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { InboxEventKind } from '../dto/inbox-event.object';
import { ConversationEntity } from '../entities/conversation.entity';
import { conversationSnapshot } from '../services/conversation-events';
import { ConversationsService, mapConversationRow } from '../services/conversations.service';
import { AssignmentService, AUTO_ASSIGN_MODES, AutoAssignMode } from './assignment.service';
import { WorkingHours, validateWorkingHours } from './working-hours';

export const MAX_CHATS_LIMIT = 1000;
const STATUSES: readonly string[] = Object.values(OperatorStatus);

/** SPEC B3–B6 operator side: status, limits, working hours, the auto-assignment option, moving a chat to a group. */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly groups: GroupsService,
    private readonly conversations: ConversationsService,
    private readonly assignment: AssignmentService,
  ) {}

  async setStatus(workspaceId: string, operatorId: string, status: unknown): Promise<OperatorEntity> {
    if (typeof status !== 'string' || !STATUSES.includes(status)) throw badInput(`status must be one of: ${STATUSES.join(', ')}`, { field: 'status' });
    const repo = this.db.getRepository(OperatorEntity);
    // the operator's own choice: an automatic Away/Offline is forgotten, and the presence clock starts again (issue #17)
    const [, affected] = (await this.db.query(
      `UPDATE operators SET status = $3, presence_chosen = NULL, presence_gone_at = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [operatorId, workspaceId, status],
    )) as [unknown, number];
    if (!affected) throw notFound('Operator');
    await this.announce(workspaceId, 'status', operatorId, status);
    return repo.findOneOrFail({ where: { id: operatorId, workspaceId } });
  }

  async updateOperatorRouting(admin: AuthUser, operatorId: string, maxChats: unknown, workingHours: unknown): Promise<OperatorEntity> {
    if (admin.role !== OperatorRole.admin) throw forbidden('Only admins can change chat limits and working hours');
    if (maxChats !== null && maxChats !== undefined && (!Number.isInteger(maxChats) || (maxChats as number) < 0 || (maxChats as number) > MAX_CHATS_LIMIT)) {
      throw badInput(`maxChats: a whole number from 0 to ${MAX_CHATS_LIMIT}, or empty for unlimited`, { field: 'maxChats' });
    }
    let hours: WorkingHours | null = null;
    if (workingHours !== null && workingHours !== undefined) {
      const w = workingHours as WorkingHours;
      const errors = validateWorkingHours(w);
      if (errors.length) throw badInput(`workingHours.${errors.join('; workingHours.')}`, { field: 'workingHours', errors });
      hours = { timezone: w.timezone, auto: w.auto, ranges: w.ranges.map((r) => ({ day: r.day, start: r.start, end: r.end })) };
    }
    const repo = this.db.getRepository(OperatorEntity);
    const before = isUuid(operatorId) ? await repo.findOne({ where: { id: operatorId, workspaceId: admin.workspaceId } }) : null;
    if (!before) throw notFound('Operator');
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE operators SET max_chats = $3, working_hours = $4::jsonb, working_hours_inside = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
        operatorId,
        admin.workspaceId,
        maxChats ?? null,
        hours ? JSON.stringify(hours) : null,
      ]);
      const actor = await m.getRepository(OperatorEntity).findOne({ where: { id: admin.operatorId } });
      await this.audit.record(
        {
          workspaceId: admin.workspaceId,
          actorId: admin.operatorId,
          actorName: actor?.displayName ?? null,
          action: AuditAction.operatorRoutingChanged,
          targetType: 'operator',
          targetId: operatorId,
          details: { displayName: before.displayName, maxChats: maxChats ?? null, workingHours: hours },
        },
        m,
      );
    });
    await this.announce(admin.workspaceId, 'routing', operatorId);
    await this.assignment.drain(admin.workspaceId);
    return repo.findOneOrFail({ where: { id: operatorId, workspaceId: admin.workspaceId } });
  }

  async setAutoAssign(admin: AuthUser, mode: unknown): Promise<AutoAssignMode> {
    if (admin.role !== OperatorRole.admin) throw forbidden('Only admins can change auto-assignment');
    if (typeof mode !== 'string' || !(AUTO_ASSIGN_MODES as readonly string[]).includes(mode)) throw badInput(`autoAssign must be one of: ${AUTO_ASSIGN_MODES.join(', ')}`, { field: 'autoAssign' });
    const before = await this.assignment.mode(admin.workspaceId);
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE workspaces SET auto_assign = $2 WHERE id = $1`, [admin.workspaceId, mode]);
      const actor = await m.getRepository(OperatorEntity).findOne({ where: { id: admin.operatorId } });
      await this.audit.record(
        { workspaceId: admin.workspaceId, actorId: admin.operatorId, actorName: actor?.displayName ?? null, action: AuditAction.autoAssignChanged, targetType: 'workspace', targetId: admin.workspaceId, details: { before, after: mode } },
        m,
      );
    });
    await this.announce(admin.workspaceId, 'routing');
    await this.assignment.drain(admin.workspaceId);
    return mode as AutoAssignMode;
  }

  /** SPEC B3 "by hand": supervisors and admins, or the agent the chat is assigned to. Live for everyone. */
  async moveToGroup(user: AuthUser, conversationId: string, groupId: string | null): Promise<ConversationEntity> {
    const before = await this.conversations.getForOperator(user, conversationId);
    const mayMove = (ROLES_THAT_SEE_ALL.includes(user.role) && user.role !== OperatorRole.observer) || (user.role === OperatorRole.agent && before.assigneeId === user.operatorId);
    if (!mayMove) throw forbidden('Only supervisors, admins or the assigned agent can move a conversation to another group');
    if (groupId !== null && groupId !== undefined && !(await this.groups.find(user.workspaceId, groupId))) throw notFound('Group');
    const target = groupId ?? null;
    if (before.groupId === target) return before;
    const [rows] = await this.db.query(`UPDATE conversations SET group_id = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL RETURNING *`, [
      conversationId,
      user.workspaceId,
      target,
    ]);
    if (!rows.length) throw notFound('Conversation');
    const conversation = this.db.getRepository(ConversationEntity).create(mapConversationRow(rows[0]));
    await this.conversations.publish({
      kind: InboxEventKind.conversation_updated,
      conversation: conversationSnapshot(conversation),
      message: null,
      previousStatus: before.status,
      previousAssigneeId: before.assigneeId,
      previousGroupId: before.groupId,
    });
    if (conversation.status === ConversationStatus.queued) await this.assignment.assignIfEnabled(user.workspaceId, conversation.id);
    return conversation;
  }

  private async announce(workspaceId: string, kind: 'status' | 'routing', operatorId?: string, status?: string): Promise<void> {
    const e = { kind, workspaceId, operatorId, status };
    await Promise.all([this.bus.publish(Topics.operators(workspaceId), e), this.bus.publish(Topics.operatorsAll, e)]);
  }
}
