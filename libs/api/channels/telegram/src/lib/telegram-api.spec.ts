import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentDeliveryError } from '@parley/api/channels/core';
import { FakeTelegram } from '../testing/fake-telegram';
import { scrubToken, TelegramApiError, TelegramBotApi, toDeliveryError } from './telegram-api';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const BAD = '987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDxxx';

describe('TelegramBotApi against the fake Bot API', () => {
  let fake: FakeTelegram;
  let api: TelegramBotApi;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    fake.addBot(TOKEN, { username: 'shop_bot' });
    api = new TelegramBotApi(fake.url, TOKEN);
  });
  afterAll(() => fake.stop());

  it('calls <base>/bot<token>/<method> with JSON and reads the result', async () => {
    expect(await api.getMe()).toMatchObject({ username: 'shop_bot', is_bot: true });
    expect(await api.setWebhook('https://parley.test/api/channels/x/webhook', 'sekret_sekret_sekret')).toBe(true);
    expect(fake.callsOf('setWebhook').at(-1)).toMatchObject({ token: TOKEN, params: { url: 'https://parley.test/api/channels/x/webhook', secret_token: 'sekret_sekret_sekret', allowed_updates: ['message'] } });
    const sent = await api.sendMessage('4242', 'Hi', { replyToMessageId: 7 });
    expect(sent.message_id).toEqual(expect.any(Number));
    expect(fake.callsOf('sendMessage').at(-1)?.params).toEqual({ chat_id: '4242', text: 'Hi', reply_parameters: { message_id: 7, allow_sending_without_reply: true } });
  });

  it('uploads a stored file as multipart (sendPhoto / sendDocument)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-api-'));
    const file = path.join(dir, 'stored-blob');
    writeFileSync(file, Buffer.from('%PDF-1.4 fake'));
    await api.sendFile('document', '4242', { filePath: file, name: 'invoice.pdf', mime: 'application/pdf' }, 'Your invoice', { replyToMessageId: 3 });
    const call = fake.callsOf('sendDocument').at(-1);
    expect(call?.params).toEqual({ chat_id: '4242', caption: 'Your invoice', reply_parameters: { message_id: 3, allow_sending_without_reply: true } });
    expect(call?.files['document']).toEqual({ name: 'invoice.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 fake') });
  });

  it('maps a 429 to a retryable error with retryAfterMs; 403, 401 and "chat not found" to permanent errors with a human reason; 5xx stays retryable', async () => {
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 });
    const slow = await api.sendMessage('1', 'x').catch((e) => e);
    expect(slow).toBeInstanceOf(TelegramApiError);
    expect(slow.retryAfterMs).toBe(3000);
    expect(toDeliveryError(slow)).toBe(slow);

    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = toDeliveryError(await api.sendMessage('1', 'x').catch((e) => e));
    expect(blocked).toBeInstanceOf(PermanentDeliveryError);
    expect(blocked.message).toBe('The client blocked the bot on Telegram (403: bot was blocked by the user)');

    fake.failNext('sendMessage', { code: 400, description: 'Bad Request: chat not found' });
    expect(toDeliveryError(await api.sendMessage('1', 'x').catch((e) => e)).message).toMatch(/^Telegram does not know this chat/);
    fake.failNext('sendMessage', { code: 400, description: 'Bad Request: PEER_ID_INVALID' });
    expect(toDeliveryError(await api.sendMessage('1', 'x').catch((e) => e))).toBeInstanceOf(PermanentDeliveryError);

    const badToken = await new TelegramBotApi(fake.url, BAD).sendMessage('1', 'x').catch((e) => e);
    expect(badToken.errorCode).toBe(401);
    const perm = toDeliveryError(badToken);
    expect(perm).toBeInstanceOf(PermanentDeliveryError);
    expect(perm.message).toMatch(/refused the bot token/);

    fake.failNext('sendMessage', { code: 502, description: 'Bad Gateway' });
    const down = await api.sendMessage('1', 'x').catch((e) => e);
    expect(toDeliveryError(down)).not.toBeInstanceOf(PermanentDeliveryError);
    expect(down.retryAfterMs).toBeUndefined();
  });

  it('never puts the token in an error, whatever the server or the network says', async () => {
    // a server that quotes the request URL back
    const echo = createServer((req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: `internal error at ${req.url}` }));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const e1 = await new TelegramBotApi(`http://127.0.0.1:${(echo.address() as AddressInfo).port}`, TOKEN).getMe().catch((e) => e);
    echo.close();
    expect(e1.message).toContain('bot<token>/getMe');
    // nobody listening
    const e2 = await new TelegramBotApi('http://127.0.0.1:1', TOKEN).getMe().catch((e) => e);
    expect(e2).toBeInstanceOf(TelegramApiError);
    expect(e2.errorCode).toBe(0);
    expect(toDeliveryError(e2)).not.toBeInstanceOf(PermanentDeliveryError);
    // not JSON
    const html = createServer((_, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>bad gateway</h1>'));
    await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
    const e3 = await new TelegramBotApi(`http://127.0.0.1:${(html.address() as AddressInfo).port}`, TOKEN).getMe().catch((e) => e);
    html.close();
    expect([e3.errorCode, e3.description]).toEqual([502, 'HTTP 502']);
    for (const e of [e1, e2, e3]) expect(`${e.message} ${e.description} ${e.stack}`).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
    expect(scrubToken(`see https://api.telegram.org/bot${BAD}/getMe and ${TOKEN}`)).toBe('see https://api.telegram.org/bot<token>/getMe and <token>');
  });

  it('downloads a file by its path up to a cap; a larger one is reported, not read', async () => {
    fake.addFile('f-1', Buffer.alloc(5000, 7), { path: 'photos/file 1.jpg' });
    const info = await api.getFile('f-1');
    expect(info).toMatchObject({ file_size: 5000, file_path: 'photos/file 1.jpg' });
    const got = await api.download(info.file_path as string, 10_000);
    expect(got).toEqual({ content: Buffer.alloc(5000, 7), tooLarge: false, size: 5000 });
    expect(await api.download(info.file_path as string, 4999)).toEqual({ content: Buffer.alloc(0), tooLarge: true, size: 5000 });
    await expect(api.download('photos/none.jpg', 10_000)).rejects.toMatchObject({ errorCode: 404 });
    await expect(api.getFile('unknown')).rejects.toMatchObject({ errorCode: 400 });
  });

  it('getUpdates follows the offset and is refused while a webhook is set', async () => {
    await api.setWebhook('https://x.test/hook', 'sekret_sekret_sekret');
    await expect(api.getUpdates(0)).rejects.toMatchObject({ errorCode: 409 });
    await api.deleteWebhook();
    const a = fake.queueUpdate(TOKEN, FakeTelegram.textUpdate({ chatId: 1, messageId: 1, text: 'a' }));
    const b = fake.queueUpdate(TOKEN, FakeTelegram.textUpdate({ chatId: 1, messageId: 2, text: 'b' }));
    expect((await api.getUpdates(0)).map((u) => u.update_id)).toEqual([a.update_id, b.update_id]);
    expect((await api.getUpdates(b.update_id)).map((u) => u.update_id)).toEqual([b.update_id]);
    expect(await api.getUpdates(b.update_id + 1)).toEqual([]);
  });
});
