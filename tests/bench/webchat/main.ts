/**
 * Web chat benchmark (issue 3): simulated visitors send over real `/ws/visitor` sockets to agents
 * subscribed to `inboxEvent` over graphql-ws, open loop (a fixed offered rate, so slow answers
 * are not hidden), against the built server started by tests/e2e/server.ts.
 *
 *   npm run bench:webchat                    # the full run (see defaults below)
 *   npm run bench:webchat -- --quick         # a short smoke run
 *   npm run bench:webchat -- --visitors 1000 --rate 2000,5000 --duration 20 --idle 15000 --reconnect 10000
 *
 * Phases, in order: idle connections (server RSS per socket), load (one row per rate), reconnect
 * storm. `--idle 0`, `--rate 0` or `--reconnect 0` skips a phase. Exits non-zero only when the
 * harness itself fails, never because a target is missed.
 */
import os from 'node:os';
import fs from 'node:fs';
import { ParleyServer } from '../../e2e/server';
import { AgentSubscriber, InboxMessageEvent, login, VisitorSocket } from './clients';
import { durableCommitsPerSecond } from './probe';
import { cpuSeconds, cpuSecondsOf, listenOverflows, loadAverage, openFileLimit, pidListeningOn, raiseSomaxconn, rssKb, somaxconn } from './proc';
import { chunks, dueBy, fmt, intendedAtMs, kbPerConnection, perVisitorRate, summarize, table, throughput, totalMessages, visitorFor } from './stats';

const CHANNEL_KEY = 'demo-webchat';
const ADMIN = { email: 'admin@demo.test', password: 'parley-demo' };
const RATE_LIMIT_PER_VISITOR = 5; // VISITOR_MESSAGES_PER_SECOND in libs/shared/contracts (burst 20)

