import { ChannelInboundService, ChannelSecrets } from '@parley/api/channels/core';
import { EmailPoller, EmailPollResult, PollEmailMailboxesJob } from '@parley/api/channels/email';
import { SmtpCapture, TestDovecot } from '@parley/api/channels/email/testing';
import { TestApp } from '../testing/test-app';

const ADDRESS = 'support@shop.test';
const IMAP_PASSWORD = 'imap-pass-123';
const SMTP_AUTH = { user: 'smtp-user', password: 'smtp-pass-123' };

const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id type name active } settings secretsSet webhookUrl } }`;
const UPDATE = `mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { settings secretsSet } }`;
const CHECK = `mutation($id: ID!) { checkChannelConnection(id: $id) { ok message } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;
const CLOSE = `mutation($id: ID!) { closeConversation(input: { conversationId: $id }) { id status } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id body html authorType deliveryStatus deliveryError } } }`;

let seq = 0;
/** A raw client mail (CRLF), with a unique Message-ID unless one is given. */
const clientMail = (o: { from?: string; subject?: string; text?: string; html?: string; id?: string | null; inReplyTo?: string; references?: string[]; headers?: string[] } = {}) => {
  const id = o.id === undefined ? `<client-${++seq}-${Date.now()}@client.test>` : o.id;
  const head = [
    `From: ${o.from ?? '"Kate Client" <Kate@Client.test>'}`,
    `To: Shop Support <${ADDRESS}>`,
    `Subject: ${o.subject ?? 'Where is my order?'}`,
    `Date: ${new Date().toUTCString()}`,
    ...(id ? [`Message-ID: ${id}`] : []),
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
    ...(o.references ? [`References: ${o.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
    ...(o.headers ?? []),
  ];
  const body = o.html
    ? ['Content-Type: multipart/alternative; boundary="alt"', '', '--alt', 'Content-Type: text/plain; charset=utf-8', '', o.text ?? '', '--alt', 'Content-Type: text/html; charset=utf-8', '', o.html, '--alt--']
    : ['Content-Type: text/plain; charset=utf-8', '', o.text ?? 'Hello'];
  return { id, raw: [...head, ...body, ''].join('\r\n') };
};

describe('e-mail channel: IMAP in, SMTP out, threading, automated mail, downtime (integration)', () => {
  let t: TestApp;
  let dovecot: TestDovecot;
  let smtp: SmtpCapture;
  let admin: string;
  let channelId: string;
  let workspaceId: string;

  const settings = (over: Record<string, unknown> = {}) => ({
    address: ADDRESS,
    fromName: 'Shop Support',
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user: ADDRESS, password: IMAP_PASSWORD },
    smtp: { host: smtp.host, port: smtp.port, secure: false, user: SMTP_AUTH.user, password: SMTP_AUTH.password },
    // the tick polls a new channel once; the tests poll directly
    pollSeconds: 3600,
    ...over,
  });
  /** One run over the mailbox; waits while the scheduled run holds it. */
  const poll = async (): Promise<EmailPollResult> => {
    const poller = t.app.get(EmailPoller);
    for (let i = 0; i < 200; i++) {
      const r = await poller.pollChannel(channelId);
      if (!r.busy) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the mailbox stayed busy');
  };
  const refOf = async (externalId: string) => (await t.db.query(`SELECT conversation_id, message_id, threaded_by, automated, direction FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channelId, externalId]))[0];
  const messagesOf = (conversationId: string) => t.db.query(`SELECT id, body, html, author_type, delivery_status, delivery_error FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
  const state = async () => (await t.db.query(`SELECT uid_validity::text, last_uid::int, last_polled_at, last_error, lease_until FROM email_mailbox_state WHERE channel_id = $1`, [channelId]))[0];
  const until = async <T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const reply = async (conversationId: string, body: string) => {
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: `r-${++seq}`, body } }, admin);
    expect(sent.errors).toBeUndefined();
    return sent.data?.['sendMessage'].id as string;
  };
  const statusOf = async (messageId: string) => (await t.db.query(`SELECT delivery_status, delivery_error FROM messages WHERE id = $1`, [messageId]))[0];

  beforeAll(async () => {
    dovecot = await TestDovecot.start({ users: [{ user: ADDRESS, password: IMAP_PASSWORD }] });
    smtp = await SmtpCapture.start(SMTP_AUTH);
    t = await TestApp.start({ OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
    admin = await t.login('admin@demo.test');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await dovecot?.stop();
    await smtp?.stop();
  });

  it('an admin creates an e-mail channel: field errors for bad settings, passwords sealed, a wrong IMAP password named by the check', async () => {
    const bad = await t.graphql(CREATE, { i: { type: 'email', name: 'Mail', settings: JSON.stringify({ address: 'not-mail', imap: { host: 'bad host', port: 0 }, smtp: {} }) } }, admin);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address' });
    expect((bad.errors?.[0].extensions?.['fieldErrors'] as Array<{ field: string }>).map((e) => e.field)).toEqual(['address', 'imap.host', 'imap.port', 'imap.password', 'smtp.host']);
    const kinds = await t.graphql(`query { channelKinds { kind displayName webhooks configurable settingsFields { key type required } } }`, {}, admin);
    const email = kinds.data?.['channelKinds'].find((k: any) => k.kind === 'email');
    expect(email).toMatchObject({ displayName: 'E-mail', webhooks: false, configurable: true });
    expect(email.settingsFields.filter((f: any) => f.type === 'secret').map((f: any) => f.key)).toEqual(['imap.password', 'smtp.password']);

    const r = await t.graphql(CREATE, { i: { type: 'email', name: 'Support mail', settings: JSON.stringify(settings()) } }, admin);
    expect(r.errors).toBeUndefined();
    channelId = r.data?.['createChannel'].channel.id;
    expect(r.data?.['createChannel']).toMatchObject({ channel: { type: 'email', active: true }, secretsSet: ['imap.password', 'smtp.password'], webhookUrl: null });
    expect(r.data?.['createChannel'].settings).not.toContain(IMAP_PASSWORD);
    const [row] = await t.db.query(`SELECT workspace_id, settings::text AS s FROM channels WHERE id = $1`, [channelId]);
    workspaceId = row.workspace_id;
    expect(row.s).not.toContain(IMAP_PASSWORD);
    expect(row.s).not.toContain(SMTP_AUTH.password);
    expect(t.app.get(ChannelSecrets).open(JSON.parse(row.s))).toMatchObject({ imap: { password: IMAP_PASSWORD }, smtp: { password: SMTP_AUTH.password } });

    expect((await t.graphql(CHECK, { id: channelId }, admin)).data?.['checkChannelConnection']).toMatchObject({ ok: true });
    // a wrong IMAP password (the SMTP one kept: left empty)
    const wrong = settings({ imap: { ...settings().imap, password: 'wrong-password' }, smtp: { ...settings().smtp, password: '' } });
    expect((await t.graphql(UPDATE, { i: { id: channelId, settings: JSON.stringify(wrong) } }, admin)).errors).toBeUndefined();
    const check = (await t.graphql(CHECK, { id: channelId }, admin)).data?.['checkChannelConnection'];
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^IMAP \(127\.0\.0\.1:\d+\) failed: the server refused the user name or password/);
    expect(check.message).not.toMatch(/SMTP|wrong-password/);
    // the poller records the failure, never silently
    const failed = await poll();
    expect(failed.error).toMatch(/^IMAP 127\.0\.0\.1:\d+: the server refused the user name or password/);
    expect((await state()).last_error).toBe(failed.error);
    const withError = (await t.graphql(CHECK, { id: channelId }, admin)).data?.['checkChannelConnection'];
    expect(withError.ok).toBe(false);
    expect((await t.graphql(UPDATE, { i: { id: channelId, settings: JSON.stringify(settings({ imap: { ...settings().imap }, smtp: { ...settings().smtp, password: '' } })) } }, admin)).errors).toBeUndefined();
    const ok = (await t.graphql(CHECK, { id: channelId }, admin)).data?.['checkChannelConnection'];
    expect(ok.ok).toBe(true);
    // connected now, but the admin is told the last mailbox check failed
    expect(ok.message).toContain('the last mailbox check');
    expect((await poll()).error).toBeUndefined();
    expect((await state()).last_error).toBeNull();
  });

  it('a mail becomes a conversation with its subject, text and sanitised HTML, of the contact with that e-mail; polling again stores nothing twice', async () => {
    const [kate] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email) VALUES ($1, 'Known Kate', 'kate@client.test') RETURNING id`, [workspaceId]);
    const m = clientMail({ text: 'Hi, where is order 42?', html: '<p onclick="x()">Hi, where is <b>order 42</b>?</p><script>alert(1)</script><img src="https://track.test/p.gif" onerror="alert(2)">' });
    await dovecot.append(ADDRESS, m.raw);
    await poll();
    const ref = await refOf(m.id as string);
    expect(ref).toMatchObject({ threaded_by: 'new', direction: 'in', automated: null });
    const [conv] = await t.db.query(`SELECT subject, contact_id, status FROM conversations WHERE id = $1`, [ref.conversation_id]);
    expect(conv).toMatchObject({ subject: 'Where is my order?', contact_id: kate.id });
    const [msg] = await messagesOf(ref.conversation_id);
    expect(msg).toMatchObject({ body: 'Hi, where is order 42?', author_type: 'visitor' });
    expect(msg.html).toContain('<b>order 42</b>');
    for (const bad of ['script', 'alert', 'onclick', 'onerror', ' src="https://track']) expect(msg.html).not.toContain(bad);
    const api = await t.graphql(MESSAGES, { id: ref.conversation_id }, admin);
    expect(api.data?.['messages'].nodes[0]).toMatchObject({ body: 'Hi, where is order 42?', html: msg.html });
    // a new mail of hers (not an answer) is a new thread: a conversation of the same contact with its own subject
    const other = clientMail({ subject: 'Invoice please', text: 'Can I get an invoice?' });
    await dovecot.append(ADDRESS, other.raw);
    await poll();
    const otherRef = await refOf(other.id as string);
    expect(otherRef.conversation_id).not.toBe(ref.conversation_id);
    expect((await t.db.query(`SELECT subject, contact_id FROM conversations WHERE id = $1`, [otherRef.conversation_id]))[0]).toEqual({ subject: 'Invoice please', contact_id: kate.id });
    const before = Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
    const again = await poll();
    expect(again).toMatchObject({ fetched: 0, stored: 0 });
    expect(Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count)).toBe(before);
    // re-reading the same mail (a lost watermark) is still one message: receive is idempotent on Message-ID
    await t.db.query(`UPDATE email_mailbox_state SET last_uid = 0 WHERE channel_id = $1`, [channelId]);
    const reread = await poll();
    expect(reread.fetched).toBeGreaterThanOrEqual(1);
    expect(reread.stored).toBe(0);
    expect(Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count)).toBe(before);
  });

  it("an operator's reply is threaded for the client's mail program; the client's answer to it continues the conversation, reopening it when closed", async () => {
    const m = clientMail({ subject: 'Broken zipper', text: 'The zipper broke.', references: ['<older@client.test>'] });
    await dovecot.append(ADDRESS, m.raw);
    await poll();
    const { conversation_id: conversationId } = await refOf(m.id as string);
    const messageId = await reply(conversationId, 'Sorry to hear that!\nWe send a new one <today>.');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [messageId]);
    const mail = (await smtp.waitFor((x) => x.parsed.messageId === out.external_id)).parsed;
    expect(out.external_id).toMatch(/^<[0-9a-f-]{36}@shop\.test>$/);
    expect(mail.inReplyTo).toBe(m.id);
    expect([mail.references].flat()).toEqual([m.id]);
    expect(mail.subject).toBe('Re: Broken zipper');
    expect(mail.to).toMatchObject({ value: [{ address: 'kate@client.test' }] });
    expect(mail.from?.value[0]).toEqual({ address: ADDRESS, name: expect.stringMatching(/ via Shop Support$/) });
    expect(mail.text?.trim()).toBe('Sorry to hear that!\nWe send a new one <today>.');
    expect(mail.html).toContain('We send a new one &lt;today&gt;.');
    expect((await t.graphql(MESSAGES, { id: conversationId }, admin)).data?.['messages'].nodes.find((n: any) => n.id === messageId)).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });

    // closed, then Kate answers our mail (her client quotes it): the same conversation, reopened
    expect((await t.graphql(CLOSE, { id: conversationId }, admin)).data?.['closeConversation'].status).toBe('closed');
    const answer = clientMail({ subject: 'Re: Broken zipper', text: 'Great, thanks!\n\nOn Fri, Shop Support <support@shop.test> wrote:\n> Sorry to hear that!', inReplyTo: out.external_id, references: [m.id as string, out.external_id] });
    await dovecot.append(ADDRESS, answer.raw);
    await poll();
    expect(await refOf(answer.id as string)).toMatchObject({ conversation_id: conversationId, threaded_by: 'reply' });
    expect((await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [conversationId]))[0].status).not.toBe('closed');
    expect((await messagesOf(conversationId)).map((x: any) => x.body)).toEqual(['The zipper broke.', 'Sorry to hear that!\nWe send a new one <today>.', 'Great, thanks!']);

    // the second reply's References carry the whole thread, oldest first
    const second = await reply(conversationId, 'Glad to help.');
    await until(async () => (await statusOf(second)).delivery_status === 'sent');
    const [out2] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [second]);
    const mail2 = (await smtp.waitFor((x) => x.parsed.messageId === out2.external_id)).parsed;
    expect(mail2.inReplyTo).toBe(answer.id);
    expect([mail2.references].flat()).toEqual([m.id, out.external_id, answer.id]);
    expect(mail2.subject).toBe('Re: Broken zipper');
  });

  it('an auto-reply is stored as automated and nothing answers it; mail from our own address is a loop and ignored', async () => {
    const m = clientMail({ from: 'Otto Auto <otto@client.test>', subject: 'Question', text: 'Real question' });
    await dovecot.append(ADDRESS, m.raw);
    await poll();
    const { conversation_id: conversationId } = await refOf(m.id as string);
    const messageId = await reply(conversationId, 'Here is the answer.');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [messageId]);
    const mailsBefore = smtp.mails.length;
    const deliveriesBefore = Number((await t.db.query(`SELECT count(*) FROM outbound_deliveries`))[0].count);
    const auto = clientMail({ from: 'Otto Auto <otto@client.test>', subject: 'Automatic reply: Re: Question', text: 'I am out of office until Monday.', inReplyTo: out.external_id, headers: ['Auto-Submitted: auto-replied', 'X-Autoreply: yes'] });
    const ours = clientMail({ from: `Shop Support <${ADDRESS}>`, subject: 'Re: Question', text: 'our own mail, come back' });
    await dovecot.append(ADDRESS, auto.raw, ours.raw);
    const r = await poll();
    expect(r).toMatchObject({ fetched: 2, stored: 1, ignored: 1 });
    expect(await refOf(auto.id as string)).toMatchObject({ conversation_id: conversationId, automated: 'auto-reply', threaded_by: 'reply' });
    expect(await refOf(ours.id as string)).toBeUndefined();
    // the agent sees why: the thread says it is an automatic reply, threaded by its reply headers
    const thread = await t.graphql(`query($id: ID!) { messages(conversationId: $id) { nodes { body threadedBy automated } } }`, { id: conversationId }, admin);
    expect(thread.data?.['messages'].nodes).toEqual([
      { body: 'Real question', threadedBy: 'new', automated: null },
      { body: 'Here is the answer.', threadedBy: null, automated: null },
      { body: 'I am out of office until Monday.', threadedBy: 'reply', automated: 'auto-reply' },
    ]);
    await t.queue().idle(10_000);
    expect(smtp.mails.length).toBe(mailsBefore);
    expect(Number((await t.db.query(`SELECT count(*) FROM outbound_deliveries`))[0].count)).toBe(deliveriesBefore);
    // the operator's next reply answers the real thread, not the auto-responder's note
    const next = await reply(conversationId, 'Back on Monday then.');
    await until(async () => (await statusOf(next)).delivery_status === 'sent');
    const [out2] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [next]);
    const mail2 = (await smtp.waitFor((x) => x.parsed.messageId === out2.external_id)).parsed;
    expect(mail2.inReplyTo).toBe(out.external_id);
    expect([mail2.references].flat()).toEqual([m.id, out.external_id]);
  });

  it('an SMTP 550 fails the reply at once with the server\'s reason', async () => {
    smtp.rejectRecipient = (a) => (a === 'gone@client.test' ? { code: 550, message: '5.1.1 <gone@client.test>: no such user here' } : null);
    try {
      const m = clientMail({ from: 'gone@client.test', subject: 'Bye', text: 'Last mail' });
      await dovecot.append(ADDRESS, m.raw);
      await poll();
      const { conversation_id: conversationId } = await refOf(m.id as string);
      const messageId = await reply(conversationId, 'Answer to nobody');
      const failed = await until(async () => {
        const s = await statusOf(messageId);
        return s.delivery_status === 'failed' ? s : null;
      });
      expect(failed.delivery_error).toBe('The mail server refused the message: 550 5.1.1 <gone@client.test>: no such user here');
      expect((await t.db.query(`SELECT attempts FROM outbound_deliveries WHERE dedupe_key = $1`, [messageId]))[0].attempts).toBe(1);
    } finally {
      smtp.rejectRecipient = () => null;
    }
  });

  it('a bounce of our reply marks it failed with the server\'s words and joins its conversation; mail from before the channel existed is not imported', async () => {
    const m = clientMail({ from: 'ivy@client.test', subject: 'Typo address', text: 'Hello' });
    await dovecot.append(ADDRESS, m.raw);
    await poll();
    const { conversation_id: conversationId } = await refOf(m.id as string);
    const messageId = await reply(conversationId, 'Our answer');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [messageId]);
    const bounceId = `<bounce-${Date.now()}@mx.shop.test>`;
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.shop.test>', `To: ${ADDRESS}`, 'Subject: Undelivered Mail Returned to Sender', `Message-ID: ${bounceId}`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"', '',
      '--r', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
      '--r', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.shop.test', '', 'Final-Recipient: rfc822; ivy@client.test', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 <ivy@client.test>: mailbox unavailable', '',
      '--r', 'Content-Type: text/rfc822-headers', '', `From: Shop Support <${ADDRESS}>`, `Message-ID: ${out.external_id}`, 'Subject: Re: Typo address', '', '--r--', '',
    ].join('\r\n');
    await dovecot.append(ADDRESS, dsn);
    await poll();
    expect(await statusOf(messageId)).toEqual({ delivery_status: 'failed', delivery_error: 'The mail bounced: smtp; 550 5.1.1 <ivy@client.test>: mailbox unavailable' });
    expect(await refOf(bounceId)).toMatchObject({ conversation_id: conversationId, automated: 'bounce', threaded_by: 'reply' });

    // a mail that reached the mailbox long before the channel was set up (its server date) is history, not a new conversation
    const old = clientMail({ from: 'olga@client.test', subject: 'Ancient', text: 'from last month' });
    const c = await dovecot.client(ADDRESS);
    try {
      await c.append('INBOX', old.raw, [], new Date(Date.now() - 30 * 24 * 3600 * 1000));
    } finally {
      await c.logout();
    }
    const r = await poll();
    expect(r).toMatchObject({ fetched: 1, stored: 0, ignored: 1 });
    expect(await refOf(old.id as string)).toBeUndefined();
  });

  it('mail that arrived while nobody polled is all fetched next time, in order; a crash in the middle loses nothing', async () => {
    // a day without polling; then the scheduled tick finds the mailbox due and its job reads it
    await t.db.query(`UPDATE email_mailbox_state SET last_polled_at = now() - interval '1 day' WHERE channel_id = $1`, [channelId]);
    // each one answers the one before: read out of order, a mail would not find its parent and start a conversation of its own
    const chain = (n: number[], parent: string | null) =>
      n.map((i) => {
        const m = clientMail({ from: 'Dora <dora@client.test>', subject: 'Many', text: `Mail ${i}`, ...(parent ? { inReplyTo: parent } : {}) });
        parent = m.id;
        return m;
      });
    const mails = chain([1, 2, 3], null);
    await dovecot.append(ADDRESS, ...mails.map((m) => m.raw));
    await t.app.get(PollEmailMailboxesJob).handle();
    await until(async () => (await refOf(mails[2].id as string)) ?? null);
    const { conversation_id: conversationId } = await refOf(mails[0].id as string);
    expect((await messagesOf(conversationId)).map((x: any) => x.body)).toEqual(['Mail 1', 'Mail 2', 'Mail 3']);
    expect((await refOf(mails[2].id as string)).threaded_by).toBe('reply');

    // storing the second of three fails (the database went away, the process died): the watermark stays after the first
    const inbound = t.app.get(ChannelInboundService);
    const more = chain([4, 5, 6], mails[2].id);
    await dovecot.append(ADDRESS, ...more.map((m) => m.raw));
    const real = inbound.receive.bind(inbound);
    let calls = 0;
    const spy = jest.spyOn(inbound, 'receive').mockImplementation(async (ch, msg) => {
      if (++calls === 2) throw new Error('connection to the database lost');
      return real(ch, msg);
    });
    try {
      const broken = await poll();
      expect(broken.error).toMatch(/storing a mail failed \(attempt 1 of 5\), UID \d+: connection to the database lost/);
      expect((await state()).last_error).toBe(broken.error);
      expect(await refOf(more[0].id as string)).toBeDefined();
      expect(await refOf(more[1].id as string)).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    const next = await poll();
    expect(next).toMatchObject({ fetched: 2, stored: 2 });
    expect((await state()).last_error).toBeNull();
    expect((await messagesOf(conversationId)).map((x: any) => x.body)).toEqual(['Mail 1', 'Mail 2', 'Mail 3', 'Mail 4', 'Mail 5', 'Mail 6']);

    // more than one run reads: the rest is due at the next tick, not after pollSeconds (an hour here)
    const poller = t.app.get(EmailPoller);
    poller.batchSize = 2;
    try {
      const backlog = chain([7, 8, 9], more[2].id);
      await dovecot.append(ADDRESS, ...backlog.map((m) => m.raw));
      expect(await poll()).toMatchObject({ stored: 2, more: true });
      expect(await poller.dueChannels()).toContain(channelId);
      expect(await poll()).toMatchObject({ stored: 1 });
      expect(await poller.dueChannels()).not.toContain(channelId);
    } finally {
      poller.batchSize = 200;
    }
    expect((await messagesOf(conversationId)).map((x: any) => x.body).slice(-3)).toEqual(['Mail 7', 'Mail 8', 'Mail 9']);
  });

  it('a changed UIDVALIDITY reads the mailbox again without storing anything twice; a mail without Message-ID is kept once', async () => {
    const noId = clientMail({ from: 'nid@client.test', subject: 'No id', text: 'I have no Message-ID', id: null });
    await dovecot.append(ADDRESS, noId.raw);
    await poll();
    const [hashed] = await t.db.query(`SELECT r.external_id FROM channel_message_refs r JOIN messages m ON m.id = r.message_id WHERE r.channel_id = $1 AND m.body = 'I have no Message-ID'`, [channelId]);
    expect(hashed.external_id).toMatch(/^<parley-[0-9a-f]{40}@no-message-id\.invalid>$/);
    const before = Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
    const s = await state();
    await t.db.query(`UPDATE email_mailbox_state SET uid_validity = 1 WHERE channel_id = $1`, [channelId]);
    const r = await poll();
    expect(r.resetUidValidity).toBe(true);
    expect(r.stored).toBe(0);
    expect(r.fetched).toBe(s.last_uid);
    expect(Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count)).toBe(before);
    expect((await state()).uid_validity).toBe(s.uid_validity);
  });

  it('files and inline images are stored as attachments; the reply goes to the CC too; a mail over 25 MB is recorded with a note, not dropped', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const id = `<files-${Date.now()}@client.test>`;
    const raw = [
      'From: Finn <finn@client.test>',
      `To: ${ADDRESS}, Gina <gina@client.test>`,
      'Cc: hal@client.test',
      'Subject: Photo of the damage',
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>See the photo: <img src="cid:damage@finn"></p>',
      '--rel',
      'Content-Type: image/png; name="damage.png"',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <damage@finn>',
      'Content-Disposition: inline; filename="damage.png"',
      '',
      Buffer.concat([png, Buffer.alloc(64)]).toString('base64'),
      '--rel--',
      '',
    ].join('\r\n');
    await dovecot.append(ADDRESS, raw);
    await poll();
    const ref = await refOf(id);
    const [msg] = await t.db.query(`SELECT body, html, attachments FROM messages WHERE id = $1`, [ref.message_id]);
    expect(msg.body).toBe('See the photo:');
    expect(msg.attachments).toEqual([expect.objectContaining({ name: 'damage.png', mime: 'image/png' })]);
    // the inline image points at its stored part (the operator app makes it the file's signed link)
    expect(msg.html).toContain(`src="parley-attachment:${msg.attachments[0].id}"`);
    const messageId = await reply(ref.conversation_id, 'Thanks, we see it.');
    await until(async () => (await statusOf(messageId)).delivery_status === 'sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [messageId]);
    const sent = await smtp.waitFor((x) => x.parsed.messageId === out.external_id);
    expect(sent.to.sort()).toEqual(['finn@client.test', 'gina@client.test', 'hal@client.test']);
    expect(sent.parsed.cc).toMatchObject({ value: [{ address: 'gina@client.test' }, { address: 'hal@client.test' }] });

    const bigId = `<big-${Date.now()}@client.test>`;
    const big = [
      'From: Finn <finn@client.test>', `To: ${ADDRESS}`, 'Subject: Huge video', `Message-ID: ${bigId}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="mix"', '',
      '--mix', 'Content-Type: text/plain', '', 'Here is the video', '--mix', 'Content-Type: video/mp4; name="v.mp4"', 'Content-Transfer-Encoding: base64', '',
      Buffer.alloc(20 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n'), '--mix--', '',
    ].join('\r\n');
    await dovecot.append(ADDRESS, big);
    await poll();
    const bigRef = await refOf(bigId);
    const [bigMsg] = await t.db.query(`SELECT body, attachments FROM messages WHERE id = $1`, [bigRef.message_id]);
    expect(bigMsg.body).toMatch(/^\[This e-mail is 2\d\.\d MB, over the 25\.0 MB Parley takes: only its headers were read\. Open it in the mailbox support@shop\.test to see it\.\]$/);
    expect(bigMsg.attachments ?? []).toEqual([]);
    expect((await t.db.query(`SELECT subject FROM conversations WHERE id = $1`, [bigRef.conversation_id]))[0].subject).toBe('Huge video');
  });

  it('an unreachable IMAP server is recorded as the last error and nothing is lost once it is back', async () => {
    const before = await state();
    await dovecot.pause();
    try {
      const r = await poll();
      expect(r.error).toMatch(/^IMAP 127\.0\.0\.1:\d+: nothing answers on that host and port \(connection refused\)$/);
      expect(await state()).toMatchObject({ last_error: r.error, last_uid: before.last_uid, lease_until: null });
    } finally {
      await dovecot.resume();
    }
    const m = clientMail({ text: 'after the outage' });
    await dovecot.append(ADDRESS, m.raw);
    expect((await poll()).error).toBeUndefined();
    expect(await refOf(m.id as string)).toBeDefined();
  });

  it('a mail that fails every time is skipped after 5 runs, named in last_error, and the mail after it still comes in', async () => {
    const poison = clientMail({ from: 'pat@client.test', subject: 'Poison', text: 'always fails' });
    const fine = clientMail({ from: 'pat@client.test', subject: 'Fine', text: 'comes in' });
    await dovecot.append(ADDRESS, poison.raw, fine.raw);
    const inbound = t.app.get(ChannelInboundService);
    const real = inbound.receive.bind(inbound);
    const spy = jest.spyOn(inbound, 'receive').mockImplementation(async (ch, msg) => {
      if (msg.externalMessageId === poison.id) throw new Error('constraint violated');
      return real(ch, msg);
    });
    try {
      for (let attempt = 1; attempt < 5; attempt++) {
        const r = await poll();
        expect(r.error).toContain(`(attempt ${attempt} of 5)`);
        expect(await refOf(fine.id as string)).toBeUndefined();
      }
      const last = await poll();
      expect(last.error).toMatch(/^skipped after 5 failed attempts: UID \d+: constraint violated$/);
      expect((await state()).last_error).toBe(last.error);
      expect(await refOf(fine.id as string)).toBeDefined();
      expect(await refOf(poison.id as string)).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect((await poll()).error).toBeUndefined();
  });

  it('a switched-off channel is not polled; bad job input is ignored', async () => {
    await t.graphql(UPDATE, { i: { id: channelId, active: false } }, admin);
    const m = clientMail({ text: 'while off' });
    await dovecot.append(ADDRESS, m.raw);
    expect(await poll()).toMatchObject({ fetched: 0 });
    expect(await t.app.get(EmailPoller).dueChannels()).not.toContain(channelId);
    expect(await refOf(m.id as string)).toBeUndefined();
    await t.graphql(UPDATE, { i: { id: channelId, active: true } }, admin);
    await poll();
    expect(await refOf(m.id as string)).toBeDefined();
    expect(await t.app.get(EmailPoller).pollChannel('00000000-0000-4000-8000-000000000000')).toMatchObject({ fetched: 0 });
  });
});
