import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelInboundService, ChannelSecrets } from '@parley/api/channels/core';
import { JobHandler, JobProcessor, QueueName, QueueService } from '@parley/api/platform/queue';
import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';
import { EmailChannelAdapter } from './email.adapter';
import { MAX_EMAIL_BYTES, parseRawEmail } from './email-parse';
import { EMAIL_KIND, readEmailSettings } from './email-settings';
import { connectImap, imapReason, oneLine } from './email-transport';

export const POLL_EMAIL_MAILBOXES_JOB = 'poll-email-mailboxes';
export { POLL_EMAIL_MAILBOX_JOB } from './email-jobs';
import { POLL_EMAIL_MAILBOX_JOB } from './email-jobs';
/** `idle`: enqueued by the IMAP IDLE watcher (the number of times it found the mailbox busy and tried again). */
export type PollEmailMailboxJobData = { channelId: string; idle?: number };
/** An IDLE-triggered poll that finds another run holding the mailbox tries again this many times, this far apart (that run may have listed the mailbox before the new mail). */
const IDLE_RETRIES = 10;
const IDLE_RETRY_MS = 2000;

/** How often the API looks for mailboxes that are due (each channel's own `pollSeconds` decides when it is). */
export const EMAIL_POLL_TICK_MS = 15_000;
/** Mails one run reads at most; the rest follow in the next runs (the tick sees the mailbox due at once). */
export const EMAIL_POLL_BATCH = 200;
/** How long one run holds its channel; renewed with every mail, so only a dead process's lease runs out. */
const LEASE_SECONDS = 300;
/** A mail whose storing failed this many runs in a row is skipped (and said so in last_error) so the rest of the mailbox still comes in. */
export const EMAIL_MAX_ATTEMPTS_PER_MAIL = 5;
/**
 * A new channel on a mailbox that has years of mail takes what arrived from `importDays` (setting,
 * default 7; 0: everything) before the channel was created on (by the server's arrival date): the
 * history is not turned into thousands of conversations unless asked. Relative to the channel's
 * creation, never to now, so downtime never skips mail.
 */
const DAY_MS = 24 * 3600 * 1000;

export interface EmailPollResult {
  /** Another run holds the channel: nothing was done. */
  busy?: boolean;
  /** Mails handed to receive (new or already known). */
  fetched: number;
  /** …of which were stored now (not duplicates, not ignored). */
  stored: number;
  /** Mails not stored on purpose (our own address, no sender) or skipped after repeated failures. */
  ignored: number;
  /** The mailbox's UIDVALIDITY changed: it was read again from the start. */
  resetUidValidity?: boolean;
  /** More mail is waiting than one run reads (EMAIL_POLL_BATCH): the next tick goes on. */
  more?: boolean;
  /** Why the run stopped early (a connection error, a failed mail), as recorded in last_error. */
  error?: string;
  lastUid: number;
}

/**
 * Issue #10, SPEC A2: reads each active e-mail channel's INBOX over IMAP and hands every mail to
 * ChannelInboundService.receive, in UID order. The watermark (`email_mailbox_state.last_uid`) moves
 * only after receive returned for that mail, so a crash, a lost connection or a day without polling
 * loses nothing: the next run goes on from the last stored mail. A changed UIDVALIDITY reads the
 * mailbox again from the start (receive is idempotent on Message-ID, so nothing is stored twice).
 * Errors are recorded in `last_error` and logged; a run never fails silently.
 */
