import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { isUniqueViolation } from '@parley/api/platform/database';
import { alreadyExists, badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { OperatorRole, Permission, PERMISSIONS } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { PermissionGroupObject } from '../dto/permission-group.input';
import { IdentityService } from './identity.service';
import { publishOperatorUpdated } from './operator-events';

export const MAX_PERMISSION_GROUPS = 200;

interface GroupRow {
  id: string;
  name: string;
  permissions: string[];
  member_ids: string[];
}

const toObject = (r: GroupRow): PermissionGroupObject => ({
  id: r.id,
  name: r.name,
  permissions: r.permissions.filter((p): p is Permission => (PERMISSIONS as string[]).includes(p)),
  memberIds: r.member_ids ?? [],
});

/** SPEC F1: permission groups (name + rights) and their members, managed by admins; every change audited. */
@Injectable()
export class PermissionGroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async list(workspaceId: string): Promise<PermissionGroupObject[]> {
    const rows: GroupRow[] = await this.db.query(
      `SELECT g.id, g.name, g.permissions,
              coalesce(array_agg(m.operator_id ORDER BY m.operator_id) FILTER (WHERE m.operator_id IS NOT NULL), '{}') AS member_ids
       FROM permission_groups g LEFT JOIN permission_group_members m ON m.group_id = g.id
       WHERE g.workspace_id = $1 GROUP BY g.id ORDER BY lower(g.name) LIMIT ${MAX_PERMISSION_GROUPS}`,
      [workspaceId],
    );
    return rows.map(toObject);
  }

  async create(caller: AuthUser, name: string, permissions: Permission[]): Promise<PermissionGroupObject> {
    this.assertAdmin(caller);
    const clean = this.cleanName(name);
    const perms = [...new Set(permissions)];
    const id = await this.unique(() =>
      this.db.transaction(async (m) => {
        const [{ count }] = await m.query(`SELECT count(*)::int AS count FROM permission_groups WHERE workspace_id = $1`, [caller.workspaceId]);
        if (count >= MAX_PERMISSION_GROUPS) throw badInput(`At most ${MAX_PERMISSION_GROUPS} groups`);
        const [row] = await m.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, $2, $3) RETURNING id`, [caller.workspaceId, clean, perms]);
        await this.record(m, caller, AuditAction.permissionGroupCreated, row.id, { name: clean, permissions: perms });
        return row.id as string;
      }),
    );
    return this.get(caller.workspaceId, id);
  }

  async update(caller: AuthUser, id: string, name: string | undefined, permissions: Permission[] | undefined): Promise<PermissionGroupObject> {
    this.assertAdmin(caller);
    if (!isUuid(id)) throw badInput('id must be a UUID');
    const clean = name === undefined ? undefined : this.cleanName(name);
    const perms = permissions === undefined ? undefined : [...new Set(permissions)];
    await this.unique(() =>
      this.db.transaction(async (m) => {
        const [before] = await m.query(`SELECT name, permissions FROM permission_groups WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [id, caller.workspaceId]);
        if (!before) throw notFound('Group');
        await m.query(`UPDATE permission_groups SET name = coalesce($3, name), permissions = coalesce($4, permissions), updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
          id,
          caller.workspaceId,
          clean ?? null,
          perms ?? null,
        ]);
        await this.record(m, caller, AuditAction.permissionGroupUpdated, id, {
          name: clean ?? before.name,
          ...(clean !== undefined && clean !== before.name ? { previousName: before.name } : {}),
          ...(perms ? { permissions: perms, previousPermissions: before.permissions } : {}),
        });
      }),
    );
    await this.notifyMembers(caller.workspaceId, id);
    return this.get(caller.workspaceId, id);
  }

  async remove(caller: AuthUser, id: string): Promise<boolean> {
    this.assertAdmin(caller);
    if (!isUuid(id)) throw badInput('id must be a UUID');
    const members: string[] = await this.memberIds(caller.workspaceId, id);
    await this.db.transaction(async (m) => {
      // DELETE … RETURNING through TypeORM's query() resolves to [rows, affectedCount], not to the rows
      const [rows]: [Array<{ name: string; permissions: string[] }>, number] = await m.query(
        `DELETE FROM permission_groups WHERE id = $1 AND workspace_id = $2 RETURNING name, permissions`,
        [id, caller.workspaceId],
      );
      const row = rows[0];
      if (!row) throw notFound('Group');
      await this.record(m, caller, AuditAction.permissionGroupDeleted, id, { name: row.name, permissions: row.permissions, members: members.length });
    });
    await this.publish(caller.workspaceId, members);
    return true;
  }

  async setMembers(caller: AuthUser, groupId: string, operatorIds: string[]): Promise<PermissionGroupObject> {
    this.assertAdmin(caller);
    if (!isUuid(groupId)) throw badInput('groupId must be a UUID');
    const ids = [...new Set(operatorIds)];
    if (!ids.every(isUuid)) throw badInput('operatorIds must be UUIDs');
    const touched = await this.db.transaction(async (m) => {
      const [group] = await m.query(`SELECT name FROM permission_groups WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [groupId, caller.workspaceId]);
      if (!group) throw notFound('Group');
      const known: Array<{ id: string }> = ids.length ? await m.query(`SELECT id FROM operators WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [caller.workspaceId, ids]) : [];
      if (known.length !== ids.length) throw badInput('Some operators do not exist in this workspace');
      const before: string[] = (await m.query(`SELECT operator_id FROM permission_group_members WHERE group_id = $1`, [groupId])).map((r: { operator_id: string }) => r.operator_id);
      const added = ids.filter((i) => !before.includes(i));
      const removed = before.filter((i) => !ids.includes(i));
      if (!added.length && !removed.length) return [];
      if (removed.length) await m.query(`DELETE FROM permission_group_members WHERE group_id = $1 AND operator_id = ANY($2::uuid[])`, [groupId, removed]);
      if (added.length) {
        await m.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) SELECT $1, unnest($2::uuid[]), $3`, [groupId, added, caller.workspaceId]);
      }
      await this.record(m, caller, AuditAction.permissionGroupMembersChanged, groupId, { name: group.name, added, removed });
      return [...added, ...removed];
    });
    await this.publish(caller.workspaceId, touched);
    return this.get(caller.workspaceId, groupId);
  }

  private async get(workspaceId: string, id: string): Promise<PermissionGroupObject> {
    const rows: GroupRow[] = await this.db.query(
      `SELECT g.id, g.name, g.permissions,
              coalesce(array_agg(m.operator_id ORDER BY m.operator_id) FILTER (WHERE m.operator_id IS NOT NULL), '{}') AS member_ids
       FROM permission_groups g LEFT JOIN permission_group_members m ON m.group_id = g.id
       WHERE g.workspace_id = $1 AND g.id = $2 GROUP BY g.id`,
      [workspaceId, id],
    );
    if (!rows[0]) throw notFound('Group');
    return toObject(rows[0]);
  }

  private async memberIds(workspaceId: string, groupId: string): Promise<string[]> {
    const rows = await this.db.query(`SELECT operator_id FROM permission_group_members WHERE group_id = $1 AND workspace_id = $2`, [groupId, workspaceId]);
    return rows.map((r: { operator_id: string }) => r.operator_id);
  }

  /** Members' rights changed: their screens refetch `me { permissions }`. */
  private async notifyMembers(workspaceId: string, groupId: string): Promise<void> {
    await this.publish(workspaceId, await this.memberIds(workspaceId, groupId));
  }

  private async publish(workspaceId: string, operatorIds: string[]): Promise<void> {
    if (!operatorIds.length) return;
    const ops = await this.identity.findOperatorsByIds(workspaceId, operatorIds);
    await Promise.all(ops.map((op) => publishOperatorUpdated(this.bus, op)));
  }

  private assertAdmin(caller: AuthUser): void {
    if (caller.role !== OperatorRole.admin) throw forbidden('Only admins can manage permission groups');
  }

  private cleanName(name: string): string {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean) throw badInput('Give the group a name');
    return clean;
  }

  private async unique<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('A permission group with this name already exists', { field: 'name' });
      throw e;
    }
  }

  private async record(m: EntityManager, caller: AuthUser, action: AuditAction, groupId: string, details: Record<string, unknown>): Promise<void> {
    const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1 AND workspace_id = $2`, [caller.operatorId, caller.workspaceId]);
    await this.audit.record(
      { workspaceId: caller.workspaceId, actorId: caller.operatorId, actorName: actor?.display_name ?? null, action, targetType: 'permission_group', targetId: groupId, details },
      m,
    );
  }
}
