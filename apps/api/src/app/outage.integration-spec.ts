import IORedis from 'ioredis';
import WebSocket from 'ws';
import { PURGE_EXPIRED_SESSIONS_JOB } from '@parley/api/identity';
import { isUnavailableError } from '@parley/api/platform/graphql';
import { QueueName } from '@parley/api/platform/queue';
import { RedisEventBus } from '@parley/api/platform/realtime';
import { CuttableProxy, freePort, PrivateRedis, sleep } from '../testing/outage';
import { TestApp } from '../testing/test-app';

describe('Redis outage (private redis-server)', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await TestApp.start({ REDIS_URL: redis.url });
  }, 60_000);

  afterAll(async () => {
    // BullMQ's workers can take long to close after their Redis lost its data: not waited for past 20 s
    await Promise.race([t?.stop(), sleep(20_000)]);
    await redis?.stop();
  }, 40_000);

  it('delivers an operator answer written while Redis is down to the visitor once Redis is back (replay after the bus gap)', async () => {
    const anna = await t.login('anna@demo.test');
    const { v, conversationId } = await t.visitorWithConversation('Redis test');
    await redis.stop();
    await sleep(300);
    const reply = t.graphql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, { i: { conversationId, clientId: 'during-redis-outage', body: 'Answer during the outage' } }, anna);
    await sleep(1500);
    await redis.start();
    const live = await v.waitFor((f) => f.type === 'message' && f.message.body === 'Answer during the outage', 20_000);
    expect(live.message).toMatchObject({ seq: 2, authorType: 'operator', conversationId });
    await reply;
    v.close();
  }, 40_000);

  it('closes operator graphql-ws sockets with 1012 once Redis is back (the operator app reconnects and refetches)', async () => {
    const anna = await t.login('anna@demo.test');
    const ws = new WebSocket(`${t.wsUrl}/graphql`, 'graphql-transport-ws');
    const messages: any[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${anna}` } }));
    for (let i = 0; i < 200 && !messages.some((m) => m.type === 'connection_ack'); i++) await sleep(10);
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { inboxEvent { kind } }' } }));
    await sleep(200);
    await redis.stop();
    await sleep(500);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    await redis.start();
    expect(await Promise.race([closed, sleep(15_000).then(() => -1)])).toBe(1012);
  }, 30_000);

  it('answers visitor frames that need Redis while it is down with UNAVAILABLE, retriable: true (with the request id), and works again after', async () => {
    const { v, ack } = await t.visitorWithConversation('Redis frames');
    const messageId = ack.message.id as string;
    await redis.stop();
    await sleep(300);
    // the shared per-visitor limit lives in Redis
    v.sendFrame({ type: 'edit', messageId, body: 'edited while Redis is down' });
    // ioredis gives up on a command only after its reconnection attempts: on a loaded machine that can take a while
    expect(await v.waitFor((f) => f.type === 'error' && f.messageId === messageId, 75_000)).toMatchObject({ code: 'UNAVAILABLE', retriable: true, frame: 'edit' });
    await redis.start();
    let edited: any;
    // until the bus's subscriber has subscribed again, the message_edited published for an edit
    // can be missed (a gap the bus reports): the visitor's retry is answered once it has
    for (let i = 0; i < 40 && edited?.type !== 'message_edited'; i++) {
      const old = new Set(v.frames);
      v.sendFrame({ type: 'edit', messageId, body: 'edited after Redis is back' });
      edited = await v
        .waitFor((f) => !old.has(f) && (f.type === 'message_edited' || (f.type === 'error' && f.messageId === messageId)), 10_000)
        .catch(() => null);
      if (edited?.type !== 'message_edited') await sleep(250);
    }
    expect(edited).toMatchObject({ type: 'message_edited', message: { id: messageId, body: 'edited after Redis is back' } });
    v.close();
  }, 180_000);

  it('/health answers 503 with redis: down while Redis is stopped, and 200 again once it is back', async () => {
    const ok = await fetch(`${t.url}/health`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).info.redis.status).toBe('up');
    await redis.stop();
    const down = await fetch(`${t.url}/health`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as any).error.redis.status).toBe('down');
    await redis.start();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(`${t.url}/health`)).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
  }, 30_000);
});

describe('RedisEventBus across a Redis restart (private redis-server)', () => {
  it('tells its gap listeners, once every topic is subscribed again, that events may have been missed; delivery resumes', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    const bus = new RedisEventBus(redis.url, 'gap-test:');
    try {
      const got: unknown[] = [];
      let gaps = 0;
      bus.onGap(() => gaps++);
      await bus.subscribe('t', (e) => got.push(e));
      await bus.publish('t', 1);
      for (let i = 0; i < 50 && got.length < 1; i++) await sleep(20);
      expect(got).toEqual([1]);
      expect(gaps).toBe(0);
      await redis.stop();
      await sleep(300);
      await expect(bus.ping(500)).rejects.toThrow();
      await redis.start();
      for (let i = 0; i < 200 && gaps === 0; i++) await sleep(25);
      expect(gaps).toBe(1);
      await bus.publish('t', 2);
      for (let i = 0; i < 50 && got.length < 2; i++) await sleep(20);
      expect(got).toEqual([1, 2]);
      await bus.ping(1000);
    } finally {
      await bus.close();
      await redis.stop();
    }
  }, 30_000);
});

describe('PostgreSQL outage (TCP proxy the test cuts)', () => {
  let proxy: CuttableProxy;
  let t: TestApp;

  beforeAll(async () => {
    const admin = new URL(process.env['PARLEY_TEST_ADMIN_URL'] as string);
    proxy = new CuttableProxy(await freePort(), { host: admin.hostname, port: Number(admin.port || 5432) });
    await proxy.up();
    t = await TestApp.start({}, {
      appDatabaseUrl: (url) => {
        const u = new URL(url);
        u.hostname = '127.0.0.1';
        u.port = String(proxy.port);
        return u.toString();
      },
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.up();
    await t?.stop();
    await proxy?.down();
  });

  it('answers a send during the outage with its clientId and a retriable UNAVAILABLE; the resend after recovery is stored once', async () => {
    const { v, conversationId } = await t.visitorWithConversation('before the outage');
    await proxy.down();
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(503);
    const clientId = v.send('during the outage');
    const answer = await v.waitFor((f) => f.clientId === clientId, 30_000);
    expect(answer).toMatchObject({ type: 'error', code: 'UNAVAILABLE', retriable: true, clientId });
    await proxy.up();
    const resend = async () => {
      const old = new Set(v.frames);
      v.send('during the outage', clientId);
      return v.waitFor((f) => !old.has(f) && f.clientId === clientId && (f.type === 'ack' || f.type === 'error'), 30_000);
    };
    let ack: any;
    for (let i = 0; i < 60 && ack?.type !== 'ack'; i++) {
      await sleep(250);
      ack = await resend();
      if (ack.type === 'error') expect(ack).toMatchObject({ code: 'UNAVAILABLE', retriable: true });
    }
    expect(ack).toMatchObject({ type: 'ack', clientId, message: { body: 'during the outage', conversationId } });
    // one more resend (as a widget whose ack got lost would): still stored once
    expect(await resend()).toMatchObject({ type: 'ack', clientId });
    const rows = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE client_id = $1`, [clientId]);
    expect(rows[0].n).toBe(1);
    v.close();
  }, 90_000);
});

