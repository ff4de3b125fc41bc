import { API_KEY_PREFIX, ApiKeyScope, OperatorRole, Permission, ROLE_DEFAULT_PERMISSIONS } from '@parley/shared/contracts';
import { AuthUser } from './auth-user';

/**
 * Issue #15: how a request's workspace API key becomes its principal. Implemented by the identity
 * domain (the platform knows no tables); the global GqlAuthGuard and the REST controllers use it.
 */
export interface ApiKeyAuthenticator {
  /**
   * The principal of a plaintext key, or null when it is unknown or revoked (one indexed lookup
   * by its hash on every request: a revocation holds at once, in every process).
   */
  authenticate(plaintext: string): Promise<AuthUser | null>;
  /** Takes one request from the key's shared bucket; the milliseconds to wait when it is empty. */
  take(keyId: string): Promise<number | null>;
}

export const API_KEY_AUTH = Symbol('API_KEY_AUTH');

/**
 * The synthetic role of an API principal: a supervisor's view (the whole workspace's
 * conversations and clients, no admin settings). What it may change is further limited by the
 * key's scopes (the guard refuses every mutation of a read-only key) and by @OperatorOnly().
 */
export const API_KEY_ROLE = OperatorRole.supervisor;

/**
 * The rights of an API principal: the synthetic role's defaults only (never the creating admin's
 * groups). A read-only key holds them too, for the queries that need one (tasks, analytics): the
 * guard refuses all its mutations before any right is looked at.
 */
export function apiKeyPermissions(_scopes: readonly ApiKeyScope[]): ReadonlySet<Permission> {
  return new Set(ROLE_DEFAULT_PERMISSIONS[API_KEY_ROLE]);
}

export const canWrite = (user: AuthUser): boolean => !user.apiKey || user.apiKey.scopes.includes(ApiKeyScope.write);

type Headers = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The API key a request carries: `X-Api-Key: prl_…`, or `Authorization: Bearer prl_…` (told from
 * an operator's access token by the prefix). undefined when it carries none.
 */
export function apiKeyOf(headers: Headers | undefined): string | undefined {
  const x = first(headers?.['x-api-key'])?.trim();
  if (x) return x;
  const m = /^Bearer\s+(\S+)$/i.exec(first(headers?.['authorization']) ?? '');
  return m && m[1].startsWith(API_KEY_PREFIX) ? m[1] : undefined;
}
