import { timingSafeEqual } from 'node:crypto';
import {
  ChannelAdapter,
  ChannelEntity,
  ChannelInboundService,
  ChannelRegistry,
  ChannelSecrets,
  NormalisedInboundMessage,
  OutboundDelivery,
  PermanentDeliveryError,
  WebhookRejectedError,
  WebhookRequest,
  WebhookResult,
} from '@parley/api/channels/core';
import { collect, TestApp } from '../testing/test-app';
import { until } from '../testing/until';

/** A channel kind that exists only in this test: its provider is this file (webhooks in, `sent` out). */
class LoopbackAdapter implements ChannelAdapter<{ secret: string; token?: string }> {
  readonly kind = 'loopback';
  readonly displayName = 'Loopback';
  readonly capabilities = Object.freeze({ editable: false, embeddable: false, readReceipts: true, emailsRepliesWhenAway: false });
  readonly settingsFields = [
    { key: 'secret', label: 'Webhook secret', type: 'secret' as const, required: true },
    { key: 'label', label: 'Label', type: 'text' as const },
  ];
  readonly sent: OutboundDelivery[] = [];
  /** What the next deliveries do: throw these errors in turn, then succeed. */
  failures: Error[] = [];
  seenSettings: Array<Record<string, unknown>> = [];

  parseInbound(): NormalisedInboundMessage | null {
    return null;
  }

  async deliver(d: OutboundDelivery): Promise<string> {
    const next = this.failures.shift();
    if (next) throw next;
    this.sent.push(d);
    return `out-${d.messageId}`;
  }

  validateSettings(raw: unknown) {
    const r = raw as { secret?: unknown; label?: unknown };
    if (typeof r?.secret !== 'string' || r.secret.length < 8) return { ok: false as const, errors: [{ field: 'secret', message: 'At least 8 characters' }] };
    return { ok: true as const, settings: { secret: r.secret, ...(typeof r.label === 'string' ? { label: r.label } : {}) } };
  }

  async checkConnection(channel: ChannelEntity) {
    return channel.settings['secret'] === 'let-me-in-please' ? { ok: true } : { ok: false, message: 'The provider refused the secret' };
  }

  async handleWebhook(channel: ChannelEntity, req: WebhookRequest): Promise<WebhookResult> {
    this.seenSettings.push(channel.settings);
    const given = Buffer.from(req.headers['x-loop-secret'] ?? '');
    const want = Buffer.from(String(channel.settings['secret']));
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new WebhookRejectedError('bad secret');
    if (req.method === 'GET') return { response: { status: 200, body: req.query['challenge'] ?? '', contentType: 'text/plain' } };
    let body: { messages?: Array<Record<string, any>>; statuses?: Array<Record<string, any>> };
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return { response: { status: 400, body: { message: 'not JSON' } } };
    }
    return {
      messages: (body.messages ?? []).map((m) => ({
        kind: this.kind,
        channelId: channel.id,
        workspaceId: channel.workspaceId,
        externalContactId: m['from'],
        externalMessageId: m['id'],
        clientId: null,
        body: m['text'] ?? '',
        replyTo: m['replyTo'] ? [m['replyTo']] : [],
        attachments: (m['files'] ?? []).map((f: any) => ({ name: f.name, mime: 'application/octet-stream', size: f.b64.length, ref: f.name, content: Buffer.from(f.b64, 'base64') })),
        sender: { name: m['name'] ?? null, email: m['email'] ?? null, phone: m['phone'] ?? null },
        subject: m['subject'] ?? null,
        receivedAt: new Date(),
      })),
      statuses: (body.statuses ?? []).map((s) => ({ externalMessageId: s['id'], status: s['status'], error: s['error'] ?? null, at: new Date() })),
    };
  }
}


