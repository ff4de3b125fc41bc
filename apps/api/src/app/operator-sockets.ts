import { INestApplication } from '@nestjs/common';
import { OperatorPresenceService, operatorsTopic, OperatorUpdatedPayload, SESSIONS_ENDED_TOPIC, SessionsEndedPayload } from '@parley/api/identity';
import { AuthUser, OPERATOR_ACCESS, OperatorAccessProvider } from '@parley/api/platform/auth';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import type WebSocket from 'ws';

/** Closed with 4403: the graphql-ws client reconnects, and the handshake checks the operator again. */
const FORBIDDEN = 4403;
/** Closed with 4401 (fatal for graphql-ws clients): the session ended (logout, password change, deactivation); the app goes to sign-in. */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/**
 * The operators' graphql-ws sockets by operator. When an operator is deactivated or their role
 * changes, their sockets close, so running subscriptions never keep serving the old rights: the app
 * reconnects (refused when deactivated) and subscribes again with the current role.
 */
export class OperatorSockets {
  private readonly sockets = new Map<string, Set<{ socket: WebSocket; user: AuthUser }>>();
  private readonly watched = new Set<string>();
  private readonly offs: Array<() => void> = [];
  /** Sockets counted in the operator's presence (issue #17), each released once when it closes. */
  private readonly present = new Map<WebSocket, AuthUser>();

  constructor(
    private readonly access: OperatorAccessProvider | null,
    private readonly bus: EventBus,
    private readonly presence: OperatorPresenceService | null = null,
  ) {}

  static for(app: INestApplication): OperatorSockets {
    let access: OperatorAccessProvider | null = null;
    try {
      access = app.get<OperatorAccessProvider>(OPERATOR_ACCESS, { strict: false });
    } catch {
      access = null;
    }
    let presence: OperatorPresenceService | null = null;
    try {
      presence = app.get(OperatorPresenceService, { strict: false });
    } catch {
      presence = null;
    }
    return new OperatorSockets(access, app.get<EventBus>(EVENT_BUS), presence);
  }

  /** The user with their current role, or null when they may not connect (deactivated, gone). */
  async admit(user: AuthUser): Promise<AuthUser | null> {
    if (!this.access) return user;
    const a = await this.access.access(user);
    if (!a || !a.active || !a.sessionLive) return null;
    return { ...user, role: a.role };
  }

  async add(user: AuthUser, socket: WebSocket): Promise<void> {
    // counted before any await, so a close that comes meanwhile (onClose → remove) releases it; a socket
    // already closing is not counted (its onClose has run or will find nothing)
    if (this.presence && socket.readyState === socket.OPEN && !this.present.has(socket)) {
      this.present.set(socket, user);
      await this.presence.connected(user).catch(() => undefined);
    }
    if (!this.watched.has(SESSIONS_ENDED_TOPIC)) {
      this.watched.add(SESSIONS_ENDED_TOPIC);
      this.offs.push(await this.bus.subscribe<SessionsEndedPayload>(SESSIONS_ENDED_TOPIC, (e) => this.onSessionsEnded(e)));
    }
    let set = this.sockets.get(user.operatorId);
    if (!set) this.sockets.set(user.operatorId, (set = new Set()));
    set.add({ socket, user });
    if (!this.watched.has(user.workspaceId)) {
      this.watched.add(user.workspaceId);
      this.offs.push(await this.bus.subscribe<OperatorUpdatedPayload>(operatorsTopic(user.workspaceId), (e) => this.onUpdate(e)));
    }
  }

  remove(operatorId: string, socket: WebSocket): void {
    const counted = this.present.get(socket);
    if (counted) {
      this.present.delete(socket);
      this.presence?.disconnected(counted);
    }
    const set = this.sockets.get(operatorId);
    if (!set) return;
    for (const entry of set) if (entry.socket === socket) set.delete(entry);
    if (!set.size) this.sockets.delete(operatorId);
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private onSessionsEnded(e: SessionsEndedPayload): void {
    const set = this.sockets.get(e.operatorId);
    if (!set) return;
    const ended = new Set(e.sessionIds);
    for (const entry of [...set]) {
      if (entry.user.workspaceId !== e.workspaceId) continue;
      const sid = entry.user.sessionId;
      const hit = e.all ? sid !== e.exceptSessionId || !sid : !!sid && ended.has(sid);
      if (hit) {
        set.delete(entry);
        entry.socket.close(SESSION_ENDED_CLOSE_CODE, 'Session ended');
      }
    }
    if (!set.size) this.sockets.delete(e.operatorId);
  }

  private onUpdate(e: OperatorUpdatedPayload): void {
    const set = this.sockets.get(e.operator.id);
    if (!set) return;
    for (const entry of [...set]) {
      if (entry.user.workspaceId !== e.workspaceId) continue;
      if (!e.operator.active || e.operator.role !== entry.user.role) {
        set.delete(entry);
        entry.socket.close(FORBIDDEN, e.operator.active ? 'Role changed' : 'Deactivated');
      }
    }
    if (!set.size) this.sockets.delete(e.operator.id);
  }
}
