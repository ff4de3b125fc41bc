import { FakeWhatsApp, signWebhook, waWebhookBody, WaMessage, WaStatus } from '@parley/api/channels/whatsapp';
import { TestApp } from '../testing/test-app';
import { solidPng } from '../testing/png';
import { until } from '../testing/until';


const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id type name active } settings secretsSet webhookUrl } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id body authorType authorName deliveryStatus deliveryError attachments { name mime } } } }`;

const TOKEN = 'EAAG-integration-token-0123456789';
const PHONE_ID = '106540352242922';
const APP_SECRET = 'integration-app-secret-0123456789';
const VERIFY = 'verify-me-please-42';
const KASIA = '48601234567';

describe('WhatsApp channel: signed webhooks in, Graph API out, statuses, the 24-hour window (integration)', () => {
  let t: TestApp;
  let fake: FakeWhatsApp;
  let admin: string;
  let channelId: string;
  let seq = 0;

  const hookUrl = () => `${t.url}/api/channels/${channelId}/webhook`;
  const post = (body: unknown, signature: string | null | 'sign' = 'sign') => {
    const s = signWebhook(body, APP_SECRET);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature === 'sign') headers['x-hub-signature-256'] = s.signature;
    else if (signature) headers['x-hub-signature-256'] = signature;
    return fetch(hookUrl(), { method: 'POST', headers, body: s.body });
  };
  const inbound = (m: Partial<WaMessage> & { text?: { body: string } }, from = KASIA, name = 'Kasia Kowalska') =>
    waWebhookBody(PHONE_ID, { contacts: [{ name, waId: from }], messages: [{ from, id: `wamid.IN${++seq}${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', ...m }] });
  const statuses = (...s: WaStatus[]) => waWebhookBody(PHONE_ID, { statuses: s.map((x) => ({ timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: KASIA, ...x })) });
  const refOf = async (externalId: string) => (await t.db.query(`SELECT conversation_id, message_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channelId, externalId]))[0];
  const count = async () => Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
  const statusOf = async (messageId: string) => (await t.db.query(`SELECT delivery_status, delivery_error FROM messages WHERE id = $1`, [messageId]))[0];
  const wamidOf = async (messageId: string) => (await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [messageId]))[0]?.external_id as string | undefined;
  const reply = async (conversationId: string, body: string) => {
    const r = await t.graphql(SEND, { i: { conversationId, clientId: `r-${++seq}`, body } }, admin);
    expect(r.errors).toBeUndefined();
    return r.data?.['sendMessage'].id as string;
  };
  /** Kasia writes; the conversation her message went to. */
  const kasiaWrites = async (text: string) => {
    const body = inbound({ text: { body: text } });
    expect((await post(body)).status).toBe(200);
    const wamid = body.entry?.[0].changes?.[0].value?.messages?.[0].id as string;
    return { wamid, ...(await refOf(wamid)) } as { wamid: string; conversation_id: string; message_id: string };
  };

  beforeAll(async () => {
    fake = await FakeWhatsApp.start({ token: TOKEN, phoneNumberId: PHONE_ID });
    t = await TestApp.start({ WHATSAPP_API_BASE: fake.url, OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
    admin = await t.login('admin@demo.test');
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.stop();
  });

  it('an admin creates the channel through createChannel: bad settings are field errors, secrets sealed and write-only; the connection check reaches the number', async () => {
    const bad = await t.graphql(CREATE, { i: { type: 'whatsapp', name: 'WhatsApp', settings: JSON.stringify({ phoneNumberId: '+48 601 234 567', accessToken: 'short' }) } }, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phoneNumberId' });
    expect(bad.errors?.[0].extensions?.['fieldErrors'].map((e: { field: string }) => e.field)).toEqual(['phoneNumberId', 'accessToken', 'appSecret', 'verifyToken']);
    const r = await t.graphql(CREATE, { i: { type: 'whatsapp', name: 'WhatsApp', settings: JSON.stringify({ phoneNumberId: PHONE_ID, accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY }) } }, admin);
    expect(r.errors).toBeUndefined();
    const created = r.data?.['createChannel'];
    channelId = created.channel.id;
    expect(created).toMatchObject({ channel: { type: 'whatsapp', active: true }, settings: JSON.stringify({ phoneNumberId: PHONE_ID, businessAccountId: null, templateName: null, templateLanguage: null }), secretsSet: ['accessToken', 'appSecret', 'verifyToken'] });
    expect(created.webhookUrl).toMatch(new RegExp(`/api/channels/${channelId}/webhook$`));
    const [row] = await t.db.query(`SELECT settings::text AS s FROM channels WHERE id = $1`, [channelId]);
    for (const secret of [TOKEN, APP_SECRET, VERIFY]) expect(row.s).not.toContain(secret);
    const kinds = await t.graphql(`query { channelKinds { kind displayName webhooks configurable } }`, {}, admin);
    expect(kinds.data?.['channelKinds']).toEqual(expect.arrayContaining([{ kind: 'whatsapp', displayName: 'WhatsApp', webhooks: true, configurable: true }]));
    const check = await t.graphql(`mutation($id: ID!) { checkChannelConnection(id: $id) { ok message } }`, { id: channelId }, admin);
    expect(check.data?.['checkChannelConnection']).toEqual({ ok: true, message: 'Connected to Parley Test Shop, +1 555-010-0199' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: `/${PHONE_ID}`, authorization: `Bearer ${TOKEN}` });
  });

  it('answers the verification handshake with the challenge for the verify token, 403 otherwise', async () => {
    const get = (q: string) => fetch(`${hookUrl()}?${q}`);
    const ok = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect([ok.status, ok.headers.get('content-type'), await ok.text()]).toEqual([200, expect.stringMatching(/^text\/plain/), '1158201444']);
    expect((await get(`hub.mode=subscribe&hub.verify_token=wrong-token-xx&hub.challenge=1158201444`)).status).toBe(403);
    expect((await get(`hub.mode=subscribe&hub.challenge=1158201444`)).status).toBe(403);
    expect((await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}`)).status).toBe(400);
  });

  it('a signed message lands in the inbox once, however often Meta delivers it; unsigned or wrongly signed calls are refused and store nothing', async () => {
    const before = await count();
    const body = inbound({ text: { body: 'Dzień dobry, where is my parcel?' } });
    const wamid = body.entry?.[0].changes?.[0].value?.messages?.[0].id as string;
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, `sha256=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await post(body, signWebhook(body, 'another-app-secret-000').signature)).status).toBe(401);
    expect((await post(body, 'sha256=abc')).status).toBe(401);
    // a tampered body with the original's signature
    const tampered = await fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, APP_SECRET).signature }, body: JSON.stringify(body).replace('parcel', 'PARCEL') });
    expect(tampered.status).toBe(401);
    expect(await count()).toBe(before);
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await post(body)).status).toBe(200);
    expect(await count()).toBe(before + 1);
    const ref = await refOf(wamid);
    const list = await t.graphql(MESSAGES, { id: ref.conversation_id }, admin);
    expect(list.data?.['messages'].nodes).toEqual([expect.objectContaining({ body: 'Dzień dobry, where is my parcel?', authorType: 'visitor', authorName: 'Kasia Kowalska', deliveryStatus: null })]);
    const [contact] = await t.db.query(`SELECT ct.name, ct.phone FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1`, [ref.conversation_id]);
    expect(contact).toEqual({ name: 'Kasia Kowalska', phone: `+${KASIA}` });
    const [conv] = await t.db.query(`SELECT channel_id, status FROM conversations WHERE id = $1`, [ref.conversation_id]);
    expect(conv).toEqual({ channel_id: channelId, status: 'queued' });
    // the composer knows the window: 24 hours from the client's last message
    const window = await t.graphql(`query($id: ID!) { conversation(id: $id) { lastInboundAt channel { capabilities { replyWindowHours } } } }`, { id: ref.conversation_id }, admin);
    expect(window.data?.['conversation']).toEqual({ lastInboundAt: expect.any(String), channel: { capabilities: { replyWindowHours: 24 } } });
    // a value for another phone number of the same Meta app is not this channel's
    const foreign = waWebhookBody('999999999999', { messages: [{ from: KASIA, id: 'wamid.FOREIGN', type: 'text', text: { body: 'not for us' } }] });
    expect((await post(foreign)).status).toBe(200);
    expect(await refOf('wamid.FOREIGN')).toBeUndefined();
    // signed garbage is a 400, not a crash
    const s = signWebhook('{nope', APP_SECRET);
    expect((await fetch(hookUrl(), { method: 'POST', headers: { 'x-hub-signature-256': s.signature }, body: s.body })).status).toBe(400);
  });

  it('an image is downloaded from Meta and stored as an attachment; a file too large is named in the text', async () => {
    const png = solidPng(4, 3);
    fake.addMedia('media-photo-1', png, 'image/png');
    fake.addMedia('media-huge-1', Buffer.alloc(16), 'application/pdf', 50 * 1024 * 1024);
    const body = inbound({ type: 'image', image: { id: 'media-photo-1', mime_type: 'image/png', caption: 'The dent' } });
    expect((await post(body)).status).toBe(200);
    const ref = await refOf(body.entry?.[0].changes?.[0].value?.messages?.[0].id as string);
    const [m] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [ref.message_id]);
    expect(m.body).toBe('The dent');
    expect(m.attachments).toEqual([expect.objectContaining({ mime: 'image/png', size: png.length, width: 4, height: 3 })]);
    // Meta delivers it again: stored once, the file not fetched again
    expect((await post(body)).status).toBe(200);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND body = 'The dent'`, [ref.conversation_id]))[0].n).toBe(1);
    expect(fake.calls.filter((c) => c.path === '/download/media-photo-1').map((c) => c.authorization)).toEqual([`Bearer ${TOKEN}`]);
    const huge = inbound({ type: 'document', document: { id: 'media-huge-1', mime_type: 'application/pdf', filename: 'scan.pdf' } });
    expect((await post(huge)).status).toBe(200);
    const hugeRef = await refOf(huge.entry?.[0].changes?.[0].value?.messages?.[0].id as string);
    const [h] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [hugeRef.message_id]);
    expect(h).toEqual({ body: '[scan.pdf not kept: the file is larger than 10 MB]', attachments: null });
  });

  it("an operator's reply goes to the Graph API with the text and the reply context; statuses move it forward only", async () => {
    const k = await kasiaWrites('Can you check order 1042?');
    fake.reset();
    const messageId = await reply(k.conversation_id, 'Checking order 1042 now.');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const sent = fake.messageCalls();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ path: `/${PHONE_ID}/messages`, authorization: `Bearer ${TOKEN}` });
    expect(sent[0].json).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: KASIA, type: 'text', text: { body: 'Checking order 1042 now.', preview_url: false }, context: { message_id: k.wamid } });
    const wamid = (await wamidOf(messageId)) as string;
    expect(wamid).toMatch(/^wamid\.FAKE/);
    expect((await post(statuses({ id: wamid, status: 'delivered' }))).status).toBe(200);
    expect(await statusOf(messageId)).toEqual({ delivery_status: 'delivered', delivery_error: null });
    await post(statuses({ id: wamid, status: 'read' }));
    expect((await statusOf(messageId)).delivery_status).toBe('read');
    // late and repeated callbacks do not move it back
    await post(statuses({ id: wamid, status: 'sent' }, { id: wamid, status: 'delivered' }));
    expect((await statusOf(messageId)).delivery_status).toBe('read');
    const list = await t.graphql(MESSAGES, { id: k.conversation_id }, admin);
    expect(list.data?.['messages'].nodes.find((n: { id: string }) => n.id === messageId)).toMatchObject({ deliveryStatus: 'read', deliveryError: null });
    // a status callback must be signed too
    const other = await reply(k.conversation_id, 'One more thing.');
    await until(async () => (await statusOf(other)).delivery_status === 'sent');
    expect((await post(statuses({ id: (await wamidOf(other)) as string, status: 'read' }), null)).status).toBe(401);
    expect((await statusOf(other)).delivery_status).toBe('sent');
  });

  it('a client quoting a reply of a closed conversation reopens it; one call may carry several messages and statuses, unknown ones ignored', async () => {
    const k = await kasiaWrites('Question about 1043');
    const answer = await reply(k.conversation_id, 'It ships Monday.');
    await until(async () => (await statusOf(answer)).delivery_status === 'sent');
    const wamid = (await wamidOf(answer)) as string;
    await t.db.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [k.conversation_id]);
    const now = String(Math.floor(Date.now() / 1000));
    const batch = waWebhookBody(PHONE_ID, {
      contacts: [{ name: 'Kasia Kowalska', waId: KASIA }, { name: 'Olek', waId: '48700100200' }],
      messages: [
        { from: KASIA, id: `wamid.Q${++seq}`, timestamp: now, type: 'text', text: { body: 'Monday? I need it Friday' }, context: { from: '15550100199', id: wamid } },
        { from: '48700100200', id: `wamid.O${++seq}`, timestamp: now, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } },
      ],
      statuses: [{ id: wamid, status: 'read', timestamp: now }, { id: 'wamid.NOT-OURS', status: 'read', timestamp: now }],
    });
    expect((await post(batch)).status).toBe(200);
    const quoted = await refOf(batch.entry?.[0].changes?.[0].value?.messages?.[0].id as string);
    expect(quoted.conversation_id).toBe(k.conversation_id);
    expect((await t.db.query(`SELECT threaded_by FROM channel_message_refs WHERE message_id = $1`, [quoted.message_id]))[0].threaded_by).toBe('reply');
    expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [k.conversation_id]))[0].status).not.toBe('closed');
    const olek = await refOf(batch.entry?.[0].changes?.[0].value?.messages?.[1].id as string);
    expect(olek.conversation_id).not.toBe(k.conversation_id);
    expect((await t.db.query(`SELECT body FROM messages WHERE id = $1`, [olek.message_id]))[0].body).toBe('Yes');
    expect((await statusOf(answer)).delivery_status).toBe('read');
  });

  it("a failed status marks the message failed with WhatsApp's reason (never 'delivered')", async () => {
    const k = await kasiaWrites('Hello again');
    const messageId = await reply(k.conversation_id, 'Here is the update.');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const wamid = (await wamidOf(messageId)) as string;
    await post(statuses({ id: wamid, status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'The recipient has not accepted the new terms' } }] }));
    expect(await statusOf(messageId)).toEqual({ delivery_status: 'failed', delivery_error: 'Message undeliverable: The recipient has not accepted the new terms (code 131026)' });
    // a "delivered" arriving after the failure does not cover it up
    await post(statuses({ id: wamid, status: 'delivered' }));
    expect((await statusOf(messageId)).delivery_status).toBe('failed');
  });

  it('a reply after the 24-hour window fails at once with the reason and never calls the API', async () => {
    const k = await kasiaWrites('Thanks, bye');
    await t.db.query(`UPDATE messages SET created_at = now() - interval '25 hours' WHERE conversation_id = $1 AND author_type = 'visitor'`, [k.conversation_id]);
    fake.reset();
    const messageId = await reply(k.conversation_id, 'One more question for you');
    const failed = await until(async () => {
      const s = await statusOf(messageId);
      return s.delivery_status === 'failed' ? s : null;
    });
    expect(failed.delivery_error).toMatch(/^The 24-hour WhatsApp window is closed: the client last wrote \d{4}-\d\d-\d\d \d\d:\d\d UTC \(25 hours ago\); a template message is needed$/);
    expect(fake.messageCalls()).toEqual([]);
    const [d] = await t.db.query(`SELECT state, attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [messageId]);
    expect(d).toEqual({ state: 'failed', attempts: 1 });
    // the composer knows: a 24-hour window, counted from the client's last message, and no other way yet
    const WINDOW = `query($id: ID!) { conversation(id: $id) { lastInboundAt channel { replyOutsideWindow capabilities { replyWindowHours } } } }`;
    const before = (await t.graphql(WINDOW, { id: k.conversation_id }, admin)).data?.['conversation'];
    expect(before.channel).toEqual({ replyOutsideWindow: null, capabilities: { replyWindowHours: 24 } });
    expect(Date.now() - Date.parse(before.lastInboundAt)).toBeGreaterThan(24 * 3_600_000);
    // an admin sets a re-engagement template (secrets left empty are kept); Retry sends the reply inside it
    const upd = await t.graphql(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings secretsSet } }`, { i: { id: channelId, settings: JSON.stringify({ phoneNumberId: PHONE_ID, templateName: 'reply_to_your_message', templateLanguage: 'en_US' }) } }, admin);
    expect(upd.errors).toBeUndefined();
    expect(upd.data?.['updateChannel'].secretsSet).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    expect((await t.graphql(WINDOW, { id: k.conversation_id }, admin)).data?.['conversation'].channel.replyOutsideWindow).toMatch(/^The reply goes inside the approved template "reply_to_your_message" \(en_US\): text only/);
    fake.approveTemplate('reply_to_your_message', 'en_US', 1);
    const retried = await t.graphql(`mutation($id: ID!) { retryMessageDelivery(messageId: $id) { id deliveryStatus } }`, { id: messageId }, admin);
    expect(retried.data?.['retryMessageDelivery']).toEqual({ id: messageId, deliveryStatus: 'queued' });
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    expect(fake.messageCalls().map((c) => c.json)).toEqual([
      expect.objectContaining({ to: KASIA, type: 'template', template: { name: 'reply_to_your_message', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'One more question for you' }] }] } }),
    ]);
    // a bad template setting is a field error
    const badTpl = await t.graphql(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings } }`, { i: { id: channelId, settings: JSON.stringify({ phoneNumberId: PHONE_ID, templateName: 'Reply!' }) } }, admin);
    expect(badTpl.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'templateName' });
    // once the client writes again, the window is open: the same conversation continues and replies go
    await kasiaWrites('Actually, one more thing');
    fake.reset();
    const next = await reply(k.conversation_id, 'Sure, go ahead');
    await until(async () => (await statusOf(next)).delivery_status === 'sent');
    expect(fake.messageCalls().map((c) => c.json.type)).toEqual(['text']);
  });

  it("the API's 131047 fails the message with its reason; a 130429 rate limit is retried and sent once", async () => {
    const k = await kasiaWrites('Is it in stock?');
    fake.reset();
    fake.fail({ on: 'messages', code: 131047, message: 'Re-engagement message' });
    const refused = await reply(k.conversation_id, 'Yes, it is.');
    const f = await until(async () => {
      const s = await statusOf(refused);
      return s.delivery_status === 'failed' ? s : null;
    });
    expect(f.delivery_error).toMatch(/^The 24-hour WhatsApp window is closed: more than 24 hours have passed.*\(code 131047\)$/);
    expect(fake.messageCalls()).toHaveLength(1);

    fake.reset();
    fake.fail({ on: 'messages', code: 130429, message: 'Rate limit hit', retryAfter: '1' });
    const limited = await reply(k.conversation_id, 'We have 3 left.');
    const started = Date.now();
    await until(async () => (await statusOf(limited)).delivery_status === 'sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const calls = fake.messageCalls().filter((c) => c.json?.text?.body === 'We have 3 left.');
    expect(calls).toHaveLength(2);
    const [d] = await t.db.query(`SELECT state, attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [limited]);
    expect(d).toMatchObject({ attempts: 2 });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM channel_message_refs WHERE message_id = $1`, [limited])).toEqual([{ n: 1 }]);
  });

  it('an image the operator attaches is uploaded to Meta and sent as an image message', async () => {
    const k = await kasiaWrites('Send me a photo?');
    const png = solidPng(2, 2);
    const up = await fetch(`${t.url}/api/attachments?conversationId=${k.conversation_id}&name=photo.png`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` }, body: new Uint8Array(png) });
    expect(up.status).toBe(201);
    const attachmentId = (await up.json()).attachment.id;
    fake.reset();
    const r = await t.graphql(SEND, { i: { conversationId: k.conversation_id, clientId: `img-${++seq}`, body: 'Here it is', attachmentIds: [attachmentId] } }, admin);
    expect(r.errors).toBeUndefined();
    const id = r.data?.['sendMessage'].id;
    await until(async () => (await statusOf(id)).delivery_status === 'sent');
    const upload = fake.calls.find((c) => c.path === `/${PHONE_ID}/media`);
    expect(upload?.form?.file?.content).toEqual(png);
    expect(fake.messageCalls().map((c) => c.json.type)).toEqual(['text', 'image']);
    expect(fake.messageCalls()[1].json.image).toEqual({ id: expect.stringMatching(/^media-up-/) });
  });
});
