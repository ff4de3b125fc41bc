import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { isUniqueViolation } from '@parley/api/platform/database';
import { badInput, decodeCursor, DomainException, encodeCursor, forbidden, isUuid, notFound, alreadyExists } from '@parley/api/platform/graphql';
import { escapeHtml, MailService } from '@parley/api/platform/mail';
import { ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AcceptInvitationInput, InviteOperatorInput } from '../dto/invitation.input';
import { InvitationObject, InvitationPreviewObject, InvitationState } from '../dto/invitation.object';
import { InvitationEntity } from '../entities/invitation.entity';
import { OperatorEntity } from '../entities/operator.entity';
import { WorkspaceEntity } from '../entities/workspace.entity';
import { IdentityService, Session } from './identity.service';
import { hashPassword } from './password';

/** SPEC B8: an invitation link works once and for this long. */
export const INVITATION_TTL_MS = 5 * 86_400_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function invitationState(i: Pick<InvitationEntity, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = Date.now()): InvitationState {
  if (i.acceptedAt) return InvitationState.accepted;
  if (i.revokedAt) return InvitationState.revoked;
  if (new Date(i.expiresAt).getTime() <= now) return InvitationState.expired;
  return InvitationState.pending;
}

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly identity: IdentityService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Admins only (also checked by the resolver): stores the hashed token and e-mails the link through the queue. */
  async invite(caller: AuthUser, input: InviteOperatorInput): Promise<InvitationObject> {
    if (caller.role !== OperatorRole.admin) throw forbidden('Only admins can invite colleagues');
    const email = input.email.trim();
    // unique per workspace (issue #16): an operator of another workspace with this address is none of this admin's business
    const taken = await this.db
      .getRepository(OperatorEntity)
      .createQueryBuilder('o')
      .where('o.workspace_id = :ws AND lower(o.email) = lower(:email)', { ws: caller.workspaceId, email })
      .getCount();
    if (taken) throw new DomainException(ErrorCode.Conflict, 'An operator with this e-mail already exists', { field: 'email' });
    const token = randomBytes(32).toString('base64url');
    const repo = this.db.getRepository(InvitationEntity);
    let saved: InvitationEntity;
    try {
      saved = await this.db.transaction(async (m) => {
        const r = m.getRepository(InvitationEntity);
        const row = await r.save(
          r.create({ workspaceId: caller.workspaceId, email, role: input.role, tokenHash: sha256(token), invitedBy: caller.operatorId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS), acceptedAt: null, acceptedOperatorId: null, revokedAt: null }),
        );
        await this.audit.record({ ...(await this.actor(caller)), action: AuditAction.operatorInvited, targetType: 'invitation', targetId: row.id, details: { email, role: input.role } }, m);
        // the mail's outbox row commits with the invitation (issue #9)
        await this.sendInvitationMail(caller, row, token, m);
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('This address already has an open invitation: resend or revoke it', { field: 'email' });
      throw e;
    }
    return this.toObject((await repo.findOneOrFail({ where: { id: saved.id } })));
  }

  /** A new link (the old one stops working) valid for another 5 days. */
  async resend(caller: AuthUser, id: string): Promise<InvitationObject> {
    const inv = await this.find(caller, id);
    const state = invitationState(inv);
    if (state === InvitationState.accepted || state === InvitationState.revoked) throw new DomainException(ErrorCode.Conflict, `This invitation was ${state}`);
    const token = randomBytes(32).toString('base64url');
    await this.db.transaction(async (m) => {
      await m.getRepository(InvitationEntity).update({ id: inv.id, workspaceId: caller.workspaceId }, { tokenHash: sha256(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS) });
      await this.audit.record({ ...(await this.actor(caller)), action: AuditAction.invitationResent, targetType: 'invitation', targetId: inv.id, details: { email: inv.email } }, m);
      await this.sendInvitationMail(caller, inv, token, m);
    });
    return this.toObject(await this.find(caller, id));
  }

  async revoke(caller: AuthUser, id: string): Promise<InvitationObject> {
    const inv = await this.find(caller, id);
    if (inv.acceptedAt) throw new DomainException(ErrorCode.Conflict, 'This invitation was already accepted');
    if (!inv.revokedAt) {
      await this.db.transaction(async (m) => {
        await m.getRepository(InvitationEntity).update({ id: inv.id, workspaceId: caller.workspaceId }, { revokedAt: new Date() });
        await this.audit.record({ ...(await this.actor(caller)), action: AuditAction.invitationRevoked, targetType: 'invitation', targetId: inv.id, details: { email: inv.email } }, m);
      });
    }
    return this.toObject(await this.find(caller, id));
  }

  /** Open invitations (pending or expired, not accepted or revoked), newest first, keyset over (created_at, id). */
  async list(caller: AuthUser, first: number, after?: string | null): Promise<{ nodes: InvitationObject[]; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100');
    const qb = this.db
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .where('i.workspace_id = :ws AND i.accepted_at IS NULL AND i.revoked_at IS NULL', { ws: caller.workspaceId })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(first + 1);
    if (after) {
      const c = decodeCursor(after);
      qb.andWhere('(i.created_at, i.id) < (:at, :id)', { at: c.at.toISOString(), id: c.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, first);
    const inviterIds = [...new Set(page.map((r) => r.invitedBy).filter((x): x is string => !!x))];
    const inviters = new Map((await this.identity.findOperatorsByIds(caller.workspaceId, inviterIds)).map((o) => [o.id, o.displayName]));
    const last = page[page.length - 1];
    return {
      nodes: page.map((r) => this.toObject(r, inviters.get(r.invitedBy ?? '') ?? null)),
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }

  /** Public: what the invitation page shows. Unknown, used, revoked and expired links are told apart. */
  async preview(token: string): Promise<InvitationPreviewObject> {
    const inv = await this.byToken(token);
    const ws = await this.db.getRepository(WorkspaceEntity).findOneOrFail({ where: { id: inv.workspaceId } });
    return { email: inv.email, role: inv.role, workspaceName: ws.name, expiresAt: inv.expiresAt };
  }

  /** Public: creates the operator in the inviter's workspace and signs them in. The link works once. */
  async accept(input: AcceptInvitationInput): Promise<Session> {
    const inv = await this.byToken(input.token);
    const displayName = input.displayName.trim();
    if (!displayName) throw badInput('Enter your name', { field: 'displayName' });
    const passwordHash = await hashPassword(input.password);
    let operator: OperatorEntity;
    try {
      operator = await this.db.transaction(async (m) => {
        // claim the invitation first: of two simultaneous accepts exactly one gets the row
        const claimed = await m.query(`UPDATE invitations SET accepted_at = now(), updated_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`, [inv.id]);
        if (!claimed[0]?.length) throw this.used();
        const r = m.getRepository(OperatorEntity);
        const op = await r.save(r.create({ workspaceId: inv.workspaceId, email: inv.email, passwordHash, displayName, role: inv.role, avatarUrl: null, soundEnabled: true, pushEnabled: true }));
        await m.query(`UPDATE invitations SET accepted_operator_id = $2 WHERE id = $1`, [inv.id, op.id]);
        await this.audit.record({ workspaceId: inv.workspaceId, actorId: op.id, actorName: displayName, action: AuditAction.invitationAccepted, targetType: 'operator', targetId: op.id, details: { email: inv.email, role: inv.role, invitationId: inv.id } }, m);
        return op;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainException(ErrorCode.Conflict, 'An operator with this e-mail already exists', { reason: 'EMAIL_TAKEN' });
      throw e;
    }
    return this.identity.issueSession(await this.identity.findOperator(inv.workspaceId, operator.id));
  }

  private used(): DomainException {
    return new DomainException(ErrorCode.Conflict, 'This invitation has already been used. Sign in instead, or ask an admin for a new one.', { reason: 'INVITATION_USED' });
  }

  private async byToken(token: string): Promise<InvitationEntity> {
    const unknown = new DomainException(ErrorCode.NotFound, 'This invitation link is not valid. Check that you copied the whole link.', { reason: 'INVITATION_UNKNOWN' });
    if (typeof token !== 'string' || token.length < 10 || token.length > 200) throw unknown;
    const inv = await this.db.getRepository(InvitationEntity).findOne({ where: { tokenHash: sha256(token) } });
    if (!inv) throw unknown;
    if (inv.acceptedAt) throw this.used();
    if (inv.revokedAt) throw new DomainException(ErrorCode.Forbidden, 'This invitation was withdrawn by an admin.', { reason: 'INVITATION_REVOKED' });
    if (inv.expiresAt.getTime() <= Date.now()) throw new DomainException(ErrorCode.TokenExpired, 'This invitation has expired. Ask an admin to send a new one.', { reason: 'INVITATION_EXPIRED' });
    return inv;
  }

  private async find(caller: AuthUser, id: string): Promise<InvitationEntity> {
    if (!isUuid(id)) throw notFound('Invitation');
    const inv = await this.db.getRepository(InvitationEntity).findOne({ where: { id, workspaceId: caller.workspaceId } });
    if (!inv) throw notFound('Invitation');
    return inv;
  }

  private async actor(caller: AuthUser): Promise<{ workspaceId: string; actorId: string; actorName: string | null }> {
    const op = await this.identity.findOperatorsByIds(caller.workspaceId, [caller.operatorId]);
    return { workspaceId: caller.workspaceId, actorId: caller.operatorId, actorName: op[0]?.displayName ?? null };
  }

  private toObject(r: InvitationEntity, invitedByName: string | null = null): InvitationObject {
    return { id: r.id, email: r.email, role: r.role, state: invitationState(r), expiresAt: r.expiresAt, createdAt: r.createdAt, invitedByName };
  }

  private async sendInvitationMail(caller: AuthUser, inv: InvitationEntity, token: string, m: EntityManager): Promise<void> {
    const [inviter] = await this.identity.findOperatorsByIds(caller.workspaceId, [caller.operatorId]);
    const ws = await this.identity.getWorkspace(caller.workspaceId);
    const base = (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
    const link = `${base}/invite/${token}`;
    const who = inviter?.displayName ?? 'An admin';
    const text = `${who} invited you to join ${ws.name} on Parley as ${inv.role}.\n\nAccept the invitation (the link works once and expires in 5 days):\n${link}\n\nIf you did not expect this e-mail, ignore it.`;
    const html = `<p>${escapeHtml(who)} invited you to join <b>${escapeHtml(ws.name)}</b> on Parley as ${escapeHtml(inv.role)}.</p><p><a href="${escapeHtml(link)}">Accept the invitation</a> (the link works once and expires in 5 days).</p><p>If you did not expect this e-mail, ignore it.</p>`;
    await this.mail.enqueue({ to: inv.email, subject: `Join ${ws.name} on Parley`, text, html }, { manager: m, workspaceId: caller.workspaceId });
  }
}
