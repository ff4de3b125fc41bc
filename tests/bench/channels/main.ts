/**
 * Channel benchmark (issue #10): Telegram and WhatsApp webhooks into the built server, and operator
 * replies out through the outbox to a Telegram Bot API that rate-limits. Every figure is printed
 * beside a floor: the same work done by the simplest code that could do it, in the same run, on
 * the same machine, and their ratio. Run on demand, never in CI:
 *
 *   npm run bench:channels                              # the full run (defaults below)
 *   BENCH_QUICK=1 npm run bench:channels                # a short smoke run
 *   BENCH_RATE=500,2000 BENCH_DURATION=20 BENCH_REPLIES=10000 npm run bench:channels
 *
 * Inbound: each webhook (a Telegram update, a signed WhatsApp webhook) is POSTed TWICE, both
 * copies at its turn of a fixed offered rate (open loop: slow answers are not hidden) to
 * `/api/channels/:id/webhook`; an admin subscribed to `inboxEvent` over graphql-ws receives the
 * messages. Latency = the agent's receipt − the message's intended send time. Lost = not stored or
 * not seen by the agent once the backlog drained; duplicated = seen twice, or stored twice in the
 * database. Floor (floor-server.ts): node:http, the same secret or signature check, one INSERT …
 * ON CONFLICT DO NOTHING and one Redis PUBLISH to a subscriber.
 *
 * Outbound: BENCH_REPLIES operator replies (GraphQL sendMessage, BENCH_IN_FLIGHT at a time, spread
 * over BENCH_CONVERSATIONS Telegram chats) while the fake Bot API answers every n-th sendMessage
 * with 429 and retry_after 1 (BENCH_FAIL_PERCENT); done when every text reached the fake once and
 * every message is `sent`. Floor: the same sendMessage calls to the fake from a plain loop with the
 * outbox's concurrency (BENCH_SENDERS, the BullMQ worker's 5), waiting out each retry_after.
 *
 * Env: BENCH_RATE (webhooks/s, each sent twice; default 500,2000; quick 100), BENCH_DURATION (s per
 * rate; 20; quick 5), BENCH_KINDS (telegram,whatsapp), BENCH_CHATS (clients the webhooks come
 * from; 200), BENCH_GRACE / BENCH_MAX_DRAIN (s waited for a backlog: without progress / in all),
 * BENCH_REPLIES (10000; quick 500), BENCH_CONVERSATIONS (200; quick 50), BENCH_IN_FLIGHT (20),
 * BENCH_FAIL_PERCENT (10), BENCH_SENDERS (5), BENCH_INBOUND=0 / BENCH_OUTBOUND=0 (skip a part),
 * BENCH_OUT (also write the results as JSON), DATABASE_URL, REDIS_URL (both needed: the floor
 * uses them too). Exits non-zero only when the harness fails, never because a figure is poor.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { Agent, request } from 'undici';
import { FakeTelegram } from '../../../libs/api/channels/telegram/src/testing/fake-telegram';
import { ParleyServer } from '../../e2e/server';
import { AgentSubscriber, login } from '../webchat/clients';
import { durableCommitsPerSecond } from '../webchat/probe';
import { cpuSeconds, cpuSecondsOf, loadAverage, pidListeningOn, rssKb } from '../webchat/proc';
import { dueBy, fmt, intendedAtMs, summarize, table, throughput, totalMessages } from '../webchat/stats';
import { emailBench, EmailBenchResult, renderEmail } from './email';
import { freePort } from '../../../libs/api/channels/email/src/testing/dovecot';
import { DueQueue, failureSchedule, keyOf, Ledger, metaSignature, ratio, telegramWebhook, whatsappWebhook } from './shapes';

const ADMIN = { email: 'admin@demo.test', password: 'parley-demo' };
const IN_TOKEN = '700000001:AAHbenchInboundTokenForTheChannelBench_01';
const OUT_TOKEN = '700000002:AAHbenchOutboundTokenForTheChannelBench_2';
const FLOOR_TOKEN = '700000003:AAHbenchFloorTokenForTheChannelBench_003';
const WA = { phoneNumberId: '106540352242922', accessToken: 'EAAGbenchAccessTokenForWhatsApp0123456789', appSecret: 'bench-app-secret-0123456789abcdef', verifyToken: 'bench-verify-token' };
const RETRY_AFTER_S = 1;

type Kind = 'telegram' | 'whatsapp';

const env = process.env;
const quick = env['BENCH_QUICK'] === '1' || process.argv.includes('--quick');
const pick = (name: string, full: string, q: string) => env[name] ?? (quick ? q : full);
const num = (name: string, full: string, q = full) => {
  const n = Number(pick(name, full, q));
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${env[name]}`);
  return n;
};
const opts = {
  quick,
  rates: pick('BENCH_RATE', '500,2000', '100')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((r) => r > 0),
  durationS: num('BENCH_DURATION', '20', '5'),
  kinds: pick('BENCH_KINDS', 'telegram,whatsapp', 'telegram,whatsapp')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is Kind => s === 'telegram' || s === 'whatsapp'),
  chats: Math.max(1, num('BENCH_CHATS', '200', '50')),
  graceS: num('BENCH_GRACE', '10', '5'),
  maxDrainS: num('BENCH_MAX_DRAIN', '120', '30'),
  replies: num('BENCH_REPLIES', '10000', '500'),
  conversations: Math.max(1, num('BENCH_CONVERSATIONS', '200', '50')),
  inFlight: Math.max(1, num('BENCH_IN_FLIGHT', '20')),
  failPercent: num('BENCH_FAIL_PERCENT', '10'),
  senders: Math.max(1, num('BENCH_SENDERS', '5')),
  inbound: env['BENCH_INBOUND'] !== '0',
  /** Issue #10: the e-mail figures (IMAP import, SMTP → agent); BENCH_EMAIL=0 skips them. */
  email: env['BENCH_EMAIL'] !== '0',
  mails: num('BENCH_MAILS', '10000', '300'),
  smtpMails: num('BENCH_SMTP_MAILS', '1000', '100'),
  smtpRate: Math.max(1, num('BENCH_SMTP_RATE', '20')),
  outbound: env['BENCH_OUTBOUND'] !== '0',
  out: env['BENCH_OUT'],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
