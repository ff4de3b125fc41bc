import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser, OperatorAccess, OperatorAccessProvider } from '@parley/api/platform/auth';
import { OperatorRole, Permission, PERMISSIONS, ROLE_DEFAULT_PERMISSIONS } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';

const KNOWN = new Set<string>(PERMISSIONS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SPEC F1 / B2: the operator's current role, active flag and rights (role defaults ∪ groups). */
@Injectable()
export class OperatorAccessService implements OperatorAccessProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async access(user: AuthUser): Promise<OperatorAccess | null> {
    // one indexed lookup per operation: the operator row and their session (by primary key)
    const sid = user.sessionId && UUID.test(user.sessionId) ? user.sessionId : null;
    const [row] = await this.db.query(
      `SELECT o.role, o.active, EXISTS (SELECT 1 FROM operator_sessions s WHERE s.id = $3 AND s.operator_id = o.id AND s.ended_at IS NULL) AS live
       FROM operators o WHERE o.id = $1 AND o.workspace_id = $2`,
      [user.operatorId, user.workspaceId, sid],
    );
    return row ? { role: row.role as OperatorRole, active: row.active as boolean, sessionLive: row.live === true } : null;
  }

  async permissions(user: AuthUser): Promise<ReadonlySet<Permission>> {
    const map = await this.permissionsOf(user.workspaceId, [{ id: user.operatorId, role: user.role }]);
    return map.get(user.operatorId) ?? new Set();
  }

  /** Batched for lists (one query for any number of operators). */
  async permissionsOf(workspaceId: string, operators: ReadonlyArray<{ id: string; role: OperatorRole }>): Promise<Map<string, Set<Permission>>> {
    const result = new Map(operators.map((o) => [o.id, new Set<Permission>(ROLE_DEFAULT_PERMISSIONS[o.role] ?? [])]));
    if (!operators.length) return result;
    const rows: Array<{ operator_id: string; permission: string }> = await this.db.query(
      `SELECT DISTINCT m.operator_id, unnest(g.permissions) AS permission
       FROM permission_group_members m JOIN permission_groups g ON g.id = m.group_id
       WHERE m.workspace_id = $1 AND m.operator_id = ANY($2::uuid[])`,
      [workspaceId, operators.map((o) => o.id)],
    );
    for (const r of rows) if (KNOWN.has(r.permission)) result.get(r.operator_id)?.add(r.permission as Permission);
    return result;
  }
}
