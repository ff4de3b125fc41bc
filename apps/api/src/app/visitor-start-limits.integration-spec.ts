import { ErrorCode } from '@parley/shared/contracts';
import { randomBytes } from 'node:crypto';
import { TestApp, VisitorClient } from '../testing/test-app';

/**
 * Issue #16 (finding 2, leftovers): every way a visitor starts a conversation — the first message,
 * the bot (`bot_start`) and the offline form — takes from the same per-IP and per-channel
 * new-conversation buckets, and a refusal is the RATE_LIMITED answer (with retryAfterMs) the widget shows.
 */

const CHANNELS = `query { channels { id publicKey } }`;
const SAVE_SCENARIO = `mutation($i: SaveBotScenarioInput!) { saveBotScenario(input: $i) { id } }`;
const MAIL = `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id } }`;

const scenario = {
  name: 'Greeter',
  startStepId: 'hello',
  closingMessage: 'Bye!',
  steps: [{ id: 'hello', message: 'Hi! How can we help?', buttons: [{ id: 'human', label: 'Talk to an operator', action: 'operator' }] }],
};
const offlineSettings = (channelId: string) => ({
  channelId,
  offlineForm: { enabled: true, fields: [{ key: 'email', required: true }, { key: 'message', required: true }], title: 'We are away', intro: 'Leave a message', colors: { header: '#112233', button: '#445566' } },
  notifyEmails: [],
  replyFrom: '',
  marketingConsent: { enabled: false, text: 'Send me offers' },
});

/** A demo shop app whose web chat runs a bot and offers the offline form; visitors speak from the address given. */
async function startApp(env: Record<string, string>): Promise<{ t: TestApp; visitor: (ip: string) => Promise<VisitorClient>; clients: VisitorClient[] }> {
  const t = await TestApp.start({ TRUST_PROXY: '1', VISITOR_NEW_PER_IP_PER_MINUTE: '100000', ...env });
  const admin = await t.login('admin@demo.test');
  const channelId = (await t.graphql(CHANNELS, {}, admin)).data?.['channels'].find((c: { publicKey: string }) => c.publicKey === 'demo-webchat').id;
  const saved = await t.graphql(SAVE_SCENARIO, { i: scenario }, admin);
  expect(saved.errors).toBeUndefined();
  await t.db.query(`UPDATE channels SET settings = settings || jsonb_build_object('botEnabled', true, 'botScenarioId', $2::text) WHERE id = $1`, [channelId, saved.data?.['saveBotScenario'].id]);
  expect((await t.graphql(MAIL, { i: offlineSettings(channelId) }, admin)).errors).toBeUndefined();
  const clients: VisitorClient[] = [];
  const visitor = async (ip: string) => {
    const v = new VisitorClient(`${t.wsUrl}/ws/visitor`, { 'x-forwarded-for': ip });
    clients.push(v);
    await v.open();
    v.sendFrame({ type: 'hello', channelKey: 'demo-webchat' });
    await v.welcome();
    return v;
  };
  return { t, visitor, clients };
}

/** bot_start's outcome: the bot's first frame (a conversation started) or the error frame. */
async function botStart(v: VisitorClient): Promise<any> {
  v.sendFrame({ type: 'bot_start' });
  return v.waitFor((f) => (f.type === 'bot' && f.conversationId) || f.type === 'error');
}

async function offline(v: VisitorClient, clientId = randomBytes(6).toString('hex')): Promise<any> {
  v.sendFrame({ type: 'offline_form', clientId, fields: { email: 'ola@client.test', message: 'Call me back, please' } });
  return v.waitFor((f) => f.type === 'offline_form_result' && f.clientId === clientId);
}

const send = (v: VisitorClient) => v.ack(v.send('Hello?'));

const limitedFrame = { code: ErrorCode.RateLimited, message: 'Too many new chats right now. Please try again in a moment.', retryAfterMs: expect.any(Number) };

