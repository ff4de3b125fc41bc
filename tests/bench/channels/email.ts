/**
 * The e-mail figures of the channel benchmark (issue #10):
 *
 * - **IMAP import**: a private Dovecot mailbox of BENCH_MAILS mails (10,000; quick 300) is
 *   imported by a new IMAP channel (importDays 0, created through GraphQL as an admin would): mails
 *   per second from the channel's creation until every mail is a stored message. Floor: the same
 *   mailbox read by a plain imapflow loop (UID fetch of each source, as the poller does) with one
 *   `INSERT … ON CONFLICT DO NOTHING` per mail.
 * - **SMTP → agent**: BENCH_SMTP_MAILS mails (1,000; quick 100) delivered to Parley's own SMTP
 *   listener (a forwarding channel), BENCH_SMTP_RATE a second (20), open loop; p50/p99 from the
 *   start of the SMTP transaction until the subscribed agent receives the message. Floor: a bare
 *   smtp-server in the benchmark process that parses each mail (mailparser), inserts it and
 *   publishes it on Redis to a subscriber.
 */
import { ImapFlow } from 'imapflow';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { Client as PgClient } from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort, TestDovecot } from '../../../libs/api/channels/email/src/testing/dovecot';
import { AgentSubscriber } from '../webchat/clients';
import { fmt, summarize, table } from '../webchat/stats';

const PASSWORD = 'bench-imap-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface EmailBenchOptions {
  mails: number;
  smtpMails: number;
  smtpRate: number;
  maxWaitS: number;
}

export interface EmailBenchResult {
  import: Array<{ name: string; mails: number; seconds: number; perSecond: number; stored: number }>;
  smtp: Array<{ name: string; sent: number; seen: number; refused: number; p50: number; p99: number; max: number }>;
}

type Sql = <T = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

/** A mail of the mailbox (unique Message-ID, a few lines of text). */
const mail = (i: number, to: string, tag: string) =>
  [`From: "Client ${i % 500}" <client${i % 500}@client.test>`, `To: ${to}`, `Subject: ${tag} order ${i}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <${tag}-${i}@client.test>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', `${tag}-${i} Hello, where is my order ${i}? It was due last week.`, ''].join('\r\n');

async function fillMailbox(dovecot: TestDovecot, user: string, n: number, log: (m: string) => void): Promise<void> {
  const c = await dovecot.client(user);
  try {
    for (let i = 0; i < n; i++) {
      await c.append('INBOX', mail(i, user, 'imp'));
      if ((i + 1) % 2000 === 0) log(`mailbox: ${i + 1} of ${n} appended`);
    }
  } finally {
    await c.logout();
  }
}

async function importFloor(dovecot: TestDovecot, user: string, n: number, databaseUrl: string): Promise<EmailBenchResult['import'][number]> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  await pg.query(`CREATE TABLE IF NOT EXISTS bench_floor_mails (id bigserial PRIMARY KEY, external_id text NOT NULL UNIQUE, body text NOT NULL)`);
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user, pass: PASSWORD }, logger: false });
  const started = performance.now();
  let stored = 0;
  try {
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids: number[] = [];
      for await (const m of client.fetch('1:*', { uid: true }, { uid: true })) uids.push(m.uid);
      for (const uid of uids) {
        const one = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        const parsed = await simpleParser(one && one.source ? one.source : Buffer.alloc(0), { skipHtmlToText: true });
        const r = await pg.query(`INSERT INTO bench_floor_mails (external_id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [parsed.messageId ?? `uid-${uid}`, parsed.text ?? '']);
        stored += r.rowCount ?? 0;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
    await pg.end();
  }
  const seconds = (performance.now() - started) / 1000;
  return { name: 'floor', mails: n, seconds, perSecond: stored / seconds, stored };
}

/** Sends `n` mails at `rate`/s (open loop) to `port`; resolves with each mail's start time by its tag. */
async function smtpRun(port: number, to: string, tag: string, n: number, rate: number, onError: () => void): Promise<Map<string, number>> {
  const started = new Map<string, number>();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 8, maxMessages: Infinity });
  const t0 = performance.now();
  const sends: Array<Promise<unknown>> = [];
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const key = `${tag}-${i}`;
    started.set(key, performance.now());
    sends.push(transport.sendMail({ envelope: { from: `client${i}@client.test`, to }, raw: mail(i, to, tag) }).catch(onError));
  }
  await Promise.all(sends);
  transport.close();
  return started;
}