@Injectable()
export class EmailPoller {
  private readonly logger = new Logger('EmailPoller');
  /** Mails one run reads at most (tests make it small). */
  batchSize = EMAIL_POLL_BATCH;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: ChannelSecrets,
    private readonly adapter: EmailChannelAdapter,
    private readonly inbound: ChannelInboundService,
  ) {}

  /** The active e-mail channels whose `pollSeconds` have passed since their last run (or never ran), and not held by a run. */
  async dueChannels(now = new Date()): Promise<string[]> {
    const rows: Array<{ id: string; settings: Record<string, unknown>; last_polled_at: Date | null; lease_until: Date | null; backlog: boolean | null }> = await this.db.query(
      `SELECT ch.id, ch.settings, s.last_polled_at, s.lease_until, s.backlog FROM channels ch LEFT JOIN email_mailbox_state s ON s.channel_id = ch.id
        WHERE ch.type = $1 AND ch.active`,
      [EMAIL_KIND],
    );
    return rows
      .filter((r) => !r.lease_until || new Date(r.lease_until) < now)
      // forwarded mail arrives through the SMTP listener: no mailbox to read
      .filter((r) => r.settings?.['inbound'] !== 'forwarding')
      .filter((r) => {
        const every = (typeof r.settings?.['pollSeconds'] === 'number' ? (r.settings['pollSeconds'] as number) : 60) * 1000;
        // a little early rather than a whole tick late
        return !r.last_polled_at || !!r.backlog || new Date(r.last_polled_at).getTime() + every - EMAIL_POLL_TICK_MS / 2 <= now.getTime();
      })
      .map((r) => r.id);
  }

  /** One run over one channel's INBOX (the job's work; tests call it directly). */
  async pollChannel(channelId: string): Promise<EmailPollResult> {
    const result: EmailPollResult = { fetched: 0, stored: 0, ignored: 0, lastUid: 0 };
    const stored = await this.db.getRepository(ChannelEntity).findOne({ where: { id: channelId } });
    if (!stored || stored.type !== EMAIL_KIND || !stored.active) return result;
    const [lease] = await this.db.query(
      `INSERT INTO email_mailbox_state (channel_id, lease_until) VALUES ($1, now() + make_interval(secs => $2))
       ON CONFLICT (channel_id) DO UPDATE SET lease_until = EXCLUDED.lease_until
         WHERE email_mailbox_state.lease_until IS NULL OR email_mailbox_state.lease_until < now()
       RETURNING uid_validity, last_uid, failed_uid, failed_attempts, import_done`,
      [channelId, LEASE_SECONDS],
    );
    if (!lease) return { ...result, busy: true };
    let lastUid = Number(lease.last_uid ?? 0);
    let uidValidity: string | null = lease.uid_validity === null ? null : String(lease.uid_validity);
    let failedUid: number | null = lease.failed_uid === null ? null : Number(lease.failed_uid);
    let failedAttempts = Number(lease.failed_attempts ?? 0);
    /** The first import (or a re-read after a UIDVALIDITY change) in progress: mails done so far, shown with the total in the admin. */
    let importDone: number | null = lease.import_done === null || lease.import_done === undefined ? null : Number(lease.import_done);
    const skipped: string[] = [];
    let client: ImapFlow | null = null;
    try {
      const channel = Object.assign(new ChannelEntity(), stored, { settings: this.secrets.open(stored.settings) });
      const settings = readEmailSettings(channel.settings);
      if (!settings) throw new Error('the channel\'s settings are not valid: an administrator must fix them');
      // forwarded mail arrives through the SMTP listener; there is no mailbox to read
      if (!settings.imap) return result;
      try {
        client = await connectImap(settings.imap);
      } catch (e) {
        throw new Error(`IMAP ${settings.imap.host}:${settings.imap.port}: ${imapReason(e)}`);
      }
      const lock = await client.getMailboxLock('INBOX');
      try {
        const box = client.mailbox && typeof client.mailbox === 'object' ? client.mailbox : null;
        const validity = box?.uidValidity !== undefined ? String(box.uidValidity) : null;
        if (validity && validity !== uidValidity) {
          if (uidValidity !== null) {
            // the server renumbered the mailbox: the old UIDs mean nothing now
            this.logger.warn(`channel ${channelId}: UIDVALIDITY changed (${uidValidity} → ${validity}); reading the INBOX again from the start`);
            result.resetUidValidity = true;
          }
          lastUid = 0;
          failedUid = null;
          failedAttempts = 0;
          uidValidity = validity;
          importDone = 0;
          await this.db.query(`UPDATE email_mailbox_state SET uid_validity = $2, last_uid = 0, failed_uid = NULL, failed_attempts = 0, import_done = 0, updated_at = now() WHERE channel_id = $1`, [channelId, validity]);
        }
        const pending: Array<{ uid: number; size: number; internalDate?: Date }> = [];
        if ((box?.exists ?? 1) > 0) {
          // `n:*` always includes the newest mail, even below n: filtered again
          for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true, size: true, internalDate: true }, { uid: true })) {
            if (m.uid > lastUid) pending.push({ uid: m.uid, size: m.size ?? 0, internalDate: m.internalDate instanceof Date ? m.internalDate : undefined });
          }
        }
        pending.sort((a, b) => a.uid - b.uid);
        const oldest = settings.importDays > 0 ? new Date(stored.createdAt).getTime() - settings.importDays * DAY_MS : -Infinity;
        if (importDone !== null) {
          // progress of the import: done so far + what is left in the window
          const left = pending.filter((p) => !(p.internalDate && p.internalDate.getTime() < oldest)).length;
          await this.db.query(`UPDATE email_mailbox_state SET import_total = $2, updated_at = now() WHERE channel_id = $1`, [channelId, importDone + left]);
        }
        let read = 0;
        for (const p of pending) {
          // history from before the channel is passed over without reading it (and without counting towards the batch)
          if (p.internalDate && p.internalDate.getTime() < oldest) {
            result.fetched++;
            result.ignored++;
            lastUid = p.uid;
            continue;
          }
          if (read++ >= this.batchSize) {
            result.more = true;
            break;
          }
          const oversize = p.size > MAX_EMAIL_BYTES;
          const one = await client.fetchOne(String(p.uid), oversize ? { uid: true, headers: true } : { uid: true, source: true }, { uid: true });
          const source = (one && (oversize ? one.headers : one.source)) || Buffer.alloc(0);
          result.fetched++;
          try {
            const parsed = await parseRawEmail(source, p.size, oversize);
            parsed.receivedAt = p.internalDate ?? null;
            const msg = this.adapter.parseInbound(channel, parsed);
            if (!msg || !(await this.adapter.admit(channel, msg))) result.ignored++;
            else {
              const r = await this.inbound.receive(channel, msg);
              if (!r.duplicate) result.stored++;
              await this.adapter.afterReceive(channel, parsed, msg);
            }
          } catch (e) {
            failedAttempts = failedUid === p.uid ? failedAttempts + 1 : 1;
            failedUid = p.uid;
            const reason = `UID ${p.uid}: ${oneLine((e as Error)?.message ?? e)}`;
            if (failedAttempts < EMAIL_MAX_ATTEMPTS_PER_MAIL) {
              await this.db.query(`UPDATE email_mailbox_state SET failed_uid = $2, failed_attempts = $3, lease_until = now() + make_interval(secs => $4), updated_at = now() WHERE channel_id = $1`, [channelId, p.uid, failedAttempts, LEASE_SECONDS]);
              throw new Error(`storing a mail failed (attempt ${failedAttempts} of ${EMAIL_MAX_ATTEMPTS_PER_MAIL}), ${reason}`);
            }
            // never silent: skipped mail is named in last_error and the log, and stays in the mailbox
            this.logger.error(`channel ${channelId}: skipped a mail after ${failedAttempts} failed attempts: ${reason}`);
            skipped.push(reason);
            result.ignored++;
          }
          lastUid = p.uid;
          failedUid = null;
          failedAttempts = 0;
          if (importDone !== null) importDone++;
          await this.db.query(
            `UPDATE email_mailbox_state SET last_uid = $2, failed_uid = NULL, failed_attempts = 0, import_done = $4, lease_until = now() + make_interval(secs => $3), updated_at = now() WHERE channel_id = $1`,
            [channelId, p.uid, LEASE_SECONDS, importDone],
          );
        }
        // the watermark after mail passed over at the end
        await this.db.query(`UPDATE email_mailbox_state SET last_uid = greatest(last_uid, $2), updated_at = now() WHERE channel_id = $1`, [channelId, lastUid]);
      } finally {
        lock.release();
      }
      const error = skipped.length ? `skipped after ${EMAIL_MAX_ATTEMPTS_PER_MAIL} failed attempts: ${skipped.join('; ')}`.slice(0, 2000) : null;
      if (error) result.error = error;
      await this.finish(channelId, error, !!result.more);
      // the import is over once a run read everything there was
      if (!result.more && importDone !== null) await this.db.query(`UPDATE email_mailbox_state SET import_total = NULL, import_done = NULL WHERE channel_id = $1`, [channelId]);
    } catch (e) {
      const error = oneLine((e as Error)?.message ?? e, 2000);
      result.error = error;
      this.logger.warn(`channel ${channelId}: reading the mailbox failed: ${error}`);
      await this.finish(channelId, error).catch(() => undefined);
    } finally {
      if (client) await client.logout().catch(() => client?.close());
    }
    result.lastUid = lastUid;
    return result;
  }

  /** `more`: mail is left for the next run, which the tick starts at once rather than after pollSeconds. */
  private async finish(channelId: string, error: string | null, more = false): Promise<void> {
    await this.db.query(`UPDATE email_mailbox_state SET last_polled_at = now(), last_error = $2, backlog = $3, lease_until = NULL, updated_at = now() WHERE channel_id = $1`, [channelId, error, more]);
  }
}

