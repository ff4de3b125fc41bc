import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, isUuid, notFound } from '@parley/api/platform/graphql';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import {
  ErrorCode,
  FEED_REJECTIONS_PAGE_MAX,
  FeedFormat,
  feedNameError,
  FeedRunState,
  FeedRunTrigger,
  feedScheduleError,
  FeedSource,
  feedUrlError,
} from '@parley/shared/contracts';
import { randomUUID } from 'node:crypto';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  CatalogueFeedEventKind,
  CatalogueFeedEventPayload,
  CatalogueFeedObject,
  CatalogueFeedRejectionConnection,
  CatalogueFeedRunObject,
  CreateCatalogueFeedInput,
  UpdateCatalogueFeedInput,
} from './catalogue-feed.object';
import { isPrivateAddress, openFeedUrl } from './feed-fetch';
import { FeedImporter, ImportCounts } from './feed-importer';
import { FeedError, formatBytes, parseFeed } from './feed-parser';

export const IMPORT_CATALOGUE_FEED_JOB = 'import-catalogue-feed';
export interface ImportCatalogueFeedJobData {
  runId: string;
}
/** The maintenance sweep that starts scheduled re-imports and fails runs a crash left behind. */
export const SWEEP_CATALOGUE_FEEDS_JOB = 'sweep-catalogue-feeds';
export const SWEEP_CATALOGUE_FEEDS_EVERY_MS = 60_000;
/** A running import that has written nothing for this long was cut off (a crash, a lost job). */
const STALE_RUNNING_MS = 10 * 60_000;
/** …and a queued one that never started. */
const STALE_QUEUED_MS = 30 * 60_000;
/** Live progress at most this often (the end of a run always). */
const PROGRESS_EVERY_MS = 250;
/** Scheduled feeds one sweep starts; the next sweep takes the rest. */
const SWEEP_BATCH = 50;

interface FeedRow {
  id: string;
  workspace_id: string;
  name: string;
  source: FeedSource;
  url: string | null;
  upload_name: string | null;
  upload_size: string | null;
  uploaded_at: Date | null;
  format: FeedFormat | null;
  schedule_hours: number | null;
  next_run_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface RunRow {
  id: string;
  feed_id: string;
  workspace_id: string;
  state: FeedRunState;
  trigger: FeedRunTrigger;
  format: FeedFormat | null;
  bytes_read: string;
  bytes_total: string | null;
  offers_seen: number;
  offers_created: number;
  offers_updated: number;
  offers_unchanged: number;
  offers_rejected: number;
  products_deactivated: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const date = (d: Date | string | null): Date | null => (d ? new Date(d) : null);

export const toRun = (r: RunRow): CatalogueFeedRunObject => ({
  id: r.id,
  feedId: r.feed_id,
  state: r.state,
  trigger: r.trigger,
  format: r.format,
  bytesRead: Number(r.bytes_read),
  bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total),
  offersSeen: r.offers_seen,
  offersCreated: r.offers_created,
  offersUpdated: r.offers_updated,
  offersUnchanged: r.offers_unchanged,
  offersRejected: r.offers_rejected,
  productsDeactivated: r.products_deactivated,
  error: r.error,
  createdAt: new Date(r.created_at),
  startedAt: date(r.started_at),
  finishedAt: date(r.finished_at),
});

const toFeed = (f: FeedRow, run: RunRow | null): CatalogueFeedObject => ({
  id: f.id,
  name: f.name,
  source: f.source,
  url: f.url,
  uploadName: f.upload_name,
  uploadSize: f.upload_size === null ? null : Number(f.upload_size),
  uploadedAt: date(f.uploaded_at),
  format: f.format,
  scheduleHours: f.schedule_hours,
  nextRunAt: date(f.next_run_at),
  createdAt: new Date(f.created_at),
  updatedAt: new Date(f.updated_at),
  lastRun: run ? toRun(run) : null,
});

/** Dates that crossed the bus as strings, back to Dates for the DateTime scalar. */
export function reviveFeedEvent(e: CatalogueFeedEventPayload): CatalogueFeedEventPayload {
  const run = (r: CatalogueFeedRunObject | null) => (r ? { ...r, createdAt: new Date(r.createdAt), startedAt: date(r.startedAt), finishedAt: date(r.finishedAt) } : null);
  const feed = e.feed
    ? { ...e.feed, uploadedAt: date(e.feed.uploadedAt), nextRunAt: date(e.feed.nextRunAt), createdAt: new Date(e.feed.createdAt), updatedAt: new Date(e.feed.updatedAt), lastRun: run(e.feed.lastRun) }
    : null;
  return { ...e, feed, run: run(e.run) };
}

const fieldError = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/**
 * Issue #12 (E10): a workspace's catalogue feeds and their imports. A feed is fetched from its URL
 * by the server (SSRF-safe: feed-fetch.ts) or read from the file an admin uploaded (kept under
 * DATA_DIR/catalogue-feeds, so API and workers need the same DATA_DIR, as attachments do). "Import
 * now", an upload or the schedule stores a run and queues `import-catalogue-feed`
 * (QueueName.catalogue); at most one run per feed is queued or running (a partial unique index) —
 * asking again returns it. The job streams the XML through parseFeed into FeedImporter, its
 * figures published live on Topics.catalogueFeeds. Feed changes are audited.
 */
@Injectable()
export class CatalogueFeedsService {
  private readonly logger = new Logger('CatalogueFeeds');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async list(user: AuthUser): Promise<CatalogueFeedObject[]> {
    const feeds = (await this.db.query(`SELECT * FROM product_feeds WHERE workspace_id = $1 ORDER BY created_at, id`, [user.workspaceId])) as FeedRow[];
    if (!feeds.length) return [];
    await this.expireStale(user.workspaceId);
    const runs = (await this.db.query(
      `SELECT DISTINCT ON (feed_id) * FROM product_feed_runs WHERE feed_id = ANY($1::uuid[]) ORDER BY feed_id, created_at DESC`,
      [feeds.map((f) => f.id)],
    )) as RunRow[];
    const byFeed = new Map(runs.map((r) => [r.feed_id, r]));
    return feeds.map((f) => toFeed(f, byFeed.get(f.id) ?? null));
  }

