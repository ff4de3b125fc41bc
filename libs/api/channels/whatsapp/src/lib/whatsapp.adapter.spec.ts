import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChannelEntity, OutboundDelivery, PermanentDeliveryError, WebhookRejectedError, WebhookRequest } from '@parley/api/channels/core';
import { AppConfig } from '@parley/api/platform/config';
import { MAX_ATTACHMENT_BYTES } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { FakeWhatsApp, signWebhook, waWebhookBody } from '../testing/fake-whatsapp';
import { splitText, WhatsappChannelAdapter } from './whatsapp.adapter';

const TOKEN = 'EAAG-adapter-token-0123456789';
const PHONE_ID = '106540352242922';
const SECRET = 'app-secret-0123456789abcdef';
const settings = { phoneNumberId: PHONE_ID, businessAccountId: null, accessToken: TOKEN, appSecret: SECRET, verifyToken: 'verify-me-123' };

describe('WhatsappChannelAdapter against the fake Graph API', () => {
  let fake: FakeWhatsApp;
  let adapter: WhatsappChannelAdapter;
  /** The wamids the framework has stored already (what the adapter looks up in channel_message_refs). */
  const stored = new Set<string>();
  const templateSends = new Map<string, { name: string; language: string; variables: string[] }>();
  const channel = Object.assign(new ChannelEntity(), { id: 'ch-1', workspaceId: 'ws-1', type: 'whatsapp', name: 'WA', active: true, settings });
  const post = (body: unknown, sign: string | null = SECRET, over: Partial<WebhookRequest> = {}): WebhookRequest => {
    const s = signWebhook(body, sign ?? 'x');
    return { method: 'POST', headers: sign ? { 'x-hub-signature-256': s.signature } : {}, query: {}, rawBody: Buffer.from(s.body), ...over };
  };
  const delivery = (over: Partial<OutboundDelivery> = {}): OutboundDelivery => ({
    channel,
    conversationId: 'c-1',
    messageId: `m-${Math.random()}`,
    externalContactId: '48601234567',
    body: 'Your parcel left today.',
    attachments: [],
    thread: ['wamid.IN2', 'wamid.OUT1', 'wamid.IN1'],
    lastInboundExternalId: 'wamid.IN2',
    lastInboundAt: new Date(Date.now() - 60 * 60 * 1000),
    ...over,
  });

  beforeAll(async () => {
    fake = await FakeWhatsApp.start({ token: TOKEN, phoneNumberId: PHONE_ID });
    adapter = new WhatsappChannelAdapter({ channelApis: { whatsapp: fake.url, telegram: '' } } as unknown as AppConfig, {
      query: async (sql: string, params: unknown[]) => {
        if (sql.includes('whatsapp_template_sends')) return templateSends.has(String(params[0])) ? [templateSends.get(String(params[0]))] : [];
        return stored.has(String(params[1])) ? [{ '?column?': 1 }] : [];
      },
    } as unknown as DataSource);
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('answers the subscription handshake with the challenge only for the verify token (403 otherwise)', async () => {
    const get = (query: Record<string, string | undefined>) => adapter.handleWebhook(channel, { method: 'GET', headers: {}, query, rawBody: Buffer.alloc(0) });
    expect(await get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-123', 'hub.challenge': '1158201444' })).toEqual({ response: { status: 200, body: '1158201444', contentType: 'text/plain' } });
    for (const q of [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-124', 'hub.challenge': '1' }, { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me-123', 'hub.challenge': '1' }, { 'hub.challenge': '1' }]) {
      await expect(get(q)).rejects.toMatchObject({ name: 'WebhookRejectedError', status: 403 });
    }
    expect((await get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-123', 'hub.challenge': '<script>' })).response?.status).toBe(400);
  });

  it('refuses unsigned and wrongly signed POSTs before reading them; answers 400 to a signed non-JSON body', async () => {
    const body = waWebhookBody(PHONE_ID, { messages: [{ from: '48601234567', id: 'wamid.F', type: 'text', text: { body: 'forged' } }] });
    await expect(adapter.handleWebhook(channel, post(body, null))).rejects.toBeInstanceOf(WebhookRejectedError);
    await expect(adapter.handleWebhook(channel, post(body, 'another-secret-0000000'))).rejects.toMatchObject({ status: 401 });
    const ok = post(body);
    await expect(adapter.handleWebhook(channel, { ...ok, rawBody: Buffer.from(ok.rawBody.toString().replace('forged', 'FORGED')) })).rejects.toMatchObject({ status: 401 });
    const s = signWebhook('{nope', SECRET);
    expect((await adapter.handleWebhook(channel, { method: 'POST', headers: { 'x-hub-signature-256': s.signature }, query: {}, rawBody: Buffer.from(s.body) })).response?.status).toBe(400);
    expect((await adapter.handleWebhook(channel, { method: 'PUT', headers: {}, query: {}, rawBody: Buffer.alloc(0) })).response?.status).toBe(405);
    // a channel saved without its secrets cannot accept anything
    await expect(adapter.handleWebhook({ ...channel, settings: { phoneNumberId: PHONE_ID } } as ChannelEntity, ok)).rejects.toBeInstanceOf(WebhookRejectedError);
    expect(fake.calls).toEqual([]);
  });

  it('reads a signed message into the normalised shape, downloading its media; too large or expired media is named in the text', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
    fake.addMedia('m-photo', jpeg, 'image/jpeg');
    fake.addMedia('m-huge', Buffer.alloc(10), 'video/mp4', MAX_ATTACHMENT_BYTES + 1);
    const body = waWebhookBody(PHONE_ID, {
      contacts: [{ name: 'Kasia', waId: '48601234567' }],
      messages: [
        { from: '48601234567', id: 'wamid.T', timestamp: '1733300000', type: 'text', text: { body: 'Hello' }, context: { id: 'wamid.OUT1' } },
        { from: '48601234567', id: 'wamid.P', timestamp: '1733300001', type: 'image', image: { id: 'm-photo', mime_type: 'image/jpeg', caption: 'Broken' } },
        { from: '48601234567', id: 'wamid.H', timestamp: '1733300002', type: 'video', video: { id: 'm-huge', mime_type: 'video/mp4' } },
        { from: '48601234567', id: 'wamid.G', timestamp: '1733300003', type: 'document', document: { id: 'm-gone', mime_type: 'application/pdf', filename: 'a.pdf' } },
      ],
      statuses: [{ id: 'wamid.OUT1', status: 'read', timestamp: '1733300004' }],
    });
    const r = await adapter.handleWebhook(channel, post(body));
    expect(r.messages).toHaveLength(4);
    expect(r.messages?.[0]).toEqual({
      kind: 'whatsapp', channelId: 'ch-1', workspaceId: 'ws-1', externalContactId: '48601234567', externalMessageId: 'wamid.T', clientId: null, body: 'Hello', replyTo: ['wamid.OUT1'], attachments: [],
      sender: { name: 'Kasia', phone: '+48601234567' }, receivedAt: new Date(1733300000 * 1000),
    });
    expect(r.messages?.[1]).toMatchObject({ body: 'Broken', attachments: [{ name: 'image-wamidP.jpg', mime: 'image/jpeg', size: jpeg.length, ref: 'm-photo', content: jpeg }] });
    expect(r.messages?.[2]).toMatchObject({ body: '[video-wamidH.mp4 not kept: the file is larger than 10 MB]', attachments: [] });
    expect(r.messages?.[3]).toMatchObject({ body: '[a.pdf not kept: WhatsApp no longer has it]', attachments: [] });
    expect(r.statuses).toEqual([{ externalMessageId: 'wamid.OUT1', status: 'read', error: null, at: new Date(1733300004 * 1000) }]);
    // the huge file was never downloaded
    expect(fake.calls.some((c) => c.path === '/download/m-huge')).toBe(false);
  });

  it("fails the call when Meta's media service is down, so Meta delivers it again", async () => {
    fake.addMedia('m-later', Buffer.from('%PDF-1.4'), 'application/pdf');
    fake.fail({ on: 'media-info', status: 503, code: 2, message: 'Service temporarily unavailable' });
    const body = waWebhookBody(PHONE_ID, { messages: [{ from: '48601234567', id: 'wamid.L', type: 'document', document: { id: 'm-later', mime_type: 'application/pdf' } }] });
    await expect(adapter.handleWebhook(channel, post(body))).rejects.toMatchObject({ retryable: true });
    expect((await adapter.handleWebhook(channel, post(body))).messages?.[0].attachments).toHaveLength(1);
    // once stored, a redelivery does not fetch the file again (the framework drops the duplicate)
    stored.add('wamid.L');
    fake.reset();
    const again = await adapter.handleWebhook(channel, post(body));
    expect(again.messages?.map((m) => [m.externalMessageId, m.attachments.length])).toEqual([['wamid.L', 0]]);
    expect(fake.calls).toEqual([]);
  });

  it('sends text replying to the newest inbound message and returns the wamid', async () => {
    const wamid = await adapter.deliver(delivery());
    expect(wamid).toMatch(/^wamid\.FAKE/);
    expect(fake.messageCalls().map((c) => c.json)).toEqual([{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '48601234567', type: 'text', text: { body: 'Your parcel left today.', preview_url: false }, context: { message_id: 'wamid.IN2' } }]);
    // no inbound id known: no context
    fake.reset();
    await adapter.deliver(delivery({ lastInboundExternalId: null }));
    expect(fake.messageCalls()[0].json.context).toBeUndefined();
  });

  it('refuses to send outside the 24-hour window without calling the API', async () => {
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    const e = await adapter.deliver(delivery({ lastInboundAt: old })).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toBe(`The 24-hour WhatsApp window is closed: the client last wrote ${old.toISOString().slice(0, 16).replace('T', ' ')} UTC (25 hours ago); a template message is needed`);
    const never = await adapter.deliver(delivery({ lastInboundAt: null })).catch((x) => x);
    expect(never.message).toMatch(/^The 24-hour WhatsApp window is closed: the client has not written/);
    expect(fake.calls).toEqual([]);
    // just inside the window it goes
    await adapter.deliver(delivery({ lastInboundAt: new Date(Date.now() - 23.9 * 60 * 60 * 1000) }));
    expect(fake.messageCalls()).toHaveLength(1);
  });

  it("outside the window, a reply goes inside the channel's re-engagement template as its variable; files and overlong text fail with the reason", async () => {
    const templated = { ...channel, settings: { ...settings, templateName: 'reply_to_your_message', templateLanguage: 'pl' } } as ChannelEntity;
    const old = new Date(Date.now() - 30 * 60 * 60 * 1000);
    fake.approveTemplate('reply_to_your_message', 'pl', 1);
    const id = await adapter.deliver(delivery({ channel: templated, lastInboundAt: old, body: 'Your refund is done.\n\nAnything else?\tBye' }));
    expect(id).toMatch(/^wamid\./);
    expect(fake.messageCalls().map((c) => c.json)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: '48601234567', type: 'template', template: { name: 'reply_to_your_message', language: { code: 'pl' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Your refund is done. Anything else? Bye' }] }] } },
    ]);
    fake.reset();
    const files = await adapter.deliver(delivery({ channel: templated, lastInboundAt: old, attachments: [{ name: 'a.pdf', mime: 'application/pdf', size: 1, url: 'https://x.test/a.pdf' }] })).catch((e) => e);
    expect(files).toBeInstanceOf(PermanentDeliveryError);
    expect(files.message).toMatch(/^The 24-hour WhatsApp window is closed: the client last wrote .+: files can be sent once the client writes again/);
    const long = await adapter.deliver(delivery({ channel: templated, lastInboundAt: old, body: 'x'.repeat(901) })).catch((e) => e);
    expect(long.message).toMatch(/takes at most 900 characters; shorten it$/);
    expect(fake.calls).toEqual([]);
    // the template is not approved (or was deleted): Meta's 132001, permanent with the reason
    const missing = await adapter.deliver(delivery({ channel: templated, lastInboundAt: old })).catch((e) => e);
    expect(missing).toBeInstanceOf(PermanentDeliveryError);
    expect(missing.message).toMatch(/^The template does not exist in that language or is not approved .*\(code 132001\)$/);
    // inside the window the template is not used
    fake.reset();
    await adapter.deliver(delivery({ channel: templated }));
    expect(fake.messageCalls()[0].json.type).toBe('text');
  });

  it("an operator's template message (sendTemplateMessage) goes as that template with its values, in or out of the window", async () => {
    templateSends.set('m-tpl', { name: 'order_update', language: 'en_US', variables: ['Kasia', '#1234'] });
    fake.approveTemplate('order_update', 'en_US', 2);
    const old = new Date(Date.now() - 30 * 60 * 60 * 1000);
    for (const lastInboundAt of [old, null, new Date()]) await adapter.deliver(delivery({ messageId: 'm-tpl', body: 'Hello Kasia, your order #1234 has shipped.', lastInboundAt }));
    expect(fake.messageCalls().map((c) => c.json)).toEqual(
      Array(3).fill({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '48601234567',
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kasia' }, { type: 'text', text: '#1234' }] }] },
      }),
    );
    // values that no longer match the approved template: Meta's 132000, permanent with the reason
    fake.reset();
    fake.approveTemplate('order_update', 'en_US', 3);
    const e = await adapter.deliver(delivery({ messageId: 'm-tpl', lastInboundAt: old })).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toMatch(/^The template's variables do not match the approved template.*\(code 132000\)$/);
    templateSends.delete('m-tpl');
  });

  it('splits long text; a retry after a later part failed does not send the earlier part again', async () => {
    const long = `${'a'.repeat(4000)} ${'b'.repeat(3000)}`;
    fake.fail({ on: 'messages', code: 130429, message: 'slow down' });
    // the first part is refused by the limit: nothing went out
    const d = delivery({ body: long });
    await expect(adapter.deliver(d)).rejects.toMatchObject({ retryable: true });
    fake.reset();
    const parts = splitText(long);
    expect(parts).toEqual(['a'.repeat(4000), 'b'.repeat(3000)]);
    // now the second part fails once: the retry sends only the second
    fake.fail({ on: 'messages', code: 1, status: 500, message: 'x', when: (c) => c.json?.text?.body?.startsWith('b') });
    await expect(adapter.deliver(d)).rejects.toMatchObject({ retryable: true, status: 500 });
    expect(fake.messageCalls().map((c) => c.json.text.body.slice(0, 1))).toEqual(['a', 'b']);
    const id = await adapter.deliver(d);
    expect(fake.messageCalls().map((c) => c.json.text.body.slice(0, 1))).toEqual(['a', 'b', 'b']);
    expect(fake.messageCalls()[0].json.context).toEqual({ message_id: 'wamid.IN2' });
    expect(fake.messageCalls()[2].json.context).toBeUndefined();
    // sent in full: a later delivery of the same message (after a crash) is the outbox's to prevent, not a replay of parts
    await adapter.deliver(d);
    expect(fake.messageCalls()).toHaveLength(5);
    expect(id).toMatch(/^wamid\./);
    expect(splitText('x'.repeat(9000)).map((p) => p.length)).toEqual([4096, 4096, 808]);
  });

  it('sends stored files as uploaded media (images as image, others as documents), public files by link', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wa-out-'));
    const png = path.join(dir, 'p.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    const pdf = path.join(dir, 'o.pdf');
    writeFileSync(pdf, '%PDF-1.4 offer');
    await adapter.deliver(
      delivery({
        body: 'Here you are',
        attachments: [
          { name: 'p.png', mime: 'image/png', size: 8, url: '/files/1', filePath: png },
          { name: 'offer.pdf', mime: 'application/pdf', size: 14, url: '/files/2', filePath: pdf },
          { name: 'anim.gif', mime: 'image/gif', size: 10, url: 'https://parley.example/files/3' },
        ],
      }),
    );
    const uploads = fake.calls.filter((c) => c.path === `/${PHONE_ID}/media`);
    expect(uploads.map((u) => [u.form?.fields['type'], u.form?.file?.name, u.form?.file?.content.length])).toEqual([['image/png', 'p.png', 8], ['application/pdf', 'offer.pdf', 14]]);
    const sent = fake.messageCalls().map((c) => c.json);
    expect(sent.map((m) => m.type)).toEqual(['text', 'image', 'document', 'document']);
    expect(sent[1].image).toEqual({ id: 'media-up-1' });
    expect(sent[2].document).toEqual({ id: 'media-up-2', filename: 'offer.pdf' });
    expect(sent[3].document).toEqual({ link: 'https://parley.example/files/3', filename: 'anim.gif' });
    // a file neither stored nor public: the reason, nothing half-sent
    fake.reset();
    const e = await adapter.deliver(delivery({ body: '', attachments: [{ name: 'x.pdf', mime: 'application/pdf', size: 1, url: '/files/9' }] })).catch((x) => x);
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toMatch(/PUBLIC_URL/);
    expect(fake.messageCalls()).toEqual([]);
  });

  it('maps API refusals to permanent errors with reasons; bad settings or recipients never reach the API', async () => {
    fake.fail({ on: 'messages', code: 131026, message: 'Message undeliverable' });
    await expect(adapter.deliver(delivery())).rejects.toThrow(/could not deliver the message/);
    fake.fail({ on: 'messages', code: 131047, message: 'Re-engagement message' });
    await expect(adapter.deliver(delivery())).rejects.toBeInstanceOf(PermanentDeliveryError);
    fake.reset();
    await expect(adapter.deliver(delivery({ externalContactId: 'visitor-abc' }))).rejects.toMatchObject({ code: 'NO_RECIPIENT' });
    await expect(adapter.deliver(delivery({ channel: { ...channel, settings: {} } as ChannelEntity }))).rejects.toMatchObject({ code: 'WHATSAPP_SETTINGS' });
    await expect(adapter.deliver(delivery({ body: '  ' }))).rejects.toMatchObject({ code: 'EMPTY' });
    expect(fake.calls).toEqual([]);
  });

  it('checks the connection: the number and its name, or why not', async () => {
    expect(await adapter.checkConnection(channel)).toEqual({ ok: true, message: 'Connected to Parley Test Shop, +1 555-010-0199' });
    expect(await adapter.checkConnection({ ...channel, settings: { ...settings, accessToken: 'EAAG-expired-token-00000000' } } as ChannelEntity)).toEqual({ ok: false, message: expect.stringMatching(/access token has expired or is invalid/) });
    expect(await adapter.checkConnection({ ...channel, settings: { ...settings, phoneNumberId: '99999999' } } as ChannelEntity)).toEqual({ ok: false, message: expect.stringMatching(/does not know this phone number ID/) });
    expect(await adapter.checkConnection({ ...channel, settings: {} } as ChannelEntity)).toMatchObject({ ok: false, message: expect.stringMatching(/^The settings are incomplete/) });
  });
});
