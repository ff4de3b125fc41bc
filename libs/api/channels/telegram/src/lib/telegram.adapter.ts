import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ChannelAdapter,
  ChannelAdapterFor,
  ChannelCapabilities,
  ChannelEntity,
  ConnectionCheck,
  NormalisedInboundMessage,
  OutboundDelivery,
  PermanentDeliveryError,
  SettingsValidation,
  WebhookRejectedError,
  WebhookRequest,
  WebhookResult,
} from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { MAX_ATTACHMENT_BYTES } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { permanentReason, TELEGRAM_DOWNLOAD_LIMIT_BYTES, TelegramApiError, TelegramBotApi, toDeliveryError } from './telegram-api';
import { messageIdIn, parseTelegramUpdate, PendingTelegramFile, splitTelegramText, TELEGRAM_CAPTION_LIMIT, TELEGRAM_KIND, TELEGRAM_TEXT_LIMIT } from './telegram-parse';
import { BOT_USERNAME_PATTERN, readTelegramSettings, TELEGRAM_SETTINGS_FIELDS, TelegramSettings, validateTelegramSettings, webhookSecretToken } from './telegram-settings';

/** The largest file fetched from Telegram: what Parley can store (Telegram itself serves bots up to 20 MB). */
export const TELEGRAM_FILE_CAP_BYTES = Math.min(TELEGRAM_DOWNLOAD_LIMIT_BYTES, MAX_ATTACHMENT_BYTES);

/** Files Telegram shows as photos (sendPhoto); anything else goes as a document. */
const PHOTO_MIMES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** How long the parts of a message already sent are remembered for its retry (a 429 between the parts of a long text). */
const PROGRESS_TTL_MS = 6 * 3_600_000;

type Step = { kind: 'text'; text: string } | { kind: 'photo' | 'document'; file: { filePath: string; name: string; mime: string }; caption?: string };

/**
 * Telegram bots as a channel: a client writes to the bot, the message lands in the inbox, an
 * operator's reply goes back through the Bot API. Updates come by webhook (Telegram calls
 * `/api/channels/:id/webhook` with the secret it was given in setWebhook) or, for servers
 * Telegram cannot reach, by polling getUpdates (TelegramPoller). The recipient of a reply is the
 * private chat's id, and a message's external id is `<chat_id>:<message_id>` (message ids are
 * only unique within a chat).
 */
@Injectable()
@ChannelAdapterFor(TELEGRAM_KIND)
export class TelegramChannelAdapter implements ChannelAdapter<TelegramSettings, unknown> {
  readonly kind = TELEGRAM_KIND;
  readonly displayName = 'Telegram';
  // no read receipts: the Bot API tells a bot nothing about delivery or reading; edits reach the client (editMessageText)
  readonly capabilities: Readonly<ChannelCapabilities> = Object.freeze({ editable: true, embeddable: false, readReceipts: false, emailsRepliesWhenAway: false });
  readonly settingsFields = TELEGRAM_SETTINGS_FIELDS;
  private readonly logger = new Logger('Telegram');
  /** Per outbound message: the Telegram ids of the parts already out, so a retry sends only the rest. */
  private readonly progress = new Map<string, { at: number; ids: number[] }>();

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The Bot API client for a token (the base URL is TELEGRAM_API_BASE). */
  api(token: string): TelegramBotApi {
    return new TelegramBotApi(this.config.channelApis.telegram, token);
  }

  parseInbound(channel: ChannelEntity, raw: unknown): NormalisedInboundMessage | null {
    return parseTelegramUpdate(channel, raw);
  }

  validateSettings(raw: unknown): SettingsValidation<TelegramSettings> {
    return validateTelegramSettings(raw);
  }

  async checkConnection(channel: ChannelEntity): Promise<ConnectionCheck> {
    const s = readTelegramSettings(channel.settings);
    if (!s) return { ok: false, message: 'The channel has no bot token: paste the token from @BotFather in its settings' };
    const api = this.api(s.botToken);
    let me: { username?: string };
    try {
      me = await api.getMe();
    } catch (e) {
      return { ok: false, message: this.adminMessage(e) };
    }
    const bot = me.username ? `@${me.username}` : 'the bot';
    try {
      const hook = await api.getWebhookInfo();
      if (s.mode === 'polling' && hook.url) return { ok: false, message: `Connected as ${bot}, but Telegram still has a webhook set, which stops polling: save the channel again` };
      if (s.mode === 'webhook' && !hook.url) return { ok: false, message: `Connected as ${bot}, but Telegram has no webhook for it: save the channel again (or choose polling)` };
      const recent = hook.last_error_date && Date.now() / 1000 - hook.last_error_date < 3600;
      if (s.mode === 'webhook' && recent && hook.last_error_message) return { ok: false, message: `Connected as ${bot}, but Telegram cannot call the webhook: ${hook.last_error_message.slice(0, 200)} (check PUBLIC_URL, or choose polling)` };
    } catch (e) {
      return { ok: false, message: `Connected as ${bot}, but the webhook could not be checked: ${this.adminMessage(e)}` };
    }
    return { ok: true, message: `Connected as ${bot} (${s.mode === 'polling' ? 'polling' : 'webhook'})` };
  }

