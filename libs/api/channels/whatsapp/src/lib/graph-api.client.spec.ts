import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentDeliveryError } from '@parley/api/channels/core';
import { FakeWhatsApp } from '../testing/fake-whatsapp';
import { GraphApiClient, GraphApiError, graphError, MediaTooLargeError, retryAfterMsOf } from './graph-api.client';

const TOKEN = 'EAAG-test-token-0123456789';
const PHONE_ID = '106540352242922';

describe('graphError: what a Graph API error means', () => {
  const err = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `meta says ${code}`, code, ...extra } });

  it('permanent codes get a reason the operator can act on', () => {
    const cases: Array<[number, RegExp]> = [
      [131047, /^The 24-hour WhatsApp window is closed: more than 24 hours/],
      [131026, /^WhatsApp could not deliver the message: the number may not be on WhatsApp/],
      [190, /^The WhatsApp access token has expired or is invalid/],
      [100, /^WhatsApp refused the message as invalid: meta says 100/],
      [131051, /^WhatsApp does not support this kind of message/],
    ];
    for (const [code, reason] of cases) {
      const e = graphError(code === 190 ? 401 : 400, err(code));
      expect(e).toBeInstanceOf(PermanentDeliveryError);
      expect(e.message).toMatch(reason);
      expect(e.message).toContain(`(code ${code})`);
      expect((e as PermanentDeliveryError).code).toBe(`WHATSAPP_${code}`);
    }
    // an unknown 4xx code: permanent, in Meta's words with its details
    const other = graphError(400, { error: { message: 'Something odd', code: 131009, error_data: { details: 'the details' } } });
    expect(other).toBeInstanceOf(PermanentDeliveryError);
    expect(other.message).toBe('WhatsApp refused the message: Something odd: the details (code 131009)');
  });

  it('rate limits, Meta trouble and 5xx are retryable, waiting for Retry-After when given', () => {
    for (const c of [130429, 131056, 4, 80007, 131000]) {
      const e = graphError(c === 4 || c === 130429 ? 429 : 400, err(c), c === 130429 ? '7' : null);
      expect(e).toBeInstanceOf(GraphApiError);
      expect((e as GraphApiError).retryable).toBe(true);
      expect((e as GraphApiError).retryAfterMs).toBe(c === 130429 ? 7000 : undefined);
    }
    const html = graphError(502, null);
    expect(html).toBeInstanceOf(GraphApiError);
    expect(html.message).toContain('HTTP 502');
    expect(graphError(500, err(100))).toBeInstanceOf(GraphApiError);
    // an unreadable 404 is not retried
    expect(graphError(404, null)).toBeInstanceOf(PermanentDeliveryError);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMsOf('2')).toBe(2000);
    expect(retryAfterMsOf('0.5')).toBe(500);
    expect(retryAfterMsOf(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMsOf(new Date(1000).toUTCString(), 4000)).toBe(0);
    expect(retryAfterMsOf('soon')).toBeUndefined();
    expect(retryAfterMsOf(null)).toBeUndefined();
  });
});

