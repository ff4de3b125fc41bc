import { FakeTelegram } from '@parley/api/channels/telegram';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const TOKEN = '880908210:AAGorderedBotTokenOrderedBotTokenOrd01';
const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`;

/**
 * Issue #10: a conversation's replies reach the client in the order they were written, however the
 * provider answers (slowly, at random, a 429 in the middle) — while different conversations are
 * sent in parallel (the outbox's concurrency). The Bot API is FakeTelegram with a random delay
 * before each sendMessage is accepted; its `sentTexts(chat)` is what the client sees, in order.
 */
describe('outbox: one conversation in order, conversations in parallel (integration)', () => {
  let t: TestApp;
  let fake: FakeTelegram;
  let admin: string;
  let inFlight = 0;
  let mostInFlight = 0;
  const CHATS = [7101, 7102, 7103, 7104];
  const REPLIES = 8;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    fake.addBot(TOKEN, { username: 'parley_ordered_bot' });
    t = await TestApp.start({ TELEGRAM_API_BASE: fake.url, OUTBOX_RETRY_BASE_MS: '100', OUTBOX_CONCURRENCY: '10' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.stop();
  });

  it('sends each conversation\'s replies in seq order, one at a time, and several conversations at once', async () => {
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Ordered bot', settings: JSON.stringify({ botToken: TOKEN }) } }, admin);
    expect(r.errors).toBeUndefined();
    const channelId = r.data?.['createChannel'].channel.id as string;
    const secret = fake.webhooks.get(TOKEN)?.secret as string;
    const conversations: string[] = [];
    for (const chatId of CHATS) {
      const res = await fetch(`${t.url}/api/channels/${channelId}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(FakeTelegram.textUpdate({ chatId, messageId: 1, text: `hi from ${chatId}` })),
      });
      expect(res.status).toBe(200);
      const [ref] = await t.db.query(`SELECT conversation_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channelId, `${chatId}:1`]);
      conversations.push(ref.conversation_id);
    }

    // the provider: 5–60 ms per accepted message at random, one 429 (retry_after 1 s) in the middle
    const perChat = new Map<string, number>();
    let overlapInChat = false;
    fake.beforeAnswer = async (method, params) => {
      if (method !== 'sendMessage') return;
      const chat = String(params['chat_id']);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
      if ((perChat.get(chat) ?? 0) > 1) overlapInChat = true;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 55)));
      inFlight--;
      perChat.set(chat, (perChat.get(chat) ?? 1) - 1);
    };
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, skip: 6 });

    // the operator writes all replies at once, conversations interleaved
    const written: Record<string, string[]> = {};
    const sends: Array<Promise<unknown>> = [];
    for (let i = 1; i <= REPLIES; i++) {
      conversations.forEach((conversationId, c) => {
        const body = `reply ${i} to ${CHATS[c]}`;
        (written[CHATS[c]] ??= []).push(body);
        sends.push(t.graphql(SEND, { i: { conversationId, clientId: `o-${c}-${i}`, body } }, admin));
      });
      await Promise.all(sends.splice(0));
    }
    await until(async () => CHATS.every((chat) => fake.sentTexts(String(chat)).length >= REPLIES), 60_000, 'every reply at the fake');

    for (const chat of CHATS) {
      // exactly once each, in the order written (= seq order)
      expect(fake.sentTexts(String(chat))).toEqual(written[chat]);
    }
    const seqOrder = await t.db.query(`SELECT body FROM messages WHERE conversation_id = $1 AND author_type = 'operator' ORDER BY seq`, [conversations[0]]);
    expect(seqOrder.map((m: { body: string }) => m.body)).toEqual(written[CHATS[0]]);
    // never two sends of one conversation at the provider at once; several conversations at once
    expect(overlapInChat).toBe(false);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(fake.callsOf('sendMessage').length).toBe(CHATS.length * REPLIES + 1);
    await until(async () => Number((await t.db.query(`SELECT count(*) FROM messages WHERE conversation_id = ANY($1) AND author_type = 'operator' AND delivery_status = 'sent'`, [conversations]))[0].count) === CHATS.length * REPLIES, 15_000, 'every reply marked sent');
  });
});
