import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { canAssignRole, ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { OperatorEntity } from '../entities/operator.entity';
import { IdentityService } from './identity.service';
import { publishOperatorUpdated } from './operator-events';

interface LockedOperator {
  id: string;
  role: OperatorRole;
  active: boolean;
  email: string;
  display_name: string;
}

const lastAdmin = () => new DomainException(ErrorCode.Conflict, 'The workspace needs at least one active admin', { reason: 'LAST_ADMIN' });

/**
 * SPEC B2: role changes and deactivation. Admins may set any role; supervisors may only make
 * observers (or agents) agents (`canAssignRole`); agents and observers change nothing. Nobody
 * can demote or deactivate the last active admin. Every change is audited and pushed live.
 */
@Injectable()
export class OperatorAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async changeRole(caller: AuthUser, operatorId: string, role: OperatorRole): Promise<OperatorEntity> {
    if (!isUuid(operatorId)) throw badInput('operatorId must be a UUID');
    const changed = await this.db.transaction(async (m) => {
      const { target, activeAdmins } = await this.lock(m, caller.workspaceId, operatorId);
      if (!canAssignRole(caller.role, target.role, role)) {
        throw forbidden(caller.role === OperatorRole.supervisor ? 'Supervisors can only make observers and agents agents' : 'You cannot change roles');
      }
      if (target.role === role) return false;
      if (target.role === OperatorRole.admin && target.active && activeAdmins <= 1) throw lastAdmin();
      await m.query(`UPDATE operators SET role = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [operatorId, caller.workspaceId, role]);
      await this.record(m, caller, AuditAction.operatorRoleChanged, target, { from: target.role, to: role });
      return true;
    });
    return this.finish(caller.workspaceId, operatorId, changed);
  }

  async deactivate(caller: AuthUser, operatorId: string): Promise<OperatorEntity> {
    if (!isUuid(operatorId)) throw badInput('operatorId must be a UUID');
    if (caller.role !== OperatorRole.admin) throw forbidden('Only admins can deactivate operators');
    if (operatorId === caller.operatorId) throw forbidden('You cannot deactivate yourself');
    let publishEnded: (() => Promise<void>) | null = null;
    const changed = await this.db.transaction(async (m) => {
      const { target, activeAdmins } = await this.lock(m, caller.workspaceId, operatorId);
      if (!target.active) return false;
      if (target.role === OperatorRole.admin && activeAdmins <= 1) throw lastAdmin();
      await m.query(`UPDATE operators SET active = false, deactivated_at = now(), status = 'offline', updated_at = now() WHERE id = $1 AND workspace_id = $2`, [operatorId, caller.workspaceId]);
      // a deactivated operator cannot be online (nor take chats); every session ends: refresh tokens are revoked, access tokens are refused by the guard at once
      publishEnded = await this.identity.endSessions(caller.workspaceId, operatorId, { reason: 'deactivated' }, m);
      await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL`, [operatorId]);
      await this.record(m, caller, AuditAction.operatorDeactivated, target, { role: target.role });
      return true;
    });
    // the operator update first: its sockets close with 4403 "Deactivated" (reconnects are refused); then any other process's
    const op = await this.finish(caller.workspaceId, operatorId, changed);
    if (publishEnded) await (publishEnded as () => Promise<void>)();
    return op;
  }

  async reactivate(caller: AuthUser, operatorId: string): Promise<OperatorEntity> {
    if (!isUuid(operatorId)) throw badInput('operatorId must be a UUID');
    if (caller.role !== OperatorRole.admin) throw forbidden('Only admins can reactivate operators');
    const changed = await this.db.transaction(async (m) => {
      const { target } = await this.lock(m, caller.workspaceId, operatorId);
      if (target.active) return false;
      await m.query(`UPDATE operators SET active = true, deactivated_at = NULL, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [operatorId, caller.workspaceId]);
      await this.record(m, caller, AuditAction.operatorReactivated, target, { role: target.role });
      return true;
    });
    return this.finish(caller.workspaceId, operatorId, changed);
  }

  /** Locks the target and the workspace's active admins, so two admins cannot demote each other at once. */
  private async lock(m: EntityManager, workspaceId: string, operatorId: string): Promise<{ target: LockedOperator; activeAdmins: number }> {
    const rows: LockedOperator[] = await m.query(
      `SELECT id, role, active, email, display_name FROM operators
       WHERE workspace_id = $1 AND (id = $2 OR (role = 'admin' AND active)) ORDER BY id FOR UPDATE`,
      [workspaceId, operatorId],
    );
    const target = rows.find((r) => r.id === operatorId);
    if (!target) throw notFound('Operator');
    return { target, activeAdmins: rows.filter((r) => r.role === OperatorRole.admin && r.active).length };
  }

  private async record(m: EntityManager, caller: AuthUser, action: AuditAction, target: LockedOperator, details: Record<string, unknown>): Promise<void> {
    const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1 AND workspace_id = $2`, [caller.operatorId, caller.workspaceId]);
    await this.audit.record(
      {
        workspaceId: caller.workspaceId,
        actorId: caller.operatorId,
        actorName: actor?.display_name ?? null,
        action,
        targetType: 'operator',
        targetId: target.id,
        details: { displayName: target.display_name, email: target.email, ...details },
      },
      m,
    );
  }

  private async finish(workspaceId: string, operatorId: string, changed: boolean): Promise<OperatorEntity> {
    const op = await this.identity.findOperator(workspaceId, operatorId);
    if (changed) await publishOperatorUpdated(this.bus, op);
    return op;
  }
}