describe('bot and offline-form starts count in the per-IP new-conversation limit (issue #16)', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => (app = await startApp({ VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '3', VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: '1000000' })));
  afterAll(async () => {
    app?.clients.forEach((v) => v.terminate());
    await app?.t.stop();
  });
  const conversations = async () => (await app.t.db.query(`SELECT count(*)::int AS n FROM conversations`))[0].n as number;

  it('bot_start past the limit is refused with RATE_LIMITED and starts nothing; the first message from that address is refused too', async () => {
    const before = await conversations();
    const visitors = await Promise.all(Array.from({ length: 5 }, () => app.visitor('203.0.113.10')));
    const results = await Promise.all(visitors.map(botStart));
    expect(results.filter((f) => f.type === 'bot')).toHaveLength(3);
    const refused = results.filter((f) => f.type === 'error');
    expect(refused).toHaveLength(2);
    for (const e of refused) {
      expect(e).toMatchObject(limitedFrame);
      expect(e.retryAfterMs).toBeGreaterThan(0);
    }
    expect((await conversations()) - before).toBe(3);
    // the same bucket: a typed first message from the address is refused as well
    const other = visitors[results.findIndex((f) => f.type === 'error')];
    expect(await send(other)).toMatchObject({ type: 'error', ...limitedFrame, clientId: expect.any(String) });
    expect((await conversations()) - before).toBe(3);
    // another address is not affected
    expect(await botStart(await app.visitor('203.0.113.11'))).toMatchObject({ type: 'bot', conversationId: expect.any(String) });
  });

  it('offline forms past the limit get offline_form_result RATE_LIMITED and store nothing; a repeat of a stored one still answers ok', async () => {
    const ip = '203.0.113.20';
    const before = await conversations();
    const first = await app.visitor(ip);
    const firstClientId = 'offline-first';
    const ok = await offline(first, firstClientId);
    expect(ok).toMatchObject({ ok: true, conversationId: expect.any(String) });
    // a first message and a bot start from the same address take the other two
    expect((await send(await app.visitor(ip))).type).toBe('ack');
    expect((await botStart(await app.visitor(ip))).type).toBe('bot');
    const late = await app.visitor(ip);
    const refused = await offline(late);
    expect(refused).toMatchObject({ ok: false, ...limitedFrame });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect((await conversations()) - before).toBe(3);
    expect((await app.t.db.query(`SELECT count(*)::int AS n FROM offline_submissions WHERE client_id = $1`, [refused.clientId]))[0].n).toBe(0);
    // the widget resending its stored form (same clientId) is not a new conversation: still ok
    const again = await offline(first, firstClientId);
    expect(again).toMatchObject({ ok: true, conversationId: ok.conversationId });
  });
});

describe('bot and offline-form starts count in the per-channel new-conversation limit (issue #16)', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => (app = await startApp({ VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '100000', VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: '3' })));
  afterAll(async () => {
    app?.clients.forEach((v) => v.terminate());
    await app?.t.stop();
  });

  it('a first message, a bot start and an offline form from three addresses fill the channel; every path is refused after', async () => {
    const before = (await app.t.db.query(`SELECT count(*)::int AS n FROM conversations`))[0].n as number;
    expect((await send(await app.visitor('192.0.2.1'))).type).toBe('ack');
    expect((await botStart(await app.visitor('192.0.2.2'))).type).toBe('bot');
    expect(await offline(await app.visitor('192.0.2.3'))).toMatchObject({ ok: true });
    expect(await botStart(await app.visitor('192.0.2.4'))).toMatchObject({ type: 'error', ...limitedFrame });
    expect(await offline(await app.visitor('192.0.2.5'))).toMatchObject({ ok: false, ...limitedFrame });
    expect(await send(await app.visitor('192.0.2.6'))).toMatchObject({ type: 'error', ...limitedFrame });
    expect((await app.t.db.query(`SELECT count(*)::int AS n FROM conversations`))[0].n - before).toBe(3);
  });
});
