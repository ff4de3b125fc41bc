import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badInput, decodeCursor, encodeCursor } from '@parley/api/platform/graphql';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryInput } from './audit-action';
import { AuditEntryObject } from './audit-entry.object';

export const AUDIT_PAGE_MAX = 100;

/**
 * Writes and lists the audit log. Domains call `record` (inside their own transaction when they
 * pass its EntityManager, so the entry exists exactly when the change does).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entries: AuditEntryInput | AuditEntryInput[], manager?: EntityManager): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    const values: unknown[] = [];
    const rows = list.map((e, i) => {
      values.push(e.workspaceId, e.actorId, e.actorName, e.action, e.targetType, e.targetId, JSON.stringify(e.details ?? {}));
      const p = i * 7;
      return `($${p + 1}::uuid, $${p + 2}::uuid, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::jsonb)`;
    });
    await (manager ?? this.db.manager).query(
      `INSERT INTO audit_log (workspace_id, actor_id, actor_name, action, target_type, target_id, details) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** Newest first, keyset over (created_at, id). Callers check the role. */
  async list(workspaceId: string, first: number, after?: string | null): Promise<{ nodes: AuditEntryObject[]; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) throw badInput(`first must be between 1 and ${AUDIT_PAGE_MAX}`);
    const params: unknown[] = [workspaceId, first + 1];
    let keyset = '';
    if (after) {
      const cur = decodeCursor(after);
      params.push(cur.at.toISOString(), cur.id);
      keyset = `AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id, actor_id, actor_name, action, target_type, target_id, details, created_at
       FROM audit_log WHERE workspace_id = $1 ${keyset}
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const nodes = rows.slice(0, first).map((r) => ({
      id: r['id'] as string,
      actorId: (r['actor_id'] as string | null) ?? null,
      actorName: (r['actor_name'] as string | null) ?? null,
      action: r['action'] as string,
      targetType: r['target_type'] as string,
      targetId: (r['target_id'] as string | null) ?? null,
      details: JSON.stringify(r['details'] ?? {}),
      createdAt: new Date(r['created_at'] as string),
    }));
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
  }
}