/** Every EMAIL_POLL_TICK_MS (API processes enqueue it, time-slot job id): one job per due mailbox. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: POLL_EMAIL_MAILBOXES_JOB })
export class PollEmailMailboxesJob implements JobHandler<Record<string, never>> {
  constructor(
    private readonly poller: EmailPoller,
    private readonly queue: QueueService,
  ) {}

  async handle(): Promise<void> {
    const slot = Math.floor(Date.now() / EMAIL_POLL_TICK_MS);
    for (const channelId of await this.poller.dueChannels()) {
      // one attempt: a failure is recorded in last_error and the next tick tries again
      await this.queue.add<PollEmailMailboxJobData>(QueueName.maintenance, POLL_EMAIL_MAILBOX_JOB, { channelId }, { jobId: `${POLL_EMAIL_MAILBOX_JOB}-${channelId}-${slot}`, attempts: 1 });
    }
  }
}

/** One mailbox's run; the lease in email_mailbox_state keeps it to one at a time per channel. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: POLL_EMAIL_MAILBOX_JOB })
export class PollEmailMailboxJob implements JobHandler<PollEmailMailboxJobData> {
  constructor(
    private readonly poller: EmailPoller,
    private readonly queue: QueueService,
  ) {}

  async handle(data: PollEmailMailboxJobData): Promise<void> {
    if (typeof data?.channelId !== 'string' || !/^[0-9a-f-]{36}$/i.test(data.channelId)) return;
    const r = await this.poller.pollChannel(data.channelId);
    // a mailbox with more than one run's mail (a first import): the next run follows at once, not at the next tick
    if (r.more && !r.error) {
      await this.queue.add<PollEmailMailboxJobData>(QueueName.maintenance, POLL_EMAIL_MAILBOX_JOB, { channelId: data.channelId }, { jobId: `${POLL_EMAIL_MAILBOX_JOB}-${data.channelId}-more-${r.lastUid}`, attempts: 1 });
      return;
    }
    const tries = typeof data.idle === 'number' && Number.isInteger(data.idle) ? data.idle : null;
    if (r.busy && tries !== null && tries < IDLE_RETRIES) {
      await this.queue.add<PollEmailMailboxJobData>(QueueName.maintenance, POLL_EMAIL_MAILBOX_JOB, { channelId: data.channelId, idle: tries + 1 }, { jobId: `${POLL_EMAIL_MAILBOX_JOB}-${data.channelId}-idle-${Date.now()}-${tries + 1}`, delayMs: IDLE_RETRY_MS, attempts: 1 });
    }
  }
}
