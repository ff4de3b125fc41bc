import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { isUniqueViolation } from '@parley/api/platform/database';
import { alreadyExists, badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import {
  MAX_QUICK_REPLY_LENGTH,
  MAX_QUICK_REPLY_SHORTCUT_LENGTH,
  messageLength,
  OperatorRole,
  QUICK_REPLY_SHORTCUT_PATTERN,
  ROLES_THAT_REPLY,
} from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CreateQuickReplyInput, QuickReplyObject, UpdateQuickReplyInput } from './agent-tools.dto';

export const QUICK_REPLIES_PAGE_MAX = 200;
const ROLES_THAT_SHARE: readonly OperatorRole[] = [OperatorRole.admin, OperatorRole.supervisor];

interface Row {
  id: string;
  owner_id: string | null;
  shortcut: string;
  body: string;
  updated_at: string;
}

const toObject = (r: Row): QuickReplyObject => ({ id: r.id, shortcut: r.shortcut, body: r.body, shared: r.owner_id === null, updatedAt: new Date(r.updated_at) });

/** `/thanks` → `thanks`; the shortcut rules with a message that says what is allowed. */
export function normalizeShortcut(raw: unknown): string {
  if (typeof raw !== 'string') throw badInput('The shortcut must be text', { field: 'shortcut' });
  const s = raw.trim().replace(/^\//, '').toLowerCase();
  if (!s) throw badInput('The shortcut is empty', { field: 'shortcut' });
  if (s.length > MAX_QUICK_REPLY_SHORTCUT_LENGTH) throw badInput(`The shortcut is longer than ${MAX_QUICK_REPLY_SHORTCUT_LENGTH} characters`, { field: 'shortcut' });
  if (!QUICK_REPLY_SHORTCUT_PATTERN.test(s)) throw badInput('The shortcut may hold only letters a–z, digits, "-" and "_"', { field: 'shortcut' });
  return s;
}

export function normalizeQuickReplyBody(raw: unknown): string {
  if (typeof raw !== 'string') throw badInput('The text must be text', { field: 'body' });
  // eslint-disable-next-line no-control-regex
  const body = raw.replace(/\u0000/g, '').replace(/\r\n/g, '\n');
  if (!body.trim()) throw badInput('The text is empty', { field: 'body' });
  if (messageLength(body) > MAX_QUICK_REPLY_LENGTH) throw badInput(`The text is longer than ${MAX_QUICK_REPLY_LENGTH} characters`, { field: 'body', maxLength: MAX_QUICK_REPLY_LENGTH });
  return body;
}

/**
 * Quick replies (SPEC A8): shared ones belong to the workspace (admins and supervisors manage
 * them, changes are audited), personal ones to their owner. A shortcut is unique within its scope.
 */
@Injectable()
export class QuickRepliesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Shared and the caller's own, by shortcut; `query` filters by shortcut prefix. Keyset over (shortcut, id). */
  async list(user: AuthUser, first: number, after?: string | null, query?: string | null): Promise<{ nodes: QuickReplyObject[]; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > QUICK_REPLIES_PAGE_MAX) throw badInput(`first must be between 1 and ${QUICK_REPLIES_PAGE_MAX}`);
    const params: unknown[] = [user.workspaceId, user.operatorId, first + 1];
    let where = '';
    if (query) {
      if (query.length > 40) throw badInput('query is too long');
      params.push(query.trim().replace(/^\//, '').toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + '%');
      where += ` AND shortcut LIKE $${params.length}`;
    }
    if (after) {
      const cur = decodeShortcutCursor(after);
      params.push(cur.shortcut, cur.id);
      where += ` AND (shortcut, id) > ($${params.length - 1}, $${params.length}::uuid)`;
    }
    const rows: Row[] = await this.db.query(
      `SELECT id, owner_id, shortcut, body, updated_at FROM quick_replies
       WHERE workspace_id = $1 AND (owner_id IS NULL OR owner_id = $2)${where}
       ORDER BY shortcut, id LIMIT $3`,
      params,
    );
    const nodes = rows.slice(0, first).map(toObject);
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeShortcutCursor(last.shortcut, last.id) : null };
  }

  async create(user: AuthUser, input: CreateQuickReplyInput): Promise<QuickReplyObject> {
    this.assertMayManage(user, input.shared);
    const shortcut = normalizeShortcut(input.shortcut);
    const body = normalizeQuickReplyBody(input.body);
    return this.db.transaction(async (m) => {
      let row: Row;
      try {
        [row] = await m.query(
          `INSERT INTO quick_replies (workspace_id, owner_id, shortcut, body, created_by) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, owner_id, shortcut, body, updated_at`,
          [user.workspaceId, input.shared ? null : user.operatorId, shortcut, body, user.operatorId],
        );
      } catch (e) {
        throw this.duplicate(e, shortcut);
      }
      if (input.shared) await this.recordShared(user, 'created', row, m);
      return toObject(row);
    });
  }

  async update(user: AuthUser, input: UpdateQuickReplyInput): Promise<QuickReplyObject> {
    const existing = await this.findVisible(user, input.id);
    this.assertMayManage(user, existing.owner_id === null);
    const shortcut = input.shortcut === undefined || input.shortcut === null ? existing.shortcut : normalizeShortcut(input.shortcut);
    const body = input.body === undefined || input.body === null ? existing.body : normalizeQuickReplyBody(input.body);
    return this.db.transaction(async (m) => {
      let rows: Row[];
      try {
        [rows] = await m.query(
          `UPDATE quick_replies SET shortcut = $3, body = $4, updated_at = now() WHERE id = $1 AND workspace_id = $2
           RETURNING id, owner_id, shortcut, body, updated_at`,
          [existing.id, user.workspaceId, shortcut, body],
        );
      } catch (e) {
        throw this.duplicate(e, shortcut);
      }
      if (!rows.length) throw notFound('Quick reply');
      if (existing.owner_id === null) await this.recordShared(user, 'updated', rows[0], m);
      return toObject(rows[0]);
    });
  }

  async remove(user: AuthUser, id: string): Promise<boolean> {
    const existing = await this.findVisible(user, id);
    this.assertMayManage(user, existing.owner_id === null);
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM quick_replies WHERE id = $1 AND workspace_id = $2`, [existing.id, user.workspaceId]);
      if (existing.owner_id === null) await this.recordShared(user, 'deleted', existing, m);
    });
    return true;
  }

  /** Another operator's personal reply does not exist for the caller. */
  private async findVisible(user: AuthUser, id: string): Promise<Row> {
    if (!isUuid(id)) throw notFound('Quick reply');
    const [row]: Row[] = await this.db.query(
      `SELECT id, owner_id, shortcut, body, updated_at FROM quick_replies WHERE id = $1 AND workspace_id = $2 AND (owner_id IS NULL OR owner_id = $3)`,
      [id, user.workspaceId, user.operatorId],
    );
    if (!row) throw notFound('Quick reply');
    return row;
  }

  private assertMayManage(user: AuthUser, shared: boolean): void {
    if (shared && !ROLES_THAT_SHARE.includes(user.role)) throw forbidden('Only admins and supervisors manage shared quick replies');
    if (!shared && !ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers cannot reply, so they have no quick replies');
  }

  private duplicate(e: unknown, shortcut: string): unknown {
    if (isUniqueViolation(e, 'quick_replies_shortcut_key')) {
      return alreadyExists(`A quick reply with the shortcut /${shortcut} exists already`, { field: 'shortcut' });
    }
    return e;
  }

  private async recordShared(user: AuthUser, op: 'created' | 'updated' | 'deleted', row: Row, m: EntityManager): Promise<void> {
    const [actor] = await m.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
    await this.audit.record(
      { workspaceId: user.workspaceId, actorId: user.operatorId, actorName: actor?.display_name ?? null, action: AuditAction.quickReplyChanged, targetType: 'quick_reply', targetId: row.id, details: { op, shortcut: row.shortcut } },
      m,
    );
  }
}

function encodeShortcutCursor(shortcut: string, id: string): string {
  return Buffer.from(JSON.stringify([shortcut, id])).toString('base64url');
}

function decodeShortcutCursor(cursor: string): { shortcut: string; id: string } {
  try {
    const [shortcut, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof shortcut === 'string' && typeof id === 'string' && isUuid(id)) return { shortcut, id };
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor');
}
