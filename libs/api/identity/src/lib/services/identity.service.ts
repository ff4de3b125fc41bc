import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser, TokenService } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { isUniqueViolation } from '@parley/api/platform/database';
import { DomainException, forbidden, notFound, unauthenticated, alreadyExists } from '@parley/api/platform/graphql';
import { ErrorCode, OperatorRole, OperatorStatus } from '@parley/shared/contracts';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { Inject } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Repository } from 'typeorm';
import { SESSIONS_ENDED_TOPIC, SessionsEndedPayload } from './operator-events';
import { CreateOperatorInput } from '../dto/auth.input';
import { OperatorEntity } from '../entities/operator.entity';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { WorkspaceEntity } from '../entities/workspace.entity';
import { LoginThrottleService } from './login-throttle.service';
import { dummyHash, hashPassword, verifyPassword } from './password';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  operator: OperatorEntity;
  workspace: WorkspaceEntity;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class IdentityService {
  constructor(
    @InjectRepository(OperatorEntity) private readonly operators: Repository<OperatorEntity>,
    @InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>,
    @InjectRepository(RefreshTokenEntity) private readonly refreshTokens: Repository<RefreshTokenEntity>,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * `ip` feeds the brute-force limit (LoginThrottleService) next to the e-mail, which counts across
   * workspaces as before. An e-mail is unique per workspace only, so the password is checked against
   * every operator with that e-mail (in parallel, a dummy hash when there is none: the answer's time
   * barely depends on how many exist). One active match signs in; several answer WORKSPACE_CHOICE
   * with their workspaces — only after a right password — and `workspaceId` then picks one; none is
   * the same INVALID_CREDENTIALS as an unknown e-mail.
   */
  async login(email: string, password: string, ip?: string, workspaceId?: string): Promise<Session> {
    await this.throttle.assertAllowed(email, ip);
    const qb = this.operators
      .createQueryBuilder('o')
      .addSelect('o.passwordHash')
      .where('lower(o.email) = lower(:email)', { email });
    if (workspaceId) qb.andWhere('o.workspace_id = :workspaceId', { workspaceId });
    const candidates = await qb.orderBy('o.created_at', 'ASC').getMany();
    const checks = await Promise.all(
      candidates.length ? candidates.map((o) => verifyPassword(o.passwordHash, password)) : [dummyHash().then((h) => verifyPassword(h, password))],
    );
    const matched = candidates.filter((_, i) => checks[i]);
    if (!matched.length) {
      await this.throttle.recordFailure(email, ip);
      throw new DomainException(ErrorCode.InvalidCredentials, 'Wrong e-mail or password');
    }
    const active = matched.filter((o) => o.active);
    if (!active.length) throw new DomainException(ErrorCode.Forbidden, 'This account has been deactivated. Ask an admin to reactivate it.', { reason: 'OPERATOR_DEACTIVATED' });
    await this.throttle.recordSuccess(email, ip);
    if (active.length > 1) {
      const workspaces = await this.workspaces.find({ where: { id: In(active.map((o) => o.workspaceId)) }, order: { name: 'ASC', id: 'ASC' } });
      throw new DomainException(ErrorCode.WorkspaceChoice, 'This e-mail signs in to several workspaces. Choose one.', {
        reason: 'WORKSPACE_CHOICE',
        workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, slug: w.slug })),
      });
    }
    const [op] = active;
    // SPEC B6: signing in brings an operator who had logged out back online
    if (op.status === OperatorStatus.offline) {
      await this.operators.update({ id: op.id }, { status: OperatorStatus.online });
      op.status = OperatorStatus.online;
      await this.announceStatus(op.workspaceId, op.id, OperatorStatus.online);
    }
    return this.issueSession(op);
  }

  /** Rotates the refresh token: the old one is revoked, a reused revoked one ends every session of the operator. */
  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw unauthenticated('Your session has expired', 'NO_REFRESH_TOKEN');
    const row = await this.refreshTokens.findOne({ where: { tokenHash: sha256(refreshToken) } });
    if (!row) throw unauthenticated('Your session has expired', 'INVALID_REFRESH_TOKEN');
    const [session] = row.sessionId ? await this.db.query(`SELECT ended_at FROM operator_sessions WHERE id = $1`, [row.sessionId]) : [];
    // a token of a session that was ended (logout, password change…) is just dead, not a theft signal
    if (row.sessionId && (!session || session.ended_at)) throw unauthenticated('You have been signed out', 'SESSION_ENDED');
    if (row.revokedAt) {
      await this.endSessions(row.workspaceId, row.operatorId, { reason: 'refresh-token-reused' });
      throw unauthenticated('Your session has expired', 'REFRESH_TOKEN_REUSED');
    }
    if (row.expiresAt.getTime() <= Date.now()) throw unauthenticated('Your session has expired', 'REFRESH_TOKEN_EXPIRED');
    const revoked = await this.refreshTokens.update({ id: row.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!revoked.affected) throw unauthenticated('Your session has expired', 'REFRESH_TOKEN_REUSED');
    const op = await this.operators.findOne({ where: { id: row.operatorId } });
    if (!op) throw unauthenticated('Your session has expired', 'OPERATOR_GONE');
    if (!op.active) throw unauthenticated('Your account has been deactivated', 'OPERATOR_DEACTIVATED');
    return this.issueSession(op, row.sessionId ?? undefined);
  }

  /**
   * Ends this device's session (the refresh token's, else the access token's), or with `allDevices`
   * every session of the operator: their refresh tokens are revoked, their access tokens refused at
   * once, and their graphql-ws sockets closed (SESSIONS_ENDED event on the bus, every API process).
   */
  async logout(refreshToken: string | undefined, user?: AuthUser, allDevices = false): Promise<void> {
    const row = refreshToken ? await this.refreshTokens.findOne({ where: { tokenHash: sha256(refreshToken), revokedAt: IsNull() } }) : null;
    // with an access token, only the caller's own refresh token counts; without one, a live refresh token names the operator
    const owned = row && (!user || (row.operatorId === user.operatorId && row.workspaceId === user.workspaceId)) ? row : null;
    const who = user ?? (owned ? { operatorId: owned.operatorId, workspaceId: owned.workspaceId } : null);
    if (owned) await this.refreshTokens.update({ id: owned.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!who) return;
    if (allDevices) await this.endSessions(who.workspaceId, who.operatorId, { reason: 'logout-all' });
    else {
      const sid = user?.sessionId ?? owned?.sessionId;
      if (sid) await this.endSessions(who.workspaceId, who.operatorId, { only: sid, reason: 'logout' });
    }
    // SPEC B6: logging out sets the operator offline (they keep their chats but get no new ones)
    const changed = await this.operators.update({ id: who.operatorId, workspaceId: who.workspaceId }, { status: OperatorStatus.offline });
    if (changed.affected) await this.announceStatus(who.workspaceId, who.operatorId, OperatorStatus.offline);
  }

  /**
   * Ends sessions of an operator — all, all but `except`, or `only` one — in `m` when given (the
   * caller's transaction; publish after it commits with the returned function), revoking their
   * refresh tokens. Access tokens of ended sessions are refused by the guard from then on.
   */
  async endSessions(
    workspaceId: string,
    operatorId: string,
    opts: { except?: string; only?: string; reason: string },
    m?: EntityManager,
  ): Promise<() => Promise<void>> {
    const q = m ?? this.db;
    const ended: Array<{ id: string }> = await q.query(
      `UPDATE operator_sessions SET ended_at = now()
       WHERE operator_id = $1 AND workspace_id = $2 AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3) AND ($4::uuid IS NULL OR id = $4)
       RETURNING id`,
      [operatorId, workspaceId, opts.except ?? null, opts.only ?? null],
    ).then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as Array<{ id: string }>);
    await q.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE operator_id = $1 AND revoked_at IS NULL AND (${opts.only ? 'session_id = $2' : opts.except ? 'session_id IS DISTINCT FROM $2::uuid' : '$2::uuid IS NULL'})`,
      [operatorId, opts.only ?? opts.except ?? null],
    );
    const payload: SessionsEndedPayload = { workspaceId, operatorId, sessionIds: ended.map((r) => r.id), exceptSessionId: opts.except ?? null, all: !opts.only, reason: opts.reason };
    const publish = () => this.bus.publish(SESSIONS_ENDED_TOPIC, payload);
    if (!m) await publish();
    return publish;
  }

  private async announceStatus(workspaceId: string, operatorId: string, status: OperatorStatus): Promise<void> {
    const e = { kind: 'status' as const, workspaceId, operatorId, status };
    await Promise.all([this.bus.publish(Topics.operators(workspaceId), e), this.bus.publish(Topics.operatorsAll, e)]);
  }

  async purgeExpiredRefreshTokens(now = new Date()): Promise<number> {
    const res = await this.refreshTokens
      .createQueryBuilder()
      .delete()
      .where('expires_at < :now OR (revoked_at IS NOT NULL AND revoked_at < :week)', { now, week: new Date(now.getTime() - 7 * 86_400_000) })
      .execute();
    await this.throttle.purge(now);
    return res.affected ?? 0;
  }

  getOperator(user: AuthUser): Promise<OperatorEntity> {
    return this.findOperator(user.workspaceId, user.operatorId);
  }

  async findOperator(workspaceId: string, id: string): Promise<OperatorEntity> {
    const op = await this.operators.findOne({ where: { id, workspaceId } });
    if (!op) throw notFound('Operator');
    return op;
  }

  findOperatorsByIds(workspaceId: string, ids: readonly string[]): Promise<OperatorEntity[]> {
    return this.operators.find({ where: { workspaceId, id: In([...ids]) } });
  }

  listOperators(workspaceId: string): Promise<OperatorEntity[]> {
    return this.operators.find({ where: { workspaceId }, order: { displayName: 'ASC' } });
  }

  async getWorkspace(id: string): Promise<WorkspaceEntity> {
    const ws = await this.workspaces.findOne({ where: { id } });
    if (!ws) throw notFound('Workspace');
    return ws;
  }

  /** SPEC B2: only an admin may create operators; only an admin may grant supervisor or observer. */
  async createOperator(caller: AuthUser, input: CreateOperatorInput): Promise<OperatorEntity> {
    if (caller.role !== OperatorRole.admin) throw forbidden('Only admins can add operators');
    try {
      const saved = await this.operators.save(
        this.operators.create({
          workspaceId: caller.workspaceId,
          email: input.email.trim(),
          passwordHash: await hashPassword(input.password),
          displayName: input.displayName.trim(),
          role: input.role,
          avatarUrl: null,
          soundEnabled: true,
          pushEnabled: true,
        }),
      );
      const actor = await this.operators.findOne({ where: { id: caller.operatorId, workspaceId: caller.workspaceId } });
      await this.audit.record({
        workspaceId: caller.workspaceId,
        actorId: caller.operatorId,
        actorName: actor?.displayName ?? null,
        action: AuditAction.operatorCreated,
        targetType: 'operator',
        targetId: saved.id,
        details: { email: saved.email, displayName: saved.displayName, role: saved.role },
      });
      return this.findOperator(caller.workspaceId, saved.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('An operator with this e-mail already exists', { field: 'email' });
      throw e;
    }
  }

  /** A new session (access + refresh token) for an operator who has just proven who they are. */
  async issueSession(op: OperatorEntity, existingSessionId?: string): Promise<Session> {
    const workspace = await this.getWorkspace(op.workspaceId);
    const sessionId =
      existingSessionId ??
      ((await this.db.query(`INSERT INTO operator_sessions (workspace_id, operator_id) VALUES ($1, $2) RETURNING id`, [op.workspaceId, op.id])) as Array<{ id: string }>)[0].id;
    const access = this.tokens.signAccessToken({ operatorId: op.id, workspaceId: op.workspaceId, role: op.role, sessionId });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000);
    await this.refreshTokens.insert({
      workspaceId: op.workspaceId,
      operatorId: op.id,
      tokenHash: sha256(refreshToken),
      sessionId,
      expiresAt: refreshTokenExpiresAt,
      revokedAt: null,
    });
    const { passwordHash: _omit, ...operator } = op;
    void _omit;
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      operator: operator as OperatorEntity,
      workspace,
    };
  }
}