/** One pool of keep-alive connections for the load: both targets get the same client. */
const http = new Agent({ connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });

async function graphql<T = any>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: Array<{ message: string }> }> {
  const res = await request(`${url}/graphql`, {
    method: 'POST',
    dispatcher: http,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.body.json()) as { data?: T; errors?: Array<{ message: string }> };
}

/** CPU of the processes that do the work, over a phase (percent of one core). */
function cpuMeter(pids: Record<string, number | undefined>) {
  const read = (): Record<string, number> => ({
    ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid ? cpuSeconds(pid) : NaN])),
    postgres: cpuSecondsOf('postgres'),
    redis: cpuSecondsOf('redis-server'),
  });
  const t0 = performance.now();
  const a = read();
  const self0 = process.cpuUsage();
  return () => {
    const b = read();
    const wallS = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const out: Record<string, number> = {};
    for (const k of Object.keys(b)) out[k] = ((b[k] - a[k]) / wallS) * 100;
    out['bench'] = ((self.user + self.system) / 1e6 / wallS) * 100;
    return out;
  };
}
// summed over live processes: PostgreSQL backends that ended during a phase take their CPU time with them
const cpuText = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${v < 0 ? '?' : fmt(v, 0)}`).join(', ');

/**
 * What the database's busy backends wait on during a phase, sampled every 100 ms from
 * pg_stat_activity: the average number of backends per wait event (CPU = running, not waiting;
 * "idle in transaction" = a transaction open while its client does something else).
 * It says where the time goes when neither the server nor PostgreSQL uses a full core.
 */
function pgWaits(databaseUrl: string): { stop(): Promise<Record<string, number>> } {
  const c = new PgClient({ connectionString: databaseUrl });
  const counts = new Map<string, number>();
  const after = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await c.connect();
    while (running) {
      const rows = (
        await c.query(`SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS query FROM pg_stat_activity WHERE datname = current_database() AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()`)
      ).rows as Array<{ state: string; wait_event_type: string | null; wait_event: string | null; query: string }>;
      samples++;
      for (const r of rows) {
        // idle in transaction: the client holds a transaction (and its locks) open while it does something else
        const key = r.state !== 'active' ? 'idle in transaction' : r.wait_event_type ? `${r.wait_event_type}:${r.wait_event}` : 'CPU';
        counts.set(key, (counts.get(key) ?? 0) + 1);
        // what an idle transaction did last: the statement after which the client went away
        if (r.state !== 'active') after.set(r.query, (after.get(r.query) ?? 0) + 1);
      }
      await sleep(100);
    }
  })().catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      await c.end().catch(() => undefined);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      const idle = [...after.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
      return Object.fromEntries([...top, ...idle.map(([q, n]) => [`  idle after "${q}"`, n] as [string, number])].map(([k, n]) => [k, samples ? n / samples : 0]));
    },
  };
}
const waitsText = (w: Record<string, number>) => Object.entries(w).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(', ') || '—';

// ---------------------------------------------------------------- the floor's process

class Floor {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string, redisUrl: string, topic: string, telegramSecret: string): Promise<Floor> {
    const child = fork(path.join(__dirname, 'floor-server.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '../../tsconfig.json'), FLOOR_DATABASE_URL: databaseUrl, FLOOR_REDIS_URL: redisUrl, FLOOR_TOPIC: topic, FLOOR_TELEGRAM_SECRET: telegramSecret, FLOOR_WHATSAPP_APP_SECRET: WA.appSecret },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the floor server did not start')), 60_000);
      child.once('message', (m: { port: number }) => (clearTimeout(t), resolve(m.port)));
      child.once('exit', (code) => (clearTimeout(t), reject(new Error(`the floor server exited (${code})`))));
    });
    return new Floor(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Stands in for the Graph API: WhatsApp text webhooks need no call to it, and the run shows that none was made. */
async function refusingGraphApi(): Promise<{ url: string; calls: () => number; stop: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((_req, res) => {
    calls++;
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'the benchmark expects no Graph API call', code: 2 } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls, stop: () => new Promise((r) => server.close(() => r())) };
}

// ---------------------------------------------------------------- inbound

interface Target {
  name: 'parley' | 'floor';
  /** The webhook URL of each kind. */
  urls: Record<Kind, string>;
  headers: (kind: Kind, raw: string) => Record<string, string>;
  pids: Record<string, number | undefined>;
  /** Counts in the target's own storage: rows of this prefix, and distinct provider ids among them. */
  stored: (kind: Kind, prefix: string) => Promise<{ rows: number; distinct: number }>;
  databaseUrl: string;
}

interface InboundResult {
  target: string;
  kind: Kind;
  offeredRate: number;
  durationS: number;
  webhooks: number;
  posts: number;
  answered2xx: number;
  storedPerS: number;
  seenPerS: number;
  latencyMs: ReturnType<typeof summarize>;
  lost: number;
  notStored: number;
  notSeen: number;
  duplicated: number;
  db: { rows: number; distinct: number };
  errors: Record<string, number>;
  schedulerLagP99Ms: number;
  drainedS: number;
  drainComplete: boolean;
  cpu: Record<string, number>;
  pgWaits: Record<string, number>;
}

/** Where the subscriber's arrivals go during a run (set per run; other messages are ignored). */
const arrivals: { prefix: string; ledger?: Ledger } = { prefix: '\u0000' };
function arrive(text: string | null | undefined, at: number): void {
  const k = keyOf(text, arrivals.prefix);
  if (k !== undefined) arrivals.ledger?.arrived(k, at);
}

/** Telegram message ids of the next run start here (the same chats write in every run). */
let nextMessageBase = 0;

async function inboundRun(t: Target, kind: Kind, prefix: string, rate: number, durationS: number): Promise<InboundResult> {
  const total = totalMessages(rate, durationS * 1000);
  const ledger = new Ledger(total);
  arrivals.prefix = prefix;
  arrivals.ledger = ledger;
  const errors = new Map<string, number>();
  const err = (key: string) => count(errors, key);
  const updateBase = Math.floor(Math.random() * 1e8) * 10;
  const messageBase = nextMessageBase;
  nextMessageBase += total;
  const wamidPrefix = `wamid.BENCH${randomBytes(4).toString('hex')}_`;
  // bodies first, so building and signing them is not timed as the server's work
  const bodies = Array.from({ length: total }, (_, k) =>
    kind === 'telegram'
      ? telegramWebhook(prefix, k, { chats: opts.chats, baseChatId: 610_000_000, updateBase, messageBase })
      : whatsappWebhook(prefix, k, { chats: opts.chats, baseWaId: 4915_100_000_000, phoneNumberId: WA.phoneNumberId, wamidPrefix }),
  );
  const headers = bodies.map((b) => t.headers(kind, b));
  const lags: number[] = [];
  const cpu = cpuMeter(t.pids);
  const waits = pgWaits(t.databaseUrl);
  const start = performance.now() + 20;
  const post = (k: number) => {
    request(t.urls[kind], { method: 'POST', dispatcher: http, headers: headers[k], body: bodies[k] }).then(
      async (res) => {
        const at = performance.now();
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) ledger.ok(k, at);
        else err(`HTTP ${res.statusCode}`);
      },
      (e) => err(String((e as Error)?.message ?? e).slice(0, 60)),
    );
  };
  log(`${t.name} ${kind}: ${total} webhooks at ${rate}/s for ${durationS} s, each POSTed twice (${total * 2} POSTs)`);
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = dueBy(performance.now() - start, rate, total);
      while (issued < due) {
        const k = issued++;
        lags.push(performance.now() - (start + intendedAtMs(k, rate)));
        // the provider's redelivery at its worst: the second copy races the first
        post(k);
        post(k);
      }
      if (issued >= total) return resolve();
      setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  const sendEnd = performance.now();
  const drainEnd = sendEnd + opts.maxDrainS * 1000;
  let progress = -1;
  let progressAt = performance.now();
  const answers = () => ledger.answered.reduce((a, b) => a + b, 0) + [...errors.values()].reduce((a, b) => a + b, 0);
  while (performance.now() < drainEnd && !(ledger.complete() && answers() >= total * 2)) {
    await sleep(50);
    const p = ledger.stored + ledger.seen + answers();
    if (p !== progress) {
      progress = p;
      progressAt = performance.now();
    } else if (performance.now() - progressAt > opts.graceS * 1000) break;
  }
  const drainComplete = ledger.complete();
  const drainedS = (performance.now() - sendEnd) / 1000;
  const cpuUsed = cpu();
  const pgWaitsUsed = await waits.stop();
  await sleep(500); // late duplicates, if any, still count
  arrivals.ledger = undefined;
  const latencies: number[] = [];
  for (let k = 0; k < total; k++) if (!Number.isNaN(ledger.seenAt[k])) latencies.push(ledger.seenAt[k] - (start + intendedAtMs(k, rate)));
  const o = ledger.outcome();
  const db = await t.stored(kind, prefix);
  const r: InboundResult = {
    target: t.name,
    kind,
    offeredRate: rate,
    durationS,
    webhooks: total,
    posts: total * 2,
    answered2xx: ledger.answered.reduce((a, b) => a + b, 0),
    storedPerS: throughput(ledger.stored, start, ledger.lastStoredAt || undefined, durationS * 1000),
    seenPerS: throughput(ledger.seen, start, ledger.lastSeenAt || undefined, durationS * 1000),
    latencyMs: summarize(latencies),
    ...o,
    // missing from the database is lost too, whatever the answers said
    lost: Math.max(o.lost, total - db.distinct),
    // stored twice in the database is a duplicate too, even when the agent saw it once
    duplicated: Math.max(o.duplicated, db.rows - db.distinct),
    db,
    errors: Object.fromEntries(errors),
    schedulerLagP99Ms: summarize(lags).p99,
    drainedS,
    drainComplete,
    cpu: cpuUsed,
    pgWaits: pgWaitsUsed,
  };
  log(
    `${t.name} ${kind} @${rate}/s: stored ${fmt(r.storedPerS)}/s, seen ${fmt(r.seenPerS)}/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, ` +
      `lost ${r.lost}, dup ${r.duplicated}, db ${db.rows} rows/${db.distinct} distinct, errors ${JSON.stringify(r.errors)}; CPU % ${cpuText(cpuUsed)}; pg backends ${waitsText(pgWaitsUsed)}`,
  );
  return r;
}

// ---------------------------------------------------------------- outbound

interface OutboundResult {
  target: string;
  replies: number;
  /** Until the last reply reached the fake (and, for Parley, every message was `sent`). */
  seconds: number;
  sendsPerS: number;
  acceptedAtFake: number;
  distinctAtFake: number;
  textsTwice: number;
  answered429: number;
  otherErrors: Record<string, number>;
  status: Record<string, number>;
  mutationMs?: ReturnType<typeof summarize>;
  /** Operator replies taken by the API per second (all mutations answered / the time it took). */
  mutationsPerS?: number;
  /** From a reply's mutation being sent to its text at the fake (50 ms resolution). */
  deliveryMs: ReturnType<typeof summarize>;
  complete: boolean;
  cpu: Record<string, number>;
  pgWaits: Record<string, number>;
}

function fakeTally(telegram: FakeTelegram, token: string, prefix: string): { accepted: number; distinct: number; twice: number; calls: number } {
  const texts = telegram.sentTexts().filter((t) => t.startsWith(prefix));
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  let twice = 0;
  for (const n of counts.values()) if (n > 1) twice++;
  const calls = telegram.calls.filter((c) => c.token === token && c.method === 'sendMessage' && String(c.params['text'] ?? '').startsWith(prefix)).length;
  return { accepted: texts.length, distinct: counts.size, twice, calls };
}

async function outboundParley(server: ParleyServer, telegram: FakeTelegram, token: string, channelId: string, conversations: string[], pid: number): Promise<OutboundResult> {
  const n = opts.replies;
  const prefix = `o${randomBytes(3).toString('hex')}-`;
  const s = failureSchedule(n, opts.failPercent);
  if (s.times) telegram.failNext('sendMessage', { code: 429, description: `Too Many Requests: retry after ${RETRY_AFTER_S}`, retryAfter: RETRY_AFTER_S, skip: s.skip }, s.times, OUT_TOKEN);
  log(`parley outbound: ${n} replies over ${conversations.length} conversations, ${opts.inFlight} sendMessage mutations in flight; the fake answers every ${s.every}th sendMessage 429 retry_after ${RETRY_AFTER_S}`);
  const errors = new Map<string, number>();
  const mutationMs: number[] = [];
  const startedAt = new Float64Array(n).fill(NaN);
  const deliveredAt = new Float64Array(n).fill(NaN);
  let cursor = 0;
  let mutationsEnd = NaN;
  const cpu = cpuMeter({ server: pid });
  const waits = pgWaits(server.databaseUrl);
  const t0 = performance.now();
  let next = 0;
  const operator = async () => {
    while (next < n) {
      const k = next++;
      const a = performance.now();
      startedAt[k] = a;
      try {
        const r = await graphql(server.url, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { conversationId: conversations[k % conversations.length], clientId: `${prefix}${k}`, body: `${prefix}${k} Thanks, your order ships today.` } }, token);
        if (r.errors?.length) count(errors, `sendMessage: ${r.errors[0].message.slice(0, 60)}`);
      } catch (e) {
        count(errors, String((e as Error).message).slice(0, 60));
      }
      mutationMs.push(performance.now() - a);
    }
  };
  const sending = Promise.all(Array.from({ length: opts.inFlight }, operator));
  // done when the fake holds every text; the database is asked once that is so
  let doneAt = NaN;
  let last = -1;
  let lastAt = performance.now();
  // a slow outbox is a figure, not a failure: the run ends early only when nothing moves (below)
  const deadline = t0 + Math.max(opts.maxDrainS * 1000, n * 250);
  let sendingDone = false;
  void sending.then(() => {
    sendingDone = true;
    mutationsEnd = performance.now();
  });
  let lastLog = performance.now();
  while (performance.now() < deadline) {
    await sleep(50);
    const now = performance.now();
    const texts = telegram.sentTexts();
    for (; cursor < texts.length; cursor++) {
      const k = keyOf(texts[cursor], prefix);
      if (k !== undefined && k < n && Number.isNaN(deliveredAt[k])) deliveredAt[k] = now;
    }
    const f = fakeTally(telegram, OUT_TOKEN, prefix);
    if (f.distinct >= n) {
      doneAt = performance.now();
      break;
    }
    if (f.accepted !== last) {
      last = f.accepted;
      lastAt = performance.now();
    } else if (sendingDone && performance.now() - lastAt > Math.max(opts.graceS, RETRY_AFTER_S * 5) * 1000) break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`parley outbound: ${f.accepted}/${n} at the fake, ${next} mutations issued`);
    }
  }
  await sending;
  const cpuUsed = cpu();
  const pgWaitsUsed = await waits.stop();
  // every message sent: the fake's acceptance is recorded just after it answers
  const statusOf = async () =>
    Object.fromEntries(
      (await server.sql<{ delivery_status: string; n: number }>(
        `SELECT coalesce(m.delivery_status, 'null') AS delivery_status, count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.channel_id = $1 AND m.author_type = 'operator' AND m.body LIKE $2 GROUP BY 1`,
        [channelId, `${prefix}%`],
      )).map((r) => [r.delivery_status, r.n]),
    );
  let status = await statusOf();
  const settle = performance.now() + 10_000;
  while ((status['sent'] ?? 0) < n && performance.now() < settle && !Number.isNaN(doneAt)) {
    await sleep(100);
    status = await statusOf();
  }
  if (!Number.isNaN(doneAt) && (status['sent'] ?? 0) >= n) doneAt = Math.max(doneAt, performance.now() - 100);
  await sleep(1000); // a late second send would show now
  const f = fakeTally(telegram, OUT_TOKEN, prefix);
  const seconds = ((Number.isNaN(doneAt) ? performance.now() : doneAt) - t0) / 1000;
  const r: OutboundResult = {
    target: 'parley',
    replies: n,
    seconds,
    sendsPerS: f.distinct / seconds,
    acceptedAtFake: f.accepted,
    distinctAtFake: f.distinct,
    textsTwice: f.twice,
    answered429: f.calls - f.accepted,
    otherErrors: Object.fromEntries(errors),
    status: await statusOf(),
    mutationMs: summarize(mutationMs),
    mutationsPerS: (n * 1000) / (mutationsEnd - t0),
    deliveryMs: summarize(Array.from(deliveredAt, (d, k) => d - startedAt[k]).filter((x) => !Number.isNaN(x))),
    complete: f.distinct === n && f.accepted === n && (status['sent'] ?? 0) === n,
    cpu: cpuUsed,
    pgWaits: pgWaitsUsed,
  };
  log(`parley outbound: ${f.distinct}/${n} distinct at the fake (${f.accepted} accepted, ${f.twice} twice, ${r.answered429} answered 429) in ${fmt(seconds, 2)} s = ${fmt(r.sendsPerS)}/s; status ${JSON.stringify(r.status)}; CPU % ${cpuText(cpuUsed)}; pg backends ${waitsText(pgWaitsUsed)}`);
  return r;
}

/** The same sendMessage calls from a plain loop: `senders` at a time; a 429 goes back in the queue for retry_after (no sender waits it out). */
async function outboundFloor(telegram: FakeTelegram, chatIds: number[]): Promise<OutboundResult> {
  const n = opts.replies;
  const prefix = `f${randomBytes(3).toString('hex')}-`;
  const s = failureSchedule(n, opts.failPercent);
  if (s.times) telegram.failNext('sendMessage', { code: 429, description: `Too Many Requests: retry after ${RETRY_AFTER_S}`, retryAfter: RETRY_AFTER_S, skip: s.skip }, s.times, FLOOR_TOKEN);
  log(`floor outbound: ${n} sendMessage calls from ${opts.senders} senders`);
  const queue = new DueQueue(Array.from({ length: n }, (_, k) => k));
  const errors = new Map<string, number>();
  let ok = 0;
  let lastOkAt = 0;
  const firstTry = new Float64Array(n).fill(NaN);
  const deliveredAt = new Float64Array(n).fill(NaN);
  const cpu = cpuMeter({});
  const t0 = performance.now();
  const sender = async () => {
    while (ok < n) {
      const next = queue.take(performance.now());
      if ('waitMs' in next) {
        if (next.waitMs === Infinity) {
          // others hold the rest; one of them may still be answered 429 and come back
          await sleep(5);
          if (queue.size === 0 && ok >= n) return;
          continue;
        }
        await sleep(Math.min(next.waitMs, 50));
        continue;
      }
      const k = next.item;
      if (Number.isNaN(firstTry[k])) firstTry[k] = performance.now();
      const res = await fetch(`${telegram.url}/bot${FLOOR_TOKEN}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatIds[k % chatIds.length], text: `${prefix}${k} Thanks, your order ships today.` }),
        signal: AbortSignal.timeout(15_000),
      }).catch((e: Error) => e);
      if (res instanceof Error) {
        count(errors, res.message.slice(0, 60));
        queue.later(k, performance.now() + 1000);
        continue;
      }
      const body = (await res.json().catch(() => ({}))) as { ok?: boolean; parameters?: { retry_after?: number } };
      if (res.ok && body.ok) {
        ok++;
        lastOkAt = deliveredAt[k] = performance.now();
      } else if (res.status === 429) queue.later(k, performance.now() + (body.parameters?.retry_after ?? 1) * 1000);
      else {
        count(errors, `HTTP ${res.status}`);
        queue.later(k, performance.now() + 1000);
      }
      if (performance.now() - t0 > Math.max(opts.maxDrainS * 1000, n * 50)) return;
    }
  };
  await Promise.all(Array.from({ length: opts.senders }, sender));
  const cpuUsed = cpu();
  const seconds = (lastOkAt - t0) / 1000;
  const f = fakeTally(telegram, FLOOR_TOKEN, prefix);
  const r: OutboundResult = {
    target: 'floor',
    replies: n,
    seconds,
    sendsPerS: f.distinct / seconds,
    acceptedAtFake: f.accepted,
    distinctAtFake: f.distinct,
    textsTwice: f.twice,
    answered429: f.calls - f.accepted,
    otherErrors: Object.fromEntries(errors),
    status: {},
    deliveryMs: summarize(Array.from(deliveredAt, (d, k) => d - firstTry[k]).filter((x) => !Number.isNaN(x))),
    complete: f.distinct === n && f.accepted === n,
    cpu: cpuUsed,
    pgWaits: {},
  };
  log(`floor outbound: ${f.distinct}/${n} in ${fmt(seconds, 2)} s = ${fmt(r.sendsPerS)}/s (${r.answered429} answered 429); CPU % ${cpuText(cpuUsed)}`);
  return r;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  process.env['DATABASE_URL'] ??= 'postgres://postgres@127.0.0.1:5432/test';
  process.env['REDIS_URL'] ??= 'redis://127.0.0.1:6379';
  const redisUrl = process.env['REDIS_URL'] as string;
  log(`options ${JSON.stringify(opts)}`);
  const telegram = await new FakeTelegram().start();
  for (const [token, username] of [[IN_TOKEN, 'bench_in_bot'], [OUT_TOKEN, 'bench_out_bot'], [FLOOR_TOKEN, 'bench_floor_bot']]) telegram.addBot(token, { username });
  const graph = await refusingGraphApi();
  const smtpPort = await freePort();
  const server = await ParleyServer.start({
    // Parley's own SMTP listener for the e-mail figures (a forwarding channel)
    INBOUND_SMTP_PORT: String(smtpPort),
    INBOUND_SMTP_HOST: '127.0.0.1',
    INBOUND_MAIL_DOMAIN: 'in.bench.test',
    LOG_LEVEL: 'error',
    TELEGRAM_API_BASE: telegram.url,
    WHATSAPP_API_BASE: graph.url,
    CHANNEL_SECRETS_KEY: 'bench-channel-secrets-key-0123456789abcdef',
    // a reply's job lost to a crash is found by the sweep: none is expected here, so the default is fine
    OUTBOX_SWEEP_EVERY_MS: '30000',
  });
  let floor: Floor | undefined;
  let sub: Redis | undefined;
  const agents: AgentSubscriber[] = [];
  try {
    const pid = pidListeningOn(Number(new URL(server.url).port));
    if (!pid) throw new Error('no process found listening on the server port');
    const token = await login(server.url, ADMIN.email, ADMIN.password);
    const create = async (type: Kind, name: string, settings: Record<string, unknown>) => {
      const r = await graphql(server.url, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } webhookUrl } }`, { i: { type, name, settings: JSON.stringify(settings) } }, token);
      if (!r.data) throw new Error(`createChannel ${type}: ${JSON.stringify(r.errors)}`);
      return r.data.createChannel.channel.id as string;
    };
    const tgIn = await create('telegram', 'Bench Telegram', { botToken: IN_TOKEN, webhookSecret: 'bench-webhook-secret-0123456789' });
    const tgOut = await create('telegram', 'Bench Telegram replies', { botToken: OUT_TOKEN, webhookSecret: 'bench-webhook-secret-9876543210' });
    const wa = await create('whatsapp', 'Bench WhatsApp', WA);
    // what Telegram sends back in X-Telegram-Bot-Api-Secret-Token: what the adapter gave setWebhook
    const inSecret = telegram.webhooks.get(IN_TOKEN)?.secret;
    const outSecret = telegram.webhooks.get(OUT_TOKEN)?.secret;
    if (!inSecret || !outSecret) throw new Error('the Telegram adapter did not call setWebhook with a secret on save');
    const commitProbe = () => durableCommitsPerSecond(server.databaseUrl).catch(() => NaN);
    const machine = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '?',
      memGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAtStart: loadAverage(),
      durableCommitsPerSecAtStart: await commitProbe(),
      serverRssAtStartKb: rssKb(pid),
    };
    log(`server ${server.url} pid ${pid}; channels telegram ${tgIn}, whatsapp ${wa}, telegram replies ${tgOut}; load ${machine.loadAtStart}`);

    const inbound: InboundResult[] = [];
    if (opts.inbound && opts.rates.length && opts.kinds.length) {
      await server.sql(`CREATE TABLE IF NOT EXISTS bench_floor_messages (id bigserial PRIMARY KEY, external_id text NOT NULL UNIQUE, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
      const topic = `bench-floor-${randomBytes(4).toString('hex')}`;
      floor = await Floor.start(server.databaseUrl, redisUrl, topic, inSecret);
      sub = new Redis(redisUrl);
      await sub.subscribe(topic);
      sub.on('message', (_ch: string, text: string) => arrive(text, performance.now()));
      const agent = new AgentSubscriber(0, server.url.replace(/^http/, 'ws'), token);
      await agent.start((_a, e, at) => {
        if (e.kind === 'message_created') arrive(e.message?.body, at);
      });
      agents.push(agent);
      await sleep(500);

      const parley: Target = {
        name: 'parley',
        urls: { telegram: `${server.url}/api/channels/${tgIn}/webhook`, whatsapp: `${server.url}/api/channels/${wa}/webhook` },
        headers: (kind, raw): Record<string, string> => (kind === 'telegram' ? { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': inSecret } : { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw, WA.appSecret) }),
        pids: { server: pid },
        databaseUrl: server.databaseUrl,
        stored: async (kind, prefix) => {
          const [m] = await server.sql<{ rows: number; distinct: number }>(
            `SELECT count(*)::int AS rows, count(DISTINCT r.external_id)::int AS distinct FROM messages m JOIN conversations c ON c.id = m.conversation_id
               LEFT JOIN channel_message_refs r ON r.message_id = m.id AND r.direction = 'in'
              WHERE c.channel_id = $1 AND m.author_type = 'visitor' AND m.body LIKE $2`,
            [kind === 'telegram' ? tgIn : wa, `${prefix}%`],
          );
          return m;
        },
      };
      const floorTarget: Target = {
        name: 'floor',
        urls: { telegram: `${floor.url}/telegram`, whatsapp: `${floor.url}/whatsapp` },
        headers: parley.headers,
        pids: { floor: floor.child.pid },
        databaseUrl: server.databaseUrl,
        stored: async (_kind, prefix) => {
          const [m] = await server.sql<{ rows: number; distinct: number }>(`SELECT count(*)::int AS rows, count(DISTINCT external_id)::int AS distinct FROM bench_floor_messages WHERE body LIKE $1`, [`${prefix}%`]);
          return m;
        },
      };
      // one phase loop: every kind, Parley then the floor, at each rate; the warm-up (the first
      // conversation of each chat, made before anything is timed) is its first, untimed round
      const warmRate = Math.min(100, opts.chats);
      const rounds = [{ warmUp: true, rate: warmRate, durationS: opts.chats / warmRate }, ...opts.rates.map((rate) => ({ warmUp: false, rate, durationS: opts.durationS }))];
      let phase = 0;
      for (const round of rounds) {
        for (const kind of opts.kinds) {
          for (const t of [parley, floorTarget]) {
            if (round.warmUp) log(`warm-up ${t.name} ${kind}: ${opts.chats} webhooks, one per chat`);
            else await sleep(2000);
            const r = await inboundRun(t, kind, round.warmUp ? `w${t.name[0]}${kind[0]}-` : `b${phase++}${t.name[0]}${kind[0]}-`, round.rate, round.durationS);
            if (!round.warmUp) inbound.push(r);
            else if (r.lost > 0) throw new Error(`warm-up ${t.name} ${kind}: ${r.lost} of ${r.webhooks} lost (${JSON.stringify(r.errors)})`);
          }
        }
      }
    }

    let outbound: OutboundResult[] = [];
    if (opts.outbound && opts.replies > 0) {
      // the conversations: one inbound message from each chat
      const chatIds = Array.from({ length: opts.conversations }, (_, i) => 620_000_000 + i);
      log(`outbound setup: ${chatIds.length} Telegram chats write in`);
      for (const chatId of chatIds) {
        const res = await request(`${server.url}/api/channels/${tgOut}/webhook`, {
          method: 'POST',
          dispatcher: http,
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': outSecret },
          body: JSON.stringify(FakeTelegram.textUpdate({ chatId, messageId: 1, updateId: chatId, text: 'Where is my order?', firstName: `Client ${chatId}` })),
        });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`outbound setup: webhook answered ${res.statusCode}`);
      }
      const conversations = (await server.sql<{ id: string }>(`SELECT DISTINCT conversation_id AS id FROM channel_message_refs WHERE channel_id = $1 AND direction = 'in' ORDER BY 1`, [tgOut])).map((r) => r.id);
      if (conversations.length !== chatIds.length) throw new Error(`outbound setup: ${conversations.length} conversations for ${chatIds.length} chats`);
      await sleep(2000);
      outbound = [await outboundParley(server, telegram, token, tgOut, conversations, pid), await outboundFloor(telegram, chatIds)];
    }

    let email: EmailBenchResult | null = null;
    if (opts.email) {
      email = await emailBench({
        serverUrl: server.url,
        databaseUrl: server.databaseUrl,
        redisUrl,
        token,
        smtpPort,
        inboundDomain: 'in.bench.test',
        sql: (text, values) => server.sql(text, values),
        options: { mails: opts.mails, smtpMails: opts.smtpMails, smtpRate: opts.smtpRate, maxWaitS: opts.maxDrainS },
        log,
      });
    }

    const report = {
      machine: { ...machine, loadAtEnd: loadAverage(), durableCommitsPerSecAtEnd: await commitProbe(), serverRssAtEndKb: rssKb(pid), graphApiCalls: graph.calls() },
      options: opts,
      inbound,
      outbound,
      agentErrors: agents.flatMap((a) => a.errors),
      email,
    };
    process.stdout.write(render(report) + (email ? renderEmail(email) : '') + '\n');
    if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(report, null, 2));
  } finally {
    for (const a of agents) await a.stop().catch(() => undefined);
    sub?.disconnect();
    await floor?.stop();
    await server.stop();
    await graph.stop();
    await telegram.stop();
  }
}

