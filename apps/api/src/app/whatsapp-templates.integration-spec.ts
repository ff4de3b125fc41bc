import { FakeTemplate, FakeWhatsApp, signWebhook, waWebhookBody, WhatsappTemplateSyncJob } from '@parley/api/channels/whatsapp';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';


const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } } }`;
const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings } }`;
const SYNC = `mutation($id: ID!) { syncMessageTemplates(channelId: $id) { stored skipped { name language reason } syncedAt } }`;
const TEMPLATES = `query($id: ID!) { messageTemplates(conversationId: $id) { name language category header body footer variableCount } }`;
const SEND_TEMPLATE = `mutation($i: SendTemplateMessageInput!) { sendTemplateMessage(input: $i) { id clientId body authorType deliveryStatus } }`;

const TOKEN = 'EAAG-templates-token-0123456789';
const PHONE_ID = '106540352242923';
const APP_SECRET = 'templates-app-secret-0123456789';
const VERIFY = 'verify-templates-42';
const KASIA = '48601234999';

const body = (text: string) => ({ type: 'BODY', text });
const ORDER: FakeTemplate = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'HEADER', format: 'TEXT', text: 'Your order' }, body('Hello {{1}}, your order {{2}} has shipped.'), { type: 'FOOTER', text: 'Parley Test Shop' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] }],
};
const HELLO_PL: FakeTemplate = { name: 'hello_again', language: 'pl', category: 'MARKETING', components: [body('Dzień dobry! Czy możemy jeszcze w czymś pomóc?')] };