  /**
   * Points Telegram at this channel: setWebhook with the channel's secret in webhook mode;
   * deleteWebhook in polling mode (getUpdates is refused while a webhook is set). getMe first, so
   * a token Telegram refuses is named as such.
   */
  async onChannelSaved(channel: ChannelEntity, webhookUrl: string): Promise<void> {
    const s = readTelegramSettings(channel.settings);
    if (!s) throw new Error('the channel has no bot token');
    const api = this.api(s.botToken);
    try {
      const me = await api.getMe();
      await this.rememberUsername(channel, me.username);
      if (s.mode === 'polling') await api.deleteWebhook();
      else await api.setWebhook(webhookUrl, webhookSecretToken(s), ['message']);
    } catch (e) {
      const hint = s.mode === 'webhook' && e instanceof TelegramApiError && e.method === 'setWebhook' && e.errorCode === 400
        ? ': Telegram must reach this server over HTTPS at PUBLIC_URL; set PUBLIC_URL or choose polling'
        : '';
      throw new Error(`${this.adminMessage(e)}${hint}`);
    }
  }

  /**
   * SPEC A2: `https://t.me/<bot>?start=<code>`; Telegram sends `/start <code>` when the client taps
   * Start, which parseTelegramUpdate hands on as the linkCode. The bot's name is the one getMe gave
   * when the channel was saved (asked again for a channel saved before names were kept).
   */
  async linkUrl(channel: ChannelEntity, code: string): Promise<string | null> {
    const s = readTelegramSettings(channel.settings);
    if (!s) return null;
    let username = s.botUsername;
    if (!username) {
      try {
        username = (await this.api(s.botToken).getMe()).username;
        await this.rememberUsername(channel, username);
      } catch (e) {
        this.logger.warn(`channel ${channel.id}: the bot's name could not be read for a link: ${this.adminMessage(e)}`);
        return null;
      }
    }
    if (!username || !BOT_USERNAME_PATTERN.test(username) || !/^[A-Za-z0-9_-]{1,64}$/.test(code)) return null;
    return `https://t.me/${username}?start=${code}`;
  }

  /** Keeps the bot's @username in the stored settings (a plain field next to the sealed ones; it is no secret). */
  private async rememberUsername(channel: ChannelEntity, username: string | undefined): Promise<void> {
    if (!username || !BOT_USERNAME_PATTERN.test(username)) return;
    await this.db.query(`UPDATE channels SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{botUsername}', to_jsonb($2::text)) WHERE id = $1 AND settings->>'botUsername' IS DISTINCT FROM $2`, [channel.id, username]);
  }

  /**
   * The channel was switched off or deleted: Telegram stops calling (deleteWebhook, pending
   * updates kept for a reactivation, whose onChannelSaved sets the webhook again). A polling
   * channel has no webhook, and the poller skips inactive channels; deleteWebhook is harmless there.
   */
  async onChannelRemoved(channel: ChannelEntity): Promise<void> {
    const s = readTelegramSettings(channel.settings);
    if (!s) return;
    try {
      await this.api(s.botToken).deleteWebhook();
    } catch (e) {
      throw new Error(`Telegram was not told to stop calling: ${this.adminMessage(e)}`);
    }
  }

  /**
   * Telegram sends the secret of setWebhook (webhookSecretToken) in `X-Telegram-Bot-Api-Secret-Token`: anything else is
   * refused before the body is read. A body that is not an update is answered 200 and dropped:
   * it came with the secret, so it is Telegram's, and Telegram redelivers anything but a 2xx —
   * holding back every later update of the bot — while the same bytes would never read better.
   */
  async handleWebhook(channel: ChannelEntity, req: WebhookRequest): Promise<WebhookResult> {
    const s = readTelegramSettings(channel.settings);
    const given = req.headers['x-telegram-bot-api-secret-token'] ?? '';
    if (!s?.webhookSecret || !sameSecret(given, webhookSecretToken(s))) throw new WebhookRejectedError('the Telegram secret token is missing or wrong');
    if (req.method !== 'POST') return { response: { status: 405, body: { message: 'Telegram calls this webhook with POST' } } };
    let update: unknown;
    try {
      update = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      this.logger.warn(`webhook of channel ${channel.id}: the body is not JSON (${req.rawBody.length} bytes), dropped`);
      return {};
    }
    const msg = this.parseInbound(channel, update);
    if (!msg) return {};
    return { messages: [await this.fetchFiles(channel, msg, s.botToken)] };
  }

