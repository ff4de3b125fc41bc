import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { VisitorGateway } from '@parley/api/channels/webchat';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { TestApp, VisitorClient } from '../testing/test-app';

/** Issue #16 (hardening), the visitor side: limits across sockets, slow consumers, racing tabs, replay overlap. */

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The answers (ack or error) to the given clientIds. */
async function answers(v: VisitorClient, clientIds: string[]): Promise<any[]> {
  return Promise.all(clientIds.map((id) => v.ack(id)));
}

describe('visitor limits are per visitor and per IP, across sockets (issue #16)', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await TestApp.start({
        VISITOR_MESSAGES_PER_SECOND: '0.5',
        VISITOR_MESSAGE_BURST: '6',
        VISITOR_NEW_PER_IP_PER_MINUTE: '100000',
        VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '4',
      })),
  );
  afterAll(async () => t?.stop());

  it('ten sockets of one visitor share one message budget, and reconnecting does not refill it', async () => {
    const { v, welcome } = await t.visitorWithConversation('first'); // 1 of the 6 tokens
    const tabs: VisitorClient[] = [];
    for (let i = 0; i < 10; i++) {
      const tab = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken });
      await tab.welcome();
      tabs.push(tab);
    }
    const sent = tabs.map((tab) => [tab.send('a'), tab.send('b'), tab.send('c')]);
    const all = (await Promise.all(tabs.map((tab, i) => answers(tab, sent[i])))).flat();
    const acked = all.filter((f) => f.type === 'ack');
    const limited = all.filter((f) => f.type === 'error');
    expect(acked.length).toBeGreaterThanOrEqual(5);
    expect(acked.length).toBeLessThanOrEqual(6); // 5 left in the bucket, plus at most one refilled
    for (const e of limited) {
      expect(e).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
      expect(e.retryAfterMs).toBeGreaterThan(0);
      expect(sent.flat()).toContain(e.clientId);
    }
    tabs.forEach((tab) => tab.close());
    // reconnecting gives no new budget
    let reconnectAcks = 0;
    for (let i = 0; i < 5; i++) {
      const tab = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken });
      await tab.welcome();
      const ids = [tab.send('x'), tab.send('y'), tab.send('z')];
      reconnectAcks += (await answers(tab, ids)).filter((f) => f.type === 'ack').length;
      tab.terminate();
    }
    expect(reconnectAcks).toBeLessThanOrEqual(2);
    v.close();
  });

  it('new conversations are limited per IP, with a RATE_LIMITED answer to the first message', async () => {
    // the test above started 1 of the 4 allowed this minute
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM conversations`))[0].n as number;
    const before = await count();
    const visitors = await Promise.all(Array.from({ length: 6 }, () => t.visitor()));
    await Promise.all(visitors.map((v) => v.welcome()));
    const results = await Promise.all(visitors.map((v) => v.ack(v.send('hi'))));
    expect(results.filter((f) => f.type === 'ack')).toHaveLength(3);
    const refused = results.filter((f) => f.type === 'error');
    expect(refused).toHaveLength(3);
    for (const e of refused) expect(e).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number), clientId: expect.any(String) });
    expect((await count()) - before).toBe(3);
    visitors.forEach((v) => v.close());
  });
});

describe('new visitors are limited per IP, shared by API processes (issue #16)', () => {
  const prefix = `parley-test-shared-${randomBytes(4).toString('hex')}`;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { VISITOR_NEW_PER_IP_PER_MINUTE: '8', REDIS_PREFIX: prefix };
    [a, b] = await Promise.all([TestApp.start(env), TestApp.start(env)]);
  });
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  it('tokenless hellos past the limit get RATE_LIMITED and create no visitor; a known visitor still reconnects', async () => {
    const first = await a.visitor();
    const welcome = await first.welcome();
    const clients = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).visitor()));
    const frames = await Promise.all(clients.map((c) => c.waitFor((f) => f.type === 'welcome' || f.type === 'error')));
    const welcomed = frames.filter((f) => f.type === 'welcome').length;
    const refused = frames.filter((f) => f.type === 'error');
    for (const e of refused) expect(e).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    const [{ na }] = await a.db.query(`SELECT count(*)::int AS na FROM visitors`);
    const [{ nb }] = await b.db.query(`SELECT count(*)::int AS nb FROM visitors`);
    if (process.env['REDIS_URL']) {
      // one bucket for both processes
      expect(welcomed).toBe(7);
      expect(na + nb).toBe(8);
    } else {
      // one bucket per process: 9 tokenless hellos on a (1 refused), 8 on b
      expect(welcomed).toBe(15);
      expect(refused).toHaveLength(1);
    }
    // a returning visitor is not a new one
    const again = await a.visitor('demo-webchat', { visitorToken: welcome.visitorToken });
    expect(await again.welcome()).toMatchObject({ type: 'welcome' });
    [first, again, ...clients].forEach((c) => c.close());
  });
});

describe('visitor sockets: slow consumers, racing tabs, replay overlap (issue #16)', () => {
  const CAP = 65_536;
  let t: TestApp;
  let anna: string;
  beforeAll(async () => {
    t = await TestApp.start({ VISITOR_SOCKET_MAX_BUFFER_BYTES: String(CAP), VISITOR_MESSAGE_BURST: '1000', VISITOR_MESSAGES_PER_SECOND: '1000' });
    anna = await t.login('anna@demo.test');
  });
  afterAll(async () => t?.stop());

  it('closes a socket that stopped reading once its buffer passes the cap, with code 4008', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation('hello');
    const raw = new WebSocket(`${t.wsUrl}/ws/visitor`);
    await new Promise((r) => raw.once('open', r));
    let closeCode: number | undefined;
    raw.on('close', (code) => (closeCode = code));
    let welcomed!: () => void;
    const gotWelcome = new Promise<void>((r) => (welcomed = r));
    raw.on('message', (d) => JSON.parse(d.toString()).type === 'welcome' && welcomed());
    raw.send(JSON.stringify({ type: 'hello', channelKey: 'demo-webchat', visitorToken: welcome.visitorToken, lastSeq: 1 }));
    await gotWelcome;
    await sleep(200);
    const gateway = t.app.get(VisitorGateway);
    const serverSockets = [...((gateway as any).sockets as Set<WebSocket>)].filter((s: any) => s.parley?.conversationId === conversationId);
    expect({ all: (gateway as any).sockets.size, ours: serverSockets.length }).toEqual(expect.objectContaining({ ours: 2 }));
    (raw as any)._socket.pause();
    const bus = t.app.get<EventBus>(EVENT_BUS);
    const body = 'x'.repeat(4000);
    let maxBuffered = 0;
    let frameBytes = 0;
    for (let i = 0; i < 4000 && serverSockets.every((s) => s.readyState === WebSocket.OPEN); i++) {
      const message = { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, conversationId, seq: 100 + i, clientId: null, authorType: 'operator', authorId: null, authorName: 'Anna', body, createdAt: new Date().toISOString(), editedAt: null };
      frameBytes = Math.max(frameBytes, JSON.stringify({ type: 'message', message }).length);
      await bus.publish(Topics.conversation(conversationId), { kind: 'message_created', message });
      for (const s of serverSockets) maxBuffered = Math.max(maxBuffered, s.bufferedAmount);
      if (i % 10 === 0) await sleep(2); // the socket that reads gets time to read (its 40 KB per pause stay under the cap)
    }
    const slow = serverSockets.find((s: any) => s.readyState !== WebSocket.OPEN);
    expect(slow).toBeDefined();
    expect(maxBuffered).toBeLessThanOrEqual(CAP + frameBytes);
    // the socket that kept reading stays open
    expect(serverSockets.filter((s) => s.readyState === WebSocket.OPEN)).toHaveLength(1);
    (raw as any)._socket.resume();
    const deadline = Date.now() + 10_000;
    while (closeCode === undefined && Date.now() < deadline) await sleep(50);
    expect(closeCode).toBe(4008);
    v.close();
  }, 60_000);

  it('two tabs racing their first message make one conversation, and each tab sees both messages', async () => {
    for (let round = 0; round < 15; round++) {
      const a = await t.visitor();
      const welcome = await a.welcome();
      const b = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken });
      await b.welcome();
      const ca = a.send(`from a ${round}`);
      const cb = b.send(`from b ${round}`);
      const [ackA, ackB] = await Promise.all([a.ack(ca), b.ack(cb)]);
      expect(ackA.type).toBe('ack');
      expect(ackB.type).toBe('ack');
      expect(ackA.message.conversationId).toBe(ackB.message.conversationId);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM conversations WHERE contact_id = (SELECT contact_id FROM conversations WHERE id = $1)`,
        [ackA.message.conversationId],
      );
      expect(n).toBe(1);
      await a.waitFor((f) => f.type === 'message' && f.message.clientId === cb);
      await b.waitFor((f) => f.type === 'message' && f.message.clientId === ca);
      a.close();
      b.close();
    }
  }, 60_000);

  it('a socket reconnecting with lastSeq while messages are written gets every seq once', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation('start');
    const writes: Promise<unknown>[] = [];
    const tabs: VisitorClient[] = [];
    for (let i = 0; i < 30; i++) {
      writes.push(t.graphql(SEND, { i: { conversationId, clientId: `op-${i}`, body: `op ${i}` } }, anna));
      if (i % 3 === 0) tabs.push(await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 1 }));
      await sleep(5);
    }
    await Promise.all(writes);
    const [{ last }] = await t.db.query(`SELECT last_seq AS last FROM conversations WHERE id = $1`, [conversationId]);
    for (const tab of tabs) {
      await tab.waitFor((f) => f.type === 'message' && f.message.seq === last, 10_000);
      await sleep(100);
      const seqs = tab.frames.filter((f) => f.type === 'message').map((f) => f.message.seq);
      expect(seqs.length).toBe(new Set(seqs).size);
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 2));
      tab.close();
    }
    v.close();
  }, 60_000);
});