interface Options {
  visitors: number;
  rates: number[];
  /** One per rate; the last repeats. */
  durationsS: number[];
  /** After the last send: stop waiting when nothing more arrives for this long. */
  graceS: number;
  /** After the last send: stop waiting after this long in any case. */
  maxDrainS: number;
  agents: number;
  idle: number;
  reconnect: number;
  embedded: boolean;
  redis: boolean;
  /** Raise net.core.somaxconn to this before starting the server (as root; 0 = leave it). */
  somaxconn: number;
  out: string | undefined;
  quick: boolean;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(k, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(k, argv[++i]);
    else flags.set(k, 'true');
  }
  const quick = flags.has('quick') || env['BENCH_QUICK'] === '1';
  const pick = (flag: string, envName: string, full: string, q: string) => flags.get(flag) ?? env[envName] ?? (quick ? q : full);
  const num = (s: string, name: string) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${s}`);
    return n;
  };
  return {
    quick,
    visitors: num(pick('visitors', 'BENCH_VISITORS', '1000', '100'), 'visitors'),
    rates: pick('rate', 'BENCH_RATE', '250,2000,5000', '200')
      .split(',')
      .map((s) => num(s.trim(), 'rate'))
      .filter((r) => r > 0),
    durationsS: pick('duration', 'BENCH_DURATION', '20,20,5', '5')
      .split(',')
      .map((s) => num(s.trim(), 'duration')),
    graceS: num(pick('grace', 'BENCH_GRACE', '10', '5'), 'grace'),
    maxDrainS: num(pick('max-drain', 'BENCH_MAX_DRAIN', '300', '30'), 'max-drain'),
    agents: Math.max(1, num(pick('agents', 'BENCH_AGENTS', '1', '1'), 'agents')),
    idle: num(pick('idle', 'BENCH_IDLE', '15000', '500'), 'idle'),
    reconnect: num(pick('reconnect', 'BENCH_RECONNECT', '10000', '300'), 'reconnect'),
    embedded: flags.has('embedded') || env['BENCH_EMBEDDED'] === '1',
    redis: !(flags.has('no-redis') || env['BENCH_NO_REDIS'] === '1'),
    somaxconn: num(pick('somaxconn', 'BENCH_SOMAXCONN', '16384', '0'), 'somaxconn'),
    out: flags.get('out') ?? env['BENCH_OUT'],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Opens sockets `concurrency` at a time; failures are counted, not thrown. */
async function openMany(
  url: string,
  count: number,
  firstIndex: number,
  concurrency: number,
  each?: (v: VisitorSocket) => Promise<void>,
): Promise<{ open: VisitorSocket[]; failed: number; errors: Map<string, number> }> {
  const open: VisitorSocket[] = [];
  const errors = new Map<string, number>();
  let failed = 0;
  const indexes = Array.from({ length: count }, (_, i) => firstIndex + i);
  for (const batch of chunks(indexes, concurrency)) {
    await Promise.all(
      batch.map(async (i) => {
        const v = new VisitorSocket(url, i);
        try {
          await v.open({ channelKey: CHANNEL_KEY });
          if (each) await each(v);
          open.push(v);
        } catch (e) {
          failed++;
          const key = String((e as Error)?.message ?? e).slice(0, 60);
          errors.set(key, (errors.get(key) ?? 0) + 1);
          v.drop();
        }
      }),
    );
  }
  return { open, failed, errors };
}

function closeAll(vs: VisitorSocket[]): void {
  for (const v of vs) v.drop();
}

/** Samples the server's RSS every 250 ms while a phase runs. */
function rssSampler(pid: number): { stop(): { peakKb: number; lastKb: number } } {
  let peak = rssKb(pid);
  let last = peak;
  const t = setInterval(() => {
    last = rssKb(pid);
    if (last > peak) peak = last;
  }, 250);
  return {
    stop() {
      clearInterval(t);
      last = rssKb(pid);
      return { peakKb: Math.max(peak, last), lastKb: last };
    },
  };
}

// ---------------------------------------------------------------- idle connections

interface IdleResult {
  requested: number;
  attempted: number;
  opened: number;
  failed: number;
  errors: Record<string, number>;
  openSeconds: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  kbPerConnection: number;
  note: string;
}

async function idlePhase(url: string, pid: number, requested: number): Promise<IdleResult> {
  const limit = openFileLimit();
  const attempted = Math.min(requested, Number.isFinite(limit) ? limit - 300 : requested);
  const note = attempted < requested ? `capped by the open-file limit (ulimit -n ${limit})` : '';
  if (note) log(`idle: ${note}: opening ${attempted} instead of ${requested}`);
  await sleep(2000);
  const rssBeforeKb = rssKb(pid);
  log(`idle: opening ${attempted} widget sockets (hello only), server RSS ${fmt(rssBeforeKb / 1024)} MB`);
  const t0 = performance.now();
  const r = await openMany(url, attempted, 1_000_000, 500);
  const openSeconds = (performance.now() - t0) / 1000;
  await sleep(3000);
  const rssAfterKb = rssKb(pid);
  log(`idle: ${r.open.length} open in ${fmt(openSeconds)} s, server RSS ${fmt(rssAfterKb / 1024)} MB`);
  closeAll(r.open);
  await sleep(3000);
  return {
    requested,
    attempted,
    opened: r.open.length,
    failed: r.failed,
    errors: Object.fromEntries(r.errors),
    openSeconds,
    rssBeforeKb,
    rssAfterKb,
    kbPerConnection: kbPerConnection(rssBeforeKb, rssAfterKb, r.open.length),
    note,
  };
}

// ---------------------------------------------------------------- open-loop load

interface LoadResult {
  visitors: number;
  offeredRate: number;
  perVisitorRate: number;
  durationS: number;
  scheduled: number;
  sent: number;
  notSent: number;
  acked: number;
  delivered: number;
  persistedPerS: number;
  deliveredPerS: number;
  latencyMs: ReturnType<typeof summarize>;
  ackLatencyMs: ReturnType<typeof summarize>;
  schedulerLagMs: ReturnType<typeof summarize>;
  lost: number;
  lostNoAck: number;
  lostNoDelivery: number;
  duplicated: number;
  errors: Record<string, number>;
  serverRssPeakKb: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  redisCpuPercent: number;
  loadgenCpuPercent: number;
  /** From the last send until every answer was in, or the wait gave up. */
  drainedS: number;
  drainComplete: boolean;
}

/** Per-message records, indexed by k, for one load phase. */
class Ledger {
  readonly sentAt: Float64Array;
  readonly ackAt: Float64Array;
  readonly ackSeq: Int32Array;
  readonly ackCount: Uint16Array;
  readonly errored: Uint8Array;
  readonly deliverAt: Float64Array[];
  readonly deliverCount: Uint16Array[];
  readonly deliverSeq: Int32Array[];
  seqConflicts = 0;
  acked = 0;
  delivered = 0;
  lastAckAt = 0;
  lastDeliverAt = 0;

  constructor(
    readonly total: number,
    readonly agents: number,
  ) {
    this.sentAt = new Float64Array(total).fill(NaN);
    this.ackAt = new Float64Array(total).fill(NaN);
    this.ackSeq = new Int32Array(total).fill(-1);
    this.ackCount = new Uint16Array(total);
    this.errored = new Uint8Array(total);
    this.deliverAt = Array.from({ length: agents }, () => new Float64Array(total).fill(NaN));
    this.deliverCount = Array.from({ length: agents }, () => new Uint16Array(total));
    this.deliverSeq = Array.from({ length: agents }, () => new Int32Array(total).fill(-1));
  }

  ack(k: number, seq: number, at: number): void {
    if (this.ackCount[k]++ === 0) {
      this.ackAt[k] = at;
      this.ackSeq[k] = seq;
      this.acked++;
      this.lastAckAt = at;
    } else if (this.ackSeq[k] !== seq) this.seqConflicts++;
  }

  deliver(agent: number, k: number, seq: number, at: number): void {
    if (this.deliverCount[agent][k]++ === 0) {
      this.deliverAt[agent][k] = at;
      this.deliverSeq[agent][k] = seq;
      this.delivered++;
      this.lastDeliverAt = at;
    } else if (this.deliverSeq[agent][k] !== seq) this.seqConflicts++;
  }

  complete(): boolean {
    return this.acked + countTrue(this.errored) >= this.total && this.delivered >= this.acked * this.agents;
  }
}

function countTrue(a: Uint8Array): number {
  let n = 0;
  for (const x of a) n += x;
  return n;
}

async function loadPhase(
  phase: number,
  visitors: VisitorSocket[],
  agents: AgentSubscriber[],
  routes: { onAck?: (k: number, seq: number, at: number) => void; onDeliver?: (agent: number, k: number, seq: number, at: number) => void; onError?: (k: number | undefined, code: string) => void; prefix: string },
  rate: number,
  durationS: number,
  wait: { graceS: number; maxDrainS: number },
  pid: number,
): Promise<LoadResult> {
  const total = totalMessages(rate, durationS * 1000);
  const ledger = new Ledger(total, agents.length);
  const errors = new Map<string, number>();
  const prefix = `b${phase}-`;
  routes.prefix = prefix;
  routes.onAck = (k, seq, at) => k < total && ledger.ack(k, seq, at);
  routes.onDeliver = (agent, k, seq, at) => k < total && ledger.deliver(agent, k, seq, at);
  routes.onError = (k, code) => {
    errors.set(code, (errors.get(code) ?? 0) + 1);
    if (k !== undefined && k < total) ledger.errored[k] = 1;
  };
  const body = 'Hello, is this available in blue? (benchmark message)';
  const lags: number[] = [];
  let notSent = 0;
  const sampler = rssSampler(pid);
  const cpu0 = cpuSeconds(pid);
  const pg0 = cpuSecondsOf('postgres');
  const redis0 = cpuSecondsOf('redis-server');
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const start = performance.now() + 20;
  log(`load ${phase}: ${total} messages at ${rate}/s over ${visitors.length} visitors (${fmt(perVisitorRate(rate, visitors.length), 2)}/s each) for ${durationS} s`);

  // open loop: release whatever is due, in batches per tick, whether or not anything was answered
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = dueBy(now - start, rate, total);
      while (issued < due) {
        const k = issued++;
        const v = visitors[visitorFor(k, visitors.length)];
        const at = performance.now();
        if (v.send(prefix + k, body)) {
          ledger.sentAt[k] = at;
          lags.push(at - (start + intendedAtMs(k, rate)));
        } else notSent++;
      }
      if (issued >= total) return resolve();
      setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  const sendEnd = performance.now();
  log(`load ${phase}: all sent in ${fmt((sendEnd - start) / 1000, 2)} s; ${ledger.acked} acked, ${ledger.delivered} delivered so far; waiting for the backlog (gives up after ${wait.graceS} s without progress or ${wait.maxDrainS} s in all)`);
  // wait for the backlog: a saturated server answers late, and the next phase must not start on top of it
  const drainEnd = sendEnd + wait.maxDrainS * 1000;
  let progress = -1;
  let progressAt = performance.now();
  let lastLog = performance.now();
  while (performance.now() < drainEnd && !ledger.complete()) {
    await sleep(50);
    const p = ledger.acked + ledger.delivered + countTrue(ledger.errored);
    if (p !== progress) {
      progress = p;
      progressAt = performance.now();
    } else if (performance.now() - progressAt > wait.graceS * 1000) break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`load ${phase}: draining, ${ledger.acked} acked, ${ledger.delivered} delivered of ${total}`);
    }
  }
  const drainComplete = ledger.complete();
  const drainedS = (performance.now() - sendEnd) / 1000;
  const cpu1 = cpuSeconds(pid);
  const pg1 = cpuSecondsOf('postgres');
  const redis1 = cpuSecondsOf('redis-server');
  const self1 = process.cpuUsage(self0);
  const wall1 = performance.now();
  const wallS = (wall1 - wall0) / 1000;
  const rss = sampler.stop();

  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let lostNoAck = 0;
  let lostNoDelivery = 0;
  let lost = 0;
  let duplicated = 0;
  for (let k = 0; k < total; k++) {
    const intended = start + intendedAtMs(k, rate);
    const noAck = Number.isNaN(ledger.ackAt[k]);
    if (!noAck) ackLatencies.push(ledger.ackAt[k] - intended);
    let noDelivery = false;
    let dup = ledger.ackCount[k] > 1;
    for (let a = 0; a < agents.length; a++) {
      const d = ledger.deliverAt[a][k];
      if (Number.isNaN(d)) noDelivery = true;
      else latencies.push(d - intended);
      if (ledger.deliverCount[a][k] > 1) dup = true;
      if (!noAck && ledger.deliverSeq[a][k] >= 0 && ledger.deliverSeq[a][k] !== ledger.ackSeq[k]) dup = true;
    }
    if (noAck) lostNoAck++;
    if (noDelivery) lostNoDelivery++;
    if (noAck || noDelivery) lost++;
    if (dup) duplicated++;
  }
  routes.onAck = routes.onDeliver = undefined;
  routes.onError = (_k, code) => errors.set(`late ${code}`, (errors.get(`late ${code}`) ?? 0) + 1);
  return {
    visitors: visitors.length,
    offeredRate: rate,
    perVisitorRate: perVisitorRate(rate, visitors.length),
    durationS,
    scheduled: total,
    sent: total - notSent,
    notSent,
    acked: ledger.acked,
    delivered: ledger.delivered,
    persistedPerS: throughput(ledger.acked, start, ledger.lastAckAt || undefined, durationS * 1000),
    deliveredPerS: throughput(ledger.delivered / agents.length, start, ledger.lastDeliverAt || undefined, durationS * 1000),
    latencyMs: summarize(latencies),
    ackLatencyMs: summarize(ackLatencies),
    schedulerLagMs: summarize(lags),
    lost,
    lostNoAck,
    lostNoDelivery,
    duplicated,
    errors: Object.fromEntries(errors),
    serverRssPeakKb: rss.peakKb,
    serverCpuPercent: ((cpu1 - cpu0) / wallS) * 100,
    postgresCpuPercent: ((pg1 - pg0) / wallS) * 100,
    redisCpuPercent: ((redis1 - redis0) / wallS) * 100,
    loadgenCpuPercent: ((self1.user + self1.system) / 1e6 / wallS) * 100,
    drainedS,
    drainComplete,
  };
}

// ---------------------------------------------------------------- reconnect storm

interface StormResult {
  requested: number;
  prepared: number;
  prepareFailed: number;
  resumed: number;
  resumedWithin10s: number;
  failed: number;
  errors: Record<string, number>;
  allResumedS: number;
  resumeMs: ReturnType<typeof summarize>;
  /** Connections the kernel refused because the server's accept queue was full (machine-wide counter). */
  listenOverflows: number;
}

async function stormPhase(url: string, requested: number, agentsSeen: (clientId: string) => void): Promise<StormResult> {
  log(`storm: preparing ${requested} visitors (hello + one message each)`);
  const sent = new Map<VisitorSocket, { seq: number; conversationId: string }>();
  const prep = await openMany(url, requested, 2_000_000, 250, (v) =>
    new Promise<void>((resolve, reject) => {
      const clientId = `s-${v.index}`;
      const timer = setTimeout(() => reject(new Error('ack timeout')), 60_000);
      v.onFrame = (_v, f) => {
        if (f.type === 'ack' && f.clientId === clientId) {
          clearTimeout(timer);
          sent.set(v, { seq: f.message.seq, conversationId: f.message.conversationId });
          agentsSeen(clientId);
          resolve();
        } else if (f.type === 'error' && f.clientId === clientId) {
          clearTimeout(timer);
          reject(new Error(`error ${f.code}`));
        }
      };
      v.send(clientId, 'Storm preparation message');
    }),
  );
  log(`storm: ${prep.open.length} prepared (${prep.failed} failed); dropping all at once`);
  for (const v of prep.open) v.drop();
  await sleep(2000);

  log(`storm: ${prep.open.length} reconnecting at once with their token and lastSeq = seq - 1`);
  const errors = new Map<string, number>();
  const overflows0 = listenOverflows();
  const t0 = performance.now();
  const results = await Promise.all(
    prep.open.map(async (old) => {
      const want = sent.get(old) as { seq: number; conversationId: string };
      const v = new VisitorSocket(url, old.index);
      try {
        const replayed = new Promise<number>((resolve) => {
          v.onFrame = (_v, f, at) => {
            if (f.type === 'message' && f.message.seq === want.seq) resolve(at);
          };
        });
        const welcome = await v.open({ channelKey: CHANNEL_KEY, visitorToken: old.token, lastSeq: want.seq - 1 }, 60_000);
        if (welcome.conversationId !== want.conversationId) throw new Error('resumed a different conversation');
        const at = await Promise.race([replayed, sleep(60_000).then(() => NaN)]);
        if (Number.isNaN(at)) throw new Error('no replay');
        return { v, ms: at - t0 };
      } catch (e) {
        const key = String((e as Error)?.message ?? e).slice(0, 60);
        errors.set(key, (errors.get(key) ?? 0) + 1);
        return { v, ms: NaN };
      }
    }),
  );
  const times = results.map((r) => r.ms).filter((ms) => !Number.isNaN(ms));
  closeAll(results.map((r) => r.v));
  await sleep(2000);
  const s = summarize(times);
  log(`storm: ${times.length}/${prep.open.length} resumed; last after ${fmt(s.max / 1000, 2)} s`);
  return {
    requested,
    prepared: prep.open.length,
    prepareFailed: prep.failed,
    resumed: times.length,
    resumedWithin10s: times.filter((ms) => ms <= 10_000).length,
    failed: prep.open.length - times.length,
    errors: Object.fromEntries(errors),
    allResumedS: times.length === prep.open.length ? s.max / 1000 : NaN,
    resumeMs: s,
    listenOverflows: listenOverflows() - overflows0,
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2), process.env);
  if (opts.embedded) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] ??= 'postgres://postgres@127.0.0.1:5432/test';
  if (!opts.redis) delete process.env['REDIS_URL'];
  else process.env['REDIS_URL'] ??= 'redis://127.0.0.1:6379';
  const setup = `${opts.embedded ? 'embedded PostgreSQL' : 'PostgreSQL ' + new URL(process.env['DATABASE_URL'] as string).host} + ${opts.redis ? 'Redis' : 'in-process event bus'}`;
  log(`starting the server (${setup}); options ${JSON.stringify(opts)}`);
  // the accept queue is sized when the server listens: raise the kernel's cap first (a production
  // host of many widgets does the same; docker/compose.yml sets it for the API containers)
  const accept = opts.somaxconn > 0 ? raiseSomaxconn(opts.somaxconn) : { before: somaxconn(), now: somaxconn() };
  if (accept.now !== accept.before) log(`net.core.somaxconn raised from ${accept.before} to ${accept.now} for the run`);

  // the benchmark measures throughput, not the abuse limits (tested in the API specs): thousands of
  // new conversations on one channel from four source addresses would otherwise be refused
  const server = await ParleyServer.start({ LOG_LEVEL: 'error', VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: '1000000', VISITOR_IP_MESSAGES_PER_SECOND: '10000' });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const t = performance.now();
    await server.stop();
    log(`server stopped in ${fmt((performance.now() - t) / 1000)} s`);
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const port = Number(new URL(server.url).port);
    const pid = pidListeningOn(port);
    if (!pid) throw new Error(`no process found listening on port ${port}`);
    const wsUrl = server.url.replace(/^http/, 'ws');
    const visitorUrl = `${wsUrl}/ws/visitor`;
    const commitProbe = async () => (opts.embedded ? NaN : await durableCommitsPerSecond(process.env['DATABASE_URL'] as string).catch(() => NaN));
    const env = {
      durableCommitsPerSecAtStart: await commitProbe(),
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '?',
      memGb: Math.round(os.totalmem() / 2 ** 30),
      loadAtStart: loadAverage(),
      node: process.version,
      setup,
      openFileLimit: openFileLimit(),
      somaxconn: accept.now,
      somaxconnBefore: accept.before,
      serverPid: pid,
      serverRssAtStartKb: rssKb(pid),
    };
    log(`server ${server.url} pid ${pid}, RSS ${fmt(env.serverRssAtStartKb / 1024)} MB, load ${env.loadAtStart}`);

    // idle connections first, on a fresh server, so load leftovers do not blur the per-socket figure
    const idle = opts.idle > 0 ? await idlePhase(visitorUrl, pid, opts.idle) : undefined;

    // agents and visitors for the load phases
    const loads: LoadResult[] = [];
    let warmup = { visitors: 0, failed: 0, delivered: 0 };
    const routes: Parameters<typeof loadPhase>[3] = { prefix: '\u0000' };
    const warmSeen = new Set<string>();
    const agents: AgentSubscriber[] = [];
    if (opts.rates.length > 0 && opts.visitors > 0) {
      const token = await login(server.url, ADMIN.email, ADMIN.password);
      const onEvent = (agent: number, e: InboxMessageEvent, at: number) => {
        const cid = e.message?.clientId;
        if (!cid) return;
        if (cid.startsWith(routes.prefix)) routes.onDeliver?.(agent, Number(cid.slice(routes.prefix.length)), e.message?.seq ?? -1, at);
        else if (cid.startsWith('w-')) warmSeen.add(`${agent}:${cid}`);
      };
      for (let a = 0; a < opts.agents; a++) {
        const agent = new AgentSubscriber(a, wsUrl, token);
        await agent.start(onEvent);
        agents.push(agent);
      }
      await sleep(500); // graphql-ws does not acknowledge a subscribe; the warm-up below proves it is live
      log(`warm-up: ${opts.visitors} visitors say hello and send one message each`);
      const onFrame = (_v: VisitorSocket, f: import('@parley/shared/contracts').VisitorServerFrame, at: number) => {
        if (f.type === 'ack' && f.clientId.startsWith(routes.prefix)) routes.onAck?.(Number(f.clientId.slice(routes.prefix.length)), f.message.seq, at);
        else if (f.type === 'error') {
          const k = f.clientId?.startsWith(routes.prefix) ? Number(f.clientId.slice(routes.prefix.length)) : undefined;
          routes.onError?.(k, f.code);
        }
      };
      const warm = await openMany(visitorUrl, opts.visitors, 0, 200, (v) =>
        new Promise<void>((resolve, reject) => {
          const clientId = `w-${v.index}`;
          const timer = setTimeout(() => reject(new Error('warm-up ack timeout')), 60_000);
          v.onFrame = (_v, f, at) => {
            if (f.type === 'ack' && f.clientId === clientId) {
              clearTimeout(timer);
              v.onFrame = onFrame;
              resolve();
            } else if (f.type === 'error' && f.clientId === clientId) {
              clearTimeout(timer);
              reject(new Error(`warm-up error ${f.code}`));
            } else onFrame(_v, f, at);
          };
          v.send(clientId, 'Hi! (benchmark warm-up)');
        }),
      );
      const expected = warm.open.length * agents.length;
      const deadline = performance.now() + 20_000;
      while (warmSeen.size < expected && performance.now() < deadline) await sleep(100);
      warmup = { visitors: warm.open.length, failed: warm.failed, delivered: warmSeen.size };
      log(`warm-up: ${warm.open.length} visitors ready (${warm.failed} failed), ${warmSeen.size}/${expected} warm-up messages reached the agents`);
      if (warm.open.length === 0) throw new Error(`no visitor got through the warm-up: ${JSON.stringify(Object.fromEntries(warm.errors))}`);
      if (warmSeen.size === 0) throw new Error('the agent subscription delivered nothing during the warm-up');

      for (let i = 0; i < opts.rates.length; i++) {
        if (i > 0) await sleep(5000); // let per-socket buckets refill and the server settle
        const durationS = opts.durationsS[Math.min(i, opts.durationsS.length - 1)];
        loads.push(await loadPhase(i, warm.open, agents, routes, opts.rates[i], durationS, opts, pid));
        const r = loads[loads.length - 1];
        log(
          `load ${i}: persisted ${fmt(r.persistedPerS)}/s, delivered ${fmt(r.deliveredPerS)}/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, lost ${r.lost}, dup ${r.duplicated}, ` +
            `CPU server ${fmt(r.serverCpuPercent, 0)}% postgres ${fmt(r.postgresCpuPercent, 0)}% redis ${fmt(r.redisCpuPercent, 0)}% load generator ${fmt(r.loadgenCpuPercent, 0)}%`,
        );
      }
      closeAll(warm.open);
      for (const a of agents) await a.stop();
      await sleep(2000);
    }

    const storm = opts.reconnect > 0 ? await stormPhase(visitorUrl, opts.reconnect, () => undefined) : undefined;
    const serverRssAtEndKb = rssKb(pid);
    const report = { env: { ...env, loadAtEnd: loadAverage(), serverRssAtEndKb, durableCommitsPerSecAtEnd: await commitProbe() }, options: opts, idle, warmup, loads, storm, agentErrors: agents.flatMap((a) => a.errors) };
    process.stdout.write(render(report) + '\n');
    if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(report, null, 2));
  } finally {
    await stop();
    if (accept.now !== accept.before) raiseSomaxconn(accept.before, true);
  }
}

function render(r: {
  env: Record<string, unknown>;
  options: Options;
  idle?: IdleResult;
  warmup: { visitors: number; failed: number; delivered: number };
  loads: LoadResult[];
  storm?: StormResult;
  agentErrors: string[];
}): string {
  const out: string[] = [];
  const e = r.env;
  out.push('');
  out.push(`Parley web chat benchmark — ${e['date']}`);
  out.push(`${e['cpus']} × ${e['cpuModel']}, ${e['memGb']} GB; ${e['setup']}; Node ${e['node']}; load average ${e['loadAtStart']} at start, ${e['loadAtEnd']} at end (other work may be running)`);
  if (!Number.isNaN(e['durableCommitsPerSecAtStart'] as number)) {
    out.push(`PostgreSQL durable commits from one connection (BEGIN; txid_current(); COMMIT): ${fmt(e['durableCommitsPerSecAtStart'] as number, 0)}/s at start, ${fmt(e['durableCommitsPerSecAtEnd'] as number, 0)}/s at end`);
  }
  out.push(`server RSS ${fmt((e['serverRssAtStartKb'] as number) / 1024)} MB at start, ${fmt((e['serverRssAtEndKb'] as number) / 1024)} MB at end; open-file limit ${e['openFileLimit']}; net.core.somaxconn ${e['somaxconn']}${e['somaxconn'] !== e['somaxconnBefore'] ? ` (raised from ${e['somaxconnBefore']} for the run)` : ''}`);
  if (r.loads.length) {
    out.push('');
    out.push(`Open-loop load (${r.options.agents} agent subscriber(s); latency = agent receipt − intended send time, over every delivery until the backlog drained; lost = no ack or no delivery by then; warm-up: ${r.warmup.visitors} visitors, ${r.warmup.failed} failed)`);
    const rows: string[][] = [['offered/s', 's', 'visitors', 'per visitor/s', 'sent', 'persisted/s', 'delivered/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ack p50/p99 ms', 'lost', '(no ack/no delivery)', 'dup', 'errors', 'sched lag p99 ms', 'drained in s', 'server RSS peak MB', 'CPU % server/pg/redis/loadgen']];
    for (const l of r.loads) {
      rows.push([
        fmt(l.offeredRate, 0),
        String(l.durationS),
        String(l.visitors),
        fmt(l.perVisitorRate, 2) + (l.perVisitorRate > RATE_LIMIT_PER_VISITOR ? ' (> limit 5)' : ''),
        `${l.sent}/${l.scheduled}`,
        fmt(l.persistedPerS, 0),
        fmt(l.deliveredPerS, 0),
        fmt(l.latencyMs.p50),
        fmt(l.latencyMs.p90),
        fmt(l.latencyMs.p99),
        fmt(l.latencyMs.max),
        `${fmt(l.ackLatencyMs.p50)}/${fmt(l.ackLatencyMs.p99)}`,
        String(l.lost),
        `${l.lostNoAck}/${l.lostNoDelivery}`,
        String(l.duplicated),
        Object.entries(l.errors).map(([k, v]) => `${k}:${v}`).join(' ') || '0',
        fmt(l.schedulerLagMs.p99),
        fmt(l.drainedS) + (l.drainComplete ? '' : ' (gave up)'),
        fmt(l.serverRssPeakKb / 1024, 0),
        [l.serverCpuPercent, l.postgresCpuPercent, l.redisCpuPercent, l.loadgenCpuPercent].map((c) => fmt(c, 0)).join('/'),
      ]);
    }
    out.push(table(rows));
  }
  if (r.idle) {
    const i = r.idle;
    out.push('');
    out.push('Idle widget connections (hello only)');
    out.push(
      table([
        ['requested', 'opened', 'failed', 'opened in s', 'server RSS before MB', 'after MB', 'KB per connection', 'note'],
        [String(i.requested), String(i.opened), String(i.failed) + (i.failed ? ` ${JSON.stringify(i.errors)}` : ''), fmt(i.openSeconds), fmt(i.rssBeforeKb / 1024), fmt(i.rssAfterKb / 1024), fmt(i.kbPerConnection), i.note || '—'],
      ]),
    );
  }
  if (r.storm) {
    const s = r.storm;
    out.push('');
    out.push('Reconnect storm (all drop, all reconnect at once with token + lastSeq; resumed = welcome on the same conversation + the replayed message)');
    out.push(
      table([
        ['visitors', 'resumed', 'within 10 s', 'failed', 'all resumed in s', 'p50 s', 'p99 s', 'accept-queue overflows', 'errors'],
        [String(s.prepared) + (s.prepareFailed ? ` (${s.prepareFailed} failed to prepare)` : ''), String(s.resumed), String(s.resumedWithin10s), String(s.failed), fmt(s.allResumedS, 2), fmt(s.resumeMs.p50 / 1000, 2), fmt(s.resumeMs.p99 / 1000, 2), String(s.listenOverflows), JSON.stringify(s.errors)],
      ]),
    );
  }
  // targets of issue 3
  const best = r.loads.reduce<LoadResult | undefined>((b, l) => (!b || l.persistedPerS > b.persistedPerS ? l : b), undefined);
  const at2000 = r.loads.find((l) => l.offeredRate === 2000);
  const rows: string[][] = [['target', 'measured', 'met']];
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  if (best) {
    const ok = best.persistedPerS >= 5000 && best.deliveredPerS >= 5000 && best.lost === 0 && best.duplicated === 0 && best.visitors >= 1000;
    rows.push(['≥ 5,000 msg/s from 1,000 visitors, 0 lost, 0 dup', `${fmt(best.persistedPerS, 0)} persisted/s, ${fmt(best.deliveredPerS, 0)} delivered/s at ${fmt(best.offeredRate, 0)} offered, ${best.visitors} visitors, lost ${best.lost}, dup ${best.duplicated}`, yes(ok)]);
  }
  if (at2000) {
    rows.push(['p50 ≤ 5 ms, p99 ≤ 25 ms at 2,000 msg/s', `p50 ${fmt(at2000.latencyMs.p50)} ms, p99 ${fmt(at2000.latencyMs.p99)} ms (delivered ${fmt(at2000.deliveredPerS, 0)}/s)`, yes(at2000.latencyMs.p50 <= 5 && at2000.latencyMs.p99 <= 25 && at2000.lost === 0)]);
  }
  if (r.idle) {
    rows.push(['15,000 idle widgets at ≤ 25 KB each', `${r.idle.opened} open, ${fmt(r.idle.kbPerConnection)} KB each`, yes(r.idle.opened >= 15000 && r.idle.kbPerConnection <= 25)]);
  }
  if (r.storm) {
    rows.push(['10,000 reconnecting at once, all resumed within 10 s', `${r.storm.resumedWithin10s}/${r.storm.prepared} within 10 s, all in ${fmt(r.storm.allResumedS, 2)} s`, yes(r.storm.prepared >= 10000 && r.storm.resumedWithin10s === r.storm.prepared)]);
  }
  out.push('');
  out.push(r.options.quick ? 'Targets (issue 3) — smoke run (--quick) below the targets\' scale: "met" only means something in a full run' : 'Targets (issue 3)');
  out.push(table(rows));
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
