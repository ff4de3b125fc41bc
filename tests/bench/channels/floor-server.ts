/**
 * The floor of the inbound benchmark: the least a webhook receiver must do, in its own process
 * like the API. A bare node:http server that checks the same secret (Telegram's
 * X-Telegram-Bot-Api-Secret-Token) or signature (WhatsApp's X-Hub-Signature-256 over the raw
 * body), parses the JSON, stores each message once (one INSERT … ON CONFLICT DO NOTHING) and
 * PUBLISHes the stored ones on Redis to the benchmark's subscriber. No framework, no contacts,
 * no conversations, no auth of the subscriber: what Parley does is measured against this.
 *
 * Started by main.ts (fork); env FLOOR_DATABASE_URL, FLOOR_REDIS_URL, FLOOR_TOPIC,
 * FLOOR_TELEGRAM_SECRET, FLOOR_WHATSAPP_APP_SECRET; sends `{ port }` to the parent when listening.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Pool } from 'pg';

const env = process.env;
const pool = new Pool({ connectionString: env['FLOOR_DATABASE_URL'], max: 10 });
const redis = new Redis(env['FLOOR_REDIS_URL'] ?? 'redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 3 });
const topic = env['FLOOR_TOPIC'] ?? 'bench-floor';
const telegramSecret = env['FLOOR_TELEGRAM_SECRET'] ?? '';
const appSecret = env['FLOOR_WHATSAPP_APP_SECRET'] ?? '';
const MAX_BODY = 1024 * 1024;

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function read(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) parts.push(c);
    });
    req.on('end', () => resolve(size <= MAX_BODY ? Buffer.concat(parts) : null));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body = '{}'): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Stores a message once; the subscriber hears of it only when this call stored it. */
async function store(externalId: string, text: string): Promise<void> {
  const r = await pool.query(`INSERT INTO bench_floor_messages (external_id, body) VALUES ($1, $2) ON CONFLICT (external_id) DO NOTHING RETURNING id`, [externalId, text]);
  if (r.rowCount) await redis.publish(topic, text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return answer(res, 405);
  const raw = await read(req);
  if (!raw) return answer(res, 413);
  if (req.url === '/telegram') {
    if (!same(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''), telegramSecret)) return answer(res, 401);
    let u: { message?: { message_id?: number; chat?: { id?: number }; text?: string } };
    try {
      u = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(res, 400);
    }
    const m = u.message;
    if (m && typeof m.message_id === 'number' && typeof m.chat?.id === 'number' && typeof m.text === 'string') await store(`tg:${m.chat.id}:${m.message_id}`, m.text);
    return answer(res, 200);
  }
  if (req.url === '/whatsapp') {
    const expected = `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
    if (!same(String(req.headers['x-hub-signature-256'] ?? ''), expected)) return answer(res, 401);
    let b: { entry?: Array<{ changes?: Array<{ value?: { messages?: Array<{ id?: string; text?: { body?: string } }> } }> }> };
    try {
      b = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(res, 400);
    }
    for (const e of b.entry ?? []) for (const c of e.changes ?? []) for (const m of c.value?.messages ?? []) if (typeof m.id === 'string' && typeof m.text?.body === 'string') await store(`wa:${m.id}`, m.text.body);
    return answer(res, 200);
  }
  return answer(res, 404);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => answer(res, 500));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  server.close();
  void Promise.allSettled([pool.end(), redis.quit()]).then(() => process.exit(0));
});
