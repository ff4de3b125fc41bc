import { AppConfig } from '@parley/api/platform/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelEntity, OutboundDelivery, PermanentDeliveryError } from '@parley/api/channels/core';
import { DataSource } from 'typeorm';
import { freePort, TestDovecot } from '../testing/dovecot';
import { SmtpCapture } from '../testing/smtp-capture';
import { EmailChannelAdapter } from './email.adapter';
import { parseRawEmail } from './email-parse';
import { AutoMailLimiter } from '@parley/api/platform/mail';
import { MemorySharedState } from '@parley/api/platform/realtime';
import { DeliveryStatusService } from '@parley/api/channels/core';

const ADDRESS = 'support@shop.test';
const IMAP_PASSWORD = 'imap-secret-1';
const SMTP = { user: 'smtp-user', password: 'smtp-secret-1' };

/** The adapter reads its own tables only for CC lookups and the last poll error: none here. */
const noRows = { query: async () => [] } as unknown as DataSource;

jest.setTimeout(30_000);

describe('e-mail adapter against real IMAP (Dovecot) and SMTP (smtp-server)', () => {
  let dovecot: TestDovecot;
  let smtp: SmtpCapture;
  let adapter: EmailChannelAdapter;

  const settings = (over: { imap?: Record<string, unknown>; smtp?: Record<string, unknown> } = {}) => ({
    address: ADDRESS,
    fromName: 'Shop Support',
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user: ADDRESS, password: IMAP_PASSWORD, ...over.imap },
    smtp: { host: smtp.host, port: smtp.port, secure: false, user: SMTP.user, password: SMTP.password, ...over.smtp },
    pollSeconds: 60,
  });
  const channel = (s: Record<string, unknown>) => Object.assign(new ChannelEntity(), { id: '11111111-1111-4111-8111-111111111111', workspaceId: 'ws', type: 'email', name: 'Mail', active: true, settings: s });
  const delivery = (over: Partial<OutboundDelivery> = {}): OutboundDelivery => ({
    channel: channel(settings()),
    conversationId: 'c-1',
    messageId: 'm-1',
    externalContactId: 'kate@client.test',
    body: 'Hello Kate,\n\nyour parcel <left> today & arrives "soon".',
    attachments: [],
    subject: 'Re: Where is my order?',
    thread: ['<newest@client.test>', '<ours-1@shop.test>', '<first@client.test>'],
    authorName: 'Anna Agent',
    ...over,
  });

  beforeAll(async () => {
    dovecot = await TestDovecot.start({ users: [{ user: ADDRESS, password: IMAP_PASSWORD }] });
    smtp = await SmtpCapture.start(SMTP);
    const config = { inboundMail: { port: null, host: '127.0.0.1', domain: 'parley.localhost' }, smtpUrl: undefined, dataDir: '/tmp', channelSecretsKey: 'k'.repeat(40), autoMail: { perHour: 5, automatedInboundPerHour: 20 } } as unknown as AppConfig;
    const shared = new MemorySharedState();
    adapter = new EmailChannelAdapter(noRows, config, new AutoMailLimiter(config, shared), {} as DeliveryStatusService, shared);
  });
  afterAll(async () => {
    await dovecot?.stop();
    await smtp?.stop();
  });

  it('checkConnection: logs in to IMAP and verifies SMTP; says which one failed and why', async () => {
    expect(await adapter.checkConnection(channel(settings()))).toEqual({ ok: true, message: 'IMAP and SMTP connect' });
    const badImap = await adapter.checkConnection(channel(settings({ imap: { password: 'wrong' } })));
    expect(badImap.ok).toBe(false);
    expect(badImap.message).toMatch(/^IMAP \(127\.0\.0\.1:\d+\) failed: the server refused the user name or password/);
    expect(badImap.message).not.toContain('SMTP');
    expect(badImap.message).not.toContain('wrong');
    const badSmtp = await adapter.checkConnection(channel(settings({ smtp: { password: 'nope-nope' } })));
    expect(badSmtp).toEqual({ ok: false, message: expect.stringMatching(/^SMTP \(127\.0\.0\.1:\d+\) failed: the server refused the user name or password/) });
    const closed = await freePort();
    const both = await adapter.checkConnection(channel(settings({ imap: { port: closed }, smtp: { port: closed } })));
    expect(both.message).toMatch(/^IMAP .*connection refused.*\. SMTP .*connection refused/);
    expect(await adapter.checkConnection(channel({ address: 'x' }))).toMatchObject({ ok: false, message: expect.stringContaining('address: Not an e-mail address') });
  });

  it('deliver: our own Message-ID, threaded by In-Reply-To/References, Re: once, "<operator> via <name>", CC, text and escaped HTML, files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-mail-'));
    writeFileSync(join(dir, 'f1'), 'invoice body');
    const id = await adapter.deliver(delivery({ cc: ['Bob@Client.test', ADDRESS, 'kate@client.test'], attachments: [{ name: 'invoice.txt', mime: 'text/plain', size: 12, url: '/files/f1', filePath: join(dir, 'f1') }] }));
    expect(id).toMatch(/^<[0-9a-f-]{36}@shop\.test>$/);
    const m = await smtp.waitFor((x) => x.parsed.messageId === id);
    expect(m.to.sort()).toEqual(['bob@client.test', 'kate@client.test']);
    expect(m.from).toBe(ADDRESS);
    const p = m.parsed;
    expect(p.from?.value).toEqual([{ address: ADDRESS, name: 'Anna Agent via Shop Support' }]);
    expect(p.subject).toBe('Re: Where is my order?');
    expect(p.inReplyTo).toBe('<newest@client.test>');
    expect(p.references).toEqual(['<first@client.test>', '<ours-1@shop.test>', '<newest@client.test>']);
    expect(p.headers.get('x-auto-response-suppress')).toBe('OOF, AutoReply');
    expect(p.headers.has('auto-submitted')).toBe(false);
    expect(p.text?.trim()).toBe('Hello Kate,\n\nyour parcel <left> today & arrives "soon".');
    expect(p.html).toContain('your parcel &lt;left&gt; today &amp; arrives &quot;soon&quot;.');
    expect(p.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['invoice.txt', 'invoice body']]);
    // a first message of ours (no thread) and a conversation without subject
    const first = await adapter.deliver(delivery({ thread: [], subject: null, authorName: null }));
    const f = (await smtp.waitFor((x) => x.parsed.messageId === first)).parsed;
    expect([f.subject, f.inReplyTo, f.references, f.from?.value[0].name]).toEqual(['Re: Your message to Shop Support', undefined, undefined, 'Shop Support']);
  });

  it('deliver: 5xx is permanent with the server\'s words; 4xx and an unreachable server are retried', async () => {
    smtp.rejectRecipient = (a) => (a === 'nobody@client.test' ? { code: 550, message: '5.1.1 <nobody@client.test>: no such user' } : a === 'later@client.test' ? { code: 451, message: '4.7.1 greylisted, try again' } : null);
    try {
      const perm = adapter.deliver(delivery({ externalContactId: 'nobody@client.test' }));
      await expect(perm).rejects.toBeInstanceOf(PermanentDeliveryError);
      await expect(perm).rejects.toThrow(/^The mail server refused the message: 550 5\.1\.1 <nobody@client\.test>: no such user$/);
      const temp = adapter.deliver(delivery({ externalContactId: 'later@client.test' }));
      await expect(temp).rejects.not.toBeInstanceOf(PermanentDeliveryError);
      await expect(temp).rejects.toThrow(/451 4\.7\.1 greylisted/);
    } finally {
      smtp.rejectRecipient = () => null;
    }
    const down = adapter.deliver(delivery({ channel: channel(settings({ smtp: { port: await freePort() } })) }));
    await expect(down).rejects.not.toBeInstanceOf(PermanentDeliveryError);
    await expect(down).rejects.toThrow(/connection refused/);
    const badLogin = adapter.deliver(delivery({ channel: channel(settings({ smtp: { password: 'not-it' } })) }));
    await expect(badLogin).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(badLogin).rejects.toThrow(/^The SMTP server 127\.0\.0\.1:\d+ refused the channel's login: an administrator must fix the SMTP settings \(the server refused the user name or password/);
    // bad input: not an address, settings that are not valid, files too large
    await expect(adapter.deliver(delivery({ externalContactId: 'not-an-address' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(adapter.deliver(delivery({ channel: channel({ address: 'x' }) }))).rejects.toThrow(/settings are not valid/);
    await expect(adapter.deliver(delivery({ attachments: [{ name: 'big', mime: 'application/zip', size: 30 * 1024 * 1024, url: '/x' }] }))).rejects.toThrow(/more than an e-mail may carry/);
  });

  it("deliver: Reply-To is the conversation's signed reply address; a client's mail to it names the conversation, a forged or another channel's tag names nothing", async () => {
    const conversationId = '3f0c2d1e-9a8b-4c7d-8e6f-5a4b3c2d1e0f';
    const id = await adapter.deliver(delivery({ conversationId }));
    const p = (await smtp.waitFor((x) => x.parsed.messageId === id)).parsed;
    const replyTo = p.replyTo?.value[0].address as string;
    expect(replyTo).toMatch(/^support\+c[0-9a-z]{38}@shop\.test$/);
    const answer = async (to: string) => {
      const raw = [`From: Kate <kate@client.test>`, `To: ${to}`, 'Subject: Re: Where is my order?', 'Message-ID: <a-1@client.test>', '', 'Thanks!', ''].join('\r\n');
      return adapter.parseInbound(channel(settings()), await parseRawEmail(Buffer.from(raw)));
    };
    const good = await answer(replyTo);
    expect(good?.replyConversationId).toBe(conversationId);
    // our own reply address is never a CC of the reply
    expect(good?.cc).toEqual([]);
    // a forged token: any character changed (the id or the MAC), or another conversation's id under this MAC
    const at = replyTo.indexOf('@');
    for (const i of [9, 20, at - 1]) {
      const forged = `${replyTo.slice(0, i)}${replyTo[i] === '1' ? '2' : '1'}${replyTo.slice(i + 1)}`;
      expect((await answer(forged))?.replyConversationId).toBeNull();
    }
    expect((await answer(replyTo.replace('support+', 'sales+')))?.replyConversationId).toBeNull();
    expect((await answer(replyTo.replace('support+', '')))?.replyConversationId).toBeNull();
    expect((await answer(replyTo.replace('@shop.test', '@other.test')))?.replyConversationId).toBeNull();
    expect((await answer('support+cjunk@shop.test'))?.replyConversationId).toBeNull();
    const other = Object.assign(channel(settings()), { id: '22222222-2222-4222-8222-222222222222' });
    const raw = [`From: Kate <kate@client.test>`, `To: ${replyTo}`, 'Subject: x', '', 'x', ''].join('\r\n');
    expect(adapter.parseInbound(other, await parseRawEmail(Buffer.from(raw)))?.replyConversationId).toBeNull();
    // mail from a reply address of ours is a loop
    const loop = [`From: ${replyTo}`, `To: ${ADDRESS}`, 'Subject: x', '', 'x', ''].join('\r\n');
    expect(adapter.parseInbound(channel(settings()), await parseRawEmail(Buffer.from(loop)))).toBeNull();
  });

  it('parseInbound ignores input it cannot use', () => {
    expect(adapter.parseInbound(channel(settings()), null as never)).toBeNull();
    expect(adapter.parseInbound(channel({}), { mail: {} as never, source: Buffer.alloc(0), size: 0 })).toBeNull();
  });
});
