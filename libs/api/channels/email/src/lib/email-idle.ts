import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelSecrets } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { ImapFlow } from 'imapflow';
import { DataSource } from 'typeorm';
import { EMAIL_KIND, readEmailSettings } from './email-settings';
import { connectImap, imapReason } from './email-transport';
import { EMAIL_POLL_TICK_MS, POLL_EMAIL_MAILBOX_JOB, PollEmailMailboxJobData } from './email-poller';

interface Watch {
  /** The stored settings it was opened with (sealed JSON): a change reconnects. */
  key: string;
  client: ImapFlow | null;
  /** The server has no IDLE: the mailbox is polled only (checked again after an hour). */
  noIdleUntil?: number;
  closed?: boolean;
}

/** A server without IDLE is asked again after this long (it may have been upgraded). */
const NO_IDLE_RECHECK_MS = 3600_000;

/**
 * Issue #10, SPEC A2: IMAP IDLE where the server has it, polling otherwise. Each API process keeps
 * one connection per active IMAP e-mail channel with the INBOX open and idling (imapflow's
 * auto-IDLE); when the server announces new mail (`EXISTS`) it enqueues that channel's poll job at
 * once, so mail arrives in seconds instead of after `pollSeconds`. The poll job does the reading
 * (watermark, lease, exactly once): the watcher only says when. A server without IDLE, a lost
 * connection or a changed setting leaves the channel to its regular polling until the next check
 * (every EMAIL_POLL_TICK_MS) connects again. EMAIL_IMAP_IDLE=false turns it off.
 */
@Injectable()
export class EmailIdleWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmailIdle');
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: ChannelSecrets,
    private readonly queue: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.mode !== 'api' || !this.config.emailImapIdle) return;
    this.start();
  }

  /** Starts watching (tests call it with EMAIL_IMAP_IDLE off by default). */
  start(everyMs = EMAIL_POLL_TICK_MS): void {
    if (this.timer) return;
    this.stopped = false;
    const tick = () => void this.reconcile().catch((e) => this.logger.warn(`IDLE watcher: ${(e as Error).message}`));
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.watches.values()].map((w) => this.close(w)));
    this.watches.clear();
  }

  /** Whether a channel has an IDLE connection now. */
  isIdling(channelId: string): boolean {
    const w = this.watches.get(channelId);
    return !!w?.client && !w.closed;
  }

  /** Opens watches for active IMAP channels, closes those of channels gone, switched off or changed. */
  async reconcile(): Promise<void> {
    const rows: Array<{ id: string; settings: Record<string, unknown>; key: string }> = await this.db.query(
      `SELECT id, settings, settings::text AS key FROM channels WHERE type = $1 AND active AND coalesce(settings->>'inbound', 'imap') <> 'forwarding'`,
      [EMAIL_KIND],
    );
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, w] of this.watches) {
      const row = wanted.get(id);
      if (!row || row.key !== w.key || w.closed) {
        this.watches.delete(id);
        await this.close(w);
      }
    }
    for (const row of rows) {
      if (this.stopped) return;
      const existing = this.watches.get(row.id);
      if (existing && !(existing.noIdleUntil && existing.noIdleUntil < Date.now())) continue;
      const w: Watch = { key: row.key, client: null };
      this.watches.set(row.id, w);
      await this.open(row.id, row.settings, w);
    }
  }

  private async open(channelId: string, stored: Record<string, unknown>, w: Watch): Promise<void> {
    const settings = readEmailSettings(this.secrets.open(stored));
    if (!settings?.imap) {
      w.noIdleUntil = Date.now() + NO_IDLE_RECHECK_MS;
      return;
    }
    let client: ImapFlow;
    try {
      client = await connectImap(settings.imap, { idle: true });
    } catch (e) {
      // the poller records connection errors; the next reconcile tries again
      w.closed = true;
      this.logger.debug(`channel ${channelId}: no IDLE connection: ${imapReason(e)}`);
      return;
    }
    if (!client.capabilities.has('IDLE')) {
      w.noIdleUntil = Date.now() + NO_IDLE_RECHECK_MS;
      await client.logout().catch(() => client.close());
      this.logger.log(`channel ${channelId}: the IMAP server has no IDLE; the mailbox is polled every ${settings.pollSeconds} s`);
      return;
    }
    w.client = client;
    client.on('close', () => {
      w.closed = true;
    });
    client.on('exists', (data: { count: number; prevCount: number }) => {
      if (data.count > data.prevCount) void this.signal(channelId);
    });
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
    } catch (e) {
      w.closed = true;
      this.logger.debug(`channel ${channelId}: IDLE INBOX: ${imapReason(e)}`);
      await this.close(w);
      return;
    }
    // mail that came while no watch was open: one poll now
    await this.signal(channelId);
  }

  /** New mail: the channel's poll job, now (a poll already running retries shortly: PollEmailMailboxJob). */
  async signal(channelId: string): Promise<void> {
    await this.queue
      .add<PollEmailMailboxJobData>(QueueName.maintenance, POLL_EMAIL_MAILBOX_JOB, { channelId, idle: 0 }, { jobId: `${POLL_EMAIL_MAILBOX_JOB}-${channelId}-idle-${Date.now()}`, attempts: 1 })
      .catch((e) => this.logger.warn(`channel ${channelId}: could not enqueue the poll after IDLE: ${(e as Error).message}`));
  }

  private async close(w: Watch): Promise<void> {
    const c = w.client;
    w.client = null;
    if (c) await c.logout().catch(() => c.close());
  }
}
