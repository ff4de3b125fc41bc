import { promises as fs } from 'node:fs';
import { PermanentDeliveryError } from '@parley/api/channels/core';
import type { TgFile, TgMessage, TgUpdate, TgUser } from './telegram-types';

/** The Bot API's own cap on files a bot may download (getFile). */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** How long one Bot API call may take (a long poll adds its own timeout to this). */
const CALL_TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 60_000;
const UPLOAD_TIMEOUT_MS = 60_000;

/** Telegram's answer to a call it refused: `{ ok: false, error_code, description, parameters }`. */
export class TelegramApiError extends Error {
  constructor(
    readonly method: string,
    /** The Bot API's `error_code` (an HTTP status), 0 when the call never got an answer. */
    readonly errorCode: number,
    readonly description: string,
    /** A 429's `parameters.retry_after`, in ms: the outbox waits that long (retryAfterOf). */
    readonly retryAfterMs?: number,
  ) {
    super(`Telegram ${method} failed: ${errorCode ? `${errorCode} ` : ''}${description}`);
    this.name = 'TelegramApiError';
  }
}

/**
 * A bot token sits in every Bot API URL, and fetch's errors may quote the URL: every message that
 * leaves this file passes through here, so a token never reaches a log or an operator's screen.
 */
export function scrubToken(text: string, token?: string): string {
  let out = String(text ?? '');
  if (token) out = out.split(token).join('<token>');
  return out.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>').replace(/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, '<token>');
}

/**
 * What trying again cannot fix, in words an operator or admin can act on: a blocked or deleted
 * client, a chat Telegram does not know, a rejected token, any other refused request. 429 and 5xx
 * (and no answer at all) stay retryable.
 */
export function permanentReason(e: TelegramApiError): string | null {
  const d = e.description.toLowerCase();
  if (e.errorCode === 401) return 'Telegram refused the bot token (401 Unauthorized): it was revoked or is wrong; paste the current token from @BotFather in the channel settings';
  if (e.errorCode === 403) {
    if (d.includes('blocked')) return 'The client blocked the bot on Telegram (403: bot was blocked by the user)';
    if (d.includes('deactivated')) return 'The client\'s Telegram account was deleted (403: user is deactivated)';
    if (d.includes('kicked')) return 'The bot was removed from this chat on Telegram (403: bot was kicked)';
    return `Telegram does not let the bot write to this chat (403: ${e.description})`;
  }
  if (e.errorCode === 400 || e.errorCode === 404) {
    if (d.includes('chat not found') || d.includes('peer_id_invalid')) return 'Telegram does not know this chat: the client never started the bot, or the chat was deleted (400: chat not found)';
    return `Telegram refused the message (${e.errorCode}: ${e.description})`;
  }
  if (e.errorCode >= 400 && e.errorCode < 500 && e.errorCode !== 429) return `Telegram refused the message (${e.errorCode}: ${e.description})`;
  return null;
}

/** A Bot API error as the outbox acts on it: PermanentDeliveryError, or the error itself (retried; a 429 after retryAfterMs). */
export function toDeliveryError(e: unknown): Error {
  if (e instanceof TelegramApiError) {
    const reason = permanentReason(e);
    if (reason) return new PermanentDeliveryError(reason, e.errorCode === 401 ? 'TELEGRAM_TOKEN' : e.errorCode === 403 ? 'TELEGRAM_BLOCKED' : 'TELEGRAM_REFUSED');
  }
  return e instanceof Error ? e : new Error(String(e));
}

export interface TelegramFileContent {
  content: Buffer;
  /** The file was larger than the cap: nothing was kept (`content` is empty). */
  tooLarge: boolean;
  size: number;
}

export interface SendOptions {
  replyToMessageId?: number;
}

/**
 * The few Bot API methods Parley uses, over fetch with timeouts. Methods are called as
 * `<base>/bot<token>/<method>` with a JSON body, files are fetched from `<base>/file/bot<token>/<path>`
 * (the base is TELEGRAM_API_BASE: tests point it at FakeTelegram). Every failure is a
 * TelegramApiError whose message never contains the token.
 */
