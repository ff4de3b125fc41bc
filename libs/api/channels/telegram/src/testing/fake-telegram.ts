import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TgUpdate } from '../lib/telegram-types';

/** One Bot API call the fake received. */
export interface FakeTelegramCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** Uploaded files by field name (sendPhoto's `photo`, sendDocument's `document`). */
  files: Record<string, { name: string; type: string; content: Buffer }>;
  at: number;
}

/** A failure the next call(s) of a method answer with, as the Bot API words it. */
export interface FakeTelegramFailure {
  code: number;
  description: string;
  retryAfter?: number;
  /** Calls that still succeed before this failure (the second part of a long text failing). */
  skip?: number;
}

interface FakeFile {
  content: Buffer;
  path: string;
  /** What getFile reports (a lie for tests of the size cap); the content's length otherwise. */
  reportedSize?: number;
}

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) for tests: the
 * same URLs (`/bot<token>/<method>`, `/file/bot<token>/<file_path>`), the same `{ ok, result }` and
 * `{ ok: false, error_code, description, parameters }` answers, JSON, urlencoded and multipart
 * bodies. It knows the bots it was given, records every call, answers getFile and file downloads,
 * serves a getUpdates queue with Telegram's offset semantics (an offset confirms every earlier
 * update; getUpdates is refused with 409 while a webhook is set) and fails calls on request.
 */
