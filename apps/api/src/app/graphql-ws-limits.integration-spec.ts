import WebSocket from 'ws';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { TestApp } from '../testing/test-app';

const INBOX = `subscription { inboxEvent { kind conversation { id } } }`;

/** A raw graphql-transport-ws socket, so a test can send what the official client never would. */
async function rawSocket(t: TestApp, token: string): Promise<{ ws: WebSocket; messages: any[] }> {
  const ws = new WebSocket(`${t.wsUrl}/graphql`, 'graphql-transport-ws');
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  for (let i = 0; i < 200 && !messages.some((m) => m.type === 'connection_ack'); i++) await new Promise((r) => setTimeout(r, 10));
  return { ws, messages };
}

const until = async (pred: () => boolean, ms = 10_000) => {
  const started = Date.now();
  while (!pred()) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('graphql-ws limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ GRAPHQL_WS_MAX_SUBSCRIPTIONS: '5' });
  }, 60_000);
  afterAll(() => t?.stop());

  it('answers subscriptions past GRAPHQL_WS_MAX_SUBSCRIPTIONS on one socket with RATE_LIMITED; a completed one frees its place', async () => {
    const anna = await t.login('anna@demo.test');
    const { ws, messages } = await rawSocket(t, anna);
    for (let i = 1; i <= 7; i++) ws.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: INBOX } }));
    await until(() => messages.filter((m) => m.type === 'error').length === 2);
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors.map((m) => m.id)).toEqual(['s6', 's7']);
    expect(errors[0].payload[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    // one completed: a new one is accepted (no error for s8)
    ws.send(JSON.stringify({ id: 's1', type: 'complete' }));
    await new Promise((r) => setTimeout(r, 100));
    ws.send(JSON.stringify({ id: 's8', type: 'subscribe', payload: { query: INBOX } }));
    ws.send(JSON.stringify({ id: 's9', type: 'subscribe', payload: { query: INBOX } }));
    await until(() => messages.some((m) => m.type === 'error' && m.id === 's9'));
    expect(messages.some((m) => m.type === 'error' && m.id === 's8')).toBe(false);
    // the five accepted still get events
    const v = await t.visitorWithConversation('limits');
    await until(() => new Set(messages.filter((m) => m.type === 'next').map((m) => m.id)).size === 5);
    expect([...new Set(messages.filter((m) => m.type === 'next').map((m) => m.id))].sort()).toEqual(['s2', 's3', 's4', 's5', 's8']);
    v.v.close();
    ws.close();
  }, 30_000);
});

describe('graphql-ws slow consumer (default GRAPHQL_WS_MAX_BUFFERED_BYTES, 4 MiB)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  }, 60_000);
  afterAll(() => t?.stop());

  it('closes a socket that stops reading with 1013 once its buffer passes 4 MiB, while a reading socket gets every event; memory stays bounded', async () => {
    expect(t.config.graphqlWsMaxBufferedBytes).toBe(4 * 1024 * 1024);
    const anna = await t.login('anna@demo.test');
    const query = `subscription { inboxEvent { kind message { body } } }`;
    const slow = await rawSocket(t, anna);
    const reader = await rawSocket(t, anna);
    slow.ws.send(JSON.stringify({ id: 'slow', type: 'subscribe', payload: { query } }));
    reader.ws.send(JSON.stringify({ id: 'read', type: 'subscribe', payload: { query } }));
    // a real event, captured from the bus, is the template of the flood
    const bus = t.app.get<EventBus>(EVENT_BUS);
    const workspaceId = (await t.db.query(`SELECT id FROM workspaces LIMIT 1`))[0].id as string;
    let template: any;
    const off = await bus.subscribe(Topics.inbox(workspaceId), (e: any) => (template ??= e.message ? e : undefined));
    const { v } = await t.visitorWithConversation('slow consumer');
    await until(() => !!template && reader.messages.some((m) => m.type === 'next'));
    off();
    const slowClosed = new Promise<number>((r) => slow.ws.once('close', (code) => r(code)));
    // the client stops reading its TCP socket: the kernel buffers fill, then the server's
    (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const seenBefore = reader.messages.filter((m) => m.type === 'next').length;
    const body = 'x'.repeat(16 * 1024);
    const events = 3000; // ~48 MB of events: far more than the kernel buffers and the cap together
    const floodStarted = Date.now();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let slowBuffered = 0;
    for (let i = 0; i < events; i++) {
      await bus.publish(Topics.inbox(workspaceId), { ...template, message: { ...template.message, body: `${i} ${body}` } });
      if (i % 25 === 0) {
        // paced by the reading socket (it stays within ~75 events, ~1.2 MB, of the flood), so only the
        // paused one passes the cap, however slow this machine is
        await until(() => reader.messages.filter((m) => m.type === 'next').length >= seenBefore + i - 50, 60_000);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    }
    // the reading socket gets all of them, in order
    await until(() => reader.messages.filter((m) => m.type === 'next').length === seenBefore + events, 60_000);
    const bodies = reader.messages.filter((m) => m.type === 'next').slice(seenBefore).map((m) => Number.parseInt(m.payload.data.inboxEvent.message.body, 10));
    expect(bodies).toEqual([...Array(events).keys()]);
    // the paused one was closed "try again later" (the close frame is read once it reads again)
    (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
    const code = await Promise.race([slowClosed, new Promise<number>((r) => setTimeout(() => r(-1), 20_000))]);
    if (code !== 1013) {
      // on a loaded machine the flood can outlast the server's 10 s grace: then the peer that still did
      // not read its close was cut off (1006), as it must be — never left open
      expect(code).toBe(1006);
      expect(Date.now() - floodStarted).toBeGreaterThan(10_000);
    }
    slowBuffered = slow.messages.filter((m) => m.type === 'next').length * (body.length + 100);
    // it got at most what fits in the cap and the kernel buffers, not the whole flood
    expect(slowBuffered).toBeLessThan(events * body.length * 0.75);
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);
    v.close();
    reader.ws.close();
  }, 120_000);
});
