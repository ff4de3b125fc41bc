import { createHmac } from 'node:crypto';
import { WebhookRejectedError } from '@parley/api/channels/core';
import { signWebhook, waWebhookBody } from '../testing/fake-whatsapp';
import { parseWebhook, sameText, signatureOf, verifySignature, WaMessage } from './whatsapp-webhook';

const SECRET = 'app-secret-0123456789abcdef';
const PHONE_ID = '106540352242922';

describe('verifySignature (X-Hub-Signature-256)', () => {
  const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }));
  const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the exact bytes with the app secret (hex in either case)', () => {
    expect(() => verifySignature(SECRET, body, good)).not.toThrow();
    expect(() => verifySignature(SECRET, body, `sha256=${good.slice(7).toUpperCase()}`)).not.toThrow();
    expect(signatureOf(SECRET, body)).toBe(good);
    expect(signWebhook(body.toString(), SECRET).signature).toBe(good);
  });

  it('refuses a tampered body, another secret, a missing, malformed or wrong-length header (401)', () => {
    const tampered = Buffer.from(body.toString().replace('entry', 'entrY'));
    const cases: Array<[Buffer, string | undefined, string]> = [
      [tampered, good, 'does not match'],
      [body, `sha256=${createHmac('sha256', 'another-secret-xxxxxx').update(body).digest('hex')}`, 'does not match'],
      [body, undefined, 'not signed'],
      [body, '', 'not signed'],
      [body, good.slice(0, -2), 'malformed'],
      [body, `${good}00`, 'malformed'],
      [body, good.replace('sha256=', 'sha1='), 'malformed'],
      [body, good.replace('sha256=', ''), 'malformed'],
      [body, `sha256=${'z'.repeat(64)}`, 'malformed'],
    ];
    for (const [b, header, why] of cases) {
      let err: unknown;
      try {
        verifySignature(SECRET, b, header);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WebhookRejectedError);
      expect((err as WebhookRejectedError).status).toBe(401);
      expect((err as Error).message).toContain(why);
    }
    expect(() => verifySignature('', body, good)).toThrow(WebhookRejectedError);
  });

  it('compares verify tokens exactly', () => {
    expect(sameText('verify-me-123', 'verify-me-123')).toBe(true);
    expect(sameText('verify-me-123', 'verify-me-124')).toBe(false);
    expect(sameText('verify-me-123', 'verify-me-1234')).toBe(false);
    expect(sameText('', 'x')).toBe(false);
  });
});

