import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdentityService } from '@parley/api/identity';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { normalizeTagName, OperatorRole, TAG_JOB_BATCH, tagColorError, tagNameError } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { TagEventKind, TagImpactObject, TagJobKind, TagJobObject, TagJobState } from './tag-event';
import { TagObject } from './tag.object';
import { tagJobRunning, TagsService } from './tags.service';

export const RUN_TAG_JOB = 'run-tag-job';
export interface RunTagJobData {
  jobId: string;
}

/** A running job whose last batch is older than this was cut off by a crash: it no longer holds the lock. */
const STALE_MS = 5 * 60_000;
const JOB_COLUMNS = `id, tag_id, kind, state, old_name, old_color, name, color, clients, conversations, processed, error, actor_name, created_at, finished_at`;

interface JobRow {
  id: string;
  tag_id: string;
  kind: TagJobKind;
  state: TagJobState;
  old_name: string;
  old_color: string;
  name: string | null;
  color: string | null;
  clients: number;
  conversations: number;
  processed: number;
  error: string | null;
  actor_name: string | null;
  created_at: Date;
  finished_at: Date | null;
  workspace_id?: string;
  actor_id?: string | null;
}

function toJob(r: JobRow): TagJobObject {
  return {
    id: r.id,
    tagId: r.tag_id,
    kind: r.kind,
    state: r.state,
    oldName: r.old_name,
    oldColor: r.old_color,
    name: r.name,
    color: r.color,
    clients: r.clients,
    conversations: r.conversations,
    processed: r.processed,
    total: r.clients + r.conversations,
    error: r.error,
    actorName: r.actor_name,
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

/**
 * E1: admins rename, recolour or delete a tag for every client and conversation. The change runs
 * as a queued job (`run-tag-job`) in set-based batches of TAG_JOB_BATCH rows per statement (keyset
 * over the link tables' indexes), its progress published on Topics.tags after each batch. At most
 * one job runs per workspace (a partial unique index): meanwhile other tag edits are refused with
 * TAG_JOB_RUNNING. The new name / colour is written to the tag row when every batch is done, so
 * every screen switches at once (tag_updated / tag_deleted on Topics.tags). Audited at start and end.
 *
 * Benchmarks and other services start a job with `startUpdate` / `startDelete` and follow it
 * with `job` (or the `tagJob` query / `tagEvents` subscription).
 */
@Injectable()
export class TagAdminService {
  private readonly log = new Logger('TagAdmin');
  /** Rows per statement; the integration spec may lower it to see several batches on fewer rows. */
  batchSize = TAG_JOB_BATCH;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tags: TagsService,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async impact(user: AuthUser, tagId: string): Promise<TagImpactObject> {
    assertAdmin(user);
    const tag = await this.existing(user.workspaceId, tagId);
    const { clients, conversations } = await this.counts(user.workspaceId, tag.id);
    return { tag, clients, conversations };
  }

  async startUpdate(user: AuthUser, tagId: string, rawName: string | null | undefined, rawColor: string | null | undefined): Promise<TagJobObject> {
    assertAdmin(user);
    const tag = await this.existing(user.workspaceId, tagId);
    let name: string | null = null;
    let color: string | null = null;
    if (rawName !== null && rawName !== undefined) {
      name = normalizeTagName(rawName);
      const error = typeof rawName === 'string' ? tagNameError(name) : 'Enter a tag name';
      if (error) throw badInput(error, { field: 'name', fieldErrors: [{ field: 'name', message: error }] });
      const [clash] = await this.db.query(`SELECT id FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3`, [user.workspaceId, name, tag.id]);
      if (clash) throw badInput(`A tag named "${name}" already exists`, { field: 'name', fieldErrors: [{ field: 'name', message: `A tag named "${name}" already exists` }] });
      if (name === tag.name) name = null;
    }
    if (rawColor !== null && rawColor !== undefined) {
      color = typeof rawColor === 'string' ? rawColor.trim().toLowerCase() : '';
      const error = tagColorError(color);
      if (error) throw badInput(error, { field: 'color', fieldErrors: [{ field: 'color', message: error }] });
      if (color === tag.color) color = null;
    }
    if (name === null && color === null) throw badInput('Nothing to change: give a new name or colour');
    return this.start(user, tag, TagJobKind.update, name, color);
  }

  async startDelete(user: AuthUser, tagId: string): Promise<TagJobObject> {
    assertAdmin(user);
    const tag = await this.existing(user.workspaceId, tagId);
    return this.start(user, tag, TagJobKind.delete, null, null);
  }

  async job(user: AuthUser, id: string): Promise<TagJobObject> {
    assertAdmin(user);
    if (!isUuid(id)) throw notFound('Tag job');
    const [row] = await this.db.query(`SELECT ${JOB_COLUMNS} FROM tag_jobs WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]);
    if (!row) throw notFound('Tag job');
    return toJob(row);
  }

  /** The job running in the workspace, or null (every operator may ask: the panels say why a tag is locked). */
  async running(user: AuthUser): Promise<TagJobObject | null> {
    const [row] = await this.db.query(`SELECT ${JOB_COLUMNS} FROM tag_jobs WHERE workspace_id = $1 AND state = 'running'`, [user.workspaceId]);
    return row ? toJob(row) : null;
  }

  private async start(user: AuthUser, tag: TagObject, kind: TagJobKind, name: string | null, color: string | null): Promise<TagJobObject> {
    const ws = user.workspaceId;
    // a job cut off by a crash (no batch for STALE_MS) gives the lock up
    await this.db.query(
      `UPDATE tag_jobs SET state = 'failed', error = 'Interrupted (the server stopped); start it again', finished_at = now()
        WHERE workspace_id = $1 AND state = 'running' AND updated_at < now() - $2 * interval '1 millisecond'`,
      [ws, STALE_MS],
    );
    const [running] = await this.db.query(`SELECT id FROM tag_jobs WHERE workspace_id = $1 AND state = 'running'`, [ws]);
    if (running) throw tagJobRunning(running.id);
    const { clients, conversations } = await this.counts(ws, tag.id);
    const [me] = await this.identity.findOperatorsByIds(ws, [user.operatorId]);
    let row: JobRow;
    try {
      [row] = await this.db.query(
        `INSERT INTO tag_jobs (workspace_id, tag_id, kind, old_name, old_color, name, color, clients, conversations, actor_id, actor_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${JOB_COLUMNS}`,
        [ws, tag.id, kind, tag.name, tag.color, name, color, clients, conversations, user.operatorId, me?.displayName ?? null],
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        const [other] = await this.db.query(`SELECT id FROM tag_jobs WHERE workspace_id = $1 AND state = 'running'`, [ws]);
        throw tagJobRunning(other?.id ?? '');
      }
      throw e;
    }
    const job = toJob(row);
    await this.audit.record({
      workspaceId: ws,
      actorId: user.operatorId,
      actorName: me?.displayName ?? null,
      action: kind === TagJobKind.delete ? ClientAuditAction.tagDeleted : ClientAuditAction.tagUpdated,
      targetType: 'tag',
      targetId: tag.id,
      details: { jobId: job.id, phase: 'started', from: { name: tag.name, color: tag.color }, to: kind === TagJobKind.delete ? null : { name: name ?? tag.name, color: color ?? tag.color }, clients, conversations },
    });
    await this.tags.publish({ workspaceId: ws, kind: TagEventKind.job_progress, tag, job });
    await this.queue.add<RunTagJobData>(QueueName.tags, RUN_TAG_JOB, { jobId: job.id }, { jobId: `tag-job-${job.id}`, attempts: 1 });
    return job;
  }

  /** The processor's body: the batches, then the tag row, then the end event. Idempotent (a retry resumes). */
  async run(jobId: string): Promise<void> {
    const [row]: JobRow[] = await this.db.query(`SELECT ${JOB_COLUMNS}, workspace_id, actor_id FROM tag_jobs WHERE id = $1`, [jobId]);
    if (!row || row.state !== TagJobState.running) return;
    const ws = row.workspace_id as string;
    let processed = 0;
    const progress = async (n: number) => {
      processed += n;
      const [r] = await this.db.query(`UPDATE tag_jobs SET processed = LEAST($2, clients + conversations), updated_at = now() WHERE id = $1 RETURNING ${JOB_COLUMNS}`, [jobId, processed]);
      const job: JobRow = r[0] ?? r;
      await this.tags.publish({ workspaceId: ws, kind: TagEventKind.job_progress, tag: null, job: toJob(job) });
    };
    try {
      if (row.kind === TagJobKind.update) await this.touchAll(ws, row.tag_id, progress);
      else await this.unlinkAll(ws, row.tag_id, progress);
      let tag: TagObject | null;
      if (row.kind === TagJobKind.update) {
        [tag] = (
          await this.db.query(`UPDATE tags SET name = coalesce($3, name), color = coalesce($4, color) WHERE id = $1 AND workspace_id = $2 RETURNING id, name, color, false AS pinned`, [
            row.tag_id,
            ws,
            row.name,
            row.color,
          ])
        )[0];
      } else {
        await this.db.query(`DELETE FROM tags WHERE id = $1 AND workspace_id = $2`, [row.tag_id, ws]);
        tag = { id: row.tag_id, name: row.old_name, color: row.old_color, pinned: false };
      }
      const [done]: JobRow[] = await this.db.query(
        `UPDATE tag_jobs SET state = 'done', processed = clients + conversations, finished_at = now(), updated_at = now() WHERE id = $1 RETURNING ${JOB_COLUMNS}`,
        [jobId],
      ).then((r) => r[0]);
      await this.audit.record({
        workspaceId: ws,
        actorId: row.actor_id ?? null,
        actorName: row.actor_name,
        action: row.kind === TagJobKind.delete ? ClientAuditAction.tagDeleted : ClientAuditAction.tagUpdated,
        targetType: 'tag',
        targetId: row.tag_id,
        details: { jobId, phase: 'finished', clients: row.clients, conversations: row.conversations },
      });
      if (tag) await this.tags.publish({ workspaceId: ws, kind: row.kind === TagJobKind.delete ? TagEventKind.tag_deleted : TagEventKind.tag_updated, tag, job: toJob(done) });
      await this.tags.publish({ workspaceId: ws, kind: TagEventKind.job_progress, tag, job: toJob(done) });
    } catch (e) {
      this.log.error(`tag job ${jobId} failed: ${(e as Error).message}`);
      const message = (e as { code?: string }).code === '23505' ? 'Another tag took this name meanwhile; nothing was renamed' : 'The change failed; nothing was renamed. Try again';
      const [failed]: JobRow[] = await this.db
        .query(`UPDATE tag_jobs SET state = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1 RETURNING ${JOB_COLUMNS}`, [jobId, message])
        .then((r) => r[0]);
      if (failed) await this.tags.publish({ workspaceId: ws, kind: TagEventKind.job_progress, tag: null, job: toJob(failed) });
    }
  }

  /**
   * Rename / recolour: every client and conversation with the tag is marked updated (`updated_at`:
   * lists sorted or synced by it see the change), TAG_JOB_BATCH rows per statement, keyset by id.
   */
  private async touchAll(ws: string, tagId: string, progress: (n: number) => Promise<void>): Promise<void> {
    for (const [link, owner, table] of [
      ['contact_tags', 'contact_id', 'contacts'],
      ['conversation_tags', 'conversation_id', 'conversations'],
    ] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const [r] = await this.db.query(
          `WITH b AS (SELECT ${owner} AS id FROM ${link} WHERE workspace_id = $1 AND tag_id = $2 AND ${owner} > $3 ORDER BY ${owner} LIMIT $4),
                u AS (UPDATE ${table} x SET updated_at = now() FROM b WHERE x.id = b.id AND x.workspace_id = $1 RETURNING 1)
           SELECT (SELECT id FROM b ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM b) AS n`,
          [ws, tagId, after, this.batchSize],
        );
        if (!r.n) break;
        after = r.last;
        await progress(r.n);
        if (r.n < this.batchSize) break;
      }
    }
  }

  /**
   * Delete: the links go, TAG_JOB_BATCH per statement (the clients are marked updated in the same
   * statement), each batch picked by the (workspace_id, tag_id) index and deleted by row address
   * (a TID scan: an `IN (subquery)` plan could rescan the batch per row); then the tag row.
   */
  private async unlinkAll(ws: string, tagId: string, progress: (n: number) => Promise<void>): Promise<void> {
    for (;;) {
      const [r] = await this.db.query(
        `WITH d AS (DELETE FROM contact_tags WHERE ctid = ANY(ARRAY(SELECT ctid FROM contact_tags WHERE workspace_id = $1 AND tag_id = $2 LIMIT $3))
                      AND workspace_id = $1 AND tag_id = $2 RETURNING contact_id),
              u AS (UPDATE contacts c SET updated_at = now() FROM d WHERE c.id = d.contact_id RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [ws, tagId, this.batchSize],
      );
      if (!r.n) break;
      await progress(r.n);
    }
    for (;;) {
      const [r] = await this.db.query(
        `WITH d AS (DELETE FROM conversation_tags WHERE ctid = ANY(ARRAY(SELECT ctid FROM conversation_tags WHERE workspace_id = $1 AND tag_id = $2 LIMIT $3))
                      AND workspace_id = $1 AND tag_id = $2 RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [ws, tagId, this.batchSize],
      );
      if (!r.n) break;
      await progress(r.n);
    }
  }

  private async existing(ws: string, tagId: string): Promise<TagObject> {
    const tag = await this.tags.findById(ws, tagId);
    if (!tag) throw notFound('Tag');
    return tag;
  }

  private async counts(ws: string, tagId: string): Promise<{ clients: number; conversations: number }> {
    const [r] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM contact_tags WHERE workspace_id = $1 AND tag_id = $2) AS clients,
              (SELECT count(*)::int FROM conversation_tags WHERE workspace_id = $1 AND tag_id = $2) AS conversations`,
      [ws, tagId],
    );
    return { clients: r.clients, conversations: r.conversations };
  }
}

function assertAdmin(user: AuthUser): void {
  if (user.role !== OperatorRole.admin) throw forbidden('Only admins rename, recolour or delete tags for every client');
}
