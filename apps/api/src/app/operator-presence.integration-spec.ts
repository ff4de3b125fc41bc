import { ApplyWorkingHoursJob } from '@parley/api/conversations';
import { OperatorPresenceService, operatorPresenceKey } from '@parley/api/identity';
import { ConfigError, loadConfig } from '@parley/api/platform/config';
import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { Client } from 'graphql-ws';
import IORedis from 'ioredis';
import { TestApp } from '../testing/test-app';

/**
 * Issue #17: presence follows the operator's connections. Short waits: Away after 1.5 s without a
 * connection, Offline after 3.5 s (the sweep runs every 0.5 s). Runs with and without REDIS_URL.
 */
const PRESENCE_ENV = { PRESENCE_AWAY_AFTER_MS: '1500', PRESENCE_OFFLINE_AFTER_MS: '3500' };
const ME = `query { me { id status } }`;
const OPERATORS = `query { operators { id email status active } }`;
const STATUS = `mutation($s: OperatorStatus!) { setMyStatus(input: { status: $s }) { id status } }`;
const AUTO = `mutation($m: AutoAssignMode!) { setAutoAssign(mode: $m) { autoAssign } }`;
const ONE = `query($id: ID!) { conversation(id: $id) { id status assignee { email } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The `operatorsChanged` events a connection receives (what makes the team list and status switcher refetch). */
function listen(client: Client): { values: unknown[] } {
  const values: unknown[] = [];
  client.subscribe({ query: `subscription { operatorsChanged }` }, { next: (v) => void values.push(v.data), error: () => undefined, complete: () => undefined });
  return { values };
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(last)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

describe('operator presence follows connections (integration)', () => {
  let t: TestApp;
  let admin: string;
  const open: Client[] = [];

  const statusOf = async (app: TestApp, email: string): Promise<string> => {
    const r = await app.graphql<{ operators: Array<{ email: string; status: string }> }>(OPERATORS, {}, admin);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.operators.find((o) => o.email === email)?.status ?? 'missing';
  };
  const becomes = (email: string, status: string, app: TestApp = t, ms?: number) => eventually(() => statusOf(app, email), (s) => s === status, ms);
  /** An operator-app connection; resolves once the server has accepted (and counted) it. */
  const connect = async (token: string, app: TestApp = t): Promise<Client> => {
    const s = app.subscriptions(token);
    open.push(s.client);
    await s.connected;
    return s.client;
  };
  const disconnect = async (c: Client) => {
    await c.dispose();
    open.splice(open.indexOf(c), 1);
  };

  beforeAll(async () => {
    t = await TestApp.start(PRESENCE_ENV);
    admin = await t.login('admin@demo.test');
    // the admin watches through a connection of their own: they stay online throughout
    await connect(admin);
  });
  afterAll(async () => {
    for (const c of open.splice(0)) await c.dispose();
    await t.stop();
  });

  it('uses the SharedState of the mode (Redis with REDIS_URL, memory without)', () => {
    expect(t.app.get<SharedState>(SHARED_STATE).kind).toBe(process.env['REDIS_URL'] ? 'redis' : 'memory');
    expect(t.config.presence).toEqual({ awayAfterMs: 1500, offlineAfterMs: 3500, sweepEveryMs: 500 });
  });

  it('bad PRESENCE_* values refuse to start with a message naming the setting', () => {
    const env = { DATA_DIR: t.config.dataDir, JWT_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig({ ...env, PRESENCE_AWAY_AFTER_MS: 'two minutes' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, PRESENCE_AWAY_AFTER_MS: '0' }, [])).toThrow(/PRESENCE_AWAY_AFTER_MS/);
    expect(() => loadConfig({ ...env, PRESENCE_OFFLINE_AFTER_MS: '99999999999' }, [])).toThrow(/PRESENCE_OFFLINE_AFTER_MS/);
    expect(() => loadConfig({ ...env, PRESENCE_AWAY_AFTER_MS: '5000', PRESENCE_OFFLINE_AFTER_MS: '4000' }, [])).toThrow(
      /PRESENCE_OFFLINE_AFTER_MS: must be more than PRESENCE_AWAY_AFTER_MS \(5000 ms\); got 4000 ms/,
    );
  });

  it('closing the last socket: Online, then Away, then Offline; every step reaches the other operators live', async () => {
    const anna = await t.login('anna@demo.test');
    const annaId = (await t.graphql<{ me: { id: string } }>(ME, {}, anna)).data!.me.id;
    const c = await connect(anna);
    const changes = listen(await connect(admin));
    await sleep(300);
    expect(await statusOf(t, 'anna@demo.test')).toBe('online');
    const closedAt = Date.now();
    await disconnect(c);
    await becomes('anna@demo.test', 'away');
    const awayAfter = Date.now() - closedAt;
    expect(awayAfter).toBeGreaterThanOrEqual(1400);
    expect(await t.graphql(ME, {}, anna).then((r) => r.data?.['me'].status)).toBe('away');
    await becomes('anna@demo.test', 'offline');
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(3400);
    // the admin's screen was told of both changes (the team list refetches on each)
    expect(changes.values.length).toBeGreaterThanOrEqual(2);
    const [{ presence_chosen }] = await t.db.query(`SELECT presence_chosen FROM operators WHERE id = $1`, [annaId]);
    expect(presence_chosen).toBe('online');
    // connecting again restores what she had chosen
    await connect(anna);
    expect(await statusOf(t, 'anna@demo.test')).toBe('online');
    const [row] = await t.db.query(`SELECT presence_chosen, presence_gone_at FROM operators WHERE id = $1`, [annaId]);
    expect(row).toEqual({ presence_chosen: null, presence_gone_at: null });
  });

  it('a second socket keeps the operator online; reconnecting from Away restores Online at once', async () => {
    const boris = await t.login('boris@demo.test');
    const tab1 = await connect(boris);
    const tab2 = await connect(boris);
    await disconnect(tab1);
    await sleep(2500); // longer than the Away wait
    expect(await statusOf(t, 'boris@demo.test')).toBe('online');
    await disconnect(tab2);
    await becomes('boris@demo.test', 'away');
    const again = await connect(boris);
    expect(await statusOf(t, 'boris@demo.test')).toBe('online');
    await sleep(2500);
    expect(await statusOf(t, 'boris@demo.test')).toBe('online');
    await disconnect(again);
  });

  it('a manual Away is kept on reconnect (also after an automatic Offline); a manual Offline too', async () => {
    const olga = await t.login('olga@demo.test');
    const c = await connect(olga);
    expect((await t.graphql(STATUS, { s: 'away' }, olga)).data?.['setMyStatus'].status).toBe('away');
    await disconnect(c);
    await sleep(2000);
    expect(await statusOf(t, 'olga@demo.test')).toBe('away'); // not Offline yet, and still her own Away
    await becomes('olga@demo.test', 'offline');
    const c2 = await connect(olga);
    expect(await statusOf(t, 'olga@demo.test')).toBe('away');
    // a manual Offline: connecting does not bring her online
    expect((await t.graphql(STATUS, { s: 'offline' }, olga)).data?.['setMyStatus'].status).toBe('offline');
    await disconnect(c2);
    await connect(olga);
    await sleep(800);
    expect(await statusOf(t, 'olga@demo.test')).toBe('offline');
    // and back to Online by hand
    expect((await t.graphql(STATUS, { s: 'online' }, olga)).data?.['setMyStatus'].status).toBe('online');
  });

  it('an operator set Offline automatically gets no new chats; reconnecting brings the queued chat to him', async () => {
    const anna = await t.login('anna@demo.test');
    const boris = await t.login('boris@demo.test');
    // Boris is the only operator who may take chats: admin and Anna go offline by hand (connections do not undo it)
    await t.graphql(STATUS, { s: 'offline' }, admin);
    await t.graphql(STATUS, { s: 'offline' }, anna);
    expect((await t.graphql(AUTO, { m: 'round_robin' }, admin)).errors).toBeUndefined();
    const c = await connect(boris);
    // a widget open meanwhile: operators are available while Boris is connected…
    const watching = await t.visitor();
    expect((await watching.welcome()).available).toBe(true);
    await disconnect(c);
    await becomes('boris@demo.test', 'offline');
    // …and no longer once presence set him away (the widget offers the offline form), live
    await watching.waitFor((f) => f.type === 'availability' && f.available === false, 8000);
    const { v, conversationId } = await t.visitorWithConversation('Anyone there while Boris is gone?');
    await sleep(500);
    const before = await t.graphql(ONE, { id: conversationId }, admin);
    expect(before.data?.['conversation']).toMatchObject({ status: 'queued', assignee: null });
    const back = await connect(boris);
    await eventually(
      () => t.graphql(ONE, { id: conversationId }, admin).then((r) => r.data?.['conversation']),
      (conv) => conv?.assignee?.email === 'boris@demo.test',
    );
    await watching.waitFor((f) => f.type === 'availability' && f.available === true, 8000);
    watching.close();
    v.close();
    await disconnect(back);
    await t.graphql(AUTO, { m: 'off' }, admin);
    await t.graphql(STATUS, { s: 'online' }, admin);
    await t.graphql(STATUS, { s: 'online' }, anna);
  });

  it('logging out is a deliberate Offline; logging in again brings the operator online', async () => {
    const anna = await t.login('anna@demo.test');
    await connect(anna);
    const out = await t.graphql(`mutation { logout }`, {}, anna);
    expect(out.errors).toBeUndefined();
    await becomes('anna@demo.test', 'offline');
    await sleep(1000);
    expect(await statusOf(t, 'anna@demo.test')).toBe('offline');
    await t.login('anna@demo.test');
    expect(await statusOf(t, 'anna@demo.test')).toBe('online');
  });

  it('working hours: hours starting do not bring a disconnected operator online (connecting does); hours ending is a real Offline that connecting keeps', async () => {
    const boris = await t.login('boris@demo.test');
    const borisId = (await t.graphql<{ me: { id: string } }>(ME, {}, boris)).data!.me.id;
    const hours = { timezone: 'Europe/Warsaw', auto: true, ranges: [{ day: 1, start: '09:00', end: '17:00' }] };
    const saved = await t.graphql(`mutation($i: UpdateOperatorRoutingInput!) { updateOperatorRouting(input: $i) { id } }`, { i: { operatorId: borisId, maxChats: null, workingHours: hours } }, admin);
    expect(saved.errors).toBeUndefined();
    const job = t.app.get(ApplyWorkingHoursJob);
    await job.handle({ now: '2026-11-23T18:00:00Z' }); // Monday 19:00 in Warsaw: outside
    expect(await statusOf(t, 'boris@demo.test')).toBe('offline');
    await t.graphql(STATUS, { s: 'online' }, boris); // online by hand outside his hours
    const c = await connect(boris);
    await disconnect(c);
    await becomes('boris@demo.test', 'offline'); // automatic
    await job.handle({ now: '2026-11-30T08:30:00Z' }); // next Monday 09:30: inside — but he is not connected
    expect(await statusOf(t, 'boris@demo.test')).toBe('offline');
    const c2 = await connect(boris); // connecting restores his Online
    expect(await statusOf(t, 'boris@demo.test')).toBe('online');
    await disconnect(c2);
    await becomes('boris@demo.test', 'away');
    await job.handle({ now: '2026-11-30T16:00:00Z' }); // 17:00: outside → Offline, a real one
    expect(await statusOf(t, 'boris@demo.test')).toBe('offline');
    const [row] = await t.db.query(`SELECT presence_chosen FROM operators WHERE id = $1`, [borisId]);
    expect(row.presence_chosen).toBeNull();
    const again = await connect(boris);
    await sleep(800);
    expect(await statusOf(t, 'boris@demo.test')).toBe('offline'); // connecting outside his hours does not bring him online
    await disconnect(again);
    await t.graphql(`mutation($i: UpdateOperatorRoutingInput!) { updateOperatorRouting(input: $i) { id } }`, { i: { operatorId: borisId, maxChats: null, workingHours: null } }, admin);
    await t.graphql(STATUS, { s: 'online' }, boris);
  });

  it('deactivated operators are left alone by the sweep', async () => {
    const svc = t.app.get(OperatorPresenceService);
    await t.db.query(`UPDATE operators SET active = false, status = 'online', presence_gone_at = now() - interval '1 hour' WHERE email = 'boris@demo.test'`);
    await svc.sweep();
    const [row] = await t.db.query(`SELECT status, presence_chosen FROM operators WHERE email = 'boris@demo.test'`);
    expect(row).toEqual({ status: 'online', presence_chosen: null });
    await t.db.query(`UPDATE operators SET active = true, presence_gone_at = NULL WHERE email = 'boris@demo.test'`);
  });
});

(process.env['REDIS_URL'] ? describe : describe.skip)('operator presence across two API processes on one Redis (integration)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  const open: Client[] = [];

  const statusOf = async (app: TestApp, email: string): Promise<string> => {
    const r = await app.graphql<{ operators: Array<{ email: string; status: string }> }>(OPERATORS, {}, admin);
    return r.data?.operators.find((o) => o.email === email)?.status ?? 'missing';
  };
  const connect = async (token: string, app: TestApp): Promise<Client> => {
    const s = app.subscriptions(token);
    open.push(s.client);
    await s.connected;
    return s.client;
  };

  beforeAll(async () => {
    a = await TestApp.start(PRESENCE_ENV);
    b = await TestApp.start(PRESENCE_ENV, { replicaOf: a });
    admin = await a.login('admin@demo.test');
    await connect(admin, a);
  });
  afterAll(async () => {
    for (const c of open.splice(0)) await c.dispose();
    await b.stop();
    await a.stop();
  });

  it("a socket on process B keeps the operator online for A's sweep; closing it is seen on both", async () => {
    const anna = await a.login('anna@demo.test');
    const onB = await connect(anna, b);
    const changes = listen(await connect(admin, a));
    await sleep(2500); // both processes sweep (one run per slot); only B holds Anna's socket
    expect(await statusOf(a, 'anna@demo.test')).toBe('online');
    expect(await statusOf(b, 'anna@demo.test')).toBe('online');
    await onB.dispose();
    await eventually(() => statusOf(a, 'anna@demo.test'), (s) => s === 'away');
    expect(await statusOf(b, 'anna@demo.test')).toBe('away');
    // the admin on A hears of it live, whichever process made the change
    await eventually(async () => changes.values.length, (n) => n >= 1);
    // she comes back on A: B sees it too
    const onA = await connect(anna, a);
    expect(await statusOf(b, 'anna@demo.test')).toBe('online');
    await onA.dispose();
  });

  it("a crashed process's connections count until its entry expires, then no longer keep anyone online", async () => {
    const boris = await a.login('boris@demo.test');
    const borisId = (await a.graphql<{ me: { id: string } }>(ME, {}, boris)).data!.me.id;
    // what a process that died holding Boris's socket leaves in Redis: its entry, no release, no refresh
    const redis = new IORedis(process.env['REDIS_URL'] as string);
    const key = `${a.config.redisPrefix}:presence:${operatorPresenceKey(borisId)}`;
    try {
      await redis.hset(key, 'crashed-process', String(Date.now() + 3000));
      await sleep(2500); // past the Away wait, but the dead process's entry still counts
      expect(await statusOf(a, 'boris@demo.test')).toBe('online');
      // its entry expires (PRESENCE_TTL_MS in production, 3 s here): Away after the wait
      await eventually(() => statusOf(a, 'boris@demo.test'), (s) => s === 'away', 10_000);
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });
});
