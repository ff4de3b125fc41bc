import nodemailer from 'nodemailer';
import { EmailInboundSmtp, EmailPoller } from '@parley/api/channels/email';
import { TestDovecot } from '@parley/api/channels/email/testing';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id publicKey } } }`;
const HTML = `query($id: ID!) { messageHtml(messageId: $id) }`;
const PASSWORD = 'imap-pass-123';

/**
 * Issue #10, bad mail end to end: what real senders get wrong arrives through Parley's SMTP
 * listener (and the IMAP poller) and is stored readably and safely, never crashing the intake:
 * malformed MIME, an 8-bit subject without encoding, no Message-ID, hostile HTML, files over the
 * limits.
 */
describe('e-mail: bad mail through the SMTP listener and IMAP (integration)', () => {
  let t: TestApp;
  let dovecot: TestDovecot;
  let admin: string;
  let port: number;
  let channelId: string;
  let forwardTo: string;

  /** One raw SMTP delivery (the bytes exactly as given). */
  const deliver = (raw: Buffer | string, to = forwardTo) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: 'sender@client.test', to }, raw });
  const bySender = (from: string, channel = channelId) =>
    until(async () => (await t.db.query(`SELECT m.id, m.body, m.attachments, c.subject, c.id AS conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id WHERE c.channel_id = $1 AND k.email = $2 ORDER BY m.seq`, [channel, from]))[0], 20_000, `mail from ${from}`);

  beforeAll(async () => {
    dovecot = await TestDovecot.start({ users: [{ user: 'bad@shop.test', password: PASSWORD }] });
    t = await TestApp.start({ INBOUND_MAIL_DOMAIN: 'in.parley.test' });
    const listener = t.app.get(EmailInboundSmtp);
    await listener.listen(0, '127.0.0.1');
    port = listener.port as number;
    admin = await t.login('admin@demo.test');
    const created = await t.graphql(CREATE, { i: { type: 'email', name: 'Forwarded', settings: JSON.stringify({ address: 'help@shop.test', inbound: 'forwarding', outbound: 'server' }) } }, admin);
    channelId = created.data?.['createChannel'].channel.id;
    forwardTo = `${created.data?.['createChannel'].channel.publicKey}@in.parley.test`;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await dovecot?.stop();
  });

  it('malformed MIME (an unterminated multipart, a broken boundary) is stored with the text that can be read', async () => {
    await deliver(['From: Mona <mona@client.test>', `To: ${forwardTo}`, 'Subject: Broken', 'Message-ID: <broken-1@client.test>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', 'The part that is there', '--b1', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', '!!!not base64!!!', ''].join('\r\n'));
    const m = await bySender('mona@client.test');
    expect(m.body).toContain('The part that is there');
    expect(m.subject).toBe('Broken');
    // no boundary at all in a multipart, headers only, a NUL in the body: still stored or ignored, the listener answers
    await deliver(['From: nora@client.test', 'Subject: No boundary', 'Content-Type: multipart/alternative', '', 'just text\u0000 here', ''].join('\r\n'));
    expect((await bySender('nora@client.test')).body).toMatch(/just text/);
  });

  it('an 8-bit subject without encoding reads right (UTF-8 or Windows-1252)', async () => {
    await deliver(Buffer.concat([Buffer.from('From: olek@client.test\r\nMessage-ID: <8bit-1@client.test>\r\nSubject: '), Buffer.from('Zażółć gęślą jaźń', 'utf8'), Buffer.from('\r\n\r\nCześć\r\n')]));
    expect((await bySender('olek@client.test')).subject).toBe('Zażółć gęślą jaźń');
    await deliver(Buffer.concat([Buffer.from('From: paul@client.test\r\nMessage-ID: <8bit-2@client.test>\r\nSubject: '), Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e', 'latin1'), Buffer.from('\r\n\r\nBonjour\r\n')]));
    expect((await bySender('paul@client.test')).subject).toBe('Café crème brûlée');
  });

  it('a mail without Message-ID delivered twice (a sender retrying) is stored once', async () => {
    const raw = ['From: quinn@client.test', `To: ${forwardTo}`, 'Subject: No id', 'Date: Fri, 04 Dec 2026 10:00:00 +0000', '', 'I have no Message-ID', ''].join('\r\n');
    await deliver(raw);
    await deliver(raw);
    const m = await bySender('quinn@client.test');
    const refs = await t.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1`, [m.id]);
    expect(refs).toEqual([{ external_id: expect.stringMatching(/^<parley-[0-9a-f]{40}@no-message-id\.invalid>$/) }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id WHERE k.email = 'quinn@client.test'`)).toEqual([{ n: 1 }]);
  });

  it('HTML with scripts, event handlers, javascript: links and a tracking pixel is stored sanitised; the pixel is not loaded', async () => {
    const html = `<html><head><script>alert(1)</script><style>body{background:url(https://t.test/css)}</style></head><body onload="steal()">
      <p>Hello <b>team</b></p><img src="https://tracker.test/open.gif?u=1" width="1" height="1"><a href="javascript:alert(2)">click</a>
      <a href="https://shop.test/order/7">order</a><iframe src="https://evil.test"></iframe><form action="https://evil.test"><input name="p"></form></body></html>`;
    await deliver(['From: rita@client.test', `To: ${forwardTo}`, 'Subject: Hostile', 'Message-ID: <html-1@client.test>', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n'));
    const m = await bySender('rita@client.test');
    expect(m.body).toContain('Hello team');
    expect(m.body).not.toMatch(/alert|javascript:|steal/);
    const shown = (await t.graphql(HTML, { id: m.id }, admin)).data?.['messageHtml'] as string;
    expect(shown).toContain('<b>team</b>');
    expect(shown).toContain('href="https://shop.test/order/7"');
    for (const bad of ['<script', 'alert(', 'onload', 'steal', '<style', 'javascript:', '<iframe', '<form', '<input']) expect(shown).not.toContain(bad);
    // the pixel's address is kept only as data-remote-src: nothing loads it until the agent asks
    expect(shown).not.toMatch(/\ssrc="https:\/\/tracker/);
    expect(shown).toContain('data-remote-src="https://tracker.test/open.gif?u=1"');
  });

  it('files over the limits: a 30 MB mail is refused while receiving with a clear SMTP error; a file over 10 MB in a smaller mail is named as not kept (listener and IMAP alike)', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 'a');
    await expect(deliver(['From: sam@client.test', 'Subject: Huge', 'Content-Type: text/plain', '', big.toString(), ''].join('\r\n'))).rejects.toMatchObject({ responseCode: 552, response: expect.stringContaining('The message is larger than 25 MB') });

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 'x')]);
    const withFile = (from: string, id: string) =>
      ['From: ' + from, 'To: bad@shop.test', 'Subject: Scan', `Message-ID: ${id}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="f"', '', '--f', 'Content-Type: text/plain', '', 'The scan is attached.', '--f', 'Content-Type: application/pdf; name="scan.pdf"', 'Content-Disposition: attachment; filename="scan.pdf"', 'Content-Transfer-Encoding: base64', '', pdf.toString('base64').replace(/.{76}/g, '$&\r\n'), '--f--', ''].join('\r\n');
    await deliver(withFile('tina@client.test', '<file-1@client.test>'));
    const viaListener = await bySender('tina@client.test');
    expect(viaListener.body).toMatch(/^The scan is attached\.\n\n\[scan\.pdf not kept: The file is larger than 10 MB\]$/);
    expect(viaListener.attachments ?? []).toEqual([]);

    const imap = await t.graphql(CREATE, { i: { type: 'email', name: 'IMAP', settings: JSON.stringify({ address: 'bad@shop.test', imap: { host: dovecot.host, port: dovecot.port, secure: false, password: PASSWORD }, outbound: 'server', pollSeconds: 3600 }) } }, admin);
    const imapChannel = imap.data?.['createChannel'].channel.id as string;
    await dovecot.append('bad@shop.test', withFile('uma@client.test', '<file-2@client.test>'));
    let r;
    for (let i = 0; i < 100; i++) {
      r = await t.app.get(EmailPoller).pollChannel(imapChannel);
      if (!r.busy && r.fetched) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const viaImap = await bySender('uma@client.test', imapChannel);
    expect(viaImap.body).toMatch(/^The scan is attached\.\n\n\[scan\.pdf not kept: The file is larger than 10 MB\]$/);
  }, 120_000);
});