  /**
   * The message with its files downloaded (getFile, then the file itself). A file too large to
   * keep, or one Telegram would not give, is named in the text instead, so the message is never lost.
   */
  async fetchFiles(channel: ChannelEntity, msg: NormalisedInboundMessage, token = readTelegramSettings(channel.settings)?.botToken ?? ''): Promise<NormalisedInboundMessage> {
    const pending = msg.attachments as PendingTelegramFile[];
    if (!pending.length) return msg;
    // a redelivered update (a webhook retried, a poll overlapping) is stored once anyway: its files are not fetched again
    if (msg.externalMessageId) {
      const [known] = await this.db.query(`SELECT 1 FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channel.id, msg.externalMessageId]);
      if (known) return { ...msg, attachments: [] };
    }
    const api = this.api(token);
    const notes: string[] = [];
    const kept: NormalisedInboundMessage['attachments'] = [];
    const capMb = `${Math.round(TELEGRAM_FILE_CAP_BYTES / 1024 / 1024)} MB`;
    const tooLarge = (f: PendingTelegramFile, size: number) => notes.push(`[${f.label} "${f.name}" (${(size / 1024 / 1024).toFixed(1)} MB) not kept: larger than ${capMb}; ask the client to send it another way]`);
    for (const f of pending) {
      if (f.size > TELEGRAM_FILE_CAP_BYTES) {
        tooLarge(f, f.size);
        continue;
      }
      try {
        const info = await api.getFile(f.ref);
        if ((info.file_size ?? 0) > TELEGRAM_FILE_CAP_BYTES) {
          tooLarge(f, info.file_size ?? 0);
          continue;
        }
        if (!info.file_path) throw new TelegramApiError('getFile', 0, 'no file_path in the answer');
        const file = await api.download(info.file_path, TELEGRAM_FILE_CAP_BYTES);
        if (file.tooLarge) {
          tooLarge(f, file.size);
          continue;
        }
        kept.push({ name: f.name, mime: f.mime, size: file.size, ref: f.ref, content: file.content });
      } catch (e) {
        this.logger.warn(`channel ${channel.id}: a ${f.label} could not be fetched: ${(e as Error).message}`);
        notes.push(`[${f.label} "${f.name}" could not be fetched from Telegram]`);
      }
    }
    return { ...msg, body: [msg.body, ...notes].filter(Boolean).join('\n\n'), attachments: kept };
  }

  /**
   * Sends the operator's message: its text in parts of at most 4096 characters, then each file
   * uploaded (a photo shown inline, anything else as a document; a single file with a short text
   * goes as one captioned message). The first part quotes the client's newest message when
   * something was said after it, so the client sees what is being answered. Returns the first
   * part's `<chat_id>:<message_id>` (a reply to it threads back here).
   */
  async deliver(d: OutboundDelivery): Promise<string> {
    const s = readTelegramSettings(d.channel.settings);
    if (!s) throw new PermanentDeliveryError('The Telegram channel has no bot token', 'TELEGRAM_TOKEN');
    const chatId = d.externalContactId;
    if (!/^-?\d{1,20}$/.test(chatId)) throw new PermanentDeliveryError('The client\'s Telegram chat id is not valid', 'NO_RECIPIENT');
    const api = this.api(s.botToken);
    const steps = this.stepsOf(d);
    this.prune();
    const done = this.progress.get(d.messageId) ?? { at: Date.now(), ids: [] };
    const quote = done.ids.length ? null : await this.quoteFor(d, chatId);
    for (let i = done.ids.length; i < steps.length; i++) {
      const step = steps[i];
      const o = i === 0 && quote ? { replyToMessageId: quote } : {};
      try {
        const sent = step.kind === 'text' ? await api.sendMessage(chatId, step.text, o) : await this.sendFile(api, step, chatId, o);
        done.ids.push(sent.message_id);
        done.at = Date.now();
        this.progress.set(d.messageId, done);
      } catch (e) {
        const err = toDeliveryError(e);
        if (err instanceof PermanentDeliveryError) this.progress.delete(d.messageId);
        throw err;
      }
    }
    this.progress.delete(d.messageId);
    return `${chatId}:${done.ids[0]}`;
  }

  /**
   * An operator's edit of a sent message: editMessageText of the message `deliver` returned (its
   * first part), or editMessageCaption when it went as one captioned file. Telegram's "message is
   * not modified" (the text it has already: a retried edit, or the message went out after the
   * edit) is success. A text longer than one Telegram message cannot replace it.
   */
  async edit(d: OutboundDelivery, externalId: string, newBody: string): Promise<void> {
    const s = readTelegramSettings(d.channel.settings);
    if (!s) throw new PermanentDeliveryError('The Telegram channel has no bot token', 'TELEGRAM_TOKEN');
    const chatId = d.externalContactId;
    const messageId = messageIdIn(chatId, externalId);
    if (!messageId) throw new PermanentDeliveryError('The message sent on Telegram is not known, so it cannot be edited there', 'NOT_SENT');
    const text = (newBody ?? '').trim();
    const captioned = d.attachments.length === 1 && text.length <= TELEGRAM_CAPTION_LIMIT;
    if (!text && !captioned) throw new PermanentDeliveryError('Telegram cannot show an empty message: the edit was not sent', 'EMPTY');
    if (text.length > TELEGRAM_TEXT_LIMIT) throw new PermanentDeliveryError(`The edited text is longer than one Telegram message (${TELEGRAM_TEXT_LIMIT} characters): the client keeps the first version`, 'TOO_LONG');
    const api = this.api(s.botToken);
    try {
      if (captioned) await api.editMessageCaption(chatId, messageId, text);
      else await api.editMessageText(chatId, messageId, text);
    } catch (e) {
      if (e instanceof TelegramApiError && e.errorCode === 400 && /message is not modified/i.test(e.description)) return;
      throw toDeliveryError(e);
    }
  }

  /** A file step; a picture Telegram will not show as a photo (its size or dimensions) goes as a document instead. */
  private async sendFile(api: TelegramBotApi, step: Extract<Step, { file: unknown }>, chatId: string, o: { replyToMessageId?: number }) {
    try {
      return await api.sendFile(step.kind, chatId, step.file, step.caption, o);
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') throw new PermanentDeliveryError(`The file "${step.file.name}" is no longer stored on this server`, 'GONE');
      if (step.kind === 'photo' && e instanceof TelegramApiError && e.errorCode === 400 && /photo|image|dimension/i.test(e.description)) {
        return api.sendFile('document', chatId, step.file, step.caption, o);
      }
      throw e;
    }
  }

  private stepsOf(d: OutboundDelivery): Step[] {
    const files = d.attachments.filter((a) => a.filePath).map((a) => ({ filePath: a.filePath as string, name: a.name, mime: a.mime }));
    // a file whose stored copy is gone: its link, rather than nothing
    const missing = d.attachments.filter((a) => !a.filePath).map((a) => `${a.name}: ${a.url}`);
    const text = [d.body ?? '', ...missing].filter((t) => t.trim()).join('\n\n');
    const kindOf = (mime: string) => (PHOTO_MIMES.has(mime) ? 'photo' : 'document') as 'photo' | 'document';
    if (files.length === 1 && text.length <= TELEGRAM_CAPTION_LIMIT) return [{ kind: kindOf(files[0].mime), file: files[0], caption: text || undefined }];
    const steps: Step[] = text.trim() ? splitTelegramText(text).map((t) => ({ kind: 'text' as const, text: t })) : [];
    for (const f of files) steps.push({ kind: kindOf(f.mime), file: f });
    if (!steps.length) throw new PermanentDeliveryError('The message has nothing to send', 'EMPTY');
    return steps;
  }

  /** The client's newest message, when it is not the last thing said in the chat. */
  private async quoteFor(d: OutboundDelivery, chatId: string): Promise<number | null> {
    const [newest] = await this.db.query(
      `SELECT external_id FROM channel_message_refs WHERE conversation_id = $1 AND channel_id = $2 AND direction = 'in' ORDER BY created_at DESC LIMIT 1`,
      [d.conversationId, d.channel.id],
    );
    if (!newest || d.thread?.[0] === newest.external_id) return null;
    return messageIdIn(chatId, newest.external_id);
  }

  private prune(): void {
    if (this.progress.size < 1000) return;
    const cutoff = Date.now() - PROGRESS_TTL_MS;
    for (const [k, v] of this.progress) if (v.at < cutoff) this.progress.delete(k);
  }

  /** An error of a Bot API call in words an admin can act on (never with the token). */
  private adminMessage(e: unknown): string {
    if (e instanceof TelegramApiError) {
      if (e.errorCode === 401 || e.errorCode === 404) return 'Telegram refused the bot token (401 Unauthorized): check it, or get the current one from @BotFather (/token)';
      if (e.errorCode === 0) return `${e.description}: check that this server can reach ${this.config.channelApis.telegram}`;
      return permanentReason(e) ?? e.message;
    }
    return (e as Error)?.message ?? String(e);
  }
}

/** Compares two secrets in constant time (hashed first, so their lengths do not show either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}