  async get(user: AuthUser, id: string): Promise<CatalogueFeedObject> {
    const feed = await this.feedRow(user.workspaceId, id);
    return toFeed(feed, await this.lastRun(feed.id));
  }

  async create(user: AuthUser, input: CreateCatalogueFeedInput): Promise<CatalogueFeedObject> {
    const name = this.checkName(input.name);
    const source = input.source;
    if (source !== FeedSource.url && source !== FeedSource.upload) throw fieldError('source', 'Choose where the feed comes from: a URL or an uploaded file');
    const url = source === FeedSource.url ? await this.checkUrl(input.url) : null;
    if (source === FeedSource.upload && input.url) throw fieldError('url', 'An uploaded feed has no URL');
    const scheduleHours = this.checkSchedule(input.scheduleHours, source);
    const [row] = (await this.db.query(
      `INSERT INTO product_feeds (workspace_id, name, source, url, schedule_hours, next_run_at, created_by)
       VALUES ($1, $2, $3, $4, $5::int, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(hours => $5::int) END, $6) RETURNING *`,
      [user.workspaceId, name, source, url, scheduleHours, user.operatorId],
    )) as FeedRow[];
    await this.record(user, row, 'created', { name, source, url, scheduleHours });
    const feed = toFeed(row, null);
    await this.publish({ workspaceId: user.workspaceId, kind: CatalogueFeedEventKind.feed_saved, feedId: row.id, feed, run: null });
    return feed;
  }

