import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@parley/api/platform/audit';
import { API_KEY_ROLE, ApiKeyAuthenticator, AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, MemorySharedState, SHARED_STATE, SharedState, Topics } from '@parley/api/platform/realtime';
import { API_KEY_DISPLAY_PREFIX_LENGTH, API_KEY_NAME_MAX, API_KEY_PREFIX, API_KEY_SCOPES, API_KEYS_MAX_ACTIVE, ApiKeyScope, AuditAction, ErrorCode } from '@parley/shared/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyObject, CreatedApiKeyObject } from './api-key.object';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** prl_ + 32 random bytes in base64url (43 characters). */
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`);
const LAST_USED_EVERY_MS = 60_000;

export const hashApiKey = (plaintext: string): string => createHash('sha256').update(plaintext, 'utf8').digest('hex');

interface Row {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by_name: string | null;
}

const SELECT = `SELECT k.id, k.name, k.prefix, k.scopes, k.created_by, c.display_name AS created_by_name, k.created_at, k.last_used_at, k.revoked_at, r.display_name AS revoked_by_name
  FROM api_keys k LEFT JOIN operators c ON c.id = k.created_by LEFT JOIN operators r ON r.id = k.revoked_by`;

/**
 * Issue #15: workspace API keys — created, listed and revoked by admins (audited, announced on
 * Topics.apiKeys), and turned into a request's principal (ApiKeyAuthenticator, read by the global
 * guard and the REST controllers). Only the SHA-256 of a key is stored; a request's key is found
 * by its hash, on every request (a revocation holds at once in every process: nothing caches it).
 */
@Injectable()
export class ApiKeysService implements ApiKeyAuthenticator {
  private readonly log = new Logger(ApiKeysService.name);
  private readonly fallback = new MemorySharedState();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly config: AppConfig,
  ) {}

  async authenticate(plaintext: string): Promise<AuthUser | null> {
    if (!KEY_SHAPE.test(plaintext)) return null;
    const [k] = await this.db.query(
      `SELECT id, workspace_id, name, scopes, created_by, (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(plaintext), LAST_USED_EVERY_MS / 1000],
    );
    if (!k) return null;
    if (k.stale) {
      // at most once a minute per key (the condition again in SQL: one writer wins across processes)
      this.db
        .query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`, [k.id, LAST_USED_EVERY_MS / 1000])
        .catch((e: unknown) => this.log.warn(`last_used_at of API key ${k.id}: ${String(e)}`));
    }
    return { operatorId: k.created_by, workspaceId: k.workspace_id, role: API_KEY_ROLE, apiKey: { id: k.id, name: k.name, scopes: toScopes(k.scopes) } };
  }

  async take(keyId: string): Promise<number | null> {
    const { perSecond, burst } = this.config.apiKeyLimit;
    let ok: boolean;
    try {
      ok = await this.shared.take(`apikey:${keyId}`, perSecond, burst);
    } catch {
      // Redis not answering: the limit holds per process rather than fail
      ok = await this.fallback.take(`apikey:${keyId}`, perSecond, burst);
    }
    return ok ? null : Math.ceil(1000 / perSecond);
  }

  async list(workspaceId: string): Promise<ApiKeyObject[]> {
    const rows: Row[] = await this.db.query(`${SELECT} WHERE k.workspace_id = $1 ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC, k.id`, [workspaceId]);
    return rows.map(toObject);
  }

  async create(user: AuthUser, nameIn: unknown, scopesIn: unknown): Promise<CreatedApiKeyObject> {
    const name = typeof nameIn === 'string' ? nameIn.trim() : '';
    if (!name || name.length > API_KEY_NAME_MAX) throw badInput(`A name of 1 to ${API_KEY_NAME_MAX} characters`, { field: 'name' });
    const scopes = Array.isArray(scopesIn) ? [...new Set(scopesIn)] : [];
    if (!scopes.length || scopes.some((s) => !API_KEY_SCOPES.includes(s as ApiKeyScope))) throw badInput('Choose read, write or both', { field: 'scopes' });
    const ordered = API_KEY_SCOPES.filter((s) => scopes.includes(s));
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const prefix = key.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH);
    const id = await this.db.transaction(async (m) => {
      // one admin's create at a time per workspace: the cap holds
      await m.query(`SELECT id FROM workspaces WHERE id = $1 FOR UPDATE`, [user.workspaceId]);
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1 AND revoked_at IS NULL`, [user.workspaceId]);
      if (n >= API_KEYS_MAX_ACTIVE) throw new DomainException(ErrorCode.BadUserInput, `A workspace may have at most ${API_KEYS_MAX_ACTIVE} keys; revoke one first`, { field: 'name' });
      const [row] = await m.query(
        `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING id`,
        [user.workspaceId, name, prefix, hashApiKey(key), ordered, user.operatorId],
      );
      const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
      await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.display_name ?? null, action: AuditAction.apiKeyCreated, targetType: 'api_key', targetId: row.id, details: { name, prefix, scopes: ordered } }, m);
      return row.id as string;
    });
    await this.announce(user.workspaceId);
    return { apiKey: await this.get(user.workspaceId, id), key };
  }

  /** Revokes at once (the next request with the key is refused); revoking a revoked key changes nothing. */
  async revoke(user: AuthUser, id: string): Promise<ApiKeyObject> {
    if (!UUID.test(id)) throw notFound('API key');
    const revoked = await this.db.transaction(async (m) => {
      const [row] = await m.query(`UPDATE api_keys SET revoked_at = now(), revoked_by = $3 WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING name, prefix`, [id, user.workspaceId, user.operatorId]);
      if (!row) return false;
      const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
      await this.audit.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.display_name ?? null, action: AuditAction.apiKeyRevoked, targetType: 'api_key', targetId: id, details: { name: row.name, prefix: row.prefix } }, m);
      return true;
    });
    const key = await this.get(user.workspaceId, id);
    if (revoked) await this.announce(user.workspaceId);
    return key;
  }

  private async get(workspaceId: string, id: string): Promise<ApiKeyObject> {
    const [row] = (await this.db.query(`${SELECT} WHERE k.id = $1 AND k.workspace_id = $2`, [id, workspaceId])) as Row[];
    if (!row) throw notFound('API key');
    return toObject(row);
  }

  private async announce(workspaceId: string): Promise<void> {
    await this.bus.publish(Topics.apiKeys(workspaceId), { workspaceId }).catch((e: unknown) => this.log.warn(`API key change not published live: ${(e as Error).message}`));
  }
}

const toScopes = (v: unknown): ApiKeyScope[] => (Array.isArray(v) ? API_KEY_SCOPES.filter((s) => v.includes(s)) : []);

const toObject = (r: Row): ApiKeyObject => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: toScopes(r.scopes),
  createdById: r.created_by,
  createdByName: r.created_by_name,
  createdAt: new Date(r.created_at),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  revokedByName: r.revoked_by_name,
});