describe('WhatsApp message templates: synced from the Business Account, listed for operators, sent outside the 24-hour window (integration)', () => {
  let t: TestApp;
  let fake: FakeWhatsApp;
  let admin: string;
  let anna: string;
  let olga: string;
  let channelId: string;
  let conversationId: string;
  let seq = 0;

  const templateCalls = () => fake.calls.filter((c) => c.method === 'GET' && /\/message_templates$/.test(c.path));
  const statusOf = async (messageId: string) => (await t.db.query(`SELECT delivery_status, delivery_error, body FROM messages WHERE id = $1`, [messageId]))[0];
  const stored = async () => (await t.db.query(`SELECT name, language, variable_count FROM whatsapp_templates WHERE channel_id = $1 ORDER BY name, language`, [channelId])) as Array<{ name: string; language: string; variable_count: number }>;
  const send = (i: Record<string, unknown>, token = admin) => t.graphql(SEND_TEMPLATE, { i: { conversationId, clientId: `tpl-${++seq}`, ...i } }, token);
  const settings = (extra: Record<string, unknown>) => JSON.stringify({ phoneNumberId: PHONE_ID, ...extra });

  beforeAll(async () => {
    fake = await FakeWhatsApp.start({ token: TOKEN, phoneNumberId: PHONE_ID });
    t = await TestApp.start({ WHATSAPP_API_BASE: fake.url, OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
    [admin, anna, olga] = await Promise.all([t.login('admin@demo.test'), t.login('anna@demo.test'), t.login('olga@demo.test')]);
    const r = await t.graphql(CREATE, { i: { type: 'whatsapp', name: 'WhatsApp templates', settings: JSON.stringify({ phoneNumberId: PHONE_ID, accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY }) } }, admin);
    expect(r.errors).toBeUndefined();
    channelId = r.data?.['createChannel'].channel.id;
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.stop();
  });

  it('without a Business Account ID, or with a wrong one, sync is a clear error at the field; only admins may sync', async () => {
    expect(templateCalls()).toEqual([]); // saved without an account id: nothing to sync
    const none = await t.graphql(SYNC, { id: channelId }, admin);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'businessAccountId' });
    expect(none.errors?.[0].message).toMatch(/^Templates cannot be synced without the WhatsApp Business Account ID/);
    expect((await t.graphql(SYNC, { id: channelId }, anna)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect((await t.graphql(SYNC, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');

    // saving a wrong account id: saved, and the admin is told why the templates did not come
    const wrong = await t.graphql(UPDATE, { i: { id: channelId, settings: settings({ businessAccountId: '999999999' }) } }, admin);
    expect(wrong.errors?.[0].message).toBe(
      'Saved, but the provider refused the connection: the message templates could not be synced: WhatsApp does not know the WhatsApp Business Account ID 999999999 for this access token: check it in WhatsApp Manager (it is not the phone number ID)',
    );
    const again = await t.graphql(SYNC, { id: channelId }, admin);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'businessAccountId' });
    expect(templateCalls().at(-1)).toMatchObject({ path: '/999999999/message_templates', authorization: `Bearer ${TOKEN}` });
    expect(await stored()).toEqual([]);
  });

  it('saving the right account id syncs every page; only approved templates Parley can fill are kept, the others named with the reason', async () => {
    const many: FakeTemplate[] = Array.from({ length: 118 }, (_, i) => ({ name: `bulk_${String(i).padStart(3, '0')}`, language: 'en_US', components: [body(`Notice ${i}: {{1}}`)] }));
    fake.addTemplate(
      ORDER,
      HELLO_PL,
      ...many,
      { name: 'pending_one', language: 'en_US', status: 'PENDING', components: [body('Not yet {{1}}')] },
      { name: 'rejected_one', language: 'en_US', status: 'REJECTED', components: [body('Never {{1}}')] },
      { name: 'photo_offer', language: 'en_US', components: [{ type: 'HEADER', format: 'IMAGE' }, body('Look at {{1}}')] },
      { name: 'named_vars', language: 'en_US', parameter_format: 'NAMED', components: [body('Hi {{first_name}}')] },
      { name: 'gap_vars', language: 'en_US', components: [body('A {{1}} and {{3}}')] },
    );
    fake.wabaId = '102290129340398';
    const before = templateCalls().length;
    const ok = await t.graphql(UPDATE, { i: { id: channelId, settings: settings({ businessAccountId: fake.wabaId }) } }, admin);
    expect(ok.errors).toBeUndefined();
    const pages = templateCalls().slice(before);
    expect(pages).toHaveLength(2);
    expect(pages[0].query).toMatchObject({ limit: '100', fields: expect.stringContaining('components') });
    expect(pages[0].query['after']).toBeUndefined();
    expect(pages[1].query['after']).toEqual(expect.any(String));
    const rows = await stored();
    expect(rows).toHaveLength(120);
    expect(rows.filter((r) => !r.name.startsWith('bulk_'))).toEqual([
      { name: 'hello_again', language: 'pl', variable_count: 0 },
      { name: 'order_update', language: 'en_US', variable_count: 2 },
    ]);

    // the admin's Sync templates: the same, with what was left out and why; a template deleted in WhatsApp Manager goes
    fake.reset();
    fake.addTemplate(ORDER, HELLO_PL, { name: 'photo_offer', language: 'en_US', components: [{ type: 'HEADER', format: 'IMAGE' }, body('Look at {{1}}')] }, { name: 'pending_one', language: 'en_US', status: 'PENDING', components: [body('x {{1}}')] });
    const r = await t.graphql(SYNC, { id: channelId }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['syncMessageTemplates']).toEqual({ stored: 2, skipped: [{ name: 'photo_offer', language: 'en_US', reason: 'its image header needs a file to send' }], syncedAt: expect.any(String) });
    expect((await stored()).map((x) => x.name)).toEqual(['hello_again', 'order_update']);

    // a token that may send but not read templates: named at the token, the stored templates kept
    fake.fail({ on: 'templates', code: 200, status: 403, message: 'Requires whatsapp_business_management permission' });
    const denied = await t.graphql(SYNC, { id: channelId }, admin);
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accessToken' });
    expect(denied.errors?.[0].message).toMatch(/whatsapp_business_management/);
    expect(denied.errors?.[0].message).not.toContain(TOKEN);
    expect(await stored()).toHaveLength(2);

    // the scheduled sync (every 6 hours) brings newly approved ones; a refusal is logged and changes nothing
    fake.addTemplate({ name: 'shipping_delay', language: 'en_US', components: [body('Sorry {{1}}, a delay.')] });
    const job = t.app.get(WhatsappTemplateSyncJob);
    await job.handle();
    expect((await stored()).map((x) => x.name)).toEqual(['hello_again', 'order_update', 'shipping_delay']);
    fake.reset();
    fake.addTemplate(ORDER, HELLO_PL);
    fake.fail({ on: 'templates', code: 190, status: 401, message: 'Session has expired' });
    await expect(job.handle()).resolves.toBeUndefined();
    expect(await stored()).toHaveLength(3);
    await job.handle();
    expect((await stored()).map((x) => x.name)).toEqual(['hello_again', 'order_update']);
  });

  it("operators see the templates of a conversation's channel under the conversation's visibility rules", async () => {
    const inbound = waWebhookBody(PHONE_ID, { contacts: [{ name: 'Kasia', waId: KASIA }], messages: [{ from: KASIA, id: `wamid.TPL${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Where is my order?' } }] });
    const s = signWebhook(inbound, APP_SECRET);
    const res = await fetch(`${t.url}/api/channels/${channelId}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': s.signature }, body: s.body });
    expect(res.status).toBe(200);
    [{ conversation_id: conversationId }] = await t.db.query(`SELECT conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel_id = $1 LIMIT 1`, [channelId]);
    // the window closed long ago
    await t.db.query(`UPDATE messages SET created_at = now() - interval '30 hours' WHERE conversation_id = $1 AND author_type = 'visitor'`, [conversationId]);
    const take = await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, admin);
    expect(take.errors).toBeUndefined();

    const list = await t.graphql(TEMPLATES, { id: conversationId }, admin);
    expect(list.errors).toBeUndefined();
    expect(list.data?.['messageTemplates']).toEqual([
      { name: 'hello_again', language: 'pl', category: 'MARKETING', header: null, body: 'Dzień dobry! Czy możemy jeszcze w czymś pomóc?', footer: null, variableCount: 0 },
      { name: 'order_update', language: 'en_US', category: 'UTILITY', header: 'Your order', body: 'Hello {{1}}, your order {{2}} has shipped.', footer: 'Parley Test Shop', variableCount: 2 },
    ]);
    // observers read every conversation; an agent cannot read a colleague's, nobody without a session
    expect((await t.graphql(TEMPLATES, { id: conversationId }, olga)).data?.['messageTemplates']).toHaveLength(2);
    expect((await t.graphql(TEMPLATES, { id: conversationId }, anna)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect((await t.graphql(TEMPLATES, { id: conversationId })).errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await t.graphql(TEMPLATES, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    // a malformed id is refused by the API's ID check before the resolver runs
    expect((await t.graphql(TEMPLATES, { id: 'not-a-conversation' }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((await t.graphql(SEND_TEMPLATE, { i: { conversationId: 'not-a-conversation', templateName: 'order_update', language: 'en_US', variables: [] } }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    // a web chat conversation has none
    const [web] = await t.db.query(`SELECT c.id FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE ch.type = 'webchat' LIMIT 1`);
    expect((await t.graphql(TEMPLATES, { id: web.id }, admin)).data?.['messageTemplates']).toEqual([]);
  });

  it('sendTemplateMessage stores the filled-in text as the reply and sends the template with its values outside the window, once per clientId', async () => {
    fake.reset();
    fake.addTemplate(ORDER, HELLO_PL);
    const clientId = `tpl-ok-${++seq}`;
    const r = await t.graphql(SEND_TEMPLATE, { i: { conversationId, clientId, templateName: 'order_update', language: 'en_US', variables: ['Kasia', ' #1234 '] } }, admin);
    expect(r.errors).toBeUndefined();
    const m = r.data?.['sendTemplateMessage'];
    expect(m).toEqual({ id: expect.any(String), clientId, body: 'Your order\n\nHello Kasia, your order #1234 has shipped.\n\nParley Test Shop', authorType: 'operator', deliveryStatus: 'queued' });
    await until(async () => (await statusOf(m.id)).delivery_status === 'sent');
    expect(fake.messageCalls().map((c) => c.json)).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: KASIA,
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kasia' }, { type: 'text', text: '#1234' }] }] },
      },
    ]);
    // the template and its values are kept with the message (a Retry sends the same)
    expect(await t.db.query(`SELECT name, language, variables, message_id FROM whatsapp_template_sends WHERE client_id = $1`, [clientId])).toEqual([{ name: 'order_update', language: 'en_US', variables: ['Kasia', '#1234'], message_id: m.id }]);
    // the same clientId again: the stored message, nothing sent twice
    const again = await t.graphql(SEND_TEMPLATE, { i: { conversationId, clientId, templateName: 'order_update', language: 'en_US', variables: ['Kasia', '#1234'] } }, admin);
    expect(again.data?.['sendTemplateMessage'].id).toBe(m.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.messageCalls()).toHaveLength(1);
    // a template without variables goes without components
    const hello = await send({ templateName: 'hello_again', language: 'pl', variables: [] });
    expect(hello.errors).toBeUndefined();
    await until(async () => (await statusOf(hello.data?.['sendTemplateMessage'].id)).delivery_status === 'sent');
    expect(fake.messageCalls()[1].json.template).toEqual({ name: 'hello_again', language: { code: 'pl' } });
    // a clientId of a plain message cannot become a template
    const plain = await t.graphql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { conversationId, clientId: 'plain-1', body: 'free text' } }, admin);
    expect(plain.errors).toBeUndefined();
    expect((await send({ clientId: 'plain-1', templateName: 'hello_again', language: 'pl', variables: [] })).errors?.[0].extensions?.['code']).toBe('CONFLICT');
  });

  it('wrong values, an unknown template or a caller who may not reply are refused before anything is stored or sent', async () => {
    fake.reset();
    const count = async () => Number((await t.db.query(`SELECT count(*) FROM messages WHERE conversation_id = $1`, [conversationId]))[0].count);
    const before = await count();
    const fewer = await send({ templateName: 'order_update', language: 'en_US', variables: ['Kasia'] });
    expect(fewer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'variables', fieldErrors: [{ field: 'variables', message: 'The template "order_update" has 2 variables; 1 given' }] });
    const bad = await send({ templateName: 'order_update', language: 'en_US', variables: ['  ', 'line one\nline two'] });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'variables.1',
      fieldErrors: [
        { field: 'variables.1', message: 'Required' },
        { field: 'variables.2', message: 'One line only: WhatsApp does not allow line breaks in a variable' },
      ],
    });
    const long = await send({ templateName: 'order_update', language: 'en_US', variables: ['x'.repeat(901), 'a     b'] });
    expect(long.errors?.[0].extensions?.['fieldErrors']).toEqual([
      { field: 'variables.1', message: 'At most 900 characters' },
      { field: 'variables.2', message: 'At most 4 spaces in a row' },
    ]);
    const tooLongTogether = await send({ templateName: 'order_update', language: 'en_US', variables: ['x'.repeat(600), 'y'.repeat(600)] });
    expect(tooLongTogether.errors?.[0].extensions?.['fieldErrors']).toEqual([{ field: 'variables', message: expect.stringMatching(/^Filled in, the text is \d+ characters; WhatsApp takes at most 1024$/) }]);
    const unknown = await send({ templateName: 'order_update', language: 'de', variables: ['a', 'b'] });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'templateName' });
    expect((await send({ templateName: 'order_update', language: 'en_US', variables: ['a', 'b'] }, olga)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect((await send({ templateName: 'order_update', language: 'en_US', variables: ['a', 'b'] }, anna)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM whatsapp_template_sends WHERE conversation_id = $1`, [conversationId])).toEqual([{ n: 2 }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.messageCalls()).toEqual([]);
  });

  it("WhatsApp's refusals fail the template message with the reason, as for replies", async () => {
    fake.reset();
    fake.addTemplate(ORDER);
    fake.fail({ on: 'messages', code: 131047, message: 'Re-engagement message' });
    const a = await send({ templateName: 'order_update', language: 'en_US', variables: ['Kasia', '#1'] });
    const failedA = await until(async () => {
      const s = await statusOf(a.data?.['sendTemplateMessage'].id);
      return s.delivery_status === 'failed' ? s : null;
    });
    expect(failedA.delivery_error).toMatch(/^The 24-hour WhatsApp window is closed.*\(code 131047\)$/);
    // deleted in WhatsApp Manager since the last sync: Meta's 132001 (the fake no longer knows it)
    fake.reset();
    const b = await send({ templateName: 'hello_again', language: 'pl', variables: [] });
    const failedB = await until(async () => {
      const s = await statusOf(b.data?.['sendTemplateMessage'].id);
      return s.delivery_status === 'failed' ? s : null;
    });
    expect(failedB.delivery_error).toMatch(/^The template does not exist in that language or is not approved \(any more\): sync the templates again.*\(code 132001\)$/);
    expect(fake.messageCalls()).toHaveLength(1);
  });
});
