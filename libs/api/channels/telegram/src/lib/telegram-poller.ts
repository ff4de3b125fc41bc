import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelInboundService, ChannelLoader } from '@parley/api/channels/core';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { DataSource } from 'typeorm';
import { scrubToken } from './telegram-api';
import { TELEGRAM_KIND } from './telegram-parse';
import { readTelegramSettings } from './telegram-settings';
import { TelegramChannelAdapter } from './telegram.adapter';
import type { TgUpdate } from './telegram-types';

export const TELEGRAM_POLL_JOB = 'telegram-poll';
/** How often channels in polling mode ask Telegram for updates. */
export const TELEGRAM_POLL_EVERY_MS = 3000;
/** Updates asked for per getUpdates call (the Bot API's maximum). */
const BATCH = 100;
/** getUpdates calls per channel and run: a backlog is worked off over a few runs, not in one endless job. */
const MAX_ROUNDS = 5;
/** One warning per channel per this long while its polling fails (a revoked token, a webhook left set). */
const WARN_EVERY_MS = 5 * 60_000;

export interface PollResult {
  /** Another poller has the channel right now: this one did nothing. */
  busy: boolean;
  updates: number;
  stored: number;
  offset: number;
}

/**
 * Issue #10, Telegram polling mode: for a server Telegram cannot call, Parley asks getUpdates
 * for each polling channel and feeds the updates into the same inbound flow as the webhook.
 * The offset (the next update_id wanted) is kept in `telegram_poll_state`, whose row is locked
 * for the whole poll (FOR UPDATE SKIP LOCKED): one poller per channel across every process, and
 * Telegram — which ends one of two concurrent getUpdates with 409 — never sees two. An update is
 * confirmed (the offset moves past it) only once its message is stored; a crash in between
 * fetches it again, and `receive` is idempotent on `<chat_id>:<message_id>`, so nothing doubles.
 */
@Injectable()
export class TelegramPoller {
  private readonly logger = new Logger('TelegramPoller');
  private readonly warned = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: ChannelLoader,
    private readonly adapter: TelegramChannelAdapter,
    private readonly inbound: ChannelInboundService,
  ) {}

  /** Every active Telegram channel in polling mode, once. */
  async pollAll(): Promise<void> {
    const rows: Array<{ id: string }> = await this.db.query(`SELECT id FROM channels WHERE type = $1 AND active AND settings->>'mode' = 'polling'`, [TELEGRAM_KIND]);
    for (const r of rows) {
      try {
        await this.pollChannel(r.id);
      } catch (e) {
        this.warn(r.id, `polling channel ${r.id} failed: ${scrubToken((e as Error).message)}`);
      }
    }
  }

  async pollChannel(channelId: string): Promise<PollResult> {
    const result: PollResult = { busy: false, updates: 0, stored: 0, offset: 0 };
    const channel = await this.loader.load(channelId);
    const s = channel ? readTelegramSettings(channel.settings) : null;
    if (!channel || !channel.active || channel.type !== TELEGRAM_KIND || !s || s.mode !== 'polling') return result;
    await this.db.query(`INSERT INTO telegram_poll_state (channel_id) VALUES ($1) ON CONFLICT DO NOTHING`, [channelId]);
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const [state] = await qr.query(`SELECT update_offset FROM telegram_poll_state WHERE channel_id = $1 FOR UPDATE SKIP LOCKED`, [channelId]);
      if (!state) {
        await qr.rollbackTransaction();
        return { ...result, busy: true };
      }
      let offset = Number(state.update_offset);
      const api = this.adapter.api(s.botToken);
      let failure: Error | null = null;
      for (let round = 0; round < MAX_ROUNDS && !failure; round++) {
        let updates: TgUpdate[];
        try {
          updates = await api.getUpdates(offset, BATCH, 0, ['message']);
        } catch (e) {
          failure = e as Error;
          break;
        }
        updates = (Array.isArray(updates) ? updates : []).filter((u) => Number.isSafeInteger(u?.update_id) && u.update_id >= offset).sort((a, b) => a.update_id - b.update_id);
        for (const u of updates) {
          try {
            const msg = this.adapter.parseInbound(channel, u);
            if (msg) {
              const r = await this.inbound.receive(channel, await this.adapter.fetchFiles(channel, msg, s.botToken));
              if (!r.duplicate) result.stored++;
            }
          } catch (e) {
            // not confirmed: fetched again by the next run
            failure = e as Error;
            break;
          }
          offset = u.update_id + 1;
          result.updates++;
        }
        if (updates.length < BATCH) break;
      }
      await qr.query(`UPDATE telegram_poll_state SET update_offset = $2, updated_at = now() WHERE channel_id = $1`, [channelId, offset]);
      await qr.commitTransaction();
      result.offset = offset;
      if (failure) this.warn(channelId, `polling channel ${channelId} stopped at update ${offset}: ${scrubToken(failure.message, s.botToken)}`);
      else this.warned.delete(channelId);
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  private warn(channelId: string, message: string): void {
    const last = this.warned.get(channelId) ?? 0;
    if (Date.now() - last < WARN_EVERY_MS) return;
    this.warned.set(channelId, Date.now());
    this.logger.warn(message);
  }
}

/** Runs every TELEGRAM_POLL_EVERY_MS (scheduled by the API processes, one job per time slot). */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: TELEGRAM_POLL_JOB })
export class TelegramPollJob implements JobHandler<Record<string, never>> {
  constructor(private readonly poller: TelegramPoller) {}

  async handle(): Promise<void> {
    await this.poller.pollAll();
  }
}