const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id type name active } settings secretsSet webhookUrl } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id body authorType authorName deliveryStatus deliveryError html hasHtml } } }`;

describe('channel framework: webhook in, outbox out, statuses, secrets, admin (integration)', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let adapter: LoopbackAdapter;
  let channelId: string;
  let workspaceId: string;
  const SECRET = 'loop-secret-123';

  const hook = (body: unknown, secret = SECRET, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/channels/${channelId}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loop-secret': secret, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const messagesOf = (conversationId: string) => t.db.query(`SELECT id, body, author_type, html, delivery_status, delivery_error FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
  const conversationOfExternal = async (externalId: string) => (await t.db.query(`SELECT conversation_id, message_id, threaded_by FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channelId, externalId]))[0];

  beforeAll(async () => {
    t = await TestApp.start({ OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
    adapter = new LoopbackAdapter();
    t.app.get(ChannelRegistry).register('loopback', adapter);
    admin = await t.login('admin@demo.test');
    agent = await t.login('anna@demo.test');
    const r = await t.graphql(CREATE, { i: { type: 'loopback', name: 'Loop', settings: JSON.stringify({ secret: SECRET, label: 'x' }) } }, admin);
    expect(r.errors).toBeUndefined();
    channelId = r.data?.['createChannel'].channel.id;
    workspaceId = (await t.db.query(`SELECT workspace_id FROM channels WHERE id = $1`, [channelId]))[0].workspace_id;
  });
  afterAll(async () => t?.stop());

  it('admins create a channel: secrets are sealed at rest, never returned, kept when left empty; bad settings are field errors; others are refused', async () => {
    const [row] = await t.db.query(`SELECT settings::text AS s FROM channels WHERE id = $1`, [channelId]);
    expect(row.s).not.toContain(SECRET);
    expect(JSON.parse(row.s).secret.$sealed).toMatch(/^v1\./);
    expect(t.app.get(ChannelSecrets).open(JSON.parse(row.s))).toEqual({ secret: SECRET, label: 'x' });
    const view = await t.graphql(`query($id: ID!) { channelAdmin(id: $id) { settings secretsSet webhookUrl } }`, { id: channelId }, admin);
    expect(view.data?.['channelAdmin']).toEqual({ settings: JSON.stringify({ label: 'x' }), secretsSet: ['secret'], webhookUrl: expect.stringMatching(new RegExp(`/api/channels/${channelId}/webhook$`)) });
    // an edit without the secret keeps it
    const upd = await t.graphql(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings secretsSet } }`, { i: { id: channelId, settings: JSON.stringify({ label: 'y', secret: '' }) } }, admin);
    expect(upd.errors).toBeUndefined();
    expect(upd.data?.['updateChannel']).toEqual({ settings: JSON.stringify({ label: 'y' }), secretsSet: ['secret'] });
    expect((await hook({ messages: [] })).status).toBe(200);
    // bad input: short secret, not JSON, unknown kind, the web chat kind, no name
    const bad = await t.graphql(CREATE, { i: { type: 'loopback', name: 'L2', settings: JSON.stringify({ secret: 'short' }) } }, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'secret' });
    expect((await t.graphql(CREATE, { i: { type: 'loopback', name: 'L2', settings: '{nope' } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'settings' });
    expect((await t.graphql(CREATE, { i: { type: 'fax', name: 'L2', settings: '{}' } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'type' });
    expect((await t.graphql(CREATE, { i: { type: 'webchat', name: 'L2', settings: '{}' } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await t.graphql(CREATE, { i: { type: 'loopback', name: '  ', settings: JSON.stringify({ secret: SECRET }) } }, admin)).errors?.[0].extensions).toMatchObject({ field: 'name' });
    // an agent may not
    expect((await t.graphql(CREATE, { i: { type: 'loopback', name: 'L3', settings: JSON.stringify({ secret: SECRET }) } }, agent)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect((await t.graphql(`query { channelKinds { kind } }`, {}, agent)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    const kinds = await t.graphql(`query { channelKinds { kind displayName webhooks configurable settingsFields { key type required } } }`, {}, admin);
    expect(kinds.data?.['channelKinds']).toEqual(expect.arrayContaining([{ kind: 'loopback', displayName: 'Loopback', webhooks: true, configurable: true, settingsFields: [{ key: 'secret', type: 'secret', required: true }, { key: 'label', type: 'text', required: false }] }]));
    // a field of one mode says when it is shown (e-mail's IMAP fields only while mail is read over IMAP); others are always shown
    const modes = await t.graphql(`query { channelKinds { kind settingsFields { key shownWhen { key values } } } }`, {}, admin);
    const emailFields = modes.data?.['channelKinds'].find((k: any) => k.kind === 'email').settingsFields;
    expect(emailFields.find((f: any) => f.key === 'imap.host').shownWhen).toEqual({ key: 'inbound', values: ['imap'] });
    expect(emailFields.find((f: any) => f.key === 'smtp.password').shownWhen).toEqual({ key: 'outbound', values: ['smtp'] });
    expect(emailFields.find((f: any) => f.key === 'address').shownWhen).toBeNull();
    const check = await t.graphql(`mutation($id: ID!) { checkChannelConnection(id: $id) { ok message } }`, { id: channelId }, admin);
    expect(check.data?.['checkChannelConnection']).toEqual({ ok: false, message: 'The provider refused the secret' });
    const audit = await t.db.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY created_at`, [channelId]);
    expect(audit.map((a: any) => a.action)).toEqual(['channel.created', 'channel.updated']);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('a webhook is refused without the secret (401, nothing stored), stored once however often it is delivered, and answers what the adapter says', async () => {
    const before = Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
    expect((await hook({ messages: [{ id: 'm-1', from: 'u-1', text: 'forged' }] }, 'wrong-secret-xx')).status).toBe(401);
    expect((await hook({ messages: [{ id: 'm-1', from: 'u-1', text: 'forged' }] }, '')).status).toBe(401);
    expect(Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count)).toBe(before);
    // the adapter got the secret opened, never sealed
    expect(adapter.seenSettings.at(-1)).toMatchObject({ secret: SECRET });
    const payload = { messages: [{ id: 'm-1', from: 'u-1', text: 'Hello from the loop', name: 'Lou Loop' }] };
    const answers = await Promise.all([hook(payload), hook(payload), hook(payload), hook(payload)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const ref = await conversationOfExternal('m-1');
    expect(ref.threaded_by).toBe('new');
    expect((await messagesOf(ref.conversation_id)).map((m: any) => m.body)).toEqual(['Hello from the loop']);
    const list = await t.graphql(MESSAGES, { id: ref.conversation_id }, admin);
    expect(list.data?.['messages'].nodes).toEqual([expect.objectContaining({ body: 'Hello from the loop', authorType: 'visitor', authorName: 'Lou Loop', deliveryStatus: null })]);
    // GET handshakes, malformed bodies, unknown or foreign addresses, oversize bodies
    const get = await fetch(`${t.url}/api/channels/${channelId}/webhook?challenge=abc123`, { headers: { 'x-loop-secret': SECRET } });
    expect([get.status, await get.text()]).toEqual([200, 'abc123']);
    expect((await hook('{not json')).status).toBe(400);
    expect((await fetch(`${t.url}/api/channels/00000000-0000-4000-8000-000000000000/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${t.url}/api/channels/not-a-uuid/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
    const [webchat] = await t.db.query(`SELECT id FROM channels WHERE public_key = 'demo-webchat'`);
    expect((await fetch(`${t.url}/api/channels/${webchat.id}/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await hook('x'.repeat(1024 * 1024 + 10))).status).toBe(413);
  });

  it('the same sender continues their conversation; a reply to a known message threads into it even when closed; e-mail and phone match one client across channels', async () => {
    await hook({ messages: [{ id: 'm-2', from: 'u-1', text: 'Second line' }] });
    const first = await conversationOfExternal('m-1');
    const second = await conversationOfExternal('m-2');
    expect(second).toMatchObject({ conversation_id: first.conversation_id, threaded_by: 'open' });
    await t.db.query(`UPDATE conversations SET status = 'closed', closed_at = now() WHERE id = $1`, [first.conversation_id]);
    // the same sender after closing: a new conversation…
    await hook({ messages: [{ id: 'm-3', from: 'u-1', text: 'New topic' }] });
    const third = await conversationOfExternal('m-3');
    expect(third.conversation_id).not.toBe(first.conversation_id);
    expect(third.threaded_by).toBe('new');
    // …but a reply to a message of the closed one reopens that one
    await hook({ messages: [{ id: 'm-4', from: 'u-1', text: 'About the first thing', replyTo: 'm-1' }] });
    const fourth = await conversationOfExternal('m-4');
    expect(fourth).toMatchObject({ conversation_id: first.conversation_id, threaded_by: 'reply' });
    expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [first.conversation_id]))[0].status).not.toBe('closed');
    // a known client by e-mail (any case) and by phone (written differently) is the same contact
    const [client] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email, phone) VALUES ($1, 'Known Kate', 'kate@shop.test', '+48601234567') RETURNING id`, [workspaceId]);
    await hook({ messages: [{ id: 'm-5', from: 'u-kate', text: 'Hi, Kate here', email: 'Kate@Shop.Test' }] });
    await hook({ messages: [{ id: 'm-6', from: 'u-kate-2', text: 'Kate on her phone', phone: '0048 601 234 567' }] });
    const contactOf = async (ext: string) => (await t.db.query(`SELECT c.contact_id FROM channel_message_refs r JOIN conversations c ON c.id = r.conversation_id WHERE r.external_id = $1`, [ext]))[0].contact_id;
    expect(await contactOf('m-5')).toBe(client.id);
    expect(await contactOf('m-6')).toBe(client.id);
    // a stranger's name fills a new contact; an invalid phone is ignored rather than stored
    await hook({ messages: [{ id: 'm-7', from: 'u-new', text: 'Hello', name: 'Nina New', phone: '12' }] });
    const [nina] = await t.db.query(`SELECT name, phone FROM contacts WHERE id = $1`, [await contactOf('m-7')]);
    expect(nina).toEqual({ name: 'Nina New', phone: null });
  });

  it('files the adapter fetched are stored as attachments; a refused type is named in the text; long text is cut, blank text is not an error', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await hook({ messages: [{ id: 'm-f1', from: 'u-files', text: 'Photo', files: [{ name: 'p.png', b64: Buffer.concat([png, Buffer.alloc(64)]).toString('base64') }, { name: 'run.exe', b64: Buffer.from('MZ fake').toString('base64') }] }] });
    const ref = await conversationOfExternal('m-f1');
    const [m] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [ref.message_id]);
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'p.png', mime: 'image/png' })]);
    expect(m.body).toMatch(/^Photo\n\n\[run\.exe not kept: .+\]$/);
    await hook({ messages: [{ id: 'm-long', from: 'u-files', text: 'x'.repeat(10_000) }, { id: 'm-blank', from: 'u-files', text: '   ' }] });
    const [long] = await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await conversationOfExternal('m-long')).message_id]);
    expect([...long.body]).toHaveLength(4000);
    expect(long.body.endsWith('…')).toBe(true);
    const [blank] = await t.db.query(`SELECT body FROM messages WHERE id = $1`, [(await conversationOfExternal('m-blank')).message_id]);
    expect(blank.body).toBe('(no text)');
  });

  it("an operator's reply leaves through the outbox exactly once, to the sender's identity with the thread; provider statuses move it forward only", async () => {
    await hook({ messages: [{ id: 'm-out-1', from: 'u-out', text: 'Need help' }] });
    const { conversation_id: conversationId } = await conversationOfExternal('m-out-1');
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'reply-1', body: 'On it!' } }, admin);
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.['sendMessage'].deliveryStatus).toBe('queued');
    const messageId = sent.data?.['sendMessage'].id;
    // the same clientId again is the same message: still one delivery
    await t.graphql(SEND, { i: { conversationId, clientId: 'reply-1', body: 'On it!' } }, admin);
    await until(async () => (await t.db.query(`SELECT delivery_status FROM messages WHERE id = $1`, [messageId]))[0].delivery_status === 'sent');
    const mine = adapter.sent.filter((d) => d.messageId === messageId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ conversationId, externalContactId: 'u-out', body: 'On it!', thread: ['m-out-1'] });
    expect(mine[0].lastInboundAt).toBeInstanceOf(Date);
    const conv = await t.graphql(`query($id: ID!) { conversation(id: $id) { lastInboundAt channel { capabilities { replyWindowHours } } } }`, { id: conversationId }, admin);
    expect(conv.data?.['conversation']).toEqual({ lastInboundAt: mine[0].lastInboundAt?.toISOString(), channel: { capabilities: { replyWindowHours: null } } });
    // a list asks for it in one query for its whole page
    const list = await t.graphql(`{ conversations(view: all, first: 30) { nodes { id lastInboundAt } } }`, {}, admin);
    expect(list.data?.['conversations'].nodes.find((n: any) => n.id === conversationId).lastInboundAt).toBe(mine[0].lastInboundAt?.toISOString());
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbound_deliveries WHERE dedupe_key = $1`, [messageId])).toEqual([{ n: 1 }]);
    // statuses: read, then a late "delivered" changes nothing; an unknown id is ignored
    await hook({ statuses: [{ id: `out-${messageId}`, status: 'read' }, { id: `out-${messageId}`, status: 'delivered' }, { id: 'nobody', status: 'read' }] });
    const msgs = await t.graphql(MESSAGES, { id: conversationId }, admin);
    expect(msgs.data?.['messages'].nodes.find((n: any) => n.id === messageId)).toMatchObject({ deliveryStatus: 'read', deliveryError: null });
    // the web chat's own messages never go through the outbox
    const v = await t.visitor();
    const ack = await v.ack(v.send('Web chat hello'));
    const web = await t.graphql(SEND, { i: { conversationId: ack.message.conversationId, clientId: 'web-1', body: 'Hi web' } }, admin);
    expect(web.data?.['sendMessage'].deliveryStatus).toBeNull();
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbound_deliveries WHERE dedupe_key = $1`, [web.data?.['sendMessage'].id])).toEqual([{ n: 0 }]);
    v.close();
  });

  it('a permanent error fails the message at once with the reason; Retry sends it; transient errors are retried; the last attempt fails it', async () => {
    await hook({ messages: [{ id: 'm-fail-1', from: 'u-fail', text: 'Hello?' }] });
    const { conversation_id: conversationId } = await conversationOfExternal('m-fail-1');
    adapter.failures = [new PermanentDeliveryError('bot was blocked by the user', 'BLOCKED')];
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'perm-1', body: 'Are you there?' } }, admin);
    const messageId = sent.data?.['sendMessage'].id;
    await until(async () => (await t.db.query(`SELECT delivery_status FROM messages WHERE id = $1`, [messageId]))[0].delivery_status === 'failed');
    const [d] = await t.db.query(`SELECT state, attempts, failure_reason FROM outbound_deliveries WHERE dedupe_key = $1`, [messageId]);
    expect(d).toEqual({ state: 'failed', attempts: 1, failure_reason: 'bot was blocked by the user' });
    expect((await t.graphql(MESSAGES, { id: conversationId }, admin)).data?.['messages'].nodes.find((n: any) => n.id === messageId)).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'bot was blocked by the user' });
    // Retry: an observer may not, a wrong id is NOT_FOUND, the admin may
    const RETRY = `mutation($id: ID!) { retryMessageDelivery(messageId: $id) { id deliveryStatus } }`;
    expect((await t.graphql(RETRY, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    const retried = await t.graphql(RETRY, { id: messageId }, admin);
    expect(retried.data?.['retryMessageDelivery']).toEqual({ id: messageId, deliveryStatus: 'queued' });
    await until(async () => (await t.db.query(`SELECT delivery_status FROM messages WHERE id = $1`, [messageId]))[0].delivery_status === 'sent');
    expect((await t.graphql(RETRY, { id: messageId }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    // transient: two failures, then it goes
    adapter.failures = [new Error('provider 502'), Object.assign(new Error('429 slow down'), { retryAfterMs: 200 })];
    const t2 = await t.graphql(SEND, { i: { conversationId, clientId: 'trans-1', body: 'Second try' } }, admin);
    const id2 = t2.data?.['sendMessage'].id;
    await until(async () => (await t.db.query(`SELECT delivery_status FROM messages WHERE id = $1`, [id2]))[0].delivery_status === 'sent');
    expect((await t.db.query(`SELECT attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [id2]))[0].attempts).toBe(3);
    expect(adapter.sent.filter((s) => s.messageId === id2)).toHaveLength(1);
    // every attempt fails: failed after the last one (OUTBOX_MAX_ATTEMPTS = 3)
    adapter.failures = [new Error('down 1'), new Error('down 2'), new Error('down 3')];
    const t3 = await t.graphql(SEND, { i: { conversationId, clientId: 'trans-2', body: 'Third' } }, admin);
    const id3 = t3.data?.['sendMessage'].id;
    const failed = await until(async () => (await t.db.query(`SELECT delivery_status, delivery_error FROM messages WHERE id = $1 AND delivery_status = 'failed'`, [id3]))[0]);
    expect(failed.delivery_error).toBe('down 3');
  });

  it('routes new conversations to the channel\'s group (SPEC B3); a group of another workspace or a deleted one is refused or ignored', async () => {
    const [group] = await t.db.query(`INSERT INTO operator_groups (workspace_id, name) VALUES ($1, 'Loop sales') RETURNING id`, [workspaceId]);
    const VIEW = `query($id: ID!) { channelAdmin(id: $id) { groupId settings } }`;
    const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { groupId settings } }`;
    expect((await t.graphql(UPDATE, { i: { id: channelId, groupId: group.id } }, admin)).data?.['updateChannel']).toEqual({ groupId: group.id, settings: JSON.stringify({ label: 'y' }) });
    // a settings edit keeps the group, and the group never shows among the kind's settings
    expect((await t.graphql(UPDATE, { i: { id: channelId, settings: JSON.stringify({ label: 'z' }) } }, admin)).data?.['updateChannel']).toEqual({ groupId: group.id, settings: JSON.stringify({ label: 'z' }) });
    await hook({ messages: [{ id: 'm-route-1', from: 'u-route', text: 'Routed?' }] });
    const routed = await conversationOfExternal('m-route-1');
    expect((await t.db.query(`SELECT group_id FROM conversations WHERE id = $1`, [routed.conversation_id]))[0].group_id).toBe(group.id);
    // bad input: not an id, an unknown group, another workspace's group
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-route-ws') RETURNING id`);
    const [foreign] = await t.db.query(`INSERT INTO operator_groups (workspace_id, name) VALUES ($1, 'Theirs') RETURNING id`, [other.id]);
    expect((await t.graphql(UPDATE, { i: { id: channelId, groupId: 'nope' } }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    for (const groupId of ['00000000-0000-4000-8000-000000000000', foreign.id]) {
      expect((await t.graphql(UPDATE, { i: { id: channelId, groupId } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupId' });
    }
    expect((await t.graphql(VIEW, { id: channelId }, admin)).data?.['channelAdmin'].groupId).toBe(group.id);
    // the group is deleted: new conversations go to everyone instead of failing
    await t.db.query(`DELETE FROM operator_groups WHERE id = $1`, [group.id]);
    await hook({ messages: [{ id: 'm-route-2', from: 'u-route-2', text: 'Anyone?' }] });
    const unrouted = await conversationOfExternal('m-route-2');
    expect((await t.db.query(`SELECT group_id FROM conversations WHERE id = $1`, [unrouted.conversation_id]))[0].group_id).toBeNull();
    // null: no group
    expect((await t.graphql(UPDATE, { i: { id: channelId, groupId: null } }, admin)).data?.['updateChannel'].groupId).toBeNull();
  });

  it('gives every contact it brings in the channel\'s tag and owner (SPEC C6); bad owners and tags are field errors', async () => {
    const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { acquisitionTag acquisitionOwnerId groupId settings } }`;
    const [boris] = await t.db.query(`SELECT id FROM operators WHERE email = 'boris@demo.test'`);
    const set = await t.graphql(UPDATE, { i: { id: channelId, acquisitionTag: '  Loop lead ', acquisitionOwnerId: boris.id } }, admin);
    expect(set.errors).toBeUndefined();
    expect(set.data?.['updateChannel']).toMatchObject({ acquisitionTag: 'Loop lead', acquisitionOwnerId: boris.id });
    // an edit of the kind's fields keeps them, and they never show among those fields
    const edited = await t.graphql(UPDATE, { i: { id: channelId, settings: JSON.stringify({ label: 'acq' }) } }, admin);
    expect(edited.data?.['updateChannel']).toMatchObject({ acquisitionTag: 'Loop lead', acquisitionOwnerId: boris.id, settings: JSON.stringify({ label: 'acq' }) });
    await hook({ messages: [{ id: 'm-acq-1', from: 'u-acq', text: 'New lead here', name: 'Lea Lead' }] });
    const ref = await conversationOfExternal('m-acq-1');
    const [contact] = await t.db.query(`SELECT c.owner_id, array(SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.id = $1`, [ref.conversation_id]);
    expect(contact).toEqual({ owner_id: boris.id, tags: ['Loop lead'] });
    // bad input: an unknown owner, a deactivated one, an overlong tag
    const [gone] = await t.db.query(`INSERT INTO operators (workspace_id, email, display_name, password_hash, role, active) VALUES ($1, 'gone-acq@demo.test', 'Gone', 'x', 'agent', false) RETURNING id`, [workspaceId]);
    for (const acquisitionOwnerId of ['00000000-0000-4000-8000-000000000000', gone.id]) {
      expect((await t.graphql(UPDATE, { i: { id: channelId, acquisitionOwnerId } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'acquisitionOwnerId' });
    }
    expect((await t.graphql(UPDATE, { i: { id: channelId, acquisitionTag: 'x'.repeat(500) } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'acquisitionTag' });
    // cleared
    expect((await t.graphql(UPDATE, { i: { id: channelId, acquisitionTag: '', acquisitionOwnerId: null } }, admin)).data?.['updateChannel']).toMatchObject({ acquisitionTag: null, acquisitionOwnerId: null });
  });

  it('receive() is callable by pollers directly, with the same idempotency', async () => {
    const inbound = t.app.get(ChannelInboundService);
    const channel = (await t.db.getRepository(ChannelEntity).findOneByOrFail({ id: channelId })) as ChannelEntity;
    const msg: NormalisedInboundMessage = { kind: 'loopback', channelId, workspaceId, externalContactId: 'poller-1', externalMessageId: 'poll-1', clientId: null, body: 'Polled', html: '<p>Polled</p>', subject: 'A subject', attachments: [], sender: {}, receivedAt: new Date() };
    const a = await inbound.receive(channel, msg);
    const b = await inbound.receive(channel, msg);
    expect(a).toMatchObject({ duplicate: false, threadedBy: 'new', started: true });
    expect(b).toMatchObject({ duplicate: true, messageId: a.messageId, conversationId: a.conversationId });
    expect((await t.db.query(`SELECT subject FROM conversations WHERE id = $1`, [a.conversationId]))[0].subject).toBe('A subject');
    expect((await t.db.query(`SELECT html FROM messages WHERE id = $1`, [a.messageId]))[0].html).toBe('<p>Polled</p>');
    // the thread says it has HTML; the HTML itself is fetched on its own, by those who may see the conversation
    expect((await t.graphql(MESSAGES, { id: a.conversationId }, admin)).data?.['messages'].nodes.map((n: any) => n.hasHtml)).toEqual([true]);
    const HTML = `query($id: ID!) { messageHtml(messageId: $id) }`;
    expect((await t.graphql(HTML, { id: a.messageId }, admin)).data?.['messageHtml']).toBe('<p>Polled</p>');
    expect((await t.graphql(HTML, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    expect((await t.graphql(HTML, { id: 'not-an-id' }, admin)).errors?.[0].extensions?.['code']).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
    // an inline image (cid:) points at the file stored from its part
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(64)]);
    const withImage = await inbound.receive(channel, { ...msg, externalMessageId: 'poll-cid', html: '<p>Logo: <img src="cid:logo@shop.test"></p>', attachments: [{ name: 'logo.png', mime: 'image/png', size: png.length, ref: 'part-2', content: png, contentId: '<logo@shop.test>' }] });
    const [stored] = await t.db.query(`SELECT html, attachments FROM messages WHERE id = $1`, [withImage.messageId]);
    expect(stored.html).toBe(`<p>Logo: <img src="parley-attachment:${stored.attachments[0].id}"></p>`);
    await expect(inbound.receive(channel, { ...msg, channelId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow('must name the channel');
    await expect(inbound.receive(channel, { ...msg, externalMessageId: 'poll-2', externalContactId: '' })).rejects.toThrow('external id');
  });

  it('an edit and a delete of a channel reach other signed-in screens live (channelUpdated)', async () => {
    const created = await t.graphql(CREATE, { i: { type: 'loopback', name: 'Live loop', settings: JSON.stringify({ secret: 'live-secret-123' }) } }, admin);
    const id = created.data?.['createChannel'].channel.id as string;
    const watcher = collect<{ channelUpdated: { id: string; name: string; active: boolean } }>(t.subscriptions(await t.login('olga@demo.test')), `subscription { channelUpdated { id name active } }`, 2);
    await watcher.ready;
    expect((await t.graphql(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { name } } }`, { i: { id, name: 'Live loop 2' } }, admin)).errors).toBeUndefined();
    expect((await t.graphql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id }, admin)).data?.['deleteChannel']).toBe(true);
    expect((await watcher.done).map((e) => e.channelUpdated)).toEqual([{ id, name: 'Live loop 2', active: true }, { id, name: 'Live loop 2', active: false }]);
    // a refused delete (unknown channel) announces nothing and says why
    expect((await t.graphql(`mutation($id: ID!) { deleteChannel(id: $id) }`, { id }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
  });
});
