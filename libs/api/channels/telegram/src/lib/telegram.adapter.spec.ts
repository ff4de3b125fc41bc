import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChannelEntity, OutboundDelivery, PermanentDeliveryError, WebhookRejectedError, WebhookRequest } from '@parley/api/channels/core';
import type { AppConfig } from '@parley/api/platform/config';
import type { DataSource } from 'typeorm';
import { FakeTelegram } from '../testing/fake-telegram';
import { webhookSecretToken } from './telegram-settings';
import { TELEGRAM_FILE_CAP_BYTES, TelegramChannelAdapter } from './telegram.adapter';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'the-webhook-secret-0123456789';

describe('TelegramChannelAdapter (against the fake Bot API)', () => {
  let fake: FakeTelegram;
  let adapter: TelegramChannelAdapter;
  /** What channel_message_refs would say is the client's newest message. */
  let newestInbound: string | null = null;
  const channel = Object.assign(new ChannelEntity(), { id: 'ch-1', workspaceId: 'ws-1', type: 'telegram', active: true, settings: { botToken: TOKEN, webhookSecret: SECRET, mode: 'webhook' } });
  const HEADER = webhookSecretToken({ botToken: TOKEN, webhookSecret: SECRET });
  const req = (body: string | object, secret: string | null = HEADER, method = 'POST'): WebhookRequest => ({
    method,
    headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
    query: {},
    rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const delivery = (o: Partial<OutboundDelivery>): OutboundDelivery => ({ channel, conversationId: 'conv-1', messageId: `m-${Math.random()}`, externalContactId: '4242', body: 'Hi', attachments: [], thread: [], ...o });

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    fake.addBot(TOKEN, { username: 'shop_bot' });
    const db = { query: async (sql: string) => (sql.includes("direction = 'in'") && newestInbound ? [{ external_id: newestInbound }] : []) } as unknown as DataSource;
    adapter = new TelegramChannelAdapter({ channelApis: { telegram: fake.url } } as AppConfig, db);
  });
  afterAll(() => fake.stop());

  it('refuses a webhook call without the exact secret, before reading the body', async () => {
    for (const s of [null, '', 'wrong', SECRET, `${HEADER}x`, HEADER.slice(0, -1), HEADER.toUpperCase()]) {
      await expect(adapter.handleWebhook(channel, req('{not json', s))).rejects.toBeInstanceOf(WebhookRejectedError);
    }
    // a channel whose secret is missing accepts nothing, not even an empty header
    const noSecret = Object.assign(new ChannelEntity(), channel, { settings: { botToken: TOKEN, mode: 'webhook' } });
    await expect(adapter.handleWebhook(noSecret, req({}, ''))).rejects.toBeInstanceOf(WebhookRejectedError);
    // the header is bound to the bot: the same channel secret with another bot's token does not match
    const otherBot = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botToken: '555555555:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' } });
    await expect(adapter.handleWebhook(otherBot, req('{}'))).rejects.toBeInstanceOf(WebhookRejectedError);
  });

  it('answers 200 and stores nothing for bodies that are not updates (Telegram would redeliver them forever)', async () => {
    expect(await adapter.handleWebhook(channel, req('{not json'))).toEqual({});
    expect(await adapter.handleWebhook(channel, req('null'))).toEqual({});
    expect(await adapter.handleWebhook(channel, req({ update_id: 1, my_chat_member: {} }))).toEqual({});
    expect((await adapter.handleWebhook(channel, req('{}', HEADER, 'GET'))).response?.status).toBe(405);
    const r = await adapter.handleWebhook(channel, req(FakeTelegram.textUpdate({ chatId: 4242, messageId: 3, text: 'hello' })));
    expect(r.messages).toEqual([expect.objectContaining({ externalMessageId: '4242:3', body: 'hello', externalContactId: '4242' })]);
  });

  it('a file larger than the cap is not downloaded even when getFile under-reports it; it is named in the text', async () => {
    fake.addFile('liar', Buffer.alloc(TELEGRAM_FILE_CAP_BYTES + 1), { path: 'docs/liar.pdf', reportedSize: 100 });
    const r = await adapter.handleWebhook(channel, req(FakeTelegram.textUpdate({ chatId: 4242, messageId: 4, extra: { caption: 'see file', document: { file_id: 'liar', file_name: 'big.pdf', file_size: 100 } } })));
    expect(r.messages?.[0].attachments).toEqual([]);
    expect(r.messages?.[0].body).toMatch(/^see file\n\n\[document "big\.pdf" \(10\.0 MB\) not kept: larger than 10 MB/);
  });

  it('a 429 between the parts of a long text: the retry sends only the parts still missing', async () => {
    const body = `${'x'.repeat(4000)}\n\n${'y'.repeat(4000)}\n\n${'z'.repeat(100)}`;
    const d = delivery({ body, externalContactId: '5151' });
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2, skip: 1 });
    const err = await adapter.deliver(d).catch((e) => e);
    expect(err.retryAfterMs).toBe(2000);
    const id = await adapter.deliver(d);
    const texts = fake.callsOf('sendMessage').filter((c) => c.params['chat_id'] === '5151').map((c) => String(c.params['text'])[0]);
    // x once, y failed once then sent, z once
    expect(texts).toEqual(['x', 'y', 'y', 'z']);
    // the id is the first part's, which the retry did not send again
    expect(id).toBe(`5151:${fake.sentIds('5151')[0]}`);
  });

  it('a photo Telegram refuses as a photo goes as a document; a stored file that is gone fails the message for good', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-adapter-'));
    const file = path.join(dir, 'wide');
    writeFileSync(file, Buffer.from('fake png'));
    fake.failNext('sendPhoto', { code: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' });
    const id = await adapter.deliver(delivery({ externalContactId: '6161', body: 'wide one', attachments: [{ name: 'wide.png', mime: 'image/png', size: 8, url: '/x', filePath: file }] }));
    const doc = fake.callsOf('sendDocument').at(-1);
    expect(doc?.params).toMatchObject({ chat_id: '6161', caption: 'wide one' });
    expect(doc?.files['document'].name).toBe('wide.png');
    expect(id).toBe(`6161:${fake.sentIds('6161').at(-1)}`);
    const gone = await adapter.deliver(delivery({ body: '', attachments: [{ name: 'gone.pdf', mime: 'application/pdf', size: 8, url: '/x', filePath: path.join(dir, 'nothing-here') }] })).catch((e) => e);
    expect(gone).toBeInstanceOf(PermanentDeliveryError);
    expect(gone.message).toBe('The file "gone.pdf" is no longer stored on this server');
  });

  it('quotes the client\'s newest message only when something was said after it', async () => {
    newestInbound = '4242:77';
    await adapter.deliver(delivery({ body: 'right after', thread: ['4242:77'] }));
    expect(fake.callsOf('sendMessage').at(-1)?.params['reply_parameters']).toBeUndefined();
    await adapter.deliver(delivery({ body: 'later on', thread: ['4242:80', '4242:77'] }));
    expect(fake.callsOf('sendMessage').at(-1)?.params['reply_parameters']).toEqual({ message_id: 77, allow_sending_without_reply: true });
    newestInbound = null;
  });

  it('permanent failures carry a reason for the operator; a bad recipient or a channel without token never calls Telegram', async () => {
    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: user is deactivated' });
    const gone = await adapter.deliver(delivery({})).catch((e) => e);
    expect(gone).toBeInstanceOf(PermanentDeliveryError);
    expect(gone.message).toBe("The client's Telegram account was deleted (403: user is deactivated)");
    const calls = fake.calls.length;
    await expect(adapter.deliver(delivery({ externalContactId: 'visitor-abc' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(adapter.deliver(delivery({ channel: Object.assign(new ChannelEntity(), channel, { settings: {} }) }))).rejects.toThrow('no bot token');
    expect(fake.calls.length).toBe(calls);
    const revoked = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botToken: '999999999:AAHrevokedrevokedrevokedrevokedrevok' } });
    const e = await adapter.deliver(delivery({ channel: revoked })).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toMatch(/refused the bot token/);
    expect(e.message).not.toContain('AAHrevoked');
  });

  it('checkConnection says what to do: a refused token, an unreachable Telegram, a webhook that is missing', async () => {
    const revoked = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botToken: '999999999:AAHrevokedrevokedrevokedrevokedrevok' } });
    expect(await adapter.checkConnection(revoked)).toEqual({ ok: false, message: expect.stringMatching(/refused the bot token.*@BotFather/) });
    expect(await adapter.checkConnection(channel)).toEqual({ ok: false, message: expect.stringMatching(/no webhook for it: save the channel again/) });
    await adapter.onChannelSaved(channel, 'https://parley.test/api/channels/ch-1/webhook');
    expect(fake.webhooks.get(TOKEN)).toEqual({ url: 'https://parley.test/api/channels/ch-1/webhook', secret: HEADER, allowedUpdates: ['message'] });
    expect(await adapter.checkConnection(channel)).toEqual({ ok: true, message: 'Connected as @shop_bot (webhook)' });
    const offline = new TelegramChannelAdapter({ channelApis: { telegram: 'http://127.0.0.1:1' } } as AppConfig, {} as DataSource);
    expect(await offline.checkConnection(channel)).toEqual({ ok: false, message: expect.stringMatching(/could not be reached.*check that this server can reach http:\/\/127\.0\.0\.1:1/) });
    await expect(adapter.onChannelSaved(channel, 'ftp://nowhere')).rejects.toThrow(/HTTPS at PUBLIC_URL; set PUBLIC_URL or choose polling/);
    const polling = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, mode: 'polling' } });
    await adapter.onChannelSaved(polling, '');
    expect(fake.webhooks.has(TOKEN)).toBe(false);
  });

  it('edits: the same text again is harmless (not modified), too long or empty is permanent, an unknown message is permanent, a 429 is retried', async () => {
    const sentId = await adapter.deliver(delivery({ body: 'First version' }));
    const id = Number(sentId.split(':')[1]);
    await adapter.edit(delivery({}), sentId, 'Second version');
    expect(fake.sentMessage('4242', id)?.text).toBe('Second version');
    // a retried edit: Telegram answers "message is not modified", which is success
    await expect(adapter.edit(delivery({}), sentId, 'Second version')).resolves.toBeUndefined();
    await expect(adapter.edit(delivery({}), sentId, 'x'.repeat(4097))).rejects.toThrow(/longer than one Telegram message/);
    await expect(adapter.edit(delivery({}), sentId, '   ')).rejects.toBeInstanceOf(PermanentDeliveryError);
    // another chat's id, a malformed id: nothing is called
    const calls = fake.calls.length;
    await expect(adapter.edit(delivery({}), '999:1', 'x')).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(adapter.edit(delivery({}), 'garbage', 'x')).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(fake.calls.length).toBe(calls);
    // a message Telegram does not have (deleted by the client): permanent, with Telegram's words
    await expect(adapter.edit(delivery({}), '4242:1', 'x')).rejects.toThrow(/message to edit not found/);
    fake.failNext('editMessageText', { code: 429, description: 'Too Many Requests: retry after 2', retryAfter: 2 });
    const slow = await adapter.edit(delivery({}), sentId, 'Third version').catch((e) => e);
    expect(slow).not.toBeInstanceOf(PermanentDeliveryError);
    expect(slow.retryAfterMs).toBe(2000);
  });

  it('links: t.me/<bot>?start=<code> from the stored name, or from getMe; none when Telegram refuses the token or the code could not be a start parameter', async () => {
    const named = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botUsername: 'stored_bot' } });
    const getMes = fake.callsOf('getMe').length;
    expect(await adapter.linkUrl(named, 'plabc')).toBe('https://t.me/stored_bot?start=plabc');
    expect(fake.callsOf('getMe')).toHaveLength(getMes);
    expect(await adapter.linkUrl(channel, 'plabc')).toBe('https://t.me/shop_bot?start=plabc');
    expect(await adapter.linkUrl(named, 'bad code&x=1')).toBeNull();
    const refused = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botToken: '999999999:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' } });
    expect(await adapter.linkUrl(refused, 'plabc')).toBeNull();
    // a stored name that is not a Telegram username is not trusted
    const odd = Object.assign(new ChannelEntity(), channel, { settings: { ...channel.settings, botUsername: 'x/../evil' } });
    expect(await adapter.linkUrl(odd, 'plabc')).toBe('https://t.me/shop_bot?start=plabc');
  });

  it('a removed channel deletes its webhook; a refusal is said without the token', async () => {
    await adapter.onChannelSaved(channel, 'https://parley.example/api/channels/ch-1/webhook');
    expect(fake.webhooks.has(TOKEN)).toBe(true);
    await adapter.onChannelRemoved(channel);
    expect(fake.webhooks.has(TOKEN)).toBe(false);
    fake.failNext('deleteWebhook', { code: 401, description: 'Unauthorized' });
    const e = (await adapter.onChannelRemoved(channel).then(() => new Error('resolved'), (x) => x)) as Error;
    expect(e.message).toMatch(/^Telegram was not told to stop calling: Telegram refused the bot token/);
    expect(e.message).not.toContain(TOKEN.split(':')[1]);
  });
});
