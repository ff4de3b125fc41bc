import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { EmailInboundSmtp } from '@parley/api/channels/email';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id publicKey } details { label value } } }`;
const CHECK = `mutation($id: ID!) { checkChannelConnection(id: $id) { ok message } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id deliveryStatus } }`;


/**
 * Issue #10, e-mail by forwarding: Parley's own SMTP listener takes mail for a forwarding
 * channel's address and stores it once, refuses unknown recipients and oversize mail while
 * receiving, and — with "replies through this server" and no SMTP_URL — writes the agent's
 * threaded reply into DATA_DIR/mail-outbox (the demo's setup, no mail server needed).
 */
describe('e-mail channel by forwarding: the SMTP listener (integration)', () => {
  let t: TestApp;
  let admin: string;
  let smtpPort: number;
  let dataDir: string;
  let forwardTo: string;
  let channelId: string;

  const send = (mail: nodemailer.SendMailOptions) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({ from: '"Kate Client" <kate@client.test>', ...mail });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-forwarding-'));
    t = await TestApp.start({ DATA_DIR: dataDir, INBOUND_MAIL_DOMAIN: 'in.parley.test', OUTBOX_RETRY_BASE_MS: '100' });
    // a private port for this test (the configured listener is off in tests)
    const listener = t.app.get(EmailInboundSmtp);
    await listener.listen(0, '127.0.0.1');
    smtpPort = listener.port as number;
    admin = await t.login('admin@demo.test');
    const created = await t.graphql(CREATE, { i: { type: 'email', name: 'Forwarded support', settings: JSON.stringify({ address: 'help@shop.test', fromName: 'Shop Help', inbound: 'forwarding', outbound: 'server' }) } }, admin);
    expect(created.errors).toBeUndefined();
    channelId = created.data?.['createChannel'].channel.id;
    const key = created.data?.['createChannel'].channel.publicKey as string;
    forwardTo = `${key}@in.parley.test`;
    expect(created.data?.['createChannel'].details).toEqual([{ label: 'Forward your support mail to', value: forwardTo }]);
  });
  afterAll(async () => {
    await t?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a forwarded mail once as an e-mail conversation; the reply is threaded and written to the mail outbox', async () => {
    const mail = { to: forwardTo, subject: 'Broken zipper', text: 'Hi, the zipper of my jacket broke after a week.', messageId: '<zipper-1@client.test>' };
    await send(mail);
    // the sending server retried (it did not see our 250): still one message
    await send(mail);
    const ref = await until(async () => (await t.db.query(`SELECT conversation_id, message_id FROM channel_message_refs WHERE channel_id = $1 AND direction = 'in'`, [channelId]))[0], 20_000, 'the forwarded mail');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM channel_message_refs WHERE channel_id = $1 AND direction = 'in'`, [channelId])).toEqual([{ n: 1 }]);
    const [conv] = await t.db.query(`SELECT c.subject, k.email FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = $1`, [ref.conversation_id]);
    expect(conv).toEqual({ subject: 'Broken zipper', email: 'kate@client.test' });
    const [msg] = await t.db.query(`SELECT body, author_type FROM messages WHERE id = $1`, [ref.message_id]);
    expect(msg).toEqual({ body: 'Hi, the zipper of my jacket broke after a week.', author_type: 'visitor' });

    const sent = await t.graphql(SEND, { i: { conversationId: ref.conversation_id, clientId: 'fwd-reply-1', body: 'Sorry to hear that! We will send a new one.' } }, admin);
    expect(sent.errors).toBeUndefined();
    const messageId = sent.data?.['sendMessage'].id;
    await until(async () => (await t.db.query(`SELECT delivery_status FROM messages WHERE id = $1`, [messageId]))[0].delivery_status === 'sent', 20_000, 'the reply sent');
    const outbox = path.join(dataDir, 'mail-outbox');
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    const eml = files.map((f) => fs.readFileSync(path.join(outbox, f), 'utf8')).find((s) => s.includes('We will send a new one')) ?? '';
    expect(eml).toMatch(/^To: kate@client\.test$/m);
    expect(eml).toMatch(/^Subject: Re: Broken zipper$/m);
    expect(eml).toMatch(/^In-Reply-To: <zipper-1@client\.test>$/m);
    expect(eml).toMatch(/^From: .*<help@shop\.test>$/m);

    // the client answers the reply: same conversation
    const ourId = (await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [messageId]))[0].external_id as string;
    await send({ to: forwardTo, subject: 'Re: Broken zipper', text: 'Great, thanks!', inReplyTo: ourId, references: [ourId] });
    const answer = await until(async () => (await t.db.query(`SELECT conversation_id, threaded_by FROM channel_message_refs WHERE channel_id = $1 AND direction = 'in' ORDER BY created_at DESC LIMIT 1`, [channelId]).then((r: any[]) => (r[0]?.conversation_id === ref.conversation_id ? r[0] : null))), 20_000, 'the answer threaded');
    expect(answer.threaded_by).toBe('reply');

    const check = await t.graphql(CHECK, { id: channelId }, admin);
    // this test's listener is not the configured one (INBOUND_SMTP_PORT is off in tests): the check says how to turn it on
    expect(check.data?.['checkChannelConnection']).toEqual({ ok: false, message: expect.stringContaining('set INBOUND_SMTP_PORT') });
  });

  it('refuses unknown recipients, other domains, IMAP channels and oversize mail while receiving; nothing is stored', async () => {
    const before = Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count);
    await expect(send({ to: 'nobody@in.parley.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: forwardTo.replace('in.parley.test', 'elsewhere.test'), subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    const imap = await t.graphql(CREATE, { i: { type: 'email', name: 'IMAP one', settings: JSON.stringify({ address: 'imap@shop.test', imap: { host: '127.0.0.1', port: 1, password: 'p' }, outbound: 'server' }) } }, admin);
    await expect(send({ to: `${imap.data?.['createChannel'].channel.publicKey}@in.parley.test`, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ to: forwardTo, subject: 'Huge', text: 'x', attachments: [{ filename: 'big.bin', content: Buffer.alloc(26 * 1024 * 1024, 7) }] })).rejects.toMatchObject({ responseCode: 552 });
    // bad settings for forwarding channels are field errors too
    const bad = await t.graphql(CREATE, { i: { type: 'email', name: 'Bad', settings: JSON.stringify({ address: 'nope', inbound: 'carrier-pigeon' }) } }, admin);
    expect(bad.errors?.[0].extensions?.['fieldErrors']).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'address' }), expect.objectContaining({ field: 'inbound' })]));
    expect(Number((await t.db.query(`SELECT count(*) FROM messages`))[0].count)).toBe(before);
  });
});