  async update(user: AuthUser, input: UpdateCatalogueFeedInput): Promise<CatalogueFeedObject> {
    const feed = await this.feedRow(user.workspaceId, input.id);
    const name = input.name === undefined || input.name === null ? feed.name : this.checkName(input.name);
    let url = feed.url;
    if (input.url !== undefined && input.url !== null) {
      if (feed.source !== FeedSource.url) throw fieldError('url', 'An uploaded feed has no URL; upload a new file instead');
      url = await this.checkUrl(input.url);
    }
    const scheduleHours = input.scheduleHours === undefined ? feed.schedule_hours : this.checkSchedule(input.scheduleHours, feed.source);
    const [[row]] = (await this.db.query(
      `UPDATE product_feeds SET name = $3, url = $4, schedule_hours = $5::int,
              next_run_at = CASE WHEN $5::int IS NULL THEN NULL WHEN schedule_hours IS NOT DISTINCT FROM $5::int AND next_run_at IS NOT NULL THEN next_run_at ELSE now() + make_interval(hours => $5::int) END,
              updated_at = now()
        WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [feed.id, user.workspaceId, name, url, scheduleHours],
    )) as [FeedRow[], number];
    const changes: Record<string, unknown> = {};
    if (name !== feed.name) changes['name'] = { from: feed.name, to: name };
    if (url !== feed.url) changes['url'] = { from: feed.url, to: url };
    if (scheduleHours !== feed.schedule_hours) changes['scheduleHours'] = { from: feed.schedule_hours, to: scheduleHours };
    if (Object.keys(changes).length) await this.record(user, row, 'updated', { name, changes });
    const saved = toFeed(row, await this.lastRun(row.id));
    await this.publish({ workspaceId: user.workspaceId, kind: CatalogueFeedEventKind.feed_saved, feedId: row.id, feed: saved, run: null });
    return saved;
  }

  /** The feed and its runs go; its products stay (orders refer to them), no longer linked to a feed. */
  async remove(user: AuthUser, id: string): Promise<boolean> {
    const feed = await this.feedRow(user.workspaceId, id);
    await this.db.query(`DELETE FROM product_feeds WHERE id = $1 AND workspace_id = $2`, [feed.id, user.workspaceId]);
    await fs.promises.rm(this.uploadPath(feed), { force: true }).catch(() => undefined);
    await this.record(user, feed, 'deleted', { name: feed.name, source: feed.source, url: feed.url });
    await this.publish({ workspaceId: user.workspaceId, kind: CatalogueFeedEventKind.feed_deleted, feedId: feed.id, feed: null, run: null });
    return true;
  }

  /** "Import now": a queued run (or the one already queued or running). */
  async importNow(user: AuthUser, id: string): Promise<CatalogueFeedRunObject> {
    const feed = await this.feedRow(user.workspaceId, id);
    if (feed.source === FeedSource.upload && !feed.uploaded_at) throw fieldError('file', 'Upload the feed’s file first');
    const { run, started } = await this.start(feed, FeedRunTrigger.manual, user.operatorId);
    if (started) await this.record(user, feed, 'imported', { name: feed.name, runId: run.id });
    return run;
  }

  async run(user: AuthUser, runId: string): Promise<CatalogueFeedRunObject> {
    if (!isUuid(runId)) throw notFound('Import');
    const [row] = (await this.db.query(`SELECT * FROM product_feed_runs WHERE id = $1 AND workspace_id = $2`, [runId, user.workspaceId])) as RunRow[];
    if (!row) throw notFound('Import');
    return toRun(row);
  }

  /** A run's kept rejections in order, `first` (1–100) after the cursor (the last one's seq). */
  async rejections(user: AuthUser, runId: string, first: number, after: string | null | undefined): Promise<CatalogueFeedRejectionConnection> {
    const run = await this.run(user, runId);
    if (!Number.isInteger(first) || first < 1 || first > FEED_REJECTIONS_PAGE_MAX) throw fieldError('first', `first is 1 to ${FEED_REJECTIONS_PAGE_MAX}`);
    let afterSeq = 0;
    if (after !== null && after !== undefined) {
      afterSeq = Number(Buffer.from(after, 'base64url').toString('utf8'));
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw fieldError('after', 'Invalid cursor');
    }
    const rows = (await this.db.query(
      `SELECT seq, offer_id, line, reason FROM product_feed_rejections WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [run.id, afterSeq, first + 1],
    )) as Array<{ seq: number; offer_id: string | null; line: number; reason: string }>;
    const page = rows.slice(0, first);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ seq: r.seq, offerId: r.offer_id, line: r.line, reason: r.reason })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(String(last.seq), 'utf8').toString('base64url') : null },
      totalCount: run.offersRejected,
    };
  }

  /**
   * The upload route's body: streams the file to DATA_DIR (at most CATALOGUE_FEED_MAX_BYTES),
   * replaces the feed's file and starts its import. Refused while an import of the feed runs.
   */
  async upload(user: AuthUser, feedId: string, body: Readable, fileName: unknown, declaredLength: number | undefined): Promise<{ feed: CatalogueFeedObject; run: CatalogueFeedRunObject }> {
    const feed = await this.feedRow(user.workspaceId, feedId);
    if (feed.source !== FeedSource.upload) throw fieldError('file', 'This feed is fetched from its URL; files are uploaded to feeds of the “upload” kind');
    const max = this.config.catalogueFeeds.maxBytes;
    if (declaredLength !== undefined && declaredLength > max) throw tooLarge(max);
    await this.expireStale(user.workspaceId);
    const [active] = (await this.db.query(`SELECT id FROM product_feed_runs WHERE feed_id = $1 AND state IN ('queued', 'running')`, [feed.id])) as Array<{ id: string }>;
    if (active) throw new DomainException(ErrorCode.Conflict, 'An import of this feed is running; upload the new file when it ends', { runId: active.id });
    const name = typeof fileName === 'string' && fileName.trim() ? fileName.trim().replace(/[\r\n\\/]/g, '_').slice(0, 255) : 'feed.xml';
    const target = this.uploadPath(feed);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.part`;
    let size: number;
    try {
      size = await receive(body, tmp, max);
      if (!size) throw fieldError('file', 'The file is empty');
      await fs.promises.rename(tmp, target);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    const [[row]] = (await this.db.query(
      `UPDATE product_feeds SET upload_name = $3, upload_size = $4, uploaded_at = now(), updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [feed.id, user.workspaceId, name, size],
    )) as [FeedRow[], number];
    await this.record(user, row, 'uploaded', { name: row.name, file: name, size });
    const { run } = await this.start(row, FeedRunTrigger.upload, user.operatorId);
    return { feed: toFeed(row, null), run };
  }

  /** The job's body: read the feed, import it, end the run done or failed (never thrown to the queue: one attempt). */
  async execute(runId: string): Promise<void> {
    if (!isUuid(runId)) return;
    const [claimed] = (await this.db.query(
      `UPDATE product_feed_runs SET state = 'running', started_at = now(), updated_at = now() WHERE id = $1 AND state = 'queued' RETURNING *`,
      [runId],
    )) as [RunRow[], number];
    const run = claimed[0];
    if (!run) return;
    const [feed] = (await this.db.query(`SELECT * FROM product_feeds WHERE id = $1`, [run.feed_id])) as FeedRow[];
    if (!feed) return;
    await this.announce(run);
    let bytesRead = 0;
    let bytesTotal: number | null = null;
    let lastPublished = 0;
    const progress = async (counts: ImportCounts, force = false) => {
      const [[row]] = (await this.db.query(
        `UPDATE product_feed_runs SET bytes_read = $2, bytes_total = $3, offers_seen = $4, offers_created = $5, offers_updated = $6, offers_rejected = $7,
                format = coalesce($8::text, format), offers_unchanged = $9, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [run.id, bytesRead, bytesTotal, counts.seen, counts.created, counts.updated, counts.rejected, importer.format, counts.unchanged],
      )) as [RunRow[], number];
      if (row && (force || Date.now() - lastPublished >= PROGRESS_EVERY_MS)) {
        lastPublished = Date.now();
        await this.announce(row);
      }
    };
    const importer = new FeedImporter(this.db, { workspaceId: feed.workspace_id, feedId: feed.id, runId: run.id }, { onProgress: (c) => progress(c) });
    const limits = { maxBytes: this.config.catalogueFeeds.maxBytes };
    try {
      let source: AsyncIterable<Buffer>;
      if (feed.source === FeedSource.url) {
        if (!feed.url) throw new FeedError('The feed has no URL');
        const fetched = await openFeedUrl(feed.url, { ...this.config.catalogueFeeds, onBytes: (n) => (bytesRead = n) });
        bytesTotal = fetched.totalBytes;
        source = fetched.body;
      } else {
        const file = this.uploadPath(feed);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (!stat) throw new FeedError('The uploaded file is gone; upload it again');
        bytesTotal = stat.size;
        source = countBytes(fs.createReadStream(file, { highWaterMark: 64 * 1024 }), (n) => (bytesRead = n));
      }
      await progress(importer.counts, true);
      const counts = await importer.run(parseFeed(source, limits));
      const [[done]] = (await this.db.query(
        `UPDATE product_feed_runs SET state = 'done', bytes_read = $2::bigint, bytes_total = coalesce($3::bigint, $2::bigint), offers_seen = $4, offers_created = $5, offers_updated = $6,
                offers_rejected = $7, products_deactivated = $8, format = $9, offers_unchanged = $10, updated_at = now(), finished_at = now()
          WHERE id = $1 RETURNING *`,
        [run.id, bytesRead, bytesTotal, counts.seen, counts.created, counts.updated, counts.rejected, counts.deactivated, importer.format, counts.unchanged],
      )) as [RunRow[], number];
      await this.db.query(`UPDATE product_feeds SET format = $2 WHERE id = $1`, [feed.id, importer.format]);
      if (done) await this.announce(done);
    } catch (e) {
      const message = e instanceof FeedError ? e.message : 'The import failed inside Parley; try again';
      if (!(e instanceof FeedError)) this.logger.error(`feed run ${run.id} failed: ${(e as Error)?.stack ?? e}`);
      // what was imported before the failure stays; nothing is made inactive
      await importer.flush().catch(() => undefined);
      const counts = importer.counts;
      const [[failed]] = (await this.db.query(
        `UPDATE product_feed_runs SET state = 'failed', error = $2, bytes_read = $3, bytes_total = $4, offers_seen = $5, offers_created = $6, offers_updated = $7,
                offers_rejected = $8, format = coalesce($9::text, format), offers_unchanged = $10, updated_at = now(), finished_at = now()
          WHERE id = $1 RETURNING *`,
        [run.id, message.slice(0, 1000), bytesRead, bytesTotal, counts.seen, counts.created, counts.updated, counts.rejected, importer.format, counts.unchanged],
      ).catch(() => [[null]])) as [Array<RunRow | null>, number];
      if (failed) await this.announce(failed);
    }
  }

  /** The maintenance sweep: fails runs a crash left behind, starts the scheduled re-imports that are due. */
  async sweep(): Promise<number> {
    await this.expireStale(null);
    const due = (await this.db.query(
      `UPDATE product_feeds SET next_run_at = now() + make_interval(hours => schedule_hours)
        WHERE id IN (SELECT id FROM product_feeds WHERE schedule_hours IS NOT NULL AND source = 'url' AND next_run_at <= now() ORDER BY next_run_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING *`,
    )) as [FeedRow[], number];
    let started = 0;
    for (const feed of due[0] ?? []) {
      try {
        if ((await this.start(feed, FeedRunTrigger.schedule, null)).started) started++;
      } catch (e) {
        this.logger.warn(`scheduled import of feed ${feed.id} was not started: ${(e as Error).message}`);
      }
    }
    return started;
  }

  private async start(feed: FeedRow, trigger: FeedRunTrigger, operatorId: string | null): Promise<{ run: CatalogueFeedRunObject; started: boolean }> {
    await this.expireStale(feed.workspace_id);
    const [inserted] = (await this.db.query(
      `INSERT INTO product_feed_runs (feed_id, workspace_id, trigger, requested_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (feed_id) WHERE state IN ('queued', 'running') DO NOTHING RETURNING *`,
      [feed.id, feed.workspace_id, trigger, operatorId],
    )) as RunRow[];
    if (!inserted) {
      const [active] = (await this.db.query(`SELECT * FROM product_feed_runs WHERE feed_id = $1 AND state IN ('queued', 'running')`, [feed.id])) as RunRow[];
      if (active) return { run: toRun(active), started: false };
      return this.start(feed, trigger, operatorId);
    }
    try {
      await this.queue.add<ImportCatalogueFeedJobData>(QueueName.catalogue, IMPORT_CATALOGUE_FEED_JOB, { runId: inserted.id }, { jobId: `feed-run-${inserted.id}`, attempts: 1 });
    } catch (e) {
      this.logger.warn(`could not queue feed run ${inserted.id}: ${(e as Error).message}`);
      const [[failed]] = (await this.db.query(
        `UPDATE product_feed_runs SET state = 'failed', error = 'The import could not be queued (the job queue did not answer); try again', finished_at = now(), updated_at = now() WHERE id = $1 RETURNING *`,
        [inserted.id],
      )) as [RunRow[], number];
      if (failed) await this.announce(failed);
      throw new DomainException(ErrorCode.Unavailable, 'The import could not be queued; try again in a moment');
    }
    await this.announce(inserted);
    return { run: toRun(inserted), started: true };
  }

  /** Runs a stopped process left queued or running are failed, so the feed can be imported again. */
  private async expireStale(workspaceId: string | null): Promise<void> {
    const [rows] = (await this.db.query(
      `UPDATE product_feed_runs SET state = 'failed', error = 'The import was interrupted (the process running it stopped); import again', finished_at = now(), updated_at = now()
        WHERE ($1::uuid IS NULL OR workspace_id = $1) AND (
          (state = 'running' AND updated_at < now() - make_interval(secs => $2)) OR (state = 'queued' AND created_at < now() - make_interval(secs => $3)))
        RETURNING *`,
      [workspaceId, STALE_RUNNING_MS / 1000, STALE_QUEUED_MS / 1000],
    )) as [RunRow[], number];
    for (const r of rows ?? []) await this.announce(r);
  }

  private async feedRow(workspaceId: string, id: string): Promise<FeedRow> {
    if (typeof id !== 'string' || !isUuid(id)) throw notFound('Feed');
    const [row] = (await this.db.query(`SELECT * FROM product_feeds WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])) as FeedRow[];
    if (!row) throw notFound('Feed');
    return row;
  }

  private async lastRun(feedId: string): Promise<RunRow | null> {
    const [row] = (await this.db.query(`SELECT * FROM product_feed_runs WHERE feed_id = $1 ORDER BY created_at DESC LIMIT 1`, [feedId])) as RunRow[];
    return row ?? null;
  }

  private uploadPath(feed: Pick<FeedRow, 'id' | 'workspace_id'>): string {
    return path.join(this.config.dataDir, 'catalogue-feeds', feed.workspace_id, `${feed.id}.xml`);
  }

  private checkName(raw: unknown): string {
    if (typeof raw !== 'string') throw fieldError('name', 'Give the feed a name');
    const error = feedNameError(raw);
    if (error) throw fieldError('name', error);
    return raw.trim();
  }

  private checkSchedule(raw: unknown, source: FeedSource): number | null {
    if (raw === null || raw === undefined) return null;
    const error = typeof raw === 'number' ? feedScheduleError(raw) : 'Re-import every 1 to 720 hours, or never';
    if (error) throw fieldError('scheduleHours', error);
    if (source !== FeedSource.url) throw fieldError('scheduleHours', 'Only a feed fetched from a URL is re-imported on a schedule');
    return raw as number;
  }

  /** The URL's form, and (unless private addresses are allowed) that its host is not on a private or local network. */
  private async checkUrl(raw: unknown): Promise<string> {
    if (typeof raw !== 'string') throw fieldError('url', 'Give the address of the feed');
    const error = feedUrlError(raw);
    if (error) throw fieldError('url', error);
    const url = new URL(raw.trim());
    if (!this.config.catalogueFeeds.allowPrivateAddresses) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      let addresses: string[];
      if (net.isIP(host)) addresses = [host];
      else {
        try {
          addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
        } catch {
          throw fieldError('url', `${host} could not be found`);
        }
      }
      const bad = addresses.find(isPrivateAddress);
      if (bad) throw fieldError('url', `${host === bad ? bad : `${host} (${bad})`} is a private, loopback or link-local address: feeds are fetched from the public internet only`);
    }
    return url.toString();
  }

  private async record(user: AuthUser, feed: FeedRow, op: string, details: Record<string, unknown>): Promise<void> {
    const [me] = (await this.db.query(`SELECT display_name FROM operators WHERE id = $1 AND workspace_id = $2`, [user.operatorId, user.workspaceId])) as Array<{ display_name: string }>;
    await this.audit.record({
      workspaceId: user.workspaceId,
      actorId: user.operatorId,
      actorName: me?.display_name ?? null,
      action: ClientAuditAction.catalogueFeedChanged,
      targetType: 'catalogue_feed',
      targetId: feed.id,
      details: { op, ...details },
    });
  }

  private async announce(run: RunRow): Promise<void> {
    await this.publish({ workspaceId: run.workspace_id, kind: CatalogueFeedEventKind.run_progress, feedId: run.feed_id, feed: null, run: toRun(run) });
  }

  private async publish(e: CatalogueFeedEventPayload): Promise<void> {
    await this.bus.publish(Topics.catalogueFeeds(e.workspaceId), e).catch((err) => this.logger.warn(`feed event not published: ${(err as Error).message}`));
  }
}

function tooLarge(max: number): DomainException {
  return new DomainException(ErrorCode.FileTooLarge, `The file is larger than ${formatBytes(max)}`, { maxBytes: max });
}

/** Streams `input` into `file`, refusing (FILE_TOO_LARGE) as soon as more than `max` bytes arrived. Resolves with the size. */
function receive(input: Readable, file: string, max: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      input.unpipe(out);
      input.resume();
      out.destroy();
      reject(e);
    };
    input.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) fail(tooLarge(max));
    });
    input.once('aborted', () => fail(new DomainException(ErrorCode.BadUserInput, 'The upload was interrupted')));
    input.once('error', fail);
    out.once('error', fail);
    out.once('finish', () => {
      if (settled) return;
      settled = true;
      resolve(size);
    });
    input.pipe(out);
  });
}

async function* countBytes(stream: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.length;
    onBytes(n);
    yield chunk;
  }
}
