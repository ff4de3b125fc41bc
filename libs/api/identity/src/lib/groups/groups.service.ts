import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { isUniqueViolation } from '@parley/api/platform/database';
import { alreadyExists, badInput, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { OperatorEntity } from '../entities/operator.entity';
import { GroupEntity } from './group.entity';

export const GROUP_NAME_MAX = 80;
export const GROUP_DESCRIPTION_MAX = 500;
export const GROUPS_MAX = 200;

/** Published on Topics.operators(workspaceId) whenever routing-relevant operator data changes. */
export interface OperatorsTopicEvent {
  kind: 'status' | 'routing' | 'groups';
  workspaceId: string;
  operatorId?: string;
  status?: string;
}

/**
 * SPEC B3: groups (departments) and their members. Every write is admin-only (checked by the
 * resolver's @Roles and again here), audited, and announced on Topics.operators.
 */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
  ) {}

  list(workspaceId: string): Promise<GroupEntity[]> {
    return this.db.getRepository(GroupEntity).find({ where: { workspaceId }, order: { name: 'ASC' }, take: GROUPS_MAX });
  }

  /** The workspace's group, or null (also for malformed ids and other workspaces' groups). */
  async find(workspaceId: string, id: string | null | undefined): Promise<GroupEntity | null> {
    if (typeof id !== 'string' || !isUuid(id)) return null;
    return this.db.getRepository(GroupEntity).findOne({ where: { id, workspaceId } });
  }

  async get(workspaceId: string, id: string): Promise<GroupEntity> {
    const g = await this.find(workspaceId, id);
    if (!g) throw notFound('Group');
    return g;
  }

  findByIds(workspaceId: string, ids: readonly string[]): Promise<GroupEntity[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return Promise.resolve([]);
    return this.db.getRepository(GroupEntity).createQueryBuilder('g').where('g.workspace_id = :ws AND g.id IN (:...ids)', { ws: workspaceId, ids: valid }).getMany();
  }

  /** Ids of the groups the operator belongs to. */
  async groupIdsOf(workspaceId: string, operatorId: string): Promise<string[]> {
    const rows: Array<{ group_id: string }> = await this.db.query(`SELECT group_id FROM operator_group_members WHERE operator_id = $1 AND workspace_id = $2`, [operatorId, workspaceId]);
    return rows.map((r) => r.group_id);
  }

  /** Members of several groups at once (DataLoader), operators sorted by name. */
  async membersOf(workspaceId: string, groupIds: readonly string[]): Promise<Map<string, OperatorEntity[]>> {
    const map = new Map<string, OperatorEntity[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return map;
    const rows: Array<{ group_id: string; id: string }> = await this.db.query(
      `SELECT m.group_id, o.id FROM operator_group_members m JOIN operators o ON o.id = m.operator_id
       WHERE m.workspace_id = $1 AND m.group_id = ANY($2::uuid[]) ORDER BY o.display_name, o.id`,
      [workspaceId, groupIds.filter(isUuid)],
    );
    const ops = rows.length ? await this.db.getRepository(OperatorEntity).createQueryBuilder('o').where('o.id IN (:...ids)', { ids: [...new Set(rows.map((r) => r.id))] }).getMany() : [];
    const byId = new Map(ops.map((o) => [o.id, o]));
    for (const r of rows) map.get(r.group_id)?.push(byId.get(r.id) as OperatorEntity);
    return map;
  }

  /** Groups of several operators at once (DataLoader). */
  async groupsOfOperators(workspaceId: string, operatorIds: readonly string[]): Promise<Map<string, GroupEntity[]>> {
    const map = new Map<string, GroupEntity[]>(operatorIds.map((id) => [id, []]));
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT m.operator_id, g.id, g.workspace_id, g.name, g.description, g.created_at, g.updated_at
       FROM operator_group_members m JOIN operator_groups g ON g.id = m.group_id
       WHERE m.workspace_id = $1 AND m.operator_id = ANY($2::uuid[]) ORDER BY g.name`,
      [workspaceId, operatorIds.filter(isUuid)],
    );
    for (const r of rows) {
      map.get(r['operator_id'] as string)?.push(Object.assign(new GroupEntity(), { id: r['id'], workspaceId: r['workspace_id'], name: r['name'], description: r['description'], createdAt: r['created_at'], updatedAt: r['updated_at'] }));
    }
    return map;
  }

  async create(user: AuthUser, name: unknown, description: unknown): Promise<GroupEntity> {
    const fields = this.validate(name, description);
    return this.write(user, async (m) => {
      const repo = m.getRepository(GroupEntity);
      const saved = await repo.save(repo.create({ workspaceId: user.workspaceId, ...fields }));
      await this.record(m, user, AuditAction.groupCreated, saved.id, fields);
      return saved;
    });
  }

  async update(user: AuthUser, id: string, name: unknown, description: unknown): Promise<GroupEntity> {
    const group = await this.get(user.workspaceId, id);
    const fields = this.validate(name, description);
    return this.write(user, async (m) => {
      await m.getRepository(GroupEntity).update({ id: group.id, workspaceId: user.workspaceId }, fields);
      await this.record(m, user, AuditAction.groupUpdated, group.id, { before: { name: group.name, description: group.description }, after: fields });
      return m.getRepository(GroupEntity).findOneOrFail({ where: { id: group.id } });
    });
  }

  /** Conversations of the group keep existing without a group (ON DELETE SET NULL). */
  async delete(user: AuthUser, id: string): Promise<boolean> {
    const group = await this.get(user.workspaceId, id);
    await this.write(user, async (m) => {
      await m.getRepository(GroupEntity).delete({ id: group.id, workspaceId: user.workspaceId });
      await this.record(m, user, AuditAction.groupDeleted, group.id, { name: group.name });
    });
    return true;
  }

  async setMembers(user: AuthUser, groupId: string, operatorIds: unknown): Promise<GroupEntity> {
    const group = await this.get(user.workspaceId, groupId);
    if (!Array.isArray(operatorIds) || operatorIds.some((id) => typeof id !== 'string')) throw badInput('operatorIds must be a list of operator ids', { field: 'operatorIds' });
    const ids = [...new Set(operatorIds as string[])];
    if (ids.length > 1000) throw badInput('At most 1000 members', { field: 'operatorIds' });
    if (!ids.every(isUuid)) throw badInput('operatorIds must be operator ids', { field: 'operatorIds' });
    const found: Array<{ id: string }> = ids.length ? await this.db.query(`SELECT id FROM operators WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [user.workspaceId, ids]) : [];
    if (found.length !== ids.length) throw notFound('Operator');
    return this.write(user, async (m) => {
      await m.query(`DELETE FROM operator_group_members WHERE group_id = $1`, [group.id]);
      if (ids.length) {
        await m.query(`INSERT INTO operator_group_members (group_id, operator_id, workspace_id) SELECT $1, unnest($2::uuid[]), $3`, [group.id, ids, user.workspaceId]);
      }
      await this.record(m, user, AuditAction.groupMembersChanged, group.id, { name: group.name, operatorIds: ids });
      return group;
    });
  }

  private validate(name: unknown, description: unknown): { name: string; description: string } {
    if (typeof name !== 'string' || !name.trim()) throw badInput('name: Required', { field: 'name' });
    if (name.trim().length > GROUP_NAME_MAX) throw badInput(`name: At most ${GROUP_NAME_MAX} characters`, { field: 'name' });
    const d = description ?? '';
    if (typeof d !== 'string') throw badInput('description: Must be text', { field: 'description' });
    if (d.trim().length > GROUP_DESCRIPTION_MAX) throw badInput(`description: At most ${GROUP_DESCRIPTION_MAX} characters`, { field: 'description' });
    return { name: name.trim(), description: d.trim() };
  }

  private async write<T>(user: AuthUser, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await this.db.transaction(fn);
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('A group with this name already exists', { field: 'name' });
      throw e;
    }
    await this.bus.publish<OperatorsTopicEvent>(Topics.operators(user.workspaceId), { kind: 'groups', workspaceId: user.workspaceId });
    return result;
  }

  private async record(m: EntityManager, user: AuthUser, action: AuditAction, groupId: string, details: Record<string, unknown>): Promise<void> {
    const actor = await m.getRepository(OperatorEntity).findOne({ where: { id: user.operatorId, workspaceId: user.workspaceId } });
    await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.displayName ?? null, action, targetType: 'group', targetId: groupId, details }, m);
  }
}
