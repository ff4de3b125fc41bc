import WebSocket from 'ws';
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
