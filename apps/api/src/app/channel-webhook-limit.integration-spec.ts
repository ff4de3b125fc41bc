import { FakeTelegram } from '@parley/api/channels/telegram';
import { TestApp } from '../testing/test-app';

const TOKEN = '990101321:AAGlimitedBotTokenLimitedBotTokenLim01';
const OTHER = '990101322:AAGotherBotTokenOtherBotTokenOtherBo01';
const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } } }`;

/**
 * Issue #10: each channel's webhook takes at most CHANNEL_WEBHOOK_PER_SECOND calls a second
 * (bursts of CHANNEL_WEBHOOK_BURST), counted in Redis so every API process shares the bucket;
 * more get 429 with Retry-After — forged calls included — and other channels are not affected.
 */
describe('channel webhook rate limit (integration)', () => {
  let t: TestApp;
  let fake: FakeTelegram;
  let admin: string;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    fake.addBot(TOKEN, { username: 'parley_limited_bot' });
    fake.addBot(OTHER, { username: 'parley_other_bot' });
    t = await TestApp.start({ TELEGRAM_API_BASE: fake.url, CHANNEL_WEBHOOK_PER_SECOND: '2', CHANNEL_WEBHOOK_BURST: '3' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.stop();
  });

  const create = async (token: string, name: string) => {
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name, settings: JSON.stringify({ botToken: token }) } }, admin);
    expect(r.errors).toBeUndefined();
    return { id: r.data?.['createChannel'].channel.id as string, secret: fake.webhooks.get(token)?.secret as string };
  };
  const hook = (ch: { id: string; secret: string }, messageId: number, secret = ch.secret) =>
    fetch(`${t.url}/api/channels/${ch.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(FakeTelegram.textUpdate({ chatId: 8801, messageId, text: `limited ${messageId}` })),
    });

  it('answers 429 with Retry-After past the burst, counts forged calls, spares other channels, and takes calls again after the wait', async () => {
    const limited = await create(TOKEN, 'Limited bot');
    const other = await create(OTHER, 'Other bot');
    const answers = [];
    for (let i = 1; i <= 3; i++) answers.push((await hook(limited, i)).status);
    expect(answers).toEqual([200, 200, 200]);
    const refused = await hook(limited, 4);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ message: 'Too many webhook calls for this channel; retry after 1 s', code: 'RATE_LIMITED' });
    // a forged call is limited before its secret is checked (no 401 while the bucket is empty)
    expect((await hook(limited, 5, 'forged-secret-forged')).status).toBe(429);
    // nothing of the refused calls was stored
    const stored = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE channel_id = $1 ORDER BY external_id`, [limited.id]);
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual(['8801:1', '8801:2', '8801:3']);
    // another channel has its own bucket
    expect((await hook(other, 1)).status).toBe(200);
    // after the wait the provider's retry is taken
    await new Promise((r) => setTimeout(r, 1100));
    expect((await hook(limited, 4)).status).toBe(200);
  });
});
