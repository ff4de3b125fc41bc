import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badInput, decodeCursor, encodeCursor, isUuid } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { AUDIT_PAGE_MAX, AUDITED_ACTIONS } from '@parley/shared/contracts';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditEntryInput } from './audit-action';
import { AuditEntryObject, AuditLogPageObject, AuditSubjectObject } from './audit-entry.object';
import { AUDIT_NAME_SOURCES, detailRefs, refSnapshot, snapshotName, SubjectRef } from './audit-names';

export { AUDIT_PAGE_MAX };

/** Published on Topics.audit(workspaceId) once an entry is committed (the admin screen refetches). */
export interface AuditLogChangedEvent {
  workspaceId: string;
  at: string;
}

export interface AuditLogFilter {
  first?: number;
  after?: string | null;
  /** An operator of the workspace (deactivated ones included). */
  actorId?: string | null;
  /** One AuditAction value. */
  action?: string | null;
  /** ISO 8601 date or date-time (UTC when it has no offset); from inclusive, to exclusive. */
  from?: string | null;
  to?: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const PENDING = Symbol('auditPending');

/**
 * Writes and lists the audit log. Domains call `record` (inside their own transaction when they
 * pass its EntityManager, so the entry exists exactly when the change does; the live event goes
 * out after that transaction commits).
 */
@Injectable()
export class AuditService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    const pending = (qr: QueryRunner): Set<string> | undefined => (qr.data as Record<symbol, Set<string> | undefined>)?.[PENDING];
    this.db.subscribers.push({
      afterTransactionCommit: (e) => {
        const ws = pending(e.queryRunner);
        if (!ws || e.queryRunner.isTransactionActive) return;
        delete (e.queryRunner.data as Record<symbol, unknown>)[PENDING];
        for (const id of ws) void this.announce(id);
      },
      afterTransactionRollback: (e) => {
        if (!e.queryRunner.isTransactionActive && e.queryRunner.data) delete (e.queryRunner.data as Record<symbol, unknown>)[PENDING];
      },
    });
  }

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
    const workspaces = new Set(list.map((e) => e.workspaceId));
    const qr = manager?.queryRunner;
    if (qr?.isTransactionActive) {
      const data = (qr.data ??= {}) as Record<symbol, Set<string> | undefined>;
      const set = (data[PENDING] ??= new Set());
      workspaces.forEach((w) => set.add(w));
    } else {
      for (const w of workspaces) await this.announce(w);
    }
  }

  /** Newest first, keyset over (created_at, id), with optional filters. Callers check the role. */
  async list(workspaceId: string, filter: AuditLogFilter = {}): Promise<AuditLogPageObject> {
    const first = filter.first ?? 30;
    if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) throw badInput(`first: a page holds 1 to ${AUDIT_PAGE_MAX} entries`, { field: 'first' });
    const params: unknown[] = [workspaceId];
    const where: string[] = ['workspace_id = $1'];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.actorId) {
      if (!isUuid(filter.actorId)) throw badInput('actorId: no such operator', { field: 'actorId' });
      const [known] = await this.db.query(`SELECT 1 FROM operators WHERE workspace_id = $1 AND id = $2`, [workspaceId, filter.actorId]);
      if (!known) throw badInput('actorId: no such operator', { field: 'actorId' });
      where.push(`actor_id = ${param(filter.actorId)}::uuid`);
    }
    if (filter.action) {
      if (!AUDITED_ACTIONS.includes(filter.action)) throw badInput('action: unknown action', { field: 'action' });
      where.push(`action = ${param(filter.action)}`);
    }
    const from = parseDate(filter.from, 'from');
    const to = parseDate(filter.to, 'to');
    if (from && to && from.getTime() >= to.getTime()) throw badInput('to: must be after from', { field: 'to' });
    if (from) where.push(`created_at >= ${param(from.toISOString())}::timestamptz`);
    if (to) where.push(`created_at < ${param(to.toISOString())}::timestamptz`);
    if (filter.after) {
      const cur = decodeCursor(filter.after);
      where.push(`(created_at, id) < (${param(cur.at.toISOString())}::timestamptz, ${param(cur.id)}::uuid)`);
    }
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id, actor_id, actor_name, action, target_type, target_id, details, created_at
       FROM audit_log WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT ${param(first + 1)}`,
      params,
    );
    const page = rows.slice(0, first);
    const nodes = await this.withNames(workspaceId, page);
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
  }

  /** Resolves every subject of a page at once: one query per kind of subject, workspace-scoped. */
  private async withNames(workspaceId: string, rows: Array<Record<string, unknown>>): Promise<AuditEntryObject[]> {
    const parsed = rows.map((r) => {
      const details = (r['details'] && typeof r['details'] === 'object' ? r['details'] : {}) as Record<string, unknown>;
      const action = r['action'] as string;
      const targetType = r['target_type'] as string;
      const targetId = (r['target_id'] as string | null) ?? null;
      return { r, details, action, targetType, targetId, refs: dedupe(detailRefs(action, details)) };
    });
    const wanted = new Map<string, Set<string>>();
    const want = (type: string, id: string | null) => {
      if (!id || !isUuid(id) || !AUDIT_NAME_SOURCES[type]) return;
      const set = wanted.get(type) ?? new Set<string>();
      set.add(id);
      wanted.set(type, set);
    };
    for (const p of parsed) {
      want('operator', (p.r['actor_id'] as string | null) ?? null);
      want(p.targetType, p.targetId);
      p.refs.forEach((ref) => want(ref.type, ref.id));
    }
    const names = new Map<string, string | null>();
    await Promise.all(
      [...wanted].map(async ([type, ids]) => {
        const found: Array<{ id: string; name: string | null }> = await this.db.query(AUDIT_NAME_SOURCES[type], [workspaceId, [...ids]]);
        for (const f of found) names.set(`${type}:${f.id}`, f.name ?? null);
      }),
    );
    const subject = (type: string, id: string | null, fallback: string | null): AuditSubjectObject => {
      const key = `${type}:${id}`;
      if (id && names.has(key)) return { type, id, name: names.get(key) ?? fallback, deleted: false };
      // no row: gone (or never a row of a known kind, such as a workspace-wide setting without id)
      const known = !!id && !!AUDIT_NAME_SOURCES[type];
      return { type, id, name: fallback, deleted: known };
    };
    return parsed.map(({ r, details, action, targetType, targetId, refs }) => {
      const actorId = (r['actor_id'] as string | null) ?? null;
      const actorName = (r['actor_name'] as string | null) ?? null;
      return {
        id: r['id'] as string,
        actorId,
        actorName,
        actor: actorId || actorName ? subject('operator', actorId, actorName) : null,
        action,
        targetType,
        targetId,
        target: targetId || targetType ? subject(targetType, targetId, snapshotName(targetType, details)) : null,
        refs: refs.map((ref) => subject(ref.type, ref.id, refSnapshot(action, ref, details))),
        details: JSON.stringify(details),
        createdAt: new Date(r['created_at'] as string),
      };
    });
  }

  private async announce(workspaceId: string): Promise<void> {
    try {
      await this.bus.publish<AuditLogChangedEvent>(Topics.audit(workspaceId), { workspaceId, at: new Date().toISOString() });
    } catch {
      // the entry is stored; a watching admin sees it on the next load
    }
  }
}

function parseDate(value: string | null | undefined, field: 'from' | 'to'): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const v = typeof value === 'string' ? value.trim() : '';
  // a date-time without an offset is UTC (as a date alone is), whatever the server's zone
  const d = ISO.test(v) ? new Date(/T[^Z+-]*$/.test(v) ? `${v}Z` : v) : null;
  const [y, m, day] = v.slice(0, 10).split('-').map(Number);
  const real = new Date(Date.UTC(y, m - 1, day));
  // 2026-02-30 is no day (Date would roll it over into March)
  const valid = !!d && !Number.isNaN(d.getTime()) && y >= 1970 && real.getUTCMonth() === m - 1 && real.getUTCDate() === day;
  if (!valid) throw badInput(`${field}: not a date (use YYYY-MM-DD or an ISO 8601 date-time)`, { field });
  return d;
}

function dedupe(refs: SubjectRef[]): SubjectRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(`${r.type}:${r.id}`) && !!seen.add(`${r.type}:${r.id}`));
}
