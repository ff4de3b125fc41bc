import nodemailer from 'nodemailer';
import { EmailInboundSmtp } from '@parley/api/channels/email';
import { SmtpCapture } from '@parley/api/channels/email/testing';
import { ConversationsService } from '@parley/api/conversations';
import { MessageAuthorType } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id publicKey } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;
const CLOSE = `mutation($id: ID!) { closeConversation(input: { conversationId: $id }) { id status } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id) { nodes { id body threadedBy automated } } }`;
const CONTACT = `query($id: ID!) { conversation(id: $id) { contact { id emailBounce { since reason } } } }`;

/**
 * Issue #10, e-mail threading by reply address and loop protection, end to end: mail comes in
 * through Parley's own SMTP listener (forwarding channel), replies go out over a real SMTP server
 * (smtp-server, SmtpCapture).
 */
describe('e-mail: reply addresses, automatic-mail protection, bounces (integration)', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let admin: string;
  let port: number;
  let channelId: string;
  let workspaceId: string;
  let forwardTo: string;
  let seq = 0;

  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4, maxMessages: Infinity });
  let pool: ReturnType<typeof transport>;
  const send = (mail: nodemailer.SendMailOptions) => pool.sendMail({ from: '"Kate Client" <kate@client.test>', to: forwardTo, ...mail });
  const inRef = (externalId: string) => until(async () => (await t.db.query(`SELECT conversation_id, message_id, threaded_by, automated FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channelId, externalId]))[0], 20_000, `mail ${externalId} stored`);
  const statusOf = async (messageId: string) => (await t.db.query(`SELECT delivery_status, delivery_error FROM messages WHERE id = $1`, [messageId]))[0];
  const convStatus = async (id: string) => (await t.db.query(`SELECT status FROM conversations WHERE id = $1`, [id]))[0].status;
  const reply = async (conversationId: string, body: string) => {
    const sent = await t.graphql(SEND, { i: { conversationId, clientId: `r-${++seq}`, body } }, admin);
    expect(sent.errors).toBeUndefined();
    const id = sent.data?.['sendMessage'].id as string;
    await until(async () => (await statusOf(id)).delivery_status === 'sent', 20_000, 'the reply sent');
    const [out] = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out'`, [id]);
    const mail = await smtp.waitFor((m) => m.parsed.messageId === out.external_id);
    return { id, externalId: out.external_id as string, mail };
  };
  /** A message no person wrote (an automation's, the bot's): it goes through the outbox like a reply. */
  const automatic = async (conversationId: string, body: string) => {
    const r = await t.app.get(ConversationsService).appendMessage({ workspaceId, conversationId, clientId: `auto-${++seq}`, authorType: MessageAuthorType.system, authorId: null, authorName: 'Auto', body });
    return r.message.id;
  };
  const settled = (messageId: string) => until(async () => {
    const s = await statusOf(messageId);
    return s.delivery_status === 'sent' || s.delivery_status === 'failed' ? s : null;
  }, 20_000, 'the automatic message settled');

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    t = await TestApp.start({ INBOUND_MAIL_DOMAIN: 'in.parley.test', OUTBOX_RETRY_BASE_MS: '100', OUTBOX_MAX_ATTEMPTS: '3' });
    const listener = t.app.get(EmailInboundSmtp);
    await listener.listen(0, '127.0.0.1');
    port = listener.port as number;
    pool = transport();
    admin = await t.login('admin@demo.test');
    const created = await t.graphql(CREATE, { i: { type: 'email', name: 'Support', settings: JSON.stringify({ address: 'help@shop.test', fromName: 'Shop Help', inbound: 'forwarding', smtp: { host: smtp.host, port: smtp.port, secure: false } }) } }, admin);
    expect(created.errors).toBeUndefined();
    channelId = created.data?.['createChannel'].channel.id;
    forwardTo = `${created.data?.['createChannel'].channel.publicKey}@in.parley.test`;
    workspaceId = (await t.db.query(`SELECT workspace_id FROM channels WHERE id = $1`, [channelId]))[0].workspace_id;
  }, 60_000);
  afterAll(async () => {
    pool?.close();
    await t?.stop();
    await smtp?.stop();
  });

  it("a reply carries the conversation's signed reply address; an answer to it without reply headers continues the conversation (reopening it), a forged one starts a new one, reply headers come first", async () => {
    await send({ subject: 'Order 1', text: 'Where is order 1?', messageId: '<o1@client.test>' });
    const first = await inRef('<o1@client.test>');
    const out = await reply(first.conversation_id, 'It ships today.');
    const replyTo = out.mail.parsed.replyTo?.value[0].address as string;
    // a forwarding channel's reply addresses are on Parley's inbound domain, served by its listener
    expect(replyTo).toMatch(/^c[0-9a-z]{38}@in\.parley\.test$/);
    expect(out.mail.parsed.inReplyTo).toBe('<o1@client.test>');

    // the client's mail program kept no In-Reply-To/References and changed the subject; the conversation was closed
    expect((await t.graphql(CLOSE, { id: first.conversation_id }, admin)).errors).toBeUndefined();
    await send({ to: replyTo, subject: 'one more thing', text: 'Can you gift-wrap it?', messageId: '<o1-b@client.test>' });
    const answer = await inRef('<o1-b@client.test>');
    expect(answer).toMatchObject({ conversation_id: first.conversation_id, threaded_by: 'reply_address', automated: null });
    expect(await convStatus(first.conversation_id)).not.toBe('closed');
    const shown = await t.graphql(MESSAGES, { id: first.conversation_id }, admin);
    expect(shown.data?.['messages'].nodes.find((m: any) => m.id === answer.message_id)).toMatchObject({ body: 'Can you gift-wrap it?', threadedBy: 'reply_address' });
    // the reply address is ours: never a CC of the next reply
    const next = await reply(first.conversation_id, 'Sure.');
    expect(next.mail.to).toEqual(['kate@client.test']);

    // a forged token: refused by the listener when it stands alone (it names no mailbox), ignored (new mail) on the channel's own address
    const forged = `${replyTo.slice(0, 30)}${replyTo[30] === '1' ? '2' : '1'}${replyTo.slice(31)}`;
    await expect(send({ to: forged, subject: 'forged', text: 'x', messageId: '<o1-e@client.test>' })).rejects.toMatchObject({ responseCode: 550 });
    const tagged = forwardTo.replace('@', `+${forged.split('@')[0]}@`);
    await send({ to: tagged, subject: 'forged', text: 'x', messageId: '<o1-f@client.test>' });
    const f = await inRef('<o1-f@client.test>');
    expect(f.conversation_id).not.toBe(first.conversation_id);
    expect(f.threaded_by).toBe('new');
    // a malformed tag is still the channel's address (accepted), threaded as new mail
    await send({ to: forwardTo.replace('@', '+cxyz@'), subject: 'odd', text: 'x', messageId: '<o1-h@client.test>' });
    expect((await inRef('<o1-h@client.test>')).threaded_by).toBe('new');
    // a valid token of a conversation on another channel names nothing here (the MAC is bound to the channel)
    const other = await t.graphql(CREATE, { i: { type: 'email', name: 'Other', settings: JSON.stringify({ address: 'other@shop.test', inbound: 'forwarding', smtp: { host: smtp.host, port: smtp.port, secure: false } }) } }, admin);
    const otherKey = other.data?.['createChannel'].channel.publicKey as string;
    await send({ to: `${otherKey}+${replyTo.split('@')[0]}@in.parley.test`, subject: 'cross', text: 'x', messageId: '<o1-x@client.test>' });
    const cross = await until(async () => (await t.db.query(`SELECT conversation_id, threaded_by FROM channel_message_refs WHERE external_id = '<o1-x@client.test>'`))[0], 20_000, 'cross-channel mail');
    expect(cross.conversation_id).not.toBe(first.conversation_id);
    expect(cross.threaded_by).toBe('new');

    // In-Reply-To wins over the reply address: sent to the second conversation's address, answering the first
    const second = await reply(f.conversation_id, 'Hello again');
    const secondAddress = second.mail.parsed.replyTo?.value[0].address as string;
    await send({ to: secondAddress, subject: 'Re: Order 1', text: 'about order 1', inReplyTo: out.externalId, messageId: '<o1-i@client.test>' });
    expect(await inRef('<o1-i@client.test>')).toMatchObject({ conversation_id: first.conversation_id, threaded_by: 'reply' });
  });

  it("the operator's e-mail signature (profile) goes under their replies, in the text and escaped in the HTML; bad signatures are refused", async () => {
    const PROFILE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { emailSignature } }`;
    const long = await t.graphql(PROFILE, { i: { emailSignature: 'x'.repeat(2001) } }, admin);
    expect(long.errors?.[0]).toMatchObject({ message: 'The signature may have at most 2000 characters', extensions: { code: 'BAD_USER_INPUT' } });
    const lines = await t.graphql(PROFILE, { i: { emailSignature: Array.from({ length: 21 }, (_, i) => `line ${i}`).join('\n') } }, admin);
    expect(lines.errors?.[0]).toMatchObject({ message: 'The signature may have at most 20 lines', extensions: { code: 'BAD_USER_INPUT', field: 'emailSignature' } });
    const set = await t.graphql(PROFILE, { i: { emailSignature: '  Anna <b>Agent</b>\r\nShop & Co  \u0007' } }, admin);
    expect(set.data?.['updateProfile']).toEqual({ emailSignature: 'Anna <b>Agent</b>\nShop & Co' });
    await send({ from: 'sig@client.test', subject: 'Sig', text: 'Hello', messageId: '<sig-1@client.test>' });
    const c = await inRef('<sig-1@client.test>');
    const out = await reply(c.conversation_id, 'Thanks for writing.');
    expect(out.mail.parsed.text?.trim()).toBe('Thanks for writing.\n\n-- \nAnna <b>Agent</b>\nShop & Co');
    expect(out.mail.parsed.html).toContain('-- <br>Anna &lt;b&gt;Agent&lt;/b&gt;<br>Shop &amp; Co');
    expect(out.mail.parsed.html).not.toContain('<b>Agent');
    // an automation's message carries no operator's signature; an empty signature removes it
    expect((await t.graphql(PROFILE, { i: { emailSignature: '' } }, admin)).data?.['updateProfile']).toEqual({ emailSignature: null });
    const plain = await reply(c.conversation_id, 'No signature now.');
    expect(plain.mail.parsed.text?.trim()).toBe('No signature now.');
  });

  it('an agent splits a mail into a new conversation: the copy, its Message-ID (answers follow it), an event line, the audit; bad requests are refused', async () => {
    const SPLIT = `mutation($id: ID!) { splitEmailMessage(messageId: $id) { id subject status } }`;
    await send({ from: 'vera@client.test', subject: 'Invoice', text: 'Please send the invoice', messageId: '<v1@client.test>' });
    const c = await inRef('<v1@client.test>');
    const ours = await reply(c.conversation_id, 'Attached.');
    // the client answers our reply, but about something else
    await send({ from: 'vera@client.test', subject: 'Re: Invoice', text: 'Also: my parcel is damaged', inReplyTo: ours.externalId, messageId: '<v2@client.test>' });
    const b = await inRef('<v2@client.test>');
    expect(b.conversation_id).toBe(c.conversation_id);

    const observer = await t.login('olga@demo.test');
    expect((await t.graphql(SPLIT, { id: b.message_id }, observer)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    expect((await t.graphql(SPLIT, { id: ours.id }, admin)).errors?.[0]).toMatchObject({ message: 'Only an e-mail the client sent can be split into a new conversation', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await t.graphql(SPLIT, { id: '00000000-0000-4000-8000-000000000000' }, admin)).errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    expect((await t.graphql(SPLIT, { id: 'not-an-id' }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');

    const split = await t.graphql(SPLIT, { id: b.message_id }, admin);
    expect(split.errors).toBeUndefined();
    const to = split.data?.['splitEmailMessage'];
    expect(to).toMatchObject({ subject: 'Invoice' });
    expect(to.id).not.toBe(c.conversation_id);
    const moved = await inRef('<v2@client.test>');
    expect(moved.conversation_id).toBe(to.id);
    const [copy] = await t.db.query(`SELECT body, author_type FROM messages WHERE id = $1`, [moved.message_id]);
    expect(copy).toEqual({ body: 'Also: my parcel is damaged', author_type: 'visitor' });
    const [contacts] = await t.db.query(`SELECT (SELECT contact_id FROM conversations WHERE id = $1) = (SELECT contact_id FROM conversations WHERE id = $2) AS same`, [to.id, c.conversation_id]);
    expect(contacts.same).toBe(true);
    const old = await t.db.query(`SELECT body, author_type FROM messages WHERE conversation_id = $1 ORDER BY seq`, [c.conversation_id]);
    expect(old.map((r: any) => r.body)).toEqual(['Please send the invoice', 'Attached.', 'Also: my parcel is damaged', expect.stringMatching(/ split a mail of this conversation into a new conversation$/)]);
    const [audit] = await t.db.query(`SELECT action, target_id, details FROM audit_log WHERE action = 'message.split' ORDER BY created_at DESC LIMIT 1`);
    expect(audit).toMatchObject({ action: 'message.split', target_id: to.id, details: { from: c.conversation_id, to: to.id, externalId: '<v2@client.test>' } });
    // twice: refused; the only mail of the new conversation cannot be split from it
    expect((await t.graphql(SPLIT, { id: b.message_id }, admin)).errors?.[0].message).toBe('This mail was split or moved already');
    expect((await t.graphql(SPLIT, { id: moved.message_id }, admin)).errors?.[0].message).toBe('This is the only mail of the conversation: there is nothing to split it from');
    // the client's answer to the split mail continues the new conversation
    await send({ from: 'vera@client.test', subject: 'Re: Invoice', text: 'Photos attached later', inReplyTo: '<v2@client.test>', messageId: '<v3@client.test>' });
    expect(await inRef('<v3@client.test>')).toMatchObject({ conversation_id: to.id, threaded_by: 'reply' });
  });

  it('an agent moves a mail that opened a new conversation into the earlier one of the same client; answers follow it; bad requests are refused', async () => {
    const MOVE = `mutation($m: ID!, $c: ID!) { moveEmailMessage(messageId: $m, conversationId: $c) { id status } }`;
    await send({ from: 'ines@client.test', subject: 'Order 17', text: 'Where is order 17?', messageId: '<i1@client.test>' });
    const first = await inRef('<i1@client.test>');
    const ours = await reply(first.conversation_id, 'It ships tomorrow.');
    expect((await t.graphql(CLOSE, { id: first.conversation_id }, admin)).errors).toBeUndefined();
    // her mail program lost the headers: a new subject without references opens a new conversation
    await send({ from: 'ines@client.test', subject: 'order', text: 'Thanks, and the invoice for order 17?', messageId: '<i2@client.test>' });
    const second = await inRef('<i2@client.test>');
    expect(second).toMatchObject({ threaded_by: 'new' });
    expect(second.conversation_id).not.toBe(first.conversation_id);
    // someone else's conversation on the same mailbox
    await send({ from: 'other@client.test', subject: 'Hello', text: 'Another client', messageId: '<o1@client.test>' });
    const other = await inRef('<o1@client.test>');

    const observer = await t.login('olga@demo.test');
    expect((await t.graphql(MOVE, { m: second.message_id, c: first.conversation_id }, observer)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    const refused = async (m: string, c: string) => (await t.graphql(MOVE, { m, c }, admin)).errors?.[0];
    expect(await refused(second.message_id, 'not-an-id')).toMatchObject({ message: expect.stringMatching(/conversationId/), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await refused(second.message_id, '00000000-0000-4000-8000-000000000000'))?.extensions?.['code']).toBe('NOT_FOUND');
    expect(await refused(second.message_id, second.conversation_id)).toMatchObject({ message: 'The mail is in this conversation already', extensions: { field: 'conversationId' } });
    expect(await refused(second.message_id, other.conversation_id)).toMatchObject({ message: 'A mail can only be moved into a conversation of the same client', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await refused(ours.id, second.conversation_id))?.message).toBe('Only an e-mail the client sent can be moved into another conversation');

    const moved = await t.graphql(MOVE, { m: second.message_id, c: first.conversation_id }, admin);
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.['moveEmailMessage'].id).toBe(first.conversation_id);
    const ref = await inRef('<i2@client.test>');
    expect(ref.conversation_id).toBe(first.conversation_id);
    const thread = await t.db.query(`SELECT body, author_type FROM messages WHERE conversation_id = $1 ORDER BY seq`, [first.conversation_id]);
    expect(thread.map((r: any) => r.body)).toEqual(['Where is order 17?', 'It ships tomorrow.', 'Thanks, and the invoice for order 17?']);
    expect(await convStatus(first.conversation_id)).not.toBe('closed');
    const left = await t.db.query(`SELECT body, author_type FROM messages WHERE conversation_id = $1 ORDER BY seq`, [second.conversation_id]);
    expect(left).toEqual([{ body: 'Thanks, and the invoice for order 17?', author_type: 'visitor' }]);
    const [audit] = await t.db.query(`SELECT action, target_id, details FROM audit_log WHERE action = 'message.moved' ORDER BY created_at DESC LIMIT 1`);
    expect(audit).toMatchObject({ target_id: first.conversation_id, details: { from: second.conversation_id, to: first.conversation_id, externalId: '<i2@client.test>' } });
    // twice: refused (the reference went with the copy)
    expect((await refused(second.message_id, first.conversation_id))?.message).toBe('This mail was split or moved already');
    // our answer to the moved mail and her answer to it stay in the earlier conversation
    const answer = await reply(first.conversation_id, 'Invoice attached.');
    expect(answer.mail.parsed.inReplyTo).toBeDefined();
    await send({ from: 'ines@client.test', subject: 'Re: order', text: 'Got it', inReplyTo: '<i2@client.test>', messageId: '<i3@client.test>' });
    expect(await inRef('<i3@client.test>')).toMatchObject({ conversation_id: first.conversation_id, threaded_by: 'reply' });
  });

  it('an auto-reply is stored without reopening the closed conversation, and nothing automatic answers it', async () => {
    await send({ from: 'lena@client.test', subject: 'Refund', text: 'Refund please', messageId: '<l1@client.test>' });
    const c = await inRef('<l1@client.test>');
    const out = await reply(c.conversation_id, 'Refunded.');
    expect((await t.graphql(CLOSE, { id: c.conversation_id }, admin)).errors).toBeUndefined();
    const before = smtp.mails.length;
    await send({ from: 'lena@client.test', subject: 'Out of office: Re: Refund', text: 'I am away until Monday.', inReplyTo: out.externalId, messageId: '<l1-ooo@client.test>', headers: { 'Auto-Submitted': 'auto-replied' } });
    const ooo = await inRef('<l1-ooo@client.test>');
    expect(ooo).toMatchObject({ conversation_id: c.conversation_id, automated: 'auto-reply', threaded_by: 'reply' });
    expect(await convStatus(c.conversation_id)).toBe('closed');
    // an automation writing into the conversation now is not sent: the client's last mail was automatic
    const auto = await automatic(c.conversation_id, 'Please rate our service!');
    expect(await settled(auto)).toEqual({ delivery_status: 'failed', delivery_error: expect.stringMatching(/^Not sent: the client's last mail was automatic \(an automatic reply\)/) });
    expect(smtp.mails.length).toBe(before);
    // the person writing again reopens it, and an operator's reply goes as usual
    await send({ from: 'lena@client.test', subject: 'Re: Refund', text: 'Back now, thanks!', inReplyTo: out.externalId, messageId: '<l1-back@client.test>' });
    await inRef('<l1-back@client.test>');
    expect(await convStatus(c.conversation_id)).not.toBe('closed');
  });

  it('a mail bomb of 1,000 auto-replies stores a bounded number and sends nothing back; automatic mail to one address stops after AUTO_MAIL_PER_HOUR', async () => {
    const bomb = 'bomb@loop.test';
    const before = smtp.mails.length;
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 1000; i++) {
      sends.push(send({ from: bomb, subject: `Automatic reply ${i}`, text: 'I am out of the office.', messageId: `<bomb-${i}@loop.test>`, headers: { 'Auto-Submitted': 'auto-replied', Precedence: 'auto_reply' } }));
    }
    // every one is accepted (250): a refusal would make the sending server bounce to us again
    const results = await Promise.allSettled(sends);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const [{ n: stored }] = await t.db.query(`SELECT count(*)::int AS n FROM channel_message_refs WHERE channel_id = $1 AND external_id LIKE '<bomb-%'`, [channelId]);
    // AUTOMATED_INBOUND_PER_HOUR (20 by default) from one sender; the rest dropped
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThanOrEqual(20);
    const [{ n: conversations }] = await t.db.query(`SELECT count(DISTINCT conversation_id)::int AS n FROM channel_message_refs WHERE channel_id = $1 AND external_id LIKE '<bomb-%'`, [channelId]);
    expect(conversations).toBeLessThanOrEqual(20);
    // an automation answering one of them: refused
    const [one] = await t.db.query(`SELECT conversation_id FROM channel_message_refs WHERE channel_id = $1 AND external_id LIKE '<bomb-%' LIMIT 1`, [channelId]);
    const auto = await automatic(one.conversation_id, 'We got your message');
    expect((await settled(auto)).delivery_status).toBe('failed');
    expect(smtp.mails.slice(before).filter((m) => m.to.includes(bomb))).toEqual([]);

    // automatic mail to a person: AUTO_MAIL_PER_HOUR (5) an hour, then refused with the reason; an operator's reply still goes
    await send({ from: 'max@client.test', subject: 'Hi', text: 'Hi', messageId: '<max-1@client.test>' });
    const c = await inRef('<max-1@client.test>');
    const outcomes: Array<{ delivery_status: string; delivery_error: string | null }> = [];
    for (let i = 0; i < 6; i++) outcomes.push(await settled(await automatic(c.conversation_id, `Automatic note ${i}`)));
    expect(outcomes.slice(0, 5).map((o) => o.delivery_status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(outcomes[5]).toEqual({ delivery_status: 'failed', delivery_error: 'Not sent: max@client.test has had 5 automatic mails this hour (AUTO_MAIL_PER_HOUR)' });
    expect(smtp.mails.filter((m) => m.to.includes('max@client.test'))).toHaveLength(5);
    await reply(c.conversation_id, 'A person answers');
  }, 180_000);

  it('a bounce marks the original reply failed and the contact as bouncing (shown on the contact); no automatic mail goes there; a mail they write clears it', async () => {
    await send({ from: 'ivy@client.test', subject: 'Earlier topic', text: 'Hi', messageId: '<ivy-0@client.test>' });
    const earlier = await inRef('<ivy-0@client.test>');
    await send({ from: 'ivy@client.test', subject: 'Question', text: 'Hello', messageId: '<ivy-1@client.test>' });
    const c = await inRef('<ivy-1@client.test>');
    const out = await reply(c.conversation_id, 'Our answer');
    expect((await t.graphql(CONTACT, { id: c.conversation_id }, admin)).data?.['conversation'].contact.emailBounce).toBeNull();
    const dsn = (id: string, original: string, action: string, status: string, recipient = 'ivy@client.test') =>
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.client.test>', `To: help@shop.test`, 'Subject: Undelivered Mail Returned to Sender', `Message-ID: ${id}`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"', '',
        '--r', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
        '--r', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.client.test', '', `Final-Recipient: rfc822; ${recipient}`, `Action: ${action}`, `Status: ${status}`, `Diagnostic-Code: smtp; ${status.startsWith('5') ? '550' : '451'} ${status} <${recipient}>: mailbox unavailable`, '',
        '--r', 'Content-Type: text/rfc822-headers', '', 'From: Shop Help <help@shop.test>', `Message-ID: ${original}`, 'Subject: Re: Question', '', '--r--', '',
      ].join('\r\n');
    const raw = (source: string) => pool.sendMail({ envelope: { from: '', to: forwardTo }, raw: source });
    // a delay notice (4.x.x, delayed) changes nothing
    await raw(dsn('<dsn-delay@mx.client.test>', out.externalId, 'delayed', '4.4.1'));
    await inRef('<dsn-delay@mx.client.test>');
    expect((await statusOf(out.id)).delivery_status).toBe('sent');
    // a bounce quoting a Message-ID that is not ours changes nothing either
    await raw(dsn('<dsn-stranger@mx.client.test>', '<not-ours@elsewhere.test>', 'failed', '5.1.1'));
    await inRef('<dsn-stranger@mx.client.test>');
    expect((await statusOf(out.id)).delivery_status).toBe('sent');

    await raw(dsn('<dsn-1@mx.client.test>', out.externalId, 'failed', '5.1.1'));
    expect(await inRef('<dsn-1@mx.client.test>')).toMatchObject({ conversation_id: c.conversation_id, automated: 'bounce' });
    expect(await statusOf(out.id)).toEqual({ delivery_status: 'failed', delivery_error: 'The mail bounced: smtp; 550 5.1.1 <ivy@client.test>: mailbox unavailable' });
    const contact = (await t.graphql(CONTACT, { id: c.conversation_id }, admin)).data?.['conversation'].contact;
    expect(contact.emailBounce).toEqual({ since: expect.any(String), reason: 'smtp; 550 5.1.1 <ivy@client.test>: mailbox unavailable' });
    // an automation in her other conversation (whose last mail is hers, not automatic): not sent to a bouncing address
    const auto = await automatic(earlier.conversation_id, 'Automatic follow-up');
    expect(await settled(auto)).toEqual({ delivery_status: 'failed', delivery_error: 'Not sent: mail to ivy@client.test bounces' });
    expect(smtp.mails.filter((m) => m.to.includes('ivy@client.test') && m.parsed.text?.includes('Automatic follow-up'))).toEqual([]);

    // a report about another recipient fails our reply but marks nobody bouncing
    await send({ from: 'tom@client.test', subject: 'Hi', text: 'Hi', messageId: '<tom-1@client.test>' });
    const tom = await inRef('<tom-1@client.test>');
    const toTom = await reply(tom.conversation_id, 'Hello Tom');
    await raw(dsn('<dsn-other@mx.client.test>', toTom.externalId, 'failed', '5.1.1', 'someone-else@client.test'));
    await inRef('<dsn-other@mx.client.test>');
    expect((await statusOf(toTom.id)).delivery_status).toBe('failed');
    expect((await t.graphql(CONTACT, { id: tom.conversation_id }, admin)).data?.['conversation'].contact.emailBounce).toBeNull();

    // she writes again: her address works, the mark is gone
    await send({ from: 'ivy@client.test', subject: 'Re: Question', text: 'My mailbox works again', inReplyTo: out.externalId, messageId: '<ivy-2@client.test>' });
    await inRef('<ivy-2@client.test>');
    expect((await t.graphql(CONTACT, { id: c.conversation_id }, admin)).data?.['conversation'].contact.emailBounce).toBeNull();
  });
});