export async function emailBench(o: { serverUrl: string; databaseUrl: string; redisUrl: string; token: string; smtpPort: number; inboundDomain: string; sql: Sql; options: EmailBenchOptions; log: (m: string) => void }): Promise<EmailBenchResult> {
  const { options, log, sql } = o;
  const result: EmailBenchResult = { import: [], smtp: [] };
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${o.serverUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id publicKey } } }`;

  // --- IMAP import
  const dovecot = await TestDovecot.start({ users: [{ user: 'bench@shop.test', password: PASSWORD }, { user: 'floor@shop.test', password: PASSWORD }] });
  try {
    log(`e-mail: filling two mailboxes with ${options.mails} mails each`);
    await fillMailbox(dovecot, 'bench@shop.test', options.mails, log);
    await fillMailbox(dovecot, 'floor@shop.test', options.mails, log);
    const started = performance.now();
    const created = await gql(CREATE, { i: { type: 'email', name: 'Bench IMAP', settings: JSON.stringify({ address: 'bench@shop.test', imap: { host: dovecot.host, port: dovecot.port, secure: false, password: PASSWORD }, outbound: 'server', importDays: 0, pollSeconds: 3600 }) } });
    const channelId = created.createChannel.channel.id as string;
    let stored = 0;
    let last = -1;
    let lastChange = performance.now();
    for (;;) {
      const [r] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM channel_message_refs WHERE channel_id = $1 AND direction = 'in'`, [channelId]);
      stored = r.n;
      if (stored >= options.mails) break;
      if (stored !== last) {
        last = stored;
        lastChange = performance.now();
      }
      if (performance.now() - lastChange > options.maxWaitS * 1000) {
        log(`e-mail import: stuck at ${stored} of ${options.mails}`);
        break;
      }
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1000;
    result.import.push({ name: 'parley', mails: options.mails, seconds, perSecond: stored / seconds, stored });
    log(`e-mail import: ${stored} mails in ${fmt(seconds)} s`);
    result.import.push(await importFloor(dovecot, 'floor@shop.test', options.mails, o.databaseUrl));
  } finally {
    await dovecot.stop();
  }

  // --- SMTP delivery → the agent
  const fwd = await gql(CREATE, { i: { type: 'email', name: 'Bench forwarding', settings: JSON.stringify({ address: 'fwd@shop.test', inbound: 'forwarding', outbound: 'server' }) } });
  const forwardTo = `${fwd.createChannel.channel.publicKey}@${o.inboundDomain}`;
  const seenAt = new Map<string, number>();
  const tagOf = (body: string | null | undefined) => /^(smtp\w*-\d+) /.exec(body ?? '')?.[1] ?? null;
  const agent = new AgentSubscriber(0, o.serverUrl.replace(/^http/, 'ws'), o.token);
  await agent.start((_a, e, at) => {
    const tag = e.kind === 'message_created' ? tagOf(e.message?.body) : null;
    if (tag && !seenAt.has(tag)) seenAt.set(tag, at);
  });
  // the floor: a bare smtp-server that parses, inserts and publishes each mail
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  const pub = new Redis(o.redisUrl);
  const sub = new Redis(o.redisUrl);
  const topic = `bench-floor-mail-${process.pid}`;
  await sub.subscribe(topic);
  sub.on('message', (_c: string, tag: string) => {
    if (!seenAt.has(tag)) seenAt.set(tag, performance.now());
  });
  const floorPort = await freePort();
  const floorServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          await pg.query(`INSERT INTO bench_floor_mails (external_id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [parsed.messageId ?? String(Math.random()), parsed.text ?? '']);
          const tag = tagOf(parsed.text);
          if (tag) await pub.publish(topic, tag);
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((r) => floorServer.listen(floorPort, '127.0.0.1', () => r()));
  try {
    await sleep(500);
    for (const [name, port, to, tag] of [['parley', o.smtpPort, forwardTo, 'smtpp'], ['floor', floorPort, 'floor@in.test', 'smtpf']] as const) {
      let refused = 0;
      log(`e-mail SMTP ${name}: ${options.smtpMails} mails at ${options.smtpRate}/s`);
      const started = await smtpRun(port, to, tag, options.smtpMails, options.smtpRate, () => refused++);
      const deadline = performance.now() + options.maxWaitS * 1000;
      while (performance.now() < deadline && [...started.keys()].some((k) => !seenAt.has(k))) await sleep(100);
      const latencies = [...started].filter(([k]) => seenAt.has(k)).map(([k, at]) => (seenAt.get(k) as number) - at);
      const s = summarize(latencies);
      result.smtp.push({ name, sent: options.smtpMails, seen: latencies.length, refused, p50: s.p50, p99: s.p99, max: s.max });
      await sleep(1000);
    }
  } finally {
    await agent.stop().catch(() => undefined);
    await new Promise<void>((r) => floorServer.close(() => r()));
    sub.disconnect();
    pub.disconnect();
    await pg.end();
  }
  return result;
}

export function renderEmail(r: EmailBenchResult): string {
  const out: string[] = ['', 'E-mail: IMAP import (a private Dovecot mailbox, importDays 0)'];
  const floorImport = r.import.find((x) => x.name === 'floor');
  out.push(table([['', 'mails', 'stored', 'seconds', 'mails/s', '× floor'], ...r.import.map((x) => [x.name, String(x.mails), String(x.stored), fmt(x.seconds), fmt(x.perSecond), x.name === 'floor' || !floorImport ? '' : fmt(floorImport.perSecond / x.perSecond, 1)])]));
  out.push('', 'E-mail: SMTP delivery → the agent sees it (ms from the SMTP transaction start)');
  out.push(table([['', 'sent', 'seen', 'refused', 'p50', 'p99', 'max'], ...r.smtp.map((x) => [x.name, String(x.sent), String(x.seen), String(x.refused), fmt(x.p50, 0), fmt(x.p99, 0), fmt(x.max, 0)])]));
  return out.join('\n');
}