describe('GraphApiClient against the fake Graph API', () => {
  let fake: FakeWhatsApp;
  let client: GraphApiClient;
  beforeAll(async () => {
    fake = await FakeWhatsApp.start({ token: TOKEN, phoneNumberId: PHONE_ID });
    client = new GraphApiClient({ baseUrl: `${fake.url}/`, accessToken: TOKEN });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('sends a text with the bearer token under the version segment and returns the wamid', async () => {
    const id = await client.sendMessage(PHONE_ID, { to: '48601234567', type: 'text', text: { body: 'Hi' }, context: { message_id: 'wamid.IN' } });
    expect(id).toMatch(/^wamid\./);
    expect(fake.calls).toEqual([
      expect.objectContaining({ method: 'POST', version: 'v21.0', path: `/${PHONE_ID}/messages`, authorization: `Bearer ${TOKEN}`, json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '48601234567', type: 'text', text: { body: 'Hi' }, context: { message_id: 'wamid.IN' } } }),
    ]);
  });

  it('maps the errors the API answers with; the token never appears in them', async () => {
    fake.fail({ code: 131047, message: 'Re-engagement message' }, { code: 130429, message: 'Rate limit hit', retryAfter: '3' }, { status: 503, raw: '<html>Service Unavailable</html>' });
    const errors: Error[] = [];
    for (let i = 0; i < 3; i++) errors.push(await client.sendMessage(PHONE_ID, { to: '1', type: 'text', text: { body: 'x' } }).catch((e) => e));
    expect(errors[0]).toBeInstanceOf(PermanentDeliveryError);
    expect(errors[0].message).toMatch(/window is closed/);
    expect(errors[1]).toMatchObject({ retryable: true, retryAfterMs: 3000, code: 130429 });
    expect(errors[2]).toMatchObject({ retryable: true, status: 503 });
    const badToken = await new GraphApiClient({ baseUrl: fake.url, accessToken: 'wrong-token-000000000000' }).phoneNumber(PHONE_ID).catch((e) => e);
    expect(badToken).toBeInstanceOf(PermanentDeliveryError);
    expect(badToken.message).toMatch(/access token has expired or is invalid/);
    for (const e of [...errors, badToken]) expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain(TOKEN);
  });

  it('a refused connection or a timeout is retryable', async () => {
    const closed = new GraphApiClient({ baseUrl: 'http://127.0.0.1:1', accessToken: TOKEN });
    const e = await closed.sendMessage(PHONE_ID, { to: '1', type: 'text', text: { body: 'x' } }).catch((x) => x);
    expect(e).toMatchObject({ retryable: true, status: 0 });
    expect(e.message).toMatch(/could not be reached/);
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const slow = new GraphApiClient({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, accessToken: TOKEN, timeoutMs: 200 });
    const t = await slow.phoneNumber(PHONE_ID).catch((x) => x);
    silent.closeAllConnections();
    silent.close();
    expect(t).toMatchObject({ retryable: true });
    expect(t.message).toContain('no answer in time');
  });

  it('uploads media as multipart and looks up and downloads inbound media with the token, within the size cap', async () => {
    const id = await client.uploadMedia(PHONE_ID, Buffer.from('%PDF-1.4 test'), 'application/pdf', 'offer.pdf');
    expect(id).toMatch(/^media-up-/);
    expect(fake.calls[0].form).toEqual({ fields: { messaging_product: 'whatsapp', type: 'application/pdf' }, file: { name: 'offer.pdf', mime: 'application/pdf', content: Buffer.from('%PDF-1.4 test') } });
    fake.addMedia('m-1', Buffer.alloc(2048, 7), 'image/jpeg');
    const info = await client.mediaInfo('m-1');
    expect(info).toMatchObject({ mime_type: 'image/jpeg', file_size: 2048 });
    expect(await client.download(info.url, 4096)).toEqual(Buffer.alloc(2048, 7));
    await expect(client.download(info.url, 1000)).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(fake.calls.filter((c) => c.path === '/download/m-1').every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // an unknown media id: Meta's code 100, permanent
    await expect(client.mediaInfo('m-gone')).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(client.download(`${fake.url}/download/m-gone`, 1000)).rejects.toMatchObject({ retryable: false, status: 404 });
    // with the real (TLS) API, a clear-text download address is refused before the token is sent anywhere
    const tls = new GraphApiClient({ baseUrl: 'https://graph.facebook.com', accessToken: TOKEN });
    const before = fake.calls.length;
    await expect(tls.download(info.url, 4096)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/without TLS/) });
    expect(fake.calls.length).toBe(before);
  });
});

describe('GraphApiClient.messageTemplates', () => {
  it("pages with the after cursor against the configured API only, never following Meta's next URL elsewhere", async () => {
    const seen: Array<{ path: string; after: string | null; auth: string | undefined }> = [];
    const server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: u.pathname, after: u.searchParams.get('after'), auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      const first = !u.searchParams.get('after');
      res.end(JSON.stringify(first ? { data: [{ name: 'a' }], paging: { cursors: { after: 'CUR1' }, next: 'http://elsewhere.invalid/v21.0/1/message_templates?after=CUR1' } } : { data: [{ name: 'b' }], paging: { cursors: { after: 'CUR2' } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new GraphApiClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, accessToken: 'tok-0123456789' });
      const one = await client.messageTemplates('102290129340398');
      expect(one).toEqual({ data: [{ name: 'a' }], after: 'CUR1' });
      // the last page: a cursor but no next
      expect(await client.messageTemplates('102290129340398', one.after)).toEqual({ data: [{ name: 'b' }], after: null });
      expect(seen).toEqual([
        { path: '/v21.0/102290129340398/message_templates', after: null, auth: 'Bearer tok-0123456789' },
        { path: '/v21.0/102290129340398/message_templates', after: 'CUR1', auth: 'Bearer tok-0123456789' },
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