export class FakeTelegram {
  readonly calls: FakeTelegramCall[] = [];
  private readonly sent: Array<{ message_id: number; chat: { id: number }; text?: string; caption?: unknown; edit_date?: number }> = [];
  private server: Server | undefined;
  private readonly bots = new Map<string, { id: number; username: string }>();
  private readonly failures = new Map<string, Array<FakeTelegramFailure & { token?: string }>>();
  private readonly files = new Map<string, FakeFile>();
  /** getUpdates queues, per bot token. */
  private readonly updates = new Map<string, TgUpdate[]>();
  private nextUpdateId = 1000;
  private nextMessageId = 5000;
  readonly webhooks = new Map<string, { url: string; secret: string | undefined; allowedUpdates: unknown }>();
  url = '';
  /** Runs before a known bot's call is answered (a test makes the provider slow or random with it). */
  beforeAnswer: ((method: string, params: Record<string, unknown>) => Promise<void>) | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => this.reply(res, 500, { ok: false, error_code: 500, description: `fake: ${(e as Error).message}` })));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  /** A bot whose token Telegram accepts. */
  addBot(token: string, bot: { id?: number; username: string }): void {
    this.bots.set(token, { id: bot.id ?? Number(token.split(':')[0]), username: bot.username });
  }

  /** The next `times` calls of `method` (of one bot, when `token` is given) fail like this (then it works again). */
  failNext(method: string, failure: FakeTelegramFailure, times = 1, token?: string): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push({ ...failure, token });
    this.failures.set(method, list);
  }

  /** A file the bot may fetch (getFile then `/file/bot<token>/<path>`). */
  addFile(fileId: string, content: Buffer, opts: { path?: string; reportedSize?: number } = {}): void {
    this.files.set(fileId, { content, path: opts.path ?? `files/${fileId}.bin`, reportedSize: opts.reportedSize });
  }

  /** An update for the bot's getUpdates (a new update_id: the given one is replaced). */
  queueUpdate(token: string, update: Omit<TgUpdate, 'update_id'> & { update_id?: number }): TgUpdate {
    const u = { ...update, update_id: this.nextUpdateId++ } as TgUpdate;
    this.updates.set(token, [...(this.updates.get(token) ?? []), u]);
    return u;
  }

  /** The bot's updates not confirmed yet (getUpdates with a later offset confirms them). */
  pendingUpdates(token: string): TgUpdate[] {
    return [...(this.updates.get(token) ?? [])];
  }

  /** A message the fake accepted, as it is now (after edits). */
  sentMessage(chatId: string, messageId: number): { message_id: number; text?: string; caption?: unknown; edit_date?: number } | undefined {
    return this.sent.find((m) => String(m.chat.id) === chatId && m.message_id === messageId);
  }

  /** The message ids the fake gave the messages it accepted for a chat, in order. */
  sentIds(chatId: string): number[] {
    return this.sent.filter((m) => String(m.chat.id) === chatId).map((m) => m.message_id);
  }

  /** The texts of the messages the fake accepted (sendMessage answered ok), of one chat or all, in order. */
  sentTexts(chatId?: string): string[] {
    return (this.sent as Array<{ chat: { id: number }; text?: unknown }>).filter((m) => chatId === undefined || String(m.chat.id) === chatId).flatMap((m) => (typeof m.text === 'string' ? [m.text] : []));
  }

  callsOf(method: string): FakeTelegramCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A private-chat text message update, as Telegram sends it. */
  static textUpdate(o: { chatId: number; messageId: number; text?: string; firstName?: string; username?: string; replyTo?: number; updateId?: number; extra?: Record<string, unknown> }): TgUpdate {
    return {
      update_id: o.updateId ?? Math.floor(Math.random() * 1e9),
      message: {
        message_id: o.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: o.chatId, type: 'private', first_name: o.firstName ?? 'Tom', username: o.username },
        from: { id: o.chatId, is_bot: false, first_name: o.firstName ?? 'Tom', username: o.username },
        ...(o.text !== undefined ? { text: o.text } : {}),
        ...(o.replyTo ? { reply_to_message: { message_id: o.replyTo } } : {}),
        ...(o.extra ?? {}),
      },
    } as TgUpdate;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && req.method === 'GET') {
      if (!this.bots.has(file[1])) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const path = decodeURIComponent(file[2]);
      const f = [...this.files.values()].find((x) => x.path === path);
      if (!f) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m;
    const { params, files } = await readParams(req, url);
    this.calls.push({ method, token, params, files, at: Date.now() });
    const bot = this.bots.get(token);
    if (!bot) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (this.beforeAnswer) await this.beforeAnswer(method, params);
    const pending = this.failures.get(method) ?? [];
    const at = pending.findIndex((f) => !f.token || f.token === token);
    let failure: FakeTelegramFailure | undefined;
    if (at >= 0 && (pending[at].skip ?? 0) > 0) pending[at] = { ...pending[at], skip: (pending[at].skip ?? 0) - 1 };
    else if (at >= 0) failure = pending.splice(at, 1)[0];
    if (failure) {
      return this.reply(res, failure.code, { ok: false, error_code: failure.code, description: failure.description, ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}) });
    }
    const ok = (result: unknown) => this.reply(res, 200, { ok: true, result });
    const bad = (description: string) => this.reply(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${description}` });
    switch (method) {
      case 'getMe':
        return ok({ id: bot.id, is_bot: true, first_name: bot.username, username: bot.username });
      case 'setWebhook': {
        if (typeof params['url'] !== 'string' || !/^https?:\/\//.test(params['url'])) return bad('bad webhook: An HTTPS URL must be provided for webhook');
        const secret = params['secret_token'] as string | undefined;
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return bad('secret token contains unallowed characters');
        this.webhooks.set(token, { url: params['url'], secret, allowedUpdates: params['allowed_updates'] });
        return ok(true);
      }
      case 'deleteWebhook':
        this.webhooks.delete(token);
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: this.webhooks.get(token)?.url ?? '', pending_update_count: this.pendingUpdates(token).length });
      case 'getUpdates': {
        if (this.webhooks.has(token)) return this.reply(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
        const offset = Number(params['offset'] ?? 0);
        const limit = Math.min(Number(params['limit'] ?? 100), 100);
        if (offset) this.updates.set(token, this.pendingUpdates(token).filter((u) => u.update_id >= offset));
        return ok(this.pendingUpdates(token).slice(0, limit));
      }
      case 'getFile': {
        const f = this.files.get(String(params['file_id']));
        if (!f) return bad('invalid file_id');
        return ok({ file_id: params['file_id'], file_unique_id: `u-${params['file_id']}`, file_size: f.reportedSize ?? f.content.length, file_path: f.path });
      }
      case 'sendMessage': {
        const text = typeof params['text'] === 'string' ? params['text'] : '';
        if (!params['chat_id']) return bad('chat_id is empty');
        if (!text.trim()) return bad('message text is empty');
        if (text.length > 4096) return bad('message is too long');
        return ok(this.message(params, { text }));
      }
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        if (!params['chat_id']) return bad('chat_id is empty');
        if (!files[field] && typeof params[field] !== 'string') return bad(`there is no ${field} in the request`);
        return ok(this.message(params, { caption: params['caption'], [field]: method === 'sendPhoto' ? [{ file_id: `p-${this.nextMessageId}`, width: 1, height: 1 }] : { file_id: `d-${this.nextMessageId}`, file_name: files[field]?.name } }));
      }
      case 'editMessageText':
      case 'editMessageCaption': {
        const field = method === 'editMessageText' ? 'text' : 'caption';
        const value = typeof params[field] === 'string' ? (params[field] as string) : '';
        const target = this.sent.find((x) => String(x.chat.id) === String(params['chat_id']) && x.message_id === Number(params['message_id']));
        if (!target) return bad('message to edit not found');
        if (field === 'text' && target.text === undefined) return bad('there is no text in the message to edit');
        if (field === 'caption' && target.text !== undefined) return bad('there is no caption in the message to edit');
        if (field === 'text' && !value.trim()) return bad('message text is empty');
        if (value.length > (field === 'text' ? 4096 : 1024)) return bad(field === 'text' ? 'message is too long' : 'message caption is too long');
        if ((target as Record<string, unknown>)[field] === value) return bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        Object.assign(target, { [field]: value, edit_date: Math.floor(Date.now() / 1000) });
        return ok(target);
      }
      default:
        return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private message(params: Record<string, unknown>, extra: Record<string, unknown>) {
    const m = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params['chat_id']), type: 'private' }, ...extra };
    this.sent.push(m);
    return m;
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

async function readParams(req: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: FakeTelegramCall['files'] }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: FakeTelegramCall['files'] = {};
  const type = String(req.headers['content-type'] ?? '');
  if (!raw.length) return { params, files };
  if (type.startsWith('application/json')) Object.assign(params, JSON.parse(raw.toString('utf8')));
  else if (type.startsWith('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  else if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [k, v] of form as unknown as Iterable<[string, string | File]>) {
      if (typeof v === 'string') params[k] = k === 'reply_parameters' ? JSON.parse(v) : v;
      else files[k] = { name: (v as File).name, type: (v as File).type, content: Buffer.from(await (v as File).arrayBuffer()) };
    }
  }
  return { params, files };
}
