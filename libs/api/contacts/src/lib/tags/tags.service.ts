import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, forbidden, isUuid } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ErrorCode, normalizeTagName, randomTagColor, tagNameError } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { TagEventKind, TagEventPayload } from './tag-event';
import { TagObject } from './tag.object';

const COLUMNS = `id, name, color, false AS pinned`;
export const TAG_SEARCH_MAX = 50;

/** Why a tag cannot be created: the caller lacks the "Create tags" right (E1; the list then says nothing matches). */
export const NO_CREATE_TAGS_MESSAGE = 'No tag matches this name, and you need the "Create tags" right to create one';

/**
 * The workspace tag catalog (table `tags`). It lives with contacts, the lowest domain that tags
 * things; clients, conversations (SPEC A4) and the web chat's acquired contacts (SPEC C6) share it.
 */
@Injectable()
export class TagsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly auditLog: AuditService,
  ) {}

  /** E1: a tag created by an operator goes into the audit log. */
  async audit(user: AuthUser, tag: TagObject): Promise<void> {
    await this.auditLog.record({ workspaceId: user.workspaceId, actorId: user.operatorId, actorName: null, action: ClientAuditAction.tagCreated, targetType: 'tag', targetId: tag.id, details: { name: tag.name, color: tag.color } });
  }

  list(workspaceId: string): Promise<TagObject[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM tags WHERE workspace_id = $1 ORDER BY lower(name), id`, [workspaceId]);
  }

  /** E1 typeahead: tags whose name contains `query` (case-insensitive), those starting with it first, then by name. */
  async search(workspaceId: string, rawQuery: string, first: number): Promise<TagObject[]> {
    if (!Number.isInteger(first) || first < 1 || first > TAG_SEARCH_MAX) throw badInput(`first must be between 1 and ${TAG_SEARCH_MAX}`, { field: 'first' });
    const q = normalizeTagName(rawQuery).toLowerCase();
    if ([...q].length > 100) throw badInput('The search is too long', { field: 'query' });
    const like = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.db.query(
      `SELECT ${COLUMNS} FROM tags WHERE workspace_id = $1 AND lower(name) LIKE '%' || $2 || '%'
        ORDER BY (lower(name) LIKE $2 || '%') DESC, lower(name), id LIMIT $3`,
      [workspaceId, like, first],
    );
  }

  /**
   * The tag with this name (case-insensitive), created (with a random colour) when missing —
   * only when `mayCreate` (the caller's "Create tags" right; FORBIDDEN otherwise). BAD_USER_INPUT
   * (on `field`) for an empty or over-long name.
   */
  async findOrCreate(
    workspaceId: string,
    rawName: unknown,
    field = 'name',
    m: EntityManager = this.db.manager,
    opts: { mayCreate?: boolean; onCreated?: (tag: TagObject) => Promise<void> } = {},
  ): Promise<TagObject> {
    const name = normalizeTagName(rawName);
    const error = tagNameError(name);
    if (error) throw badInput(error, { field, fieldErrors: [{ field, message: error }] });
    const [existing] = await m.query(`SELECT ${COLUMNS} FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2)`, [workspaceId, name]);
    if (existing) return existing;
    if (opts.mayCreate === false) throw forbidden(NO_CREATE_TAGS_MESSAGE);
    const [row] = await m.query(
      `INSERT INTO tags (workspace_id, name, color) VALUES ($1, $2, $3) ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING ${COLUMNS}`,
      [workspaceId, name, randomTagColor()],
    );
    if (row) {
      await this.publish({ workspaceId, kind: TagEventKind.tag_created, tag: row, job: null });
      await opts.onCreated?.(row);
      return row;
    }
    // another transaction inserted the same name meanwhile
    const [again] = await m.query(`SELECT ${COLUMNS} FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2)`, [workspaceId, name]);
    return again;
  }

  async findById(workspaceId: string, id: string): Promise<TagObject | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM tags WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    return row ?? null;
  }

  /** The tags with these ids that exist in the workspace. */
  async findByIds(workspaceId: string, ids: readonly string[]): Promise<TagObject[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return this.db.query(`SELECT ${COLUMNS} FROM tags WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, valid]);
  }

  /**
   * E1: while an admin's job renames, recolours or deletes this tag, nobody adds, removes or pins
   * it (TAG_JOB_RUNNING with `jobId`).
   */
  async assertNotLocked(workspaceId: string, tagId: string): Promise<void> {
    const [job] = await this.db.query(`SELECT id, kind FROM tag_jobs WHERE workspace_id = $1 AND state = 'running' AND tag_id = $2`, [workspaceId, tagId]);
    if (job) throw tagJobRunning(job.id, job.kind === 'delete' ? 'This tag is being deleted for every client; try again when that finishes' : 'This tag is being changed for every client; try again in a moment');
  }

  async publish(e: TagEventPayload): Promise<void> {
    try {
      await this.bus.publish<TagEventPayload>(Topics.tags(e.workspaceId), e);
    } catch {
      // stored; open screens show it on their next load
    }
  }
}

export function tagJobRunning(jobId: string, message = 'A tag change is running for every client; other tag edits wait until it finishes'): DomainException {
  return new DomainException(ErrorCode.TagJobRunning, message, { jobId });
}