describe('parseWebhook', () => {
  const at = '1733300000';
  const msg = (m: Partial<WaMessage>): WaMessage => ({ from: '48601234567', id: `wamid.${Math.random().toString(36).slice(2)}`, timestamp: at, ...m });
  const parse = (messages: WaMessage[], contacts = [{ name: 'Kasia Kowalska', waId: '48601234567' }]) => parseWebhook(waWebhookBody(PHONE_ID, { contacts, messages }), PHONE_ID);

  it('reads a text message: wamid, sender number and profile name, time, reply context', () => {
    const r = parse([msg({ id: 'wamid.ABC', type: 'text', text: { body: 'Hello, where is my order?' }, context: { from: '15550100199', id: 'wamid.OUT1' } })]);
    expect(r.messages).toEqual([
      { id: 'wamid.ABC', waId: '48601234567', name: 'Kasia Kowalska', body: 'Hello, where is my order?', replyTo: ['wamid.OUT1'], media: [], receivedAt: new Date(1733300000 * 1000) },
    ]);
    expect(r.statuses).toEqual([]);
  });

  it('reads every media type with its caption, mime (parameters dropped) and a file name', () => {
    const r = parse([
      msg({ id: 'wamid.I', type: 'image', image: { id: 'm-img', mime_type: 'image/jpeg', sha256: 'x', caption: 'The broken part' } }),
      msg({ id: 'wamid.D', type: 'document', document: { id: 'm-doc', mime_type: 'application/pdf', filename: 'invoice-7.pdf' } }),
      msg({ id: 'wamid.A', type: 'audio', audio: { id: 'm-aud', mime_type: 'audio/ogg; codecs=opus', voice: true } }),
      msg({ id: 'wamid.V', type: 'video', video: { id: 'm-vid', mime_type: 'video/mp4', caption: 'See' } }),
      msg({ id: 'wamid.S', type: 'sticker', sticker: { id: 'm-stk', mime_type: 'image/webp', animated: false } }),
    ]);
    expect(r.messages.map((m) => [m.id, m.body, m.media])).toEqual([
      ['wamid.I', 'The broken part', [{ mediaId: 'm-img', mime: 'image/jpeg', name: 'image-wamidI.jpg', sha256: 'x' }]],
      ['wamid.D', '', [{ mediaId: 'm-doc', mime: 'application/pdf', name: 'invoice-7.pdf', sha256: null }]],
      ['wamid.A', '', [{ mediaId: 'm-aud', mime: 'audio/ogg', name: 'voice-message-wamidA.ogg', sha256: null }]],
      ['wamid.V', 'See', [{ mediaId: 'm-vid', mime: 'video/mp4', name: 'video-wamidV.mp4', sha256: null }]],
      ['wamid.S', '', [{ mediaId: 'm-stk', mime: 'image/webp', name: 'sticker-wamidS.webp', sha256: null }]],
    ]);
    // a media message without its id still says what it was
    expect(parse([msg({ type: 'image', image: {} })]).messages[0]).toMatchObject({ body: '(a image WhatsApp did not pass on)', media: [] });
  });

  it('turns location, buttons, lists, quick replies, shared contacts, reactions and orders into text', () => {
    const r = parse([
      msg({ type: 'location', location: { latitude: 52.2297, longitude: 21.0122, name: 'Shop', address: 'Marszałkowska 1, Warszawa' } }),
      msg({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, please' } } }),
      msg({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Returns', description: 'Send something back' } } }),
      msg({ type: 'button', button: { text: 'Talk to us', payload: 'TALK' } }),
      msg({ type: 'contacts', contacts: [{ name: { formatted_name: 'Jan Nowak' }, phones: [{ phone: '+48 600 000 000' }], emails: [{ email: 'jan@x.test' }] }] }),
      msg({ type: 'reaction', reaction: { message_id: 'wamid.OUT9', emoji: '👍' } }),
      msg({ type: 'order', order: { catalog_id: 'c', text: 'Fast please', product_items: [{ product_retailer_id: 'SKU-1', quantity: 2, item_price: 10, currency: 'PLN' }] } }),
      msg({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }),
    ]);
    expect(r.messages.map((m) => m.body)).toEqual([
      '📍 Location\nShop, Marszałkowska 1, Warszawa\nhttps://maps.google.com/?q=52.2297,21.0122',
      'Yes, please',
      'Returns\nSend something back',
      'Talk to us',
      '👤 Jan Nowak\n+48 600 000 000\njan@x.test',
      'Reacted 👍',
      '🛒 Order\nFast please\n2 × SKU-1 10 PLN',
      expect.stringContaining('does not pass on'),
    ]);
    expect(r.messages[5].replyTo).toEqual(['wamid.OUT9']);
  });

  it('skips what carries nothing or is malformed: a withdrawn reaction, a bad sender, no id, an unknown type, another number, another object', () => {
    const r = parse([
      msg({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } }),
      msg({ from: 'not-a-number', type: 'text', text: { body: 'x' } }),
      msg({ id: '', type: 'text', text: { body: 'x' } }),
      msg({ type: 'hologram' }),
      msg({ type: 'interactive', interactive: { type: 'nfm_reply' } }),
      null as unknown as WaMessage,
    ]);
    expect(r.messages).toEqual([]);
    const other = waWebhookBody('999999999999', { messages: [msg({ type: 'text', text: { body: 'for another channel' } })] });
    expect(parseWebhook(other, PHONE_ID).messages).toEqual([]);
    expect(parseWebhook({ ...waWebhookBody(PHONE_ID, { messages: [msg({ type: 'text', text: { body: 'x' } })] }), object: 'page' }, PHONE_ID).messages).toEqual([]);
    for (const junk of [null, 'x', 42, {}, { object: 'whatsapp_business_account', entry: 'no' }, { object: 'whatsapp_business_account', entry: [{ changes: [null, { value: 'x' }] }] }]) {
      expect(parseWebhook(junk as never, PHONE_ID)).toEqual({ messages: [], statuses: [] });
    }
    // no profile name: the number alone; very long text is cut
    const long = parse([msg({ type: 'text', text: { body: 'y'.repeat(10_000) } })], []);
    expect(long.messages[0].name).toBeNull();
    expect(long.messages[0].body).toHaveLength(4096);
  });

  it('reads statuses: sent, delivered, read, failed with the reason; unknown statuses are skipped', () => {
    const body = waWebhookBody(PHONE_ID, {
      statuses: [
        { id: 'wamid.O1', status: 'sent', timestamp: at, recipient_id: '48601234567' },
        { id: 'wamid.O1', status: 'delivered', timestamp: at },
        { id: 'wamid.O1', status: 'read', timestamp: at },
        { id: 'wamid.O2', status: 'failed', timestamp: at, errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }] },
        { id: 'wamid.O3', status: 'failed', timestamp: at },
        { id: 'wamid.O4', status: 'deleted', timestamp: at },
        { status: 'read' },
      ],
    });
    const r = parseWebhook(body, PHONE_ID);
    const when = new Date(1733300000 * 1000);
    expect(r.statuses).toEqual([
      { externalMessageId: 'wamid.O1', status: 'sent', error: null, at: when },
      { externalMessageId: 'wamid.O1', status: 'delivered', error: null, at: when },
      { externalMessageId: 'wamid.O1', status: 'read', error: null, at: when },
      { externalMessageId: 'wamid.O2', status: 'failed', error: 'Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number. (code 131047)', at: when },
      { externalMessageId: 'wamid.O3', status: 'failed', error: 'WhatsApp did not deliver the message', at: when },
    ]);
  });
});