export class TelegramBotApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  getMe(): Promise<TgUser> {
    return this.call<TgUser>('getMe', {});
  }

  setWebhook(url: string, secretToken: string, allowedUpdates: string[] = ['message']): Promise<boolean> {
    return this.call<boolean>('setWebhook', { url, secret_token: secretToken, allowed_updates: allowedUpdates, max_connections: 10 });
  }

  /** Pending updates are kept: polling picks them up. */
  deleteWebhook(): Promise<boolean> {
    return this.call<boolean>('deleteWebhook', { drop_pending_updates: false });
  }

  getWebhookInfo(): Promise<{ url: string; pending_update_count?: number; last_error_date?: number; last_error_message?: string }> {
    return this.call('getWebhookInfo', {});
  }

  getUpdates(offset: number, limit = 100, timeoutSec = 0, allowedUpdates: string[] = ['message']): Promise<TgUpdate[]> {
    return this.call<TgUpdate[]>('getUpdates', { offset, limit, timeout: timeoutSec, allowed_updates: allowedUpdates }, CALL_TIMEOUT_MS + timeoutSec * 1000);
  }

  getFile(fileId: string): Promise<TgFile> {
    return this.call<TgFile>('getFile', { file_id: fileId });
  }

  /** A file's bytes, at most `maxBytes` of them: a larger one is not read on (tooLarge). */
  async download(filePath: string, maxBytes: number): Promise<TelegramFileContent> {
    const url = `${this.base}/file/bot${this.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (e) {
      throw new TelegramApiError('download', 0, this.scrub(describeFetchError(e)));
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new TelegramApiError('download', res.status, `the file server answered ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return { content: Buffer.alloc(0), tooLarge: true, size: declared };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    try {
      for (;;) {
        if (!reader) break;
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return { content: Buffer.alloc(0), tooLarge: true, size };
        }
        chunks.push(Buffer.from(value));
      }
    } catch (e) {
      throw new TelegramApiError('download', 0, this.scrub(describeFetchError(e)));
    }
    return { content: Buffer.concat(chunks), tooLarge: false, size };
  }

  sendMessage(chatId: string, text: string, o: SendOptions = {}): Promise<TgMessage> {
    return this.call<TgMessage>('sendMessage', { chat_id: chatId, text, ...replyParameters(o) });
  }

  /** Replaces the text of a message the bot sent (bots may edit their messages for 48 hours). */
  editMessageText(chatId: string, messageId: number, text: string): Promise<TgMessage | true> {
    return this.call<TgMessage | true>('editMessageText', { chat_id: chatId, message_id: messageId, text });
  }

  /** Replaces the caption of a photo or document the bot sent. */
  editMessageCaption(chatId: string, messageId: number, caption: string): Promise<TgMessage | true> {
    return this.call<TgMessage | true>('editMessageCaption', { chat_id: chatId, message_id: messageId, caption });
  }

  /** Uploads a stored file (Telegram cannot reach Parley's URLs without PUBLIC_URL): photos are shown inline, documents as files. */
  async sendFile(kind: 'photo' | 'document', chatId: string, file: { filePath: string; name: string; mime: string }, caption?: string, o: SendOptions = {}): Promise<TgMessage> {
    const form = new FormData();
    form.append('chat_id', chatId);
    if (caption) form.append('caption', caption);
    const reply = replyParameters(o);
    if (reply.reply_parameters) form.append('reply_parameters', JSON.stringify(reply.reply_parameters));
    const bytes = await fs.readFile(file.filePath);
    form.append(kind, new Blob([bytes], { type: file.mime }), file.name);
    return this.call<TgMessage>(kind === 'photo' ? 'sendPhoto' : 'sendDocument', form, UPLOAD_TIMEOUT_MS);
  }

  private async call<T>(method: string, params: Record<string, unknown> | FormData, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const isForm = params instanceof FormData;
    let res: Response;
    try {
      res = await fetch(`${this.base}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: isForm ? undefined : { 'content-type': 'application/json' },
        body: isForm ? params : JSON.stringify(params),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new TelegramApiError(method, 0, this.scrub(describeFetchError(e)));
    }
    const text = await res.text().catch(() => '');
    let body: { ok?: boolean; result?: T; error_code?: number; description?: string; parameters?: { retry_after?: number } } | null = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (res.ok && body?.ok === true) return body.result as T;
    const code = typeof body?.error_code === 'number' ? body.error_code : res.status;
    const description = this.scrub(typeof body?.description === 'string' ? body.description.slice(0, 300) : `HTTP ${res.status}`);
    const retryAfter = body?.parameters?.retry_after;
    const retryAfterMs = code === 429 ? (typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter * 1000 : 5000) : undefined;
    throw new TelegramApiError(method, code, description, retryAfterMs);
  }

  private scrub(text: string): string {
    return scrubToken(text, this.token);
  }
}

function replyParameters(o: SendOptions): { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } } {
  // the quoted message may be gone (deleted by the client): the answer goes out anyway
  return o.replyToMessageId ? { reply_parameters: { message_id: o.replyToMessageId, allow_sending_without_reply: true } } : {};
}

function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'Telegram did not answer in time';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `Telegram could not be reached${cause ? ` (${cause})` : ''}`;
}
