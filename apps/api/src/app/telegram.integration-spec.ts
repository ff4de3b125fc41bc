import { ChannelSecrets, LINK_CODE_TTL_MS } from '@parley/api/channels/core';
import { VISITOR_TOKEN_HEADER } from '@parley/shared/contracts';
import { FakeTelegram, TelegramPoller, webhookSecretToken } from '@parley/api/channels/telegram';
import { solidPng } from '../testing/png';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const POLL_TOKEN = '220302654:AAGpollingBotTokenPollingBotToken01';
const POLL_TOKEN_3 = '440504876:AAGthirdBotTokenThirdBotTokenThird01';
const UNKNOWN_TOKEN = '330403765:AAFthisTokenTelegramDoesNotKnowAtAll';
const OFF_TOKEN = '550605987:AAGswitchedOffBotTokenSwitchedOffBot1';
const LINK_TOKEN = '660706098:AAGdeepLinkBotTokenDeepLinkBotToken01';
const EDIT_TOKEN = '770807109:AAGeditingBotTokenEditingBotTokenEdit1';


const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id type name active } settings secretsSet webhookUrl } }`;
const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings secretsSet } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id body authorType authorName deliveryStatus deliveryError attachments { name mime } } } }`;

describe('Telegram channel: Bot API faked, webhook and polling in, outbox out (integration)', () => {
  let t: TestApp;
  let fake: FakeTelegram;
  let admin: string;
  let channelId: string;
  let secret: string;

  /** `token` null: no secret header at all. */
  const hook = (update: unknown, token: string | null = secret, id = channelId) =>
    fetch(`${t.url}/api/channels/${id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== null ? { 'x-telegram-bot-api-secret-token': token } : {}) },
      body: typeof update === 'string' ? update : JSON.stringify(update),
    });
  const refOf = async (externalId: string, id = channelId) => (await t.db.query(`SELECT conversation_id, message_id, threaded_by, direction FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [id, externalId]))[0];
  const messageCount = async () => Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
  const statusOf = async (messageId: string) => (await t.db.query(`SELECT delivery_status, delivery_error FROM messages WHERE id = $1`, [messageId]))[0];
  const reply = async (conversationId: string, body: string, clientId = `c-${Math.random()}`) => {
    const r = await t.graphql(SEND, { i: { conversationId, clientId, body } }, admin);
    expect(r.errors).toBeUndefined();
    return r.data?.['sendMessage'].id as string;
  };

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    fake.addBot(TOKEN, { username: 'parley_shop_bot' });
    fake.addBot(POLL_TOKEN, { username: 'parley_poll_bot' });
    fake.addBot(POLL_TOKEN_3, { username: 'parley_third_bot' });
    fake.addBot(OFF_TOKEN, { username: 'parley_off_bot' });
    fake.addBot(LINK_TOKEN, { username: 'parley_link_bot' });
    fake.addBot(EDIT_TOKEN, { username: 'parley_edit_bot' });
    t = await TestApp.start({ TELEGRAM_API_BASE: fake.url, OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '4' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.stop();
  });

  it('an admin creates a Telegram channel: the token is checked (getMe) and the webhook set with a secret; bad tokens are field errors', async () => {
    // a malformed token never reaches Telegram
    const calls = fake.calls.length;
    const bad = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Shop bot', settings: JSON.stringify({ botToken: 'hello' }) } }, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'botToken' });
    expect(bad.errors?.[0].message).toMatch(/not a bot token/);
    expect((await t.graphql(CREATE, { i: { type: 'telegram', name: 'Shop bot', settings: JSON.stringify({ botToken: TOKEN, mode: 'sometimes' }) } }, admin)).errors?.[0].extensions).toMatchObject({ field: 'mode' });
    expect(fake.calls.length).toBe(calls);
    // a well-formed token Telegram refuses: said so, without the token
    const refused = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Old bot', settings: JSON.stringify({ botToken: UNKNOWN_TOKEN }) } }, admin);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings' });
    expect(refused.errors?.[0].message).toMatch(/refused the bot token/);
    expect(JSON.stringify(refused)).not.toContain('AAFthisTokenTelegramDoesNotKnowAtAll');

    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Shop bot', settings: JSON.stringify({ botToken: TOKEN }) } }, admin);
    expect(r.errors).toBeUndefined();
    const view = r.data?.['createChannel'];
    channelId = view.channel.id;
    expect(view).toMatchObject({ channel: { type: 'telegram', active: true }, settings: JSON.stringify({ mode: 'webhook' }), secretsSet: ['botToken', 'webhookSecret'] });
    const set = fake.callsOf('setWebhook').filter((c) => c.token === TOKEN);
    expect(set).toHaveLength(1);
    expect(set[0].params).toMatchObject({ url: view.webhookUrl, allowed_updates: ['message'], secret_token: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/) });
    expect(view.webhookUrl).toMatch(new RegExp(`/api/channels/${channelId}/webhook$`));
    expect(fake.callsOf('getMe').some((c) => c.token === TOKEN)).toBe(true);
    secret = set[0].params['secret_token'] as string;
    // sealed at rest: neither the token nor the secret is readable in the database
    const [row] = await t.db.query(`SELECT settings::text AS s FROM channels WHERE id = $1`, [channelId]);
    expect(row.s).not.toContain(TOKEN);
    expect(row.s).not.toContain(secret);
    const opened = t.app.get(ChannelSecrets).open(JSON.parse(row.s));
    // the bot's name from getMe is kept in the clear next to them (links are t.me/<it>)
    expect(opened).toEqual({ botToken: TOKEN, webhookSecret: expect.any(String), mode: 'webhook', botUsername: 'parley_shop_bot' });
    expect(row.s).not.toContain(opened['webhookSecret'] as string);
    // what Telegram echoes is bound to the bot, not the stored secret itself
    expect(secret).toBe(webhookSecretToken({ botToken: TOKEN, webhookSecret: opened['webhookSecret'] as string }));
    // an edit that leaves the secrets empty keeps both (and sets the same webhook again)
    const upd = await t.graphql(UPDATE, { i: { id: channelId, settings: JSON.stringify({ botToken: '', webhookSecret: '', mode: 'webhook' }) } }, admin);
    expect(upd.errors).toBeUndefined();
    expect(fake.callsOf('setWebhook').at(-1)?.params['secret_token']).toBe(secret);
    const check = await t.graphql(`mutation($id: ID!) { checkChannelConnection(id: $id) { ok message } }`, { id: channelId }, admin);
    expect(check.data?.['checkChannelConnection']).toEqual({ ok: true, message: 'Connected as @parley_shop_bot (webhook)' });
    const kinds = await t.graphql(`query { channelKinds { kind displayName webhooks settingsFields { key type required } } }`, {}, admin);
    expect(kinds.data?.['channelKinds']).toEqual(expect.arrayContaining([{ kind: 'telegram', displayName: 'Telegram', webhooks: true, settingsFields: [{ key: 'botToken', type: 'secret', required: true }, { key: 'mode', type: 'select', required: false }, { key: 'webhookSecret', type: 'secret', required: false }] }]));
  });

  it('a webhook update becomes a conversation in the inbox, once however often Telegram delivers it; a wrong secret is 401 and stores nothing', async () => {
    const update = FakeTelegram.textUpdate({ chatId: 4242, messageId: 1, text: 'Hello from Telegram', firstName: 'Tom', username: 'tomt' });
    const before = await messageCount();
    expect((await hook(update, 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await hook(update, null)).status).toBe(401);
    expect((await hook(update, '')).status).toBe(401);
    expect(await messageCount()).toBe(before);
    const answers = await Promise.all([hook(update), hook(update), hook(update)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await hook(update)).status).toBe(200);
    expect(await messageCount()).toBe(before + 1);
    const ref = await refOf('4242:1');
    expect(ref).toMatchObject({ threaded_by: 'new', direction: 'in' });
    const list = await t.graphql(MESSAGES, { id: ref.conversation_id }, admin);
    expect(list.data?.['messages'].nodes).toEqual([expect.objectContaining({ body: 'Hello from Telegram', authorType: 'visitor', authorName: 'Tom' })]);
    const inbox = await t.graphql(`query($id: ID!) { conversation(id: $id) { id status channel { type } } }`, { id: ref.conversation_id }, admin);
    expect(inbox.data?.['conversation']).toEqual({ id: ref.conversation_id, status: 'queued', channel: { type: 'telegram' } });
    expect(await t.db.query(`SELECT kind, external_id FROM contact_channel_identities WHERE channel_id = $1`, [channelId])).toEqual([{ kind: 'telegram', external_id: '4242' }]);
    // malformed or foreign bodies with the right secret: 200 (Telegram would redeliver forever), nothing stored
    expect((await hook('{not json')).status).toBe(200);
    expect((await hook({ update_id: 5, message: { message_id: 9, date: 1, chat: { id: -77, type: 'group' }, text: 'group chatter' } })).status).toBe(200);
    expect((await hook({ update_id: 6, edited_message: { message_id: 1, date: 1, chat: { id: 4242, type: 'private' }, text: 'edited' } })).status).toBe(200);
    expect(await messageCount()).toBe(before + 1);
    // the next message of the same chat continues the conversation; /start reads as words
    await hook(FakeTelegram.textUpdate({ chatId: 4242, messageId: 2, text: '/start promo-7' }));
    expect(await refOf('4242:2')).toMatchObject({ conversation_id: ref.conversation_id, threaded_by: 'open' });
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await refOf('4242:2')).message_id]))[0].body).toBe('Started the bot (start parameter: promo-7)');
  });

  it('a photo is fetched (getFile, download) and stored as an attachment; a file too large to keep is named in the text', async () => {
    const png = solidPng(8, 8);
    fake.addFile('photo-big', png, { path: 'photos/file_1.jpg' });
    fake.addFile('photo-small', solidPng(2, 2), { path: 'photos/file_0.jpg' });
    fake.addFile('huge-doc', Buffer.from('%PDF-1.4'), { path: 'documents/huge.pdf', reportedSize: 30 * 1024 * 1024 });
    const update = FakeTelegram.textUpdate({
      chatId: 5151,
      messageId: 10,
      extra: {
        caption: 'Here is the damage',
        photo: [{ file_id: 'photo-small', width: 2, height: 2, file_size: 50 }, { file_id: 'photo-big', width: 8, height: 8, file_size: png.length }],
      },
    });
    expect((await hook(update)).status).toBe(200);
    const ref = await refOf('5151:10');
    const [m] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [ref.message_id]);
    expect(m.body).toBe('Here is the damage');
    expect(m.attachments).toEqual([expect.objectContaining({ mime: 'image/png', size: png.length, width: 8, height: 8 })]);
    expect(fake.callsOf('getFile').map((c) => c.params['file_id'])).toContain('photo-big');
    expect(fake.callsOf('getFile').map((c) => c.params['file_id'])).not.toContain('photo-small');
    // Telegram delivers it again: not fetched again, not stored again
    const fetched = fake.callsOf('getFile').length;
    expect((await hook(update)).status).toBe(200);
    expect(fake.callsOf('getFile')).toHaveLength(fetched);
    expect(Number((await t.db.query(`SELECT count(*) FROM messages WHERE conversation_id = $1`, [ref.conversation_id]))[0].count)).toBe(1);
    // a 30 MB document (as getFile reports it) is not downloaded; the message says what it was
    await hook(FakeTelegram.textUpdate({ chatId: 5151, messageId: 11, extra: { document: { file_id: 'huge-doc', file_name: 'scan.pdf', mime_type: 'application/pdf' } } }));
    const [big] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [(await refOf('5151:11')).message_id]);
    expect(big.body).toMatch(/^\[document "scan\.pdf" \(30\.0 MB\) not kept: larger than 10 MB/);
    expect(big.attachments ?? []).toEqual([]);
    // a voice message is fetched, but Parley keeps images and PDFs only: named in the text
    fake.addFile('voice-1', Buffer.from('OggS fake voice'), { path: 'voice/file_9.oga' });
    await hook(FakeTelegram.textUpdate({ chatId: 5151, messageId: 13, extra: { voice: { file_id: 'voice-1', mime_type: 'audio/ogg', file_size: 15, duration: 2 } } }));
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await refOf('5151:13')).message_id]))[0].body).toMatch(/^\[voice-13\.ogg not kept: Only images/);
    // a file id Telegram does not know: named, the message kept
    await hook(FakeTelegram.textUpdate({ chatId: 5151, messageId: 12, text: 'and this', extra: { document: { file_id: 'gone', file_name: 'x.pdf' } } }));
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await refOf('5151:12')).message_id]))[0].body).toBe('and this\n\n[document "x.pdf" could not be fetched from Telegram]');
  });

  it("an operator's reply goes out with sendMessage and is marked sent; a later reply quotes the client's message; the client's reply to it threads back", async () => {
    await hook(FakeTelegram.textUpdate({ chatId: 6161, messageId: 20, text: 'Where is my order?' }));
    const { conversation_id: conversationId } = await refOf('6161:20');
    const first = await reply(conversationId, 'Let me check.');
    await until(async () => (await statusOf(first)).delivery_status === 'sent');
    const sent = fake.callsOf('sendMessage').filter((c) => c.params['chat_id'] === '6161');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ token: TOKEN, params: { chat_id: '6161', text: 'Let me check.' } });
    // answering right after the client's message: no quote
    expect(sent[0].params['reply_parameters']).toBeUndefined();
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [first]);
    expect(out.external_id).toMatch(/^6161:\d+$/);
    const second = await reply(conversationId, 'It ships tomorrow.');
    await until(async () => (await statusOf(second)).delivery_status === 'sent');
    expect(fake.callsOf('sendMessage').filter((c) => c.params['chat_id'] === '6161').at(-1)?.params).toMatchObject({ text: 'It ships tomorrow.', reply_parameters: { message_id: 20, allow_sending_without_reply: true } });
    // closed, then the client answers the bot's first message: the same conversation reopens
    await t.db.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [conversationId]);
    await hook(FakeTelegram.textUpdate({ chatId: 6161, messageId: 23, text: 'Thanks!', replyTo: Number(out.external_id.split(':')[1]) }));
    expect(await refOf('6161:23')).toMatchObject({ conversation_id: conversationId, threaded_by: 'reply' });
    // a text longer than one Telegram message (4096 UTF-16 units; Parley's limit counts characters) goes in parts, in order
    const long = `${'😀'.repeat(1500)}\n\n${'🚀'.repeat(1500)}`;
    const third = await reply(conversationId, long);
    await until(async () => (await statusOf(third)).delivery_status === 'sent');
    const parts = fake.callsOf('sendMessage').filter((c) => c.params['chat_id'] === '6161').slice(-2).map((c) => c.params['text']);
    expect(parts).toEqual(['😀'.repeat(1500), '🚀'.repeat(1500)]);
  });

  it("an operator's files are uploaded to Telegram: one photo with a short text is one captioned sendPhoto; more go after the text, a PDF as a document", async () => {
    await hook(FakeTelegram.textUpdate({ chatId: 6262, messageId: 60, text: 'Send me the invoice and a picture' }));
    const { conversation_id: conversationId } = await refOf('6262:60');
    const upload = async (bytes: Buffer, name: string) => {
      const res = await fetch(`${t.url}/api/attachments?conversationId=${conversationId}&name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` }, body: new Uint8Array(bytes) });
      expect(res.status).toBe(201);
      return ((await res.json()) as { attachment: { id: string } }).attachment.id;
    };
    const png = solidPng(4, 3);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const one = await t.graphql(SEND, { i: { conversationId, clientId: 'tg-file-1', body: 'The picture', attachmentIds: [await upload(png, 'product.png')] } }, admin);
    expect(one.errors).toBeUndefined();
    await until(async () => (await statusOf(one.data?.['sendMessage'].id)).delivery_status === 'sent');
    const photo = fake.callsOf('sendPhoto').filter((c) => c.params['chat_id'] === '6262');
    expect(photo).toHaveLength(1);
    expect(photo[0].params['caption']).toBe('The picture');
    expect(photo[0].files['photo']).toEqual({ name: 'product.png', type: 'image/png', content: png });
    const two = await t.graphql(SEND, { i: { conversationId, clientId: 'tg-file-2', body: 'Both files', attachmentIds: [await upload(pdf, 'Invoice 7.pdf'), await upload(png, 'again.png')] } }, admin);
    expect(two.errors).toBeUndefined();
    await until(async () => (await statusOf(two.data?.['sendMessage'].id)).delivery_status === 'sent');
    const after = fake.calls.filter((c) => c.params['chat_id'] === '6262' && c.at >= photo[0].at).slice(1).map((c) => [c.method, c.params['text'] ?? c.params['caption'] ?? null, Object.values(c.files)[0]?.name ?? null]);
    expect(after).toEqual([['sendMessage', 'Both files', null], ['sendDocument', null, 'Invoice 7.pdf'], ['sendPhoto', null, 'again.png']]);
    expect(fake.callsOf('sendDocument').at(-1)?.files['document'].content).toEqual(pdf);
  });

  it('a blocked bot (403) fails the message at once with the reason; a 429 waits retry_after and sends once', async () => {
    await hook(FakeTelegram.textUpdate({ chatId: 7171, messageId: 30, text: 'Hi' }));
    const { conversation_id: conversationId } = await refOf('7171:30');
    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = await reply(conversationId, 'Hello?');
    const failed = await until(async () => ((await statusOf(blocked)).delivery_status === 'failed' ? statusOf(blocked) : null));
    expect(failed.delivery_error).toBe('The client blocked the bot on Telegram (403: bot was blocked by the user)');
    expect((await t.db.query(`SELECT attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [blocked]))[0].attempts).toBe(1);
    const msgs = await t.graphql(MESSAGES, { id: conversationId }, admin);
    expect(msgs.data?.['messages'].nodes.find((n: any) => n.id === blocked)).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('blocked the bot') });

    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    const slow = await reply(conversationId, 'Slowly now');
    await until(async () => (await statusOf(slow)).delivery_status === 'sent');
    const tries = fake.callsOf('sendMessage').filter((c) => c.params['text'] === 'Slowly now');
    expect(tries).toHaveLength(2);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(950);
    expect((await t.db.query(`SELECT attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [slow]))[0].attempts).toBe(2);
  });

  it('polling mode: the webhook is deleted, getUpdates delivers into the inbox, the offset advances, an overlap stores nothing twice', async () => {
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Poll bot', settings: JSON.stringify({ botToken: POLL_TOKEN, mode: 'polling' }) } }, admin);
    expect(r.errors).toBeUndefined();
    const pollId = r.data?.['createChannel'].channel.id as string;
    expect(fake.callsOf('deleteWebhook').filter((c) => c.token === POLL_TOKEN)).toHaveLength(1);
    expect(fake.callsOf('setWebhook').filter((c) => c.token === POLL_TOKEN)).toHaveLength(0);
    const poller = t.app.get(TelegramPoller);
    const poll = () => until(async () => {
      const p = await poller.pollChannel(pollId);
      return p.busy ? null : p;
    });
    const a = fake.queueUpdate(POLL_TOKEN, FakeTelegram.textUpdate({ chatId: 8181, messageId: 40, text: 'Polled hello' }));
    const b = fake.queueUpdate(POLL_TOKEN, FakeTelegram.textUpdate({ chatId: 8181, messageId: 41, text: 'Polled again' }));
    await poll();
    // the scheduled job may have polled first: the database tells
    await until(async () => (await refOf('8181:41', pollId)) ?? null);
    const first = await refOf('8181:40', pollId);
    expect((await t.db.query(`SELECT body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [first.conversation_id])).map((m: any) => m.body)).toEqual(['Polled hello', 'Polled again']);
    expect((await t.db.query(`SELECT update_offset FROM telegram_poll_state WHERE channel_id = $1`, [pollId]))[0].update_offset).toBe(String(b.update_id + 1));
    await poll();
    // the offset confirmed the updates to Telegram
    expect(fake.pendingUpdates(POLL_TOKEN).map((u) => u.update_id)).not.toContain(a.update_id);
    // overlap: the same message again under a later update id (and a lost offset), stored once
    const again = fake.queueUpdate(POLL_TOKEN, FakeTelegram.textUpdate({ chatId: 8181, messageId: 41, text: 'Polled again' }));
    await t.db.query(`UPDATE telegram_poll_state SET update_offset = 0 WHERE channel_id = $1`, [pollId]);
    await poll();
    await until(async () => Number((await t.db.query(`SELECT update_offset FROM telegram_poll_state WHERE channel_id = $1`, [pollId]))[0].update_offset) === again.update_id + 1);
    expect(Number((await t.db.query(`SELECT count(*) FROM messages WHERE conversation_id = $1`, [first.conversation_id]))[0].count)).toBe(2);
    // a webhook call to a polling channel still needs its secret
    expect((await hook(FakeTelegram.textUpdate({ chatId: 8181, messageId: 42, text: 'x' }), 'nope', pollId)).status).toBe(401);
    // nobody calls the poller: the scheduled job (every few seconds) brings the next message in
    fake.queueUpdate(POLL_TOKEN, FakeTelegram.textUpdate({ chatId: 8181, messageId: 43, text: 'By the job' }));
    await until(async () => (await refOf('8181:43', pollId)) ?? null, 20_000);
    // replies to a polled chat go out with the polling bot's token
    const sentId = await reply(first.conversation_id, 'Got it');
    await until(async () => (await statusOf(sentId)).delivery_status === 'sent');
    expect(fake.callsOf('sendMessage').at(-1)).toMatchObject({ token: POLL_TOKEN, params: { chat_id: '8181', text: 'Got it' } });
  });

  it('a failing getUpdates (5xx) confirms nothing: the next run gets the update', async () => {
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Poll bot 3', settings: JSON.stringify({ botToken: POLL_TOKEN_3, mode: 'polling' }) } }, admin);
    expect(r.errors).toBeUndefined();
    const pollId = r.data?.['createChannel'].channel.id as string;
    const poller = t.app.get(TelegramPoller);
    fake.failNext('getUpdates', { code: 502, description: 'Bad Gateway' }, 2, POLL_TOKEN_3);
    fake.queueUpdate(POLL_TOKEN_3, FakeTelegram.textUpdate({ chatId: 9191, messageId: 50, text: 'Through the outage' }));
    await until(async () => {
      await poller.pollChannel(pollId);
      return (await refOf('9191:50', pollId)) ?? null;
    });
    const calls = fake.callsOf('getUpdates').filter((c) => c.token === POLL_TOKEN_3);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    // the failed calls asked from the start: nothing was confirmed while Telegram failed
    expect(calls.slice(0, 3).map((c) => c.params['offset'])).toEqual([0, 0, 0]);
  });

  it('switching a channel off deletes its webhook, switching it on sets it again, deleting it deletes the webhook; a refusal is told to the admin and the change stays', async () => {
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Seasonal bot', settings: JSON.stringify({ botToken: OFF_TOKEN }) } }, admin);
    expect(r.errors).toBeUndefined();
    const id = r.data?.['createChannel'].channel.id as string;
    const url = r.data?.['createChannel'].webhookUrl as string;
    expect(fake.webhooks.get(OFF_TOKEN)?.url).toBe(url);
    const secretOf = () => fake.webhooks.get(OFF_TOKEN)?.secret as string;
    const offSecret = secretOf();
    const deletes = () => fake.callsOf('deleteWebhook').filter((c) => c.token === OFF_TOKEN).length;
    const sets = () => fake.callsOf('setWebhook').filter((c) => c.token === OFF_TOKEN).length;
    const activeOf = async () => (await t.db.query(`SELECT active FROM channels WHERE id = $1`, [id]))[0]?.active;
    const update = (i: Record<string, unknown>) => t.graphql(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { active } } }`, { i: { id, ...i } }, admin);
    const text = (n: number) => FakeTelegram.textUpdate({ chatId: 9292, messageId: n, text: `while off ${n}` });

    const off = await update({ active: false });
    expect(off.errors).toBeUndefined();
    expect(off.data?.['updateChannel'].channel.active).toBe(false);
    expect(deletes()).toBe(1);
    expect(fake.webhooks.has(OFF_TOKEN)).toBe(false);
    // nothing more is taken in on it (a leftover call is 404, nothing stored)
    expect((await hook(text(1), offSecret, id)).status).toBe(404);
    expect(await refOf('9292:1', id)).toBeUndefined();
    // an edit of a switched-off channel that does not switch it off again tells Telegram nothing
    expect((await update({ name: 'Seasonal bot (winter)' })).errors).toBeUndefined();
    expect(deletes()).toBe(1);
    expect(sets()).toBe(1);

    const on = await update({ active: true });
    expect(on.errors).toBeUndefined();
    expect(sets()).toBe(2);
    expect(fake.webhooks.get(OFF_TOKEN)).toMatchObject({ url, secret: offSecret });
    expect((await hook(text(2), offSecret, id)).status).toBe(200);
    expect(await refOf('9292:2', id)).toMatchObject({ direction: 'in' });

    // Telegram fails the deleteWebhook: the admin is told, the channel is off anyway
    fake.failNext('deleteWebhook', { code: 502, description: 'Bad Gateway' }, 1, OFF_TOKEN);
    const failed = await update({ active: false });
    expect(failed.errors?.[0].message).toMatch(/^Saved, but the provider could not be disconnected: Telegram was not told to stop calling/);
    expect(failed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', saved: true, channelId: id });
    expect(JSON.stringify(failed)).not.toContain(OFF_TOKEN.split(':')[1]);
    expect(await activeOf()).toBe(false);
    expect(fake.webhooks.has(OFF_TOKEN)).toBe(true);

    // deleting it (it has a conversation now: that is a conflict, and Telegram is not called)
    const before = deletes();
    const conflict = await t.graphql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id }, admin);
    expect(conflict.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(deletes()).toBe(before);
    await t.db.query(`DELETE FROM conversations WHERE channel_id = $1`, [id]);
    // a switched-off channel is deleted: the failed disconnect is tried again, and works
    const del = await t.graphql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id }, admin);
    expect(del.errors).toBeUndefined();
    expect(del.data?.['deleteChannel']).toBe(true);
    expect(deletes()).toBe(before + 1);
    expect(fake.webhooks.has(OFF_TOKEN)).toBe(false);
    expect(await activeOf()).toBeUndefined();

    // a refused delete: the channel is gone anyway, the admin is told why Telegram may still call
    const again = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Seasonal bot 2', settings: JSON.stringify({ botToken: OFF_TOKEN }) } }, admin);
    const id2 = again.data?.['createChannel'].channel.id as string;
    fake.failNext('deleteWebhook', { code: 401, description: 'Unauthorized' }, 1, OFF_TOKEN);
    const refused = await t.graphql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id: id2 }, admin);
    expect(refused.errors?.[0].message).toMatch(/^Deleted, but the provider could not be disconnected: .*refused the bot token/);
    expect(refused.errors?.[0].extensions).toMatchObject({ saved: true, channelId: id2 });
    expect((await t.db.query(`SELECT 1 FROM channels WHERE id = $1`, [id2])).length).toBe(0);
    // bad input: not a boolean
    expect((await t.graphql(`mutation { updateChannel(input: { id: "${id2}", active: "no" }) { channel { active } } }`, {}, admin)).errors?.[0]).toBeDefined();
  });

  it('/start <code> deep links: an operator\'s or the web chat visitor\'s link ties the Telegram user to the known contact; a used, expired, unknown or malformed code starts a new contact', async () => {
    const LINK = `mutation($i: ChannelLinkInput!) { channelLink(input: $i) { channelId kind displayName url expiresAt } }`;
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Link bot', settings: JSON.stringify({ botToken: LINK_TOKEN }) } }, admin);
    expect(r.errors).toBeUndefined();
    const linkId = r.data?.['createChannel'].channel.id as string;
    const linkSecret = fake.webhooks.get(LINK_TOKEN)?.secret as string;
    // the bot's name (getMe) is kept in the settings, in the clear (it is no secret)
    expect((await t.db.query(`SELECT settings->>'botUsername' AS u FROM channels WHERE id = $1`, [linkId]))[0].u).toBe('parley_link_bot');
    // …and kept through an edit of the settings
    expect((await t.graphql(UPDATE, { i: { id: linkId, settings: JSON.stringify({ botToken: '', mode: 'webhook' }) } }, admin)).errors).toBeUndefined();
    expect(JSON.parse((await t.db.query(`SELECT settings::text AS s FROM channels WHERE id = $1`, [linkId]))[0].s).botUsername).toBe('parley_link_bot');

    const { conversationId: chatConversation, welcome } = await t.visitorWithConversation('I would rather continue in Telegram');
    const known = (await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [chatConversation]))[0].contact_id as string;
    const start = (chatId: number, messageId: number, text: string) => hook(FakeTelegram.textUpdate({ chatId, messageId, text, firstName: `T${chatId}` }), linkSecret, linkId);
    const contactOf = async (chatId: number) => (await t.db.query(`SELECT contact_id FROM contact_channel_identities WHERE kind = 'telegram' AND external_id = $1`, [String(chatId)]))[0]?.contact_id;

    // an operator's link for the conversation's client
    const before = Date.now();
    const made = await t.graphql(LINK, { i: { conversationId: chatConversation, channelId: linkId } }, admin);
    expect(made.errors).toBeUndefined();
    const link = made.data?.['channelLink'];
    expect(link).toMatchObject({ channelId: linkId, kind: 'telegram', displayName: 'Telegram', url: expect.stringMatching(/^https:\/\/t\.me\/parley_link_bot\?start=pl[A-Za-z0-9_-]{24}$/) });
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThanOrEqual(before + LINK_CODE_TTL_MS - 1000);
    expect(new Date(link.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + LINK_CODE_TTL_MS + 1000);
    const code = new URL(link.url).searchParams.get('start') as string;
    // only its hash is stored
    expect(JSON.stringify(await t.db.query(`SELECT * FROM channel_link_codes`))).not.toContain(code);

    // the client taps Start: Telegram sends "/start <code>"
    expect((await start(7001, 1, `/start ${code}`)).status).toBe(200);
    expect(await contactOf(7001)).toBe(known);
    const tgRef = await refOf('7001:1', linkId);
    const [tgConv] = await t.db.query(`SELECT contact_id, channel_id FROM conversations WHERE id = $1`, [tgRef.conversation_id]);
    expect(tgConv).toEqual({ contact_id: known, channel_id: linkId });
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [tgRef.message_id]))[0].body).toBe('Started the bot from a Parley link');
    // the next message of that chat continues there
    await start(7001, 2, 'Hi again');
    expect(await refOf('7001:2', linkId)).toMatchObject({ conversation_id: tgRef.conversation_id, threaded_by: 'open' });

    // the same code again, from someone else: ignored, a new contact as without a link
    expect((await start(7002, 1, `/start ${code}`)).status).toBe(200);
    const other = await contactOf(7002);
    expect(other).toBeTruthy();
    expect(other).not.toBe(known);
    // expired
    const late = await t.graphql(LINK, { i: { contactId: known, channelId: linkId } }, admin);
    const lateCode = new URL(late.data?.['channelLink'].url).searchParams.get('start') as string;
    await t.db.query(`UPDATE channel_link_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    expect((await start(7003, 1, `/start ${lateCode}`)).status).toBe(200);
    expect(await contactOf(7003)).not.toBe(known);
    // never issued, or not a code at all: ignored, the parameter stays readable
    expect((await start(7004, 1, `/start pl${'A'.repeat(24)}`)).status).toBe(200);
    expect(await contactOf(7004)).not.toBe(known);
    expect((await start(7005, 1, `/start pl'; DROP TABLE contacts; --`)).status).toBe(200);
    expect(await contactOf(7005)).not.toBe(known);
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await refOf('7005:1', linkId)).message_id]))[0].body).toBe("Started the bot (start parameter: pl'; DROP TABLE contacts; --)");

    // the web chat visitor asks for their own link ("continue in Telegram")
    const ask = (token?: string) => fetch(`${t.url}/api/visitor/channel-links`, { method: 'POST', headers: token ? { [VISITOR_TOKEN_HEADER]: token } : {} });
    const mine = await ask(welcome.visitorToken);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('access-control-allow-origin')).toBe('*');
    const links = ((await mine.json()) as { links: Array<{ kind: string; url: string; expiresAt: string }> }).links;
    const tg = links.find((l) => l.url.includes('parley_link_bot'));
    expect(tg).toMatchObject({ kind: 'telegram', url: expect.stringMatching(/^https:\/\/t\.me\/parley_link_bot\?start=pl/) });
    // a Telegram user who wrote before (a contact of their own) opens it: they become the visitor's contact
    expect(await contactOf(7004)).toBeTruthy();
    expect((await start(7004, 2, `/start ${new URL(tg?.url as string).searchParams.get('start')}`)).status).toBe(200);
    expect(await contactOf(7004)).toBe(known);
    // no token, a forged token: 401; a visitor who never wrote has no contact yet: CONFLICT
    expect((await ask()).status).toBe(401);
    expect((await ask('forged.token.value')).status).toBe(401);
    const fresh = await t.visitor();
    const freshWelcome = await fresh.welcome();
    const notYet = await ask(freshWelcome.visitorToken);
    expect(notYet.status).toBe(400);
    expect(await notYet.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Write to us here first/) });

    // operators' bad input
    const err = async (i: Record<string, unknown>, who = admin) => (await t.graphql(LINK, { i }, who)).errors?.[0].extensions?.['code'];
    expect(await err({})).toBe('BAD_USER_INPUT');
    expect(await err({ conversationId: chatConversation, contactId: known })).toBe('BAD_USER_INPUT');
    expect(await err({ contactId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    expect(await err({ contactId: 'not-a-uuid' })).toBe('BAD_USER_INPUT');
    expect(await err({ conversationId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    const webchatChannel = (await t.db.query(`SELECT channel_id FROM conversations WHERE id = $1`, [chatConversation]))[0].channel_id;
    expect(await err({ contactId: known, channelId: webchatChannel })).toBe('BAD_USER_INPUT');
    expect(await err({ contactId: known }, await t.login('olga@demo.test'))).toBe('FORBIDDEN');
    // without channelId: the oldest active Telegram channel that can make one now (not a bot whose token Telegram refuses)
    await t.graphql(CREATE, { i: { type: 'telegram', name: 'Refused bot', settings: JSON.stringify({ botToken: UNKNOWN_TOKEN }) } }, admin);
    const any = await t.graphql(LINK, { i: { contactId: known } }, admin);
    expect(any.errors).toBeUndefined();
    expect(any.data?.['channelLink'].url).toMatch(/^https:\/\/t\.me\/parley_\w+_bot\?start=pl/);
    // only that refused bot chosen: said so
    const refusedId = (await t.db.query(`SELECT id FROM channels WHERE name = 'Refused bot' ORDER BY created_at DESC LIMIT 1`))[0].id;
    const cannot = await t.graphql(LINK, { i: { contactId: known, channelId: refusedId } }, admin);
    expect(cannot.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^"Refused bot" cannot make a link right now/), extensions: { code: 'BAD_USER_INPUT', field: 'channelId' } });
  });

  it("an operator's edit of a sent message reaches Telegram (editMessageText of that message); an edit of a failed message calls nothing and its Retry sends the edited text", async () => {
    const EDIT = `mutation($i: EditMessageInput!) { editMessage(input: $i) { id body editedAt deliveryStatus } }`;
    const r = await t.graphql(CREATE, { i: { type: 'telegram', name: 'Edit bot', settings: JSON.stringify({ botToken: EDIT_TOKEN }) } }, admin);
    expect(r.errors).toBeUndefined();
    const editId = r.data?.['createChannel'].channel.id as string;
    const editSecret = fake.webhooks.get(EDIT_TOKEN)?.secret as string;
    expect((await hook(FakeTelegram.textUpdate({ chatId: 7301, messageId: 1, text: 'How much is it?' }), editSecret, editId)).status).toBe(200);
    const { conversation_id: conversationId } = await refOf('7301:1', editId);
    const caps = await t.graphql(`query($id: ID!) { conversation(id: $id) { channel { capabilities { editable } } } }`, { id: conversationId }, admin);
    expect(caps.data?.['conversation'].channel.capabilities.editable).toBe(true);
    const edits = () => fake.callsOf('editMessageText').filter((c) => c.token === EDIT_TOKEN);
    const editRows = async (messageId: string) => t.db.query(`SELECT state, failure_reason FROM outbound_deliveries WHERE kind = 'channel-message-edit' AND payload->>'messageId' = $1 ORDER BY created_at`, [messageId]);

    const price = await reply(conversationId, 'It is 10 EUR.');
    await until(async () => (await statusOf(price)).delivery_status === 'sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [price]);
    const tgId = Number(out.external_id.split(':')[1]);
    const edited = await t.graphql(EDIT, { i: { messageId: price, body: 'It is 12 EUR, sorry.' } }, admin);
    expect(edited.errors).toBeUndefined();
    expect(edited.data?.['editMessage']).toMatchObject({ body: 'It is 12 EUR, sorry.', editedAt: expect.any(String), deliveryStatus: 'sent' });
    await until(async () => edits().length === 1);
    expect(edits()[0].params).toEqual({ chat_id: '7301', message_id: tgId, text: 'It is 12 EUR, sorry.' });
    expect(fake.sentMessage('7301', tgId)).toMatchObject({ text: 'It is 12 EUR, sorry.', edit_date: expect.any(Number) });
    await until(async () => (await editRows(price))[0]?.state === 'sent');
    // two more edits: each is sent, the client ends with the last text; the message stays 'sent'
    await t.graphql(EDIT, { i: { messageId: price, body: 'It is 12 EUR.' } }, admin);
    await t.graphql(EDIT, { i: { messageId: price, body: 'It is 12 EUR (VAT included).' } }, admin);
    await until(async () => (await editRows(price)).length === 3 && (await editRows(price)).every((x: any) => x.state === 'sent'));
    expect(fake.sentMessage('7301', tgId)?.text).toBe('It is 12 EUR (VAT included).');
    expect((await statusOf(price)).delivery_status).toBe('sent');
    // nothing was sent anew: the edits are edits
    expect(fake.callsOf('sendMessage').filter((c) => c.params['chat_id'] === '7301')).toHaveLength(1);

    // Telegram refuses an edit (too old, say): the edit fails with the reason, the message stays sent
    fake.failNext('editMessageText', { code: 400, description: "Bad Request: message can't be edited" }, 1, EDIT_TOKEN);
    await t.graphql(EDIT, { i: { messageId: price, body: 'It is 13 EUR.' } }, admin);
    await until(async () => (await editRows(price)).at(-1)?.state === 'failed');
    expect((await editRows(price)).at(-1)?.failure_reason).toMatch(/Telegram refused the message \(400: Bad Request: message can't be edited\)/);
    expect((await statusOf(price)).delivery_status).toBe('sent');
    // …and the thread shows it on the message (editError), live for the operators; the next edit that goes through clears it
    const EDIT_ERROR = `query($id: ID!) { messages(conversationId: $id) { nodes { id editError deliveryStatus } } }`;
    const editErrorOf = async () => (await t.graphql(EDIT_ERROR, { id: conversationId }, admin)).data?.['messages'].nodes.find((n: any) => n.id === price)?.editError;
    await until(async () => (await editErrorOf()) !== null);
    expect(await editErrorOf()).toMatch(/Telegram refused the message \(400: Bad Request: message can't be edited\)/);
    await t.graphql(EDIT, { i: { messageId: price, body: 'It is 13 EUR, VAT included.' } }, admin);
    expect(await editErrorOf()).toBeNull();
    await until(async () => (await editRows(price)).at(-1)?.state === 'sent');
    expect(await editErrorOf()).toBeNull();
    expect(fake.sentMessage('7301', tgId)?.text).toBe('It is 13 EUR, VAT included.');

    // a message that failed (blocked bot): its edit calls nothing, and no edit is queued
    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' }, 1, EDIT_TOKEN);
    const lost = await reply(conversationId, 'Are you there?');
    await until(async () => (await statusOf(lost)).delivery_status === 'failed');
    const callsBefore = fake.calls.length;
    const editLost = await t.graphql(EDIT, { i: { messageId: lost, body: 'Are you still there?' } }, admin);
    expect(editLost.errors).toBeUndefined();
    expect(editLost.data?.['editMessage']).toMatchObject({ body: 'Are you still there?', deliveryStatus: 'failed' });
    await new Promise((res) => setTimeout(res, 500));
    expect(await editRows(lost)).toEqual([]);
    expect(fake.calls.slice(callsBefore).filter((c) => c.token === EDIT_TOKEN)).toEqual([]);
    // its Retry sends the edited text
    const retry = await t.graphql(`mutation($id: ID!) { retryMessageDelivery(messageId: $id) { id deliveryStatus } }`, { id: lost }, admin);
    expect(retry.errors).toBeUndefined();
    await until(async () => (await statusOf(lost)).delivery_status === 'sent');
    expect(fake.callsOf('sendMessage').filter((c) => c.token === EDIT_TOKEN).at(-1)?.params['text']).toBe('Are you still there?');
    expect(edits().filter((c) => c.params['text'] === 'Are you still there?')).toEqual([]);

    // edited while Telegram still fails the send (502 twice): the edit waits for the message; the client ends with the edited text
    fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' }, 2, EDIT_TOKEN);
    const early = await reply(conversationId, 'Meet at 5.');
    expect((await t.graphql(EDIT, { i: { messageId: early, body: 'Meet at 6.' } }, admin)).errors).toBeUndefined();
    await until(async () => (await statusOf(early)).delivery_status === 'sent' && (await editRows(early))[0]?.state === 'sent');
    const [earlyOut] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [early]);
    expect(fake.sentMessage('7301', Number(earlyOut.external_id.split(':')[1]))?.text).toBe('Meet at 6.');

    // a photo sent with a caption: the caption is edited (editMessageCaption)
    const png = solidPng(2, 2);
    const up = await fetch(`${t.url}/api/attachments?conversationId=${conversationId}&name=plan.png`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` }, body: new Uint8Array(png) });
    const attachmentId = ((await up.json()) as { attachment: { id: string } }).attachment.id;
    const pic = await t.graphql(SEND, { i: { conversationId, clientId: 'tg-edit-pic', body: 'The plan', attachmentIds: [attachmentId] } }, admin);
    const picId = pic.data?.['sendMessage'].id as string;
    await until(async () => (await statusOf(picId)).delivery_status === 'sent');
    expect((await t.graphql(EDIT, { i: { messageId: picId, body: 'The new plan' } }, admin)).errors).toBeUndefined();
    await until(async () => (await editRows(picId))[0]?.state === 'sent');
    const [picOut] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [picId]);
    expect(fake.callsOf('editMessageCaption').at(-1)?.params).toEqual({ chat_id: '7301', message_id: Number(picOut.external_id.split(':')[1]), caption: 'The new plan' });
  });
});
