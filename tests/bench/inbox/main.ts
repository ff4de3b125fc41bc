/**
 * Inbox benchmark (issue #4): seeds one workspace with BENCH_CONVERSATIONS conversations and
 * BENCH_MESSAGES messages (COPY through psql into a dedicated database), starts the built API over
 * it (tests/e2e/server.ts) and prints p50/p95/p99 over GraphQL HTTP for: the first page and a page
 * 100,000 rows deep of each view, filtered first pages, unread counts, a 50-message history and
 * full-text search. Run on demand, never in CI:
 *
 *   npm run bench:inbox                                           # 1,000,000 / 10,000,000
 *   BENCH_CONVERSATIONS=100000 BENCH_MESSAGES=1000000 npm run bench:inbox   # a quick run
 *
 * Env: DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DB (database name, default parley_bench_inbox_<conversations>), BENCH_RESEED=1 (rebuild
 * even when the database already holds this size), BENCH_ITERATIONS (default 200),
 * BENCH_DEPTH (deep page offset, default 100000), BENCH_OUT (also write the results as JSON).
 * Exits non-zero only when the harness fails, never because a target is missed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { ParleyServer } from '../../e2e/server';
import { percentile } from '../webchat/stats';
import { body, csv, encodeCursor, isUnread, MARKERS, messagesFor, pickPriority, pickStatus, rng, uuidFrom, vocabulary } from './data';

const env = process.env;
const CONVERSATIONS = Number(env['BENCH_CONVERSATIONS'] ?? 1_000_000);
const MESSAGES = Number(env['BENCH_MESSAGES'] ?? 10_000_000);
const ITERATIONS = Number(env['BENCH_ITERATIONS'] ?? 200);
const DEPTH = Number(env['BENCH_DEPTH'] ?? 100_000);
const ADMIN_URL = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = env['BENCH_DB'] ?? `parley_bench_inbox_${CONVERSATIONS}`;
const LONG_CONVERSATIONS = 20;
const LONG_LENGTH = 60;
const TAGS = 10;
const PASSWORD = 'parley-demo';

const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Streams rows into `COPY table (columns) FROM STDIN (csv)` through psql, with back-pressure. */
async function copy(url: string, table: string, columns: string[], rows: () => Generator<string>): Promise<number> {
  const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', 'SET session_replication_role = replica', '-c', `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`], {
    stdio: ['pipe', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table} failed (${code}): ${stderr}`)))));
  let count = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const ok = child.stdin.write(chunk.join(''));
    chunk = [];
    if (!ok) await new Promise((r) => child.stdin.once('drain', r));
  };
  for (const line of rows()) {
    chunk.push(line);
    count++;
    if (chunk.length >= 5000) await flush();
  }
  await flush();
  child.stdin.end();
  await done;
  return count;
}

interface Seeded {
  workspaceId: string;
}

/** Creates the database when needed; the server migrates it and adds the demo workspace. */
async function ensureDatabase(): Promise<boolean> {
  const exists = await withClient(ADMIN_URL, async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount === 1);
  if (exists && env['BENCH_RESEED'] !== '1') {
    const ready = await withClient(dbUrl(DB), async (c) => {
      const r = await c.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS ok`);
      if (!r.rows[0].ok) return false;
      const m = await c.query(`SELECT conversations, messages FROM bench_meta`);
      return m.rowCount === 1 && Number(m.rows[0].conversations) === CONVERSATIONS && Number(m.rows[0].messages) === MESSAGES;
    });
    if (ready) return true;
  }
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB}`);
  });
  return false;
}

async function seed(): Promise<void> {
  const url = dbUrl(DB);
  // the built server migrates and seeds the demo workspace, then stops
  const server = await ParleyServer.start({ DATABASE_URL: url, SEED_DEMO: 'true' });
  await server.stop();
  const started = Date.now();
  const { workspaceId, channelIds, operatorIds, tagIds, dropped } = await withClient(url, async (c) => {
    const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
    for (const name of ['E-mail', 'Telegram']) {
      await c.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', $2, $3, '{}')`, [ws, name, `bench-${name.toLowerCase()}`]);
    }
    const channels = (await c.query(`SELECT id FROM channels WHERE workspace_id = $1 ORDER BY name`, [ws])).rows.map((r) => r.id as string);
    const ops = (await c.query(`SELECT id FROM operators WHERE workspace_id = $1 AND role <> 'observer' ORDER BY email`, [ws])).rows.map((r) => r.id as string);
    const tags: string[] = [];
    for (let i = 0; i < TAGS; i++) tags.push((await c.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, $2) RETURNING id`, [ws, `tag-${i}`])).rows[0].id);
    // secondary indexes are rebuilt after the load (much faster than maintaining them row by row)
    const idx = await c.query(
      `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = 'public' AND tablename IN ('contacts', 'conversations', 'messages', 'conversation_tags')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
    );
    for (const r of idx.rows) await c.query(`DROP INDEX ${r.indexname}`);
    return { workspaceId: ws, channelIds: channels, operatorIds: ops, tagIds: tags, dropped: idx.rows.map((r) => r.indexdef as string) };
  });

  const next = rng(42);
  const words = vocabulary(5000, next);
  const now = Date.now();
  const YEAR = 365 * 86_400_000;
  interface Conv { id: string; contactId: string; at: number; n: number; status: string; assignee: string | null }
  const convs: Conv[] = new Array(CONVERSATIONS);
  for (let i = 0; i < CONVERSATIONS; i++) {
    const status = pickStatus(next());
    convs[i] = {
      id: uuidFrom(next),
      contactId: uuidFrom(next),
      // the long conversations are recent, like a busy chat would be
      at: i < LONG_CONVERSATIONS ? now - i * 1000 : now - Math.floor(next() * YEAR),
      n: messagesFor(i, CONVERSATIONS, MESSAGES, LONG_CONVERSATIONS, LONG_LENGTH),
      status,
      assignee: status === 'queued' ? null : operatorIds[Math.floor(next() * operatorIds.length)],
    };
  }
  log(`seeding ${CONVERSATIONS.toLocaleString('en')} conversations into ${DB}`);
  await copy(url, 'contacts', ['id', 'workspace_id', 'name', 'email', 'created_at'], function* () {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const c = convs[i];
      yield `${c.contactId},${workspaceId},${csv(`Client ${i}`)},client${i}@example.com,${new Date(c.at - c.n * 60_000).toISOString()}\n`;
    }
  });
  await copy(
    url,
    'conversations',
    ['id', 'workspace_id', 'channel_id', 'contact_id', 'status', 'assignee_id', 'last_seq', 'operator_read_seq', 'visitor_read_seq', 'last_message_at', 'last_message_preview', 'closed_at', 'priority', 'created_at', 'updated_at'],
    function* () {
      for (let i = 0; i < CONVERSATIONS; i++) {
        const c = convs[i];
        const at = new Date(c.at).toISOString();
        const read = isUnread(c.status as never, next()) ? c.n - 1 : c.n;
        const created = new Date(c.at - c.n * 60_000).toISOString();
        yield `${c.id},${workspaceId},${channelIds[i % channelIds.length]},${c.contactId},${c.status},${c.assignee ?? ''},${c.n},${read},${c.n},${at},${csv(`last message ${i}`)},${c.status === 'closed' ? at : ''},${pickPriority(next())},${created},${at}\n`;
      }
    },
  );
  log(`seeding ${MESSAGES.toLocaleString('en')} messages`);
  let written = 0;
  const messages = await copy(url, 'messages', ['workspace_id', 'conversation_id', 'seq', 'author_type', 'author_id', 'body', 'created_at'], function* () {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const c = convs[i];
      for (let seq = 1; seq <= c.n; seq++) {
        const visitor = seq % 2 === 1 || !c.assignee;
        yield `${workspaceId},${c.id},${seq},${visitor ? 'visitor' : 'operator'},${visitor ? '' : c.assignee},${csv(body(words, next))},${new Date(c.at - (c.n - seq) * 60_000).toISOString()}\n`;
        if (++written % 1_000_000 === 0) log(`  ${written.toLocaleString('en')} messages`);
      }
    }
  });
  await copy(url, 'conversation_tags', ['conversation_id', 'tag_id', 'workspace_id'], function* () {
    for (let i = 0; i < CONVERSATIONS; i++) if (next() < 0.1) yield `${convs[i].id},${tagIds[Math.floor(next() * tagIds.length)]},${workspaceId}\n`;
  });
  log(`copied in ${((Date.now() - started) / 1000).toFixed(0)} s; rebuilding ${dropped.length} indexes`);
  await withClient(url, async (c) => {
    await c.query(`SET maintenance_work_mem = '1GB'`);
    await c.query(`SET max_parallel_maintenance_workers = 2`);
    for (const def of dropped) {
      const t = Date.now();
      await c.query(def);
      log(`  ${def.replace(/^CREATE (UNIQUE )?INDEX (\S+).*/, '$2')} ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    log('VACUUM ANALYZE');
    await c.query(`VACUUM ANALYZE`);
    await c.query(`CREATE TABLE bench_meta (conversations int NOT NULL, messages bigint NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now(), seconds int NOT NULL)`);
    await c.query(`INSERT INTO bench_meta (conversations, messages, seconds) VALUES ($1, $2, $3)`, [CONVERSATIONS, messages, Math.round((Date.now() - started) / 1000)]);
  });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// ---- measuring ---------------------------------------------------------------------------------

const FIELDS = `id status lastMessageAt lastMessagePreview lastSeq visitorReadSeq operatorReadSeq createdAt priority snoozedUntil
  tags { id name } channel { id name type } contact { id name email phone } assignee { id displayName }`;
const LIST = `query($view: ConversationView, $first: Int, $after: String, $filter: ConversationFilterInput) {
  conversations(view: $view, first: $first, after: $after, filter: $filter) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const COUNTS = `query { inboxCounts { view unread } }`;
const HISTORY = `query($id: ID!) { messages(conversationId: $id, last: 50) { nodes { id seq authorType authorName body createdAt editedAt } hasMore } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 20) { nodes { kind conversationId messageId seq contactName at segments { text match } } hasNextPage endCursor } }`;

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
  return json.data;
}

interface Row {
  name: string;
  note: string;
  p50: number;
  p95: number;
  p99: number;
  target: string;
  met: boolean | null;
}

async function measure(name: string, note: string, iterations: number, call: () => Promise<unknown>, target: (p: { p50: number; p95: number; p99: number }) => [string, boolean | null]): Promise<Row> {
  for (let i = 0; i < Math.min(20, iterations); i++) await call();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
  const [text, met] = target(p);
  const row = { name, note, ...p, target: text, met };
  log(`${name.padEnd(34)} p50 ${p.p50.toFixed(1).padStart(7)} ms  p95 ${p.p95.toFixed(1).padStart(7)} ms  p99 ${p.p99.toFixed(1).padStart(7)} ms  ${text}${met === false ? '  (missed)' : ''}${note ? `  [${note}]` : ''}`);
  return row;
}

const list = (p: { p50: number; p99: number }): [string, boolean] => ['p50 ≤ 5, p99 ≤ 20', p.p50 <= 5 && p.p99 <= 20];

async function run(): Promise<void> {
  const url = dbUrl(DB);
  const server = await ParleyServer.start({ DATABASE_URL: url, SEED_DEMO: 'false', LOG_LEVEL: 'error' });
  const rows: Row[] = [];
  try {
    const login = async (email: string) => (await gql(server.url, null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password: PASSWORD } })).login.accessToken as string;
    const admin = await login('admin@demo.test');
    const anna = await login('anna@demo.test');
    const facts = await withClient(url, async (c) => {
      const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
      const me = (await c.query(`SELECT id FROM operators WHERE email = 'admin@demo.test'`)).rows[0].id as string;
      const counts = (await c.query(`SELECT (SELECT count(*) FROM conversations)::int AS conversations, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'messages') AS messages`)).rows[0];
      const long = (await c.query(`SELECT id FROM conversations WHERE last_seq >= 50 ORDER BY last_message_at DESC LIMIT 1`)).rows[0].id as string;
      const channel = (await c.query(`SELECT id FROM channels WHERE workspace_id = $1 ORDER BY name LIMIT 1`, [ws])).rows[0].id as string;
      const tag = (await c.query(`SELECT id FROM tags WHERE workspace_id = $1 ORDER BY name LIMIT 1`, [ws])).rows[0].id as string;
      // a cursor DEPTH rows into each view (or as deep as the view goes), as the API encodes it
      const views: Record<string, string> = {
        mine: `assignee_id = '${me}' AND status <> 'closed'`,
        queue: `status = 'queued' AND assignee_id IS NULL`,
        all: 'true',
        pending: `status = 'pending'`,
        closed: `status = 'closed'`,
      };
      const deep: Record<string, { cursor: string | null; depth: number }> = {};
      for (const [view, cond] of Object.entries(views)) {
        const total = Number((await c.query(`SELECT count(*) FROM conversations WHERE deleted_at IS NULL AND snoozed_until IS NULL AND ${cond}`)).rows[0].count);
        const depth = Math.max(0, Math.min(DEPTH, total - 31));
        const r = await c.query(`SELECT last_message_at, id FROM conversations WHERE deleted_at IS NULL AND snoozed_until IS NULL AND ${cond} ORDER BY last_message_at DESC, id DESC OFFSET $1 LIMIT 1`, [depth]);
        deep[view] = { cursor: r.rowCount ? encodeCursor(new Date(r.rows[0].last_message_at), r.rows[0].id) : null, depth };
      }
      return { counts, long, channel, tag, deep, viewSql: Object.fromEntries(Object.entries(views).map(([v, cond]) => [v, cond.replace(/(assignee_id|status)/g, 'c.$1')])) };
    });
    log(`database: ${Number(facts.counts.conversations).toLocaleString('en')} conversations, ~${Number(facts.counts.messages).toLocaleString('en')} messages; ${os.cpus().length} CPUs (shared), ${ITERATIONS} requests per row, one at a time`);

    // the floor: an authenticated GraphQL round trip that reads one row (server + machine load)
    rows.push(await measure('baseline: me { id }', 'floor of any request', ITERATIONS, () => gql(server.url, admin, `query { me { id } }`), () => ['–', null]));
    // the database alone (pg client, same SQL shape as InboxQueryService): is the index doing its job?
    await withClient(url, async (c) => {
      const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
      for (const [view, cond] of Object.entries(facts.viewSql)) {
        const sql = `SELECT c.* FROM conversations c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.snoozed_until IS NULL AND ${cond} ORDER BY c.last_message_at DESC, c.id DESC LIMIT 31`;
        rows.push(await measure(`db only: ${view} first page`, 'SQL over pg, no GraphQL', ITERATIONS, () => c.query(sql, [ws]), list));
      }
      const countSql = `SELECT count(*) FILTER (WHERE c.status = 'queued' AND c.assignee_id IS NULL) AS queue, count(*) AS "all", count(*) FILTER (WHERE c.status = 'pending') AS pending
        FROM conversations c WHERE c.workspace_id = $1 AND c.last_seq > c.operator_read_seq AND c.deleted_at IS NULL AND c.snoozed_until IS NULL`;
      rows.push(await measure('db only: unread counts', 'SQL over pg, no GraphQL', ITERATIONS, () => c.query(countSql, [ws]), (p) => ['p50 ≤ 50', p.p50 <= 50]));
    });

    for (const view of ['mine', 'queue', 'all', 'pending', 'closed']) {
      const first = await measure(`${view}: first page (30)`, '', ITERATIONS, () => gql(server.url, admin, LIST, { view, first: 30 }), list);
      rows.push(first);
      const d = facts.deep[view];
      if (d.cursor) {
        rows.push(
          await measure(`${view}: page ${d.depth.toLocaleString('en')} rows deep`, d.depth < DEPTH ? `the view holds fewer than ${DEPTH.toLocaleString('en')} rows` : '', ITERATIONS, () => gql(server.url, admin, LIST, { view, first: 30, after: d.cursor }), (p) => [
            `≤ 2× first (p50 ${(2 * first.p50).toFixed(1)})`,
            p.p50 <= 2 * first.p50,
          ]),
        );
      }
    }
    rows.push(await measure('all: agent (visibility rule)', 'anna', ITERATIONS, () => gql(server.url, anna, LIST, { view: 'all', first: 30 }), list));
    rows.push(await measure('all: filter channel', '', ITERATIONS, () => gql(server.url, admin, LIST, { view: 'all', first: 30, filter: { channelId: facts.channel } }), list));
    rows.push(await measure('all: filter priority urgent', '', ITERATIONS, () => gql(server.url, admin, LIST, { view: 'all', first: 30, filter: { priority: 'urgent' } }), list));
    rows.push(await measure('all: filter tag', '', ITERATIONS, () => gql(server.url, admin, LIST, { view: 'all', first: 30, filter: { tagId: facts.tag } }), list));
    rows.push(await measure('mine: filter status open + tag', '', ITERATIONS, () => gql(server.url, admin, LIST, { view: 'mine', first: 30, filter: { status: 'open', tagId: facts.tag } }), list));
    rows.push(await measure('unread counts (admin)', '', ITERATIONS, () => gql(server.url, admin, COUNTS), (p) => ['p50 ≤ 50', p.p50 <= 50]));
    rows.push(await measure('unread counts (agent)', 'anna', ITERATIONS, () => gql(server.url, anna, COUNTS), (p) => ['p50 ≤ 50', p.p50 <= 50]));
    rows.push(await measure('history: 50 messages', '', ITERATIONS, () => gql(server.url, admin, HISTORY, { id: facts.long }), list));
    const searchIterations = Math.max(20, Math.floor(ITERATIONS / 2));
    for (const m of MARKERS) {
      const expected = Math.round(MESSAGES * m.rate);
      rows.push(await measure(`search "${m.word}"`, `~${expected.toLocaleString('en')} matching messages`, searchIterations, () => gql(server.url, admin, SEARCH, { q: m.word }), (p) => ['p95 ≤ 100, p99 ≤ 300', p.p95 <= 100 && p.p99 <= 300]));
    }
    rows.push(await measure('search two words', 'refund invoice', searchIterations, () => gql(server.url, admin, SEARCH, { q: 'refund invoice' }), (p) => ['p95 ≤ 100, p99 ≤ 300', p.p95 <= 100 && p.p99 <= 300]));
  } finally {
    await server.stop();
  }
  console.log('\n| Request | p50 ms | p95 ms | p99 ms | Target | Met |\n|---|---:|---:|---:|---|---|');
  for (const r of rows) console.log(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : '**no**'} |`);
  if (env['BENCH_OUT']) fs.writeFileSync(env['BENCH_OUT'], JSON.stringify({ conversations: CONVERSATIONS, messages: MESSAGES, iterations: ITERATIONS, rows }, null, 2));
}

async function main(): Promise<void> {
  if (!Number.isInteger(CONVERSATIONS) || CONVERSATIONS < 1000) throw new Error('BENCH_CONVERSATIONS must be an integer ≥ 1000');
  if (!Number.isInteger(MESSAGES) || MESSAGES < CONVERSATIONS) throw new Error('BENCH_MESSAGES must be an integer ≥ BENCH_CONVERSATIONS');
  const reused = await ensureDatabase();
  if (reused) log(`reusing ${DB} (BENCH_RESEED=1 rebuilds it)`);
  else await seed();
  await run();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