function render(r: { machine: Record<string, unknown>; options: typeof opts; inbound: InboundResult[]; outbound: OutboundResult[]; agentErrors: string[] }): string {
  const m = r.machine;
  const out: string[] = [''];
  out.push(`Parley channel benchmark — ${m['date']}${r.options.quick ? ' (BENCH_QUICK smoke run)' : ''}`);
  out.push(`${m['cpus']} × ${m['cpuModel']}, ${m['memGb']} GB; Node ${m['node']}; PostgreSQL + Redis; load average ${m['loadAtStart']} at start, ${m['loadAtEnd']} at end (other work may be running)`);
  out.push(`PostgreSQL durable commits from one connection: ${fmt(m['durableCommitsPerSecAtStart'] as number, 0)}/s at start, ${fmt(m['durableCommitsPerSecAtEnd'] as number, 0)}/s at end; server RSS ${fmt((m['serverRssAtStartKb'] as number) / 1024)} MB at start, ${fmt((m['serverRssAtEndKb'] as number) / 1024)} MB at end; Graph API calls ${m['graphApiCalls']}`);
  if (r.inbound.length) {
    out.push('');
    out.push(`Inbound webhooks (each POSTed twice at once; ${r.options.chats} clients; latency = agent receipt over graphql-ws (floor: Redis subscriber) − intended send; lost = not stored or not seen; dup = seen twice or stored twice; CPU % of one core)`);
    const rows: string[][] = [['kind', 'offered/s', 's', 'target', 'webhooks', '2xx/POSTs', 'stored/s', 'seen/s', 'p50 ms', 'p99 ms', 'max ms', 'lost', 'dup', 'db rows/distinct', 'errors', 'sched lag p99 ms', 'drained s', 'CPU %']];
    for (let i = 0; i < r.inbound.length; i++) {
      const x = r.inbound[i];
      rows.push([
        x.kind,
        fmt(x.offeredRate, 0),
        String(x.durationS),
        x.target,
        String(x.webhooks),
        `${x.answered2xx}/${x.posts}`,
        fmt(x.storedPerS, 0),
        fmt(x.seenPerS, 0),
        fmt(x.latencyMs.p50),
        fmt(x.latencyMs.p99),
        fmt(x.latencyMs.max),
        String(x.lost),
        String(x.duplicated),
        `${x.db.rows}/${x.db.distinct}`,
        Object.entries(x.errors).map(([k, v]) => `${k}:${v}`).join(' ') || '0',
        fmt(x.schedulerLagP99Ms),
        fmt(x.drainedS) + (x.drainComplete ? '' : ' (gave up)'),
        cpuText(x.cpu),
      ]);
      const f = r.inbound[i + 1];
      if (x.target === 'parley' && f?.target === 'floor' && f.kind === x.kind && f.offeredRate === x.offeredRate) {
        rows.push([f.kind, fmt(f.offeredRate, 0), String(f.durationS), f.target, String(f.webhooks), `${f.answered2xx}/${f.posts}`, fmt(f.storedPerS, 0), fmt(f.seenPerS, 0), fmt(f.latencyMs.p50), fmt(f.latencyMs.p99), fmt(f.latencyMs.max), String(f.lost), String(f.duplicated), `${f.db.rows}/${f.db.distinct}`, Object.entries(f.errors).map(([k, v]) => `${k}:${v}`).join(' ') || '0', fmt(f.schedulerLagP99Ms), fmt(f.drainedS) + (f.drainComplete ? '' : ' (gave up)'), cpuText(f.cpu)]);
        rows.push(['', '', '', 'parley/floor', '', '', `${fmt(ratio(x.storedPerS, f.storedPerS), 2)}×`, `${fmt(ratio(x.seenPerS, f.seenPerS), 2)}×`, `${fmt(ratio(x.latencyMs.p50, f.latencyMs.p50), 1)}×`, `${fmt(ratio(x.latencyMs.p99, f.latencyMs.p99), 1)}×`, '', '', '', '', '', '', '', '']);
        i++;
      }
    }
    out.push(table(rows));
    out.push('Busy PostgreSQL backends by wait event (average over the phase; CPU = running):');
    for (const x of r.inbound) out.push(`  ${x.kind} ${fmt(x.offeredRate, 0)}/s ${x.target}: ${waitsText(x.pgWaits)}`);
  }
  if (r.outbound.length) {
    const o = r.options;
    out.push('');
    out.push(`Outbound replies to Telegram (${o.replies} over ${o.conversations} conversations; the fake answers every ${failureSchedule(o.replies, o.failPercent).every}th sendMessage 429 retry_after ${RETRY_AFTER_S}; Parley: ${o.inFlight} sendMessage mutations in flight, the outbox sends; floor: ${o.senders} senders in a loop)`);
    const rows: string[][] = [['target', 'replies', 'at the fake (distinct/accepted)', 'twice', '429s', 'seconds', 'sends/s', 'send→fake p50/p99 ms', 'delivery_status', 'mutations/s', 'mutation p50/p99 ms', 'errors', 'complete', 'CPU %']];
    for (const x of r.outbound) {
      rows.push([
        x.target,
        String(x.replies),
        `${x.distinctAtFake}/${x.acceptedAtFake}`,
        String(x.textsTwice),
        String(x.answered429),
        fmt(x.seconds, 2),
        fmt(x.sendsPerS, 0),
        `${fmt(x.deliveryMs.p50, 0)}/${fmt(x.deliveryMs.p99, 0)}`,
        Object.entries(x.status).map(([k, v]) => `${k}:${v}`).join(' ') || '—',
        x.mutationsPerS !== undefined ? fmt(x.mutationsPerS, 0) : '—',
        x.mutationMs ? `${fmt(x.mutationMs.p50)}/${fmt(x.mutationMs.p99)}` : '—',
        Object.entries(x.otherErrors).map(([k, v]) => `${k}:${v}`).join(' ') || '0',
        x.complete ? 'yes' : 'NO',
        cpuText(x.cpu),
      ]);
    }
    const [p, f] = r.outbound;
    if (p && f) rows.push(['parley/floor', '', '', '', '', `${fmt(ratio(p.seconds, f.seconds), 2)}×`, `${fmt(ratio(p.sendsPerS, f.sendsPerS), 2)}×`, `${fmt(ratio(p.deliveryMs.p50, f.deliveryMs.p50), 1)}×/${fmt(ratio(p.deliveryMs.p99, f.deliveryMs.p99), 1)}×`, '', '', '', '', '', '']);
    out.push(table(rows));
    for (const x of r.outbound) if (Object.keys(x.pgWaits).length) out.push(`Busy PostgreSQL backends (${x.target}): ${waitsText(x.pgWaits)}`);
  }
  if (r.agentErrors.length) out.push(`agent subscription errors: ${r.agentErrors.slice(0, 5).join('; ')}`);
  return out.join('\n');
}

main().then(
  // sockets of ws/undici may linger after the server is gone; do not wait on them
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  },
);
