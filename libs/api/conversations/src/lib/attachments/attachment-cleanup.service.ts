import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import fs from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { storagePath } from './attachment-storage';
import { AttachmentsService } from './attachments.service';

/** An upload no message claimed within this long is removed. */
export const UNSENT_ATTACHMENT_MAX_AGE_MS = 24 * 3_600_000;
/** Rows (and files) handled per statement… */
export const ATTACHMENT_CLEANUP_BATCH = 200;
/** …and at most this many batches per run, so one run stays short; the next run goes on. */
export const ATTACHMENT_CLEANUP_MAX_BATCHES = 10;
/** A file that cannot be removed (e.g. permissions) is retried on later runs this many times, then left and logged. */
export const ATTACHMENT_CLEANUP_MAX_ATTEMPTS = 5;

export interface AttachmentCleanupResult {
  /** Upload rows never sent, deleted now. */
  unsent: number;
  /** Files removed from disk, or found already gone (of those rows, and of rows gone with purged conversations). */
  files: number;
  /** Files that could not be removed this time. */
  failed: number;
}

/**
 * SPEC A9 housekeeping. Uploads that no message claimed within UNSENT_ATTACHMENT_MAX_AGE_MS are
 * deleted; every deleted attachment row — those, and the rows that go by cascade when a deleted
 * conversation is purged after HISTORY_RETENTION_DAYS — leaves its storage key in
 * `attachment_file_deletions` (a trigger), and the files named there are removed from disk.
 * Batch-limited; concurrent runs skip each other's rows (SKIP LOCKED).
 */
@Injectable()
export class AttachmentCleanupService {
  private readonly logger = new Logger(AttachmentCleanupService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly attachments: AttachmentsService,
  ) {}

  async run(now = new Date()): Promise<AttachmentCleanupResult> {
    const result: AttachmentCleanupResult = { unsent: 0, files: 0, failed: 0 };
    const cutoff = new Date(now.getTime() - UNSENT_ATTACHMENT_MAX_AGE_MS);
    for (let i = 0; i < ATTACHMENT_CLEANUP_MAX_BATCHES; i++) {
      const [, n] = await this.db.query(
        `DELETE FROM attachments WHERE id IN (
           SELECT id FROM attachments WHERE message_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, ATTACHMENT_CLEANUP_BATCH],
      );
      result.unsent += n;
      if (n < ATTACHMENT_CLEANUP_BATCH) break;
    }
    for (let i = 0; i < ATTACHMENT_CLEANUP_MAX_BATCHES; i++) {
      const batch = await this.removeFiles();
      result.files += batch.removed;
      result.failed += batch.failed;
      if (batch.seen < ATTACHMENT_CLEANUP_BATCH) break;
    }
    if (result.unsent || result.files || result.failed) this.logger.log(`attachments cleaned up: ${result.unsent} unsent uploads, ${result.files} files removed, ${result.failed} failed`);
    return result;
  }

  /** One batch of pending file removals: the file goes first, then its entry (a crash in between only repeats an unlink). */
  private async removeFiles(): Promise<{ seen: number; removed: number; failed: number }> {
    return this.db.transaction(async (m) => {
      const rows: Array<{ id: string; storage_key: string; attempts: number }> = await m.query(
        `SELECT id, storage_key, attempts FROM attachment_file_deletions WHERE attempts < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [ATTACHMENT_CLEANUP_MAX_ATTEMPTS, ATTACHMENT_CLEANUP_BATCH],
      );
      const done: string[] = [];
      const failed: string[] = [];
      for (const row of rows) {
        try {
          await fs.unlink(storagePath(this.attachments.root, row.storage_key));
          done.push(row.id);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') done.push(row.id);
          else {
            failed.push(row.id);
            this.logger.warn(`could not remove attachment file ${row.storage_key}: ${(e as Error).message}`);
          }
        }
      }
      if (done.length) await m.query(`DELETE FROM attachment_file_deletions WHERE id = ANY($1::bigint[])`, [done]);
      if (failed.length) await m.query(`UPDATE attachment_file_deletions SET attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [failed]);
      return { seen: rows.length, removed: done.length, failed: failed.length };
    });
  }
}