describe('PostgreSQL outage: every frame and GraphQL request answered retriable (TCP proxy the test cuts)', () => {
  let proxy: CuttableProxy;
  let t: TestApp;

  beforeAll(async () => {
    const admin = new URL(process.env['PARLEY_TEST_ADMIN_URL'] as string);
    proxy = new CuttableProxy(await freePort(), { host: admin.hostname, port: Number(admin.port || 5432) });
    await proxy.up();
    t = await TestApp.start({}, {
      appDatabaseUrl: (url) => {
        const u = new URL(url);
        u.hostname = '127.0.0.1';
        u.port = String(proxy.port);
        return u.toString();
      },
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.up();
    await t?.stop();
    await proxy?.down();
  });

  it('answers hello, edit, offline_form, bot_answer and read with UNAVAILABLE, retriable: true and their request id; GraphQL over HTTP and graphql-ws too; all work again after recovery', async () => {
    const anna = await t.login('anna@demo.test');
    const { v, ack, conversationId } = await t.visitorWithConversation('before the outage');
    const messageId = ack.message.id as string;
    const ws = new WebSocket(`${t.wsUrl}/graphql`, 'graphql-transport-ws');
    const gql: any[] = [];
    ws.on('message', (d) => gql.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${anna}` } }));
    for (let i = 0; i < 200 && !gql.some((m) => m.type === 'connection_ack'); i++) await sleep(10);
    await proxy.down();
    const unavailable = { type: 'error', code: 'UNAVAILABLE', retriable: true };
    // a frame with a request id gets it back
    v.sendFrame({ type: 'edit', messageId, body: 'edited during the outage' });
    expect(await v.waitFor((f) => f.type === 'error' && f.messageId === messageId, 30_000)).toMatchObject({ ...unavailable, frame: 'edit' });
    v.sendFrame({ type: 'offline_form', clientId: 'off-outage', fields: { name: 'Olek', email: 'olek@client.test', message: 'Call me' } });
    expect(await v.waitFor((f) => f.clientId === 'off-outage', 30_000)).toMatchObject({ type: 'offline_form_result', ok: false, code: 'UNAVAILABLE', retriable: true });
    v.sendFrame({ type: 'bot_answer', clientId: 'bot-outage', stepId: 'start', buttonId: 'a' });
    expect(await v.waitFor((f) => f.clientId === 'bot-outage', 30_000)).toMatchObject({ ...unavailable, frame: 'bot_answer' });
    v.sendFrame({ type: 'read', seq: 1 });
    expect(await v.waitFor((f) => f.type === 'error' && f.frame === 'read', 30_000)).toMatchObject(unavailable);
    // a new tab: its hello fails (the widget reconnects with backoff)
    const tab = await t.visitor('demo-webchat', { visitorToken: (await v.welcome()).visitorToken });
    expect(await tab.waitFor((f) => f.type === 'error', 30_000)).toMatchObject({ ...unavailable, frame: 'hello' });
    // GraphQL over HTTP: a query and a mutation
    const q = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: conversationId }, anna);
    expect(q.errors?.[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', retriable: true } });
    const m = await t.graphql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { conversationId, clientId: 'gql-outage', body: 'x' } }, anna);
    expect(m.errors?.[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', retriable: true } });
    // and over graphql-ws (a query, and a subscription whose setup reads the database)
    ws.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: `query($id: ID!) { conversation(id: $id) { id } }`, variables: { id: conversationId } } }));
    ws.send(JSON.stringify({ id: 's', type: 'subscribe', payload: { query: `subscription($id: ID!) { conversationActivity(conversationId: $id) { kind } }`, variables: { id: conversationId } } }));
    for (let i = 0; i < 3000 && !(gql.some((x) => x.id === 'q' && x.type !== 'complete') && gql.some((x) => x.id === 's' && x.type !== 'complete')); i++) await sleep(10);
    for (const id of ['q', 's']) {
      const answer = gql.find((x) => x.id === id && x.type !== 'complete');
      const errors = answer?.type === 'error' ? answer.payload : answer?.payload?.errors;
      expect(errors?.[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', retriable: true } });
    }
    await proxy.up();
    // the same requests succeed once PostgreSQL is back (the pool reconnects)
    let ok = false;
    for (let i = 0; i < 60 && !ok; i++) {
      ok = !(await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: conversationId }, anna)).errors;
      if (!ok) await sleep(250);
    }
    expect(ok).toBe(true);
    const old = new Set(v.frames);
    v.sendFrame({ type: 'edit', messageId, body: 'edited after the outage' });
    expect(await v.waitFor((f) => !old.has(f) && (f.type === 'message_edited' || f.type === 'error'), 30_000)).toMatchObject({ type: 'message_edited', message: { id: messageId, body: 'edited after the outage' } });
    tab.close();
    v.close();
    ws.close();
  }, 120_000);
});

describe('BullMQ across a Redis restart that lost its data (private redis-server)', () => {
  it('runs a job enqueued after the restart, re-registers the scheduled maintenance jobs, and app.close() resolves in bounded time', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    const t = await TestApp.start({ REDIS_URL: redis.url });
    let stopped = false;
    try {
      await t.login('anna@demo.test');
      const tokens = async () => (await t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens`))[0].n as number;
      expect(await tokens()).toBeGreaterThan(0);
      // a marker that only the lost data holds (the queue writes new keys the moment Redis is back)
      const marker = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
      await marker.set('outage-test:marker', '1');
      marker.disconnect();
      // a job in flight and the scheduled ones live only in Redis: all of it is lost here
      await redis.stop();
      // enqueueing while Redis is down fails soon with an outage error (a request answers UNAVAILABLE), it does not hang
      const started = Date.now();
      const failed = await t.queue().add(QueueName.maintenance, PURGE_EXPIRED_SESSIONS_JOB, {}).then(() => null, (e: unknown) => e);
      expect(isUnavailableError(failed)).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
      await sleep(1000);
      await redis.start();
      const probe = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        // the restarted Redis lost everything (the queue re-registers its scheduled jobs at once, so the database is not empty)
        expect(await probe.exists('outage-test:marker')).toBe(0);
        // the worker takes new jobs again: a purge of every refresh token ("now" far ahead)
        let added = false;
        for (let i = 0; i < 40 && !added; i++) {
          added = await t.queue().add(QueueName.maintenance, PURGE_EXPIRED_SESSIONS_JOB, { now: '2100-01-01T00:00:00Z' }).then(() => true, () => false);
          if (!added) await sleep(250);
        }
        expect(added).toBe(true);
        for (let i = 0; i < 80 && (await tokens()) > 0; i++) await sleep(250);
        expect(await tokens()).toBe(0);
        // the maintenance jobs scheduled at boot are enqueued again once Redis is back (not an hour later)
        const keys = async () => (await probe.keys(`${t.config.redisPrefix}:maintenance:purge-deleted-conversations-*`)).length;
        for (let i = 0; i < 40 && (await keys()) === 0; i++) await sleep(250);
        expect(await keys()).toBeGreaterThan(0);
      } finally {
        probe.disconnect();
      }
      const closing = Date.now();
      stopped = true;
      await t.stop();
      expect(Date.now() - closing).toBeLessThan(10_000);
    } finally {
      if (!stopped) await Promise.race([t.stop(), sleep(20_000)]);
      await redis.stop();
    }
  }, 90_000);
});
