import { bounceReportOf, EmailChannelRef, hashMessageId, messageIdsIn, normaliseInboundEmail, normaliseMessageId, parseRawEmail } from './email-parse';
import { htmlToPlainText, sanitiseEmailHtml, textToHtml, trimQuotedReply } from './email-html';

const CHANNEL: EmailChannelRef = { id: 'ch-1', workspaceId: 'ws-1', address: 'support@shop.test' };

/** A raw mail from header lines and a body (CRLF, as on the wire). */
const mail = (headers: Record<string, string>, body = 'Hello', extra: string[] = []) =>
  Buffer.from([...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), ...extra, '', body, ''].join('\r\n'));

const base = { From: '"Kate Client" <Kate@Client.test>', To: 'support@shop.test', Subject: 'Order 42', 'Message-ID': '<m1@client.test>', Date: 'Fri, 04 Dec 2026 10:00:00 +0000' };

const parse = async (raw: Buffer, oversize = false) => normaliseInboundEmail(CHANNEL, await parseRawEmail(raw, raw.length, oversize));

describe('inbound e-mail parsing', () => {
  it('reads sender, subject, Message-ID and the text; the sender is matched by the normalised address', async () => {
    const m = await parse(mail(base, 'Where is my order?'));
    expect(m).toMatchObject({
      kind: 'email',
      channelId: 'ch-1',
      workspaceId: 'ws-1',
      externalContactId: 'kate@client.test',
      externalMessageId: '<m1@client.test>',
      subject: 'Order 42',
      body: 'Where is my order?',
      html: null,
      replyTo: [],
      newThreadUnlessReply: true,
      automated: null,
      cc: [],
      sender: { name: 'Kate Client', email: 'kate@client.test' },
    });
    expect(m?.receivedAt.toISOString()).toBe('2026-12-04T10:00:00.000Z');
  });

  it('threading: In-Reply-To first, then References newest first, without repeats', async () => {
    const m = await parse(mail({ ...base, 'In-Reply-To': '<p3@shop.test>', References: '<p1@shop.test> (a comment) <p2@shop.test>\r\n <p3@shop.test>' }));
    expect(m?.replyTo).toEqual(['<p3@shop.test>', '<p2@shop.test>', '<p1@shop.test>']);
    // a client that sends References only, or brackets missing
    const n = await parse(mail({ ...base, References: '<only@shop.test>' }));
    expect(n?.replyTo).toEqual(['<only@shop.test>']);
    expect(normaliseMessageId('abc@host')).toBe('<abc@host>');
    expect(normaliseMessageId('no id here')).toBeNull();
    expect(messageIdsIn(['<a@b> junk <c@d>', 42 as never])).toEqual(['<a@b>', '<c@d>']);
  });

  it('a mail without Message-ID gets a stable id from its content: the same mail twice is the same id, another mail another', async () => {
    const { ['Message-ID']: _, ...noId } = base;
    const raw = mail(noId, 'No id');
    const a = await parse(raw);
    const b = await parse(Buffer.from(raw));
    const c = await parse(mail(noId, 'Another'));
    expect(a?.externalMessageId).toMatch(/^<parley-[0-9a-f]{40}@no-message-id\.invalid>$/);
    expect(b?.externalMessageId).toBe(a?.externalMessageId);
    expect(c?.externalMessageId).not.toBe(a?.externalMessageId);
    expect(hashMessageId(Buffer.alloc(0), (await parseRawEmail(raw)).mail)).toMatch(/^<parley-/);
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto-reply'],
    ['Auto-Submitted: auto-generated; x=1', 'auto-reply'],
    ['X-Autoreply: yes', 'auto-reply'],
    ['X-Autorespond: Out of office', 'auto-reply'],
    ['Precedence: auto_reply', 'auto-reply'],
    ['Precedence: bulk', 'bulk'],
    ['Precedence: list', 'bulk'],
    ['Precedence: junk', 'bulk'],
    ['List-Id: <news.shop.test>', 'bulk'],
    ['List-Unsubscribe: <mailto:unsub@client.test>', 'bulk'],
  ])('automated mail: %s → %s', async (header, kind) => {
    const m = await parse(mail(base, 'Auto', [header]));
    expect(m?.automated).toBe(kind);
  });

  it('a person\'s mail is not automated: Auto-Submitted: no, Precedence: normal', async () => {
    expect((await parse(mail(base, 'x', ['Auto-Submitted: no', 'Precedence: normal'])))?.automated).toBeNull();
  });

  it('bounces: a delivery report, or MAILER-DAEMON / postmaster as the sender', async () => {
    const report = mail({ ...base, From: 'Mail Delivery System <MAILER-DAEMON@mx.client.test>', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"' }, ['--b1', 'Content-Type: text/plain', '', 'Delivery failed', '--b1--'].join('\r\n'));
    expect((await parse(report))?.automated).toBe('bounce');
    expect((await parse(mail({ ...base, From: 'postmaster@client.test' })))?.automated).toBe('bounce');
    const reportFromPerson = mail({ ...base, 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="b2"' }, ['--b2', 'Content-Type: text/plain', '', 'Read', '--b2--'].join('\r\n'));
    expect((await parse(reportFromPerson))?.automated).toBe('bounce');
  });

  it('a bounce joins the conversation of the mail it returns, and says whether and why delivery failed for good', async () => {
    const dsn = (action: string, status: string) =>
      mail(
        { From: 'Mail Delivery System <MAILER-DAEMON@mx.shop.test>', To: 'support@shop.test', Subject: 'Undelivered Mail Returned to Sender', 'Message-ID': '<bounce-1@mx.shop.test>', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="r"' },
        [
          '--r', 'Content-Type: text/plain', '', 'I could not deliver your message.', '--r', 'Content-Type: message/delivery-status', '',
          'Reporting-MTA: dns; mx.shop.test', '', 'Final-Recipient: rfc822; gone@client.test', `Action: ${action}`, `Status: ${status}`, 'Diagnostic-Code: smtp; 550 5.1.1 <gone@client.test>:', '    Recipient address rejected',
          '--r', 'Content-Type: text/rfc822-headers', '', 'From: Shop <support@shop.test>', 'Message-ID:', ' <ours-42@shop.test>', 'Subject: Re: Hi', '--r--',
        ].join('\r\n'),
      );
    const failed = await parseRawEmail(dsn('failed', '5.1.1'));
    expect(bounceReportOf(failed, '<bounce-1@mx.shop.test>')).toEqual({ originalIds: ['<ours-42@shop.test>'], permanent: true, reason: 'smtp; 550 5.1.1 <gone@client.test>: Recipient address rejected', recipients: ['gone@client.test'] });
    const m = normaliseInboundEmail(CHANNEL, failed);
    expect(m).toMatchObject({ automated: 'bounce', replyTo: ['<ours-42@shop.test>'], externalContactId: 'mailer-daemon@mx.shop.test' });
    expect(bounceReportOf(await parseRawEmail(dsn('delayed', '4.4.7')), null)?.permanent).toBe(false);
    expect(bounceReportOf(await parseRawEmail(mail(base, 'no report here')), '<m1@client.test>')).toEqual({ originalIds: [], permanent: false, reason: null, recipients: [] });
  });

  it('HTML is sanitised (no script, no event handler, no style, no javascript: link, remote images not loaded) and the text comes from it when there is no text part', async () => {
    const html = `<html><head><style>body{display:none}</style><script>alert(1)</script></head><body>
      <p style="position:fixed" onclick="steal()">Hello <b>there</b></p>
      <img src="x" onerror="alert(2)"><img src="https://tracker.test/pixel.gif" alt="logo"><img src="cid:logo@shop">
      <a href="javascript:alert(3)">click</a> <a href="https://shop.test/o/42">order</a>
      <iframe src="https://evil.test"></iframe><form action="https://evil.test"><input name="p"></form></body></html>`;
    const m = await parse(mail({ ...base, 'Content-Type': 'text/html; charset=utf-8' }, html));
    const out = m?.html ?? '';
    expect(out).toContain('<b>there</b>');
    for (const bad of ['<script', 'alert', 'onerror', 'onclick', '<style', 'style=', 'javascript:', '<iframe', '<form', '<input', 'src="x"']) expect(out).not.toContain(bad);
    expect(out).not.toMatch(/\ssrc="https:/);
    expect(out).toContain('data-remote-src="https://tracker.test/pixel.gif"');
    expect(out).toContain('src="cid:logo@shop"');
    expect(out).toContain('<a href="https://shop.test/o/42" target="_blank" rel="noopener noreferrer nofollow">order</a>');
    expect(m?.body).toContain('Hello there');
    expect(m?.body).not.toContain('alert');
    expect(m?.body).not.toContain('tracker');
    expect(htmlToPlainText('<p>a &amp; b<br>c</p><ul><li>one</li><li>two</li></ul>')).toBe('a & b\nc\n\none\ntwo');
    expect(sanitiseEmailHtml('<svg onload="x()"><script>y()</script></svg><p>ok</p>')).toBe('<p>ok</p>');
    expect(sanitiseEmailHtml('')).toBe('');
  });

  it('attachments keep their content and inline images their Content-ID; other recipients are the CC, without us and the sender', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const raw = mail(
      { ...base, To: 'support@shop.test, Bob <bob@client.test>', Cc: 'carol@client.test, SUPPORT@shop.test, kate@client.test', 'Content-Type': 'multipart/related; boundary="r1"' },
      ['--r1', 'Content-Type: text/html', '', '<p>See <img src="cid:pic1@client"></p>', '--r1', 'Content-Type: image/png; name="pic.png"', 'Content-Transfer-Encoding: base64', 'Content-ID: <pic1@client>', 'Content-Disposition: inline; filename="pic.png"', '', png.toString('base64'), '--r1--'].join('\r\n'),
    );
    const m = await parse(raw);
    expect(m?.attachments).toEqual([expect.objectContaining({ name: 'pic.png', mime: 'image/png', size: png.length, contentId: 'pic1@client' })]);
    expect(m?.attachments[0].content?.equals(png)).toBe(true);
    expect(m?.html).toContain('src="cid:pic1@client"');
    expect(m?.cc).toEqual(['bob@client.test', 'carol@client.test']);
  });

  it('quoted reply text is trimmed from the body, the HTML is kept whole', async () => {
    const text = ['Thanks, that works!', '', 'On Fri, 4 Dec 2026 at 10:00, Shop Support <support@shop.test> wrote:', '> Try turning it off and on.', '> Regards'].join('\r\n');
    const m = await parse(mail({ ...base, 'Content-Type': 'multipart/alternative; boundary="a1"' }, ['--a1', 'Content-Type: text/plain', '', text, '--a1', 'Content-Type: text/html', '', '<p>Thanks, that works!</p><blockquote>Try turning it off and on.</blockquote>', '--a1--'].join('\r\n')));
    expect(m?.body).toBe('Thanks, that works!');
    expect(m?.html).toContain('<blockquote>Try turning it off and on.</blockquote>');
  });

  it('trimQuotedReply: attribution lines, Outlook blocks, trailing > quotes; an all-quoted text is kept', () => {
    expect(trimQuotedReply('New\n\n-----Original Message-----\nFrom: x\nold')).toBe('New');
    expect(trimQuotedReply('Neu\n\nAm 04.12.2026 um 10:00 schrieb Shop <s@shop.test>:\n> alt')).toBe('Neu');
    expect(trimQuotedReply('New\nFrom: Shop <s@shop.test>\nSent: Friday\nold')).toBe('New');
    expect(trimQuotedReply('Line one\n> quoted\n>\n> more')).toBe('Line one');
    expect(trimQuotedReply('Yes\nOn Friday, Shop <s@shop.test>\nwrote:\n> old')).toBe('Yes');
    expect(trimQuotedReply('On Friday, Shop <s@shop.test> wrote:\n> old')).toBe('On Friday, Shop <s@shop.test> wrote:\n> old');
    expect(trimQuotedReply('> only quoted\n> text')).toBe('> only quoted\n> text');
    expect(trimQuotedReply('Inline:\n> question\nanswer')).toBe('Inline:\n> question\nanswer');
    expect(trimQuotedReply('')).toBe('');
  });

  it('ignores mail from the channel\'s own address (a loop) and mail without a usable sender', async () => {
    expect(await parse(mail({ ...base, From: 'Shop <SUPPORT@shop.test>' }))).toBeNull();
    expect(await parse(mail({ ...base, From: 'undisclosed-recipients:;' }))).toBeNull();
    expect(await parse(mail({ ...base, From: 'not an address' }))).toBeNull();
  });

  it('garbage and empty input do not throw (no sender: ignored); a header-only oversize mail is recorded with a note', async () => {
    for (const junk of [Buffer.alloc(0), Buffer.from([0, 1, 2, 255, 254, 10, 13]), Buffer.from('From: \r\n\r\n'), Buffer.from('a'.repeat(100_000)), Buffer.from('From: <<<@@@>>>\r\nMessage-ID: <<>>\r\n\r\nx')]) {
      await expect(parse(junk)).resolves.toBeNull();
    }
    // a broken MIME structure from a real sender is still a message, with a hash id for the broken Message-ID
    const broken = await parse(Buffer.from('Content-Type: multipart/mixed; boundary="x"\r\nFrom: a@b.test\r\nMessage-ID: <<>>\r\nReferences: garbage <>\r\n\r\n--x\r\nbroken'));
    expect(broken).toMatchObject({ externalContactId: 'a@b.test', replyTo: [], externalMessageId: expect.stringMatching(/^<parley-/) });
    const headersOnly = Buffer.from(Object.entries(base).map(([k, v]) => `${k}: ${v}`).join('\r\n') + '\r\n\r\n');
    const big = normaliseInboundEmail(CHANNEL, { ...(await parseRawEmail(headersOnly)), size: 40 * 1024 * 1024, oversize: true });
    expect(big).toMatchObject({ externalMessageId: '<m1@client.test>', subject: 'Order 42', html: null, attachments: [] });
    expect(big?.body).toMatch(/^\[This e-mail is 40\.0 MB, over the 25\.0 MB Parley takes: only its headers were read\. Open it in the mailbox support@shop\.test/);
  });

  it('an 8-bit subject without encoding is read as UTF-8, or as Windows-1252 when it is not UTF-8; encoded subjects stay as they are', async () => {
    const raw = (subject: Buffer) => Buffer.concat([Buffer.from('From: a@b.test\r\nMessage-ID: <s1@b.test>\r\nSubject: '), subject, Buffer.from('\r\n\r\nHello\r\n')]);
    expect((await parse(raw(Buffer.from('Zażółć gęślą jaźń', 'utf8'))))?.subject).toBe('Zażółć gęślą jaźń');
    expect((await parse(raw(Buffer.from('Caf\xe9 cr\xe8me', 'latin1'))))?.subject).toBe('Café crème');
    expect((await parse(raw(Buffer.from('=?utf-8?q?Caf=C3=A9?=', 'latin1'))))?.subject).toBe('Café');
    expect((await parse(raw(Buffer.from([0xff, 0xfe, 0x00, 0x41])))) ?.subject).toMatch(/A$/);
  });

  it('textToHtml escapes the operator\'s text', () => {
    expect(textToHtml('a <b>&"\'\n\nc')).toContain('<p>a &lt;b&gt;&amp;&quot;&#39;</p>\n<p>c</p>');
  });
});
