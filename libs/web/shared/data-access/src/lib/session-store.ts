import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { OperatorRole, Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { GraphqlTransport } from './graphql-transport';
import { AuthPayload, Operator, Workspace } from './models';
import { LoginDocument, LogoutDocument, RefreshSessionDocument } from './generated/graphql';

interface SessionState {
  accessToken: string | null;
  /** Epoch milliseconds. */
  expiresAt: number | null;
  operator: Operator | null;
  workspace: Workspace | null;
}

const SIGNED_OUT: SessionState = { accessToken: null, expiresAt: null, operator: null, workspace: null };

/** Refresh this long before the access token runs out when we can see it coming (graphql-ws connect). */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The operator's session. The access token lives only in memory (this signal); the refresh token is
 * the httpOnly `parley_rt` cookie that the API sets and the browser sends with same-origin requests.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly transport = inject(GraphqlTransport);
  private readonly router = inject(Router);

  private readonly state = signal<SessionState>(SIGNED_OUT);
  private restoring: Promise<boolean> | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly endListeners = new Set<() => void>();

  readonly accessToken = computed(() => this.state().accessToken);
  readonly operator = computed(() => this.state().operator);
  readonly workspace = computed(() => this.state().workspace);
  readonly isAuthenticated = computed(() => this.state().accessToken !== null);
  readonly role = computed<OperatorRole | null>(() => this.state().operator?.role ?? null);
  /** Observers read everything but may not send, take or close. */
  readonly canReply = computed(() => {
    const role = this.role();
    return role !== null && ROLES_THAT_REPLY.includes(role);
  });

  /** Effective rights (SPEC F1); the server checks them again on every operation. */
  readonly permissions = computed<ReadonlySet<Permission>>(() => new Set(this.state().operator?.permissions ?? []));

  hasPermission(permission: Permission): boolean {
    return this.permissions().has(permission);
  }

  /** The signed-in operator changed (own profile edit, or a live update from an admin). */
  updateOperator(patch: Partial<Operator> & { id: string }): void {
    this.state.update((s) => (s.operator && s.operator.id === patch.id ? { ...s, operator: { ...s.operator, ...patch } } : s));
  }

  /** Called once on start (by the route guards): restores a session after a reload from the cookie. */
  restore(): Promise<boolean> {
    this.restoring ??= this.isAuthenticated() ? Promise.resolve(true) : this.refresh();
    return this.restoring;
  }

  /**
   * Throws GraphqlRequestError (INVALID_CREDENTIALS, RATE_LIMITED, NETWORK…; WORKSPACE_CHOICE with
   * `workspaceChoices(error)` when the e-mail signs in to several workspaces: call again with one's id).
   */
  async login(email: string, password: string, workspaceId?: string): Promise<void> {
    const data = await this.transport.request(LoginDocument, { input: { email, password, ...(workspaceId ? { workspaceId } : {}) } });
    this.restoring = Promise.resolve(true);
    this.apply(data.login);
  }

  /** Starts the session another mutation returned (e.g. accepting an invitation). */
  adopt(payload: AuthPayload): void {
    this.restoring = Promise.resolve(true);
    this.apply(payload);
  }

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers share one request,
   * so a burst of UNAUTHENTICATED answers refreshes once. Resolves false when the session is over.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.transport
      .request(RefreshSessionDocument)
      .then(
        (data) => {
          this.apply(data.refreshSession);
          return true;
        },
        () => false,
      )
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Refreshes first when the access token is about to run out. */
  async ensureFresh(now = Date.now()): Promise<boolean> {
    const { accessToken, expiresAt } = this.state();
    if (accessToken && expiresAt !== null && expiresAt - now > EXPIRY_MARGIN_MS) return true;
    return this.refresh();
  }

  /** `allDevices` ends every session of the operator (other devices are signed out at once). */
  async logout(allDevices = false): Promise<void> {
    const token = this.accessToken();
    try {
      await this.transport.request(LogoutDocument, allDevices ? { allDevices: true } : {}, token);
    } catch {
      // The local session ends regardless; the cookie expires on its own.
    }
    this.end();
    await this.router.navigateByUrl('/login');
  }

  /** The session ended without the operator asking (refresh failed): back to the login page. */
  expire(): void {
    const wasSignedIn = this.isAuthenticated();
    this.end();
    if (wasSignedIn) void this.router.navigate(['/login'], { queryParams: { expired: 1 } });
  }

  /** Runs when the session ends (logout or expiry); returns an unregister function. */
  onEnd(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private end(): void {
    this.state.set(SIGNED_OUT);
    this.restoring = Promise.resolve(false);
    for (const listener of [...this.endListeners]) listener();
  }

  private apply(payload: AuthPayload): void {
    const expiresAt = Date.parse(payload.accessTokenExpiresAt);
    this.state.set({
      accessToken: payload.accessToken,
      expiresAt: Number.isNaN(expiresAt) ? null : expiresAt,
      operator: payload.operator,
      workspace: payload.workspace,
    });
  }
}
