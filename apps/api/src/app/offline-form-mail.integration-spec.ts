import { OFFLINE_PER_CHANNEL_PER_MINUTE } from '@parley/api/channels/webchat';
import { ErrorCode, MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { MailCatcher } from '../testing/mail-catcher';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const MAIL_FIELDS = `offlineForm { enabled fields { key required } title intro colors { header button } } notifyEmails replyFrom marketingConsent { enabled text }`;
const CHANNELS = `query { channels { id publicKey } }`;
const CHANNEL = `query($id: ID!) { channel(id: $id) { id webchatMail { ${MAIL_FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id webchatMail { ${MAIL_FIELDS} } } }`;
const INBOX_EVENT = `subscription { inboxEvent { kind conversation { id status contact { name email phone formDetails { city company street } marketingConsentAt } } message { seq body authorType } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

function settings(channelId: string, over: Record<string, unknown> = {}) {
  return {
    channelId,
    offlineForm: {
      enabled: true,
      fields: [
        { key: 'name', required: true },
        { key: 'email', required: true },
        { key: 'phone', required: false },
        { key: 'city', required: false },
        { key: 'company', required: false },
        { key: 'message', required: true },
      ],
      title: 'We are away',
      intro: 'Leave a message',
      colors: { header: '#112233', button: '#abc' },
    },
    notifyEmails: ['sales@shop.test', 'boss@shop.test'],
    replyFrom: 'support@shop.test',
    marketingConsent: { enabled: true, text: 'Send me offers' },
    ...over,
  };
}

let n = 0;
const submit = (v: VisitorClient, fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const clientId = `off-${++n}`;
  v.sendFrame({ type: 'offline_form', clientId, fields, ...extra });
  return v.waitFor((f) => f.type === 'offline_form_result' && f.clientId === clientId);
};
/** Operator messages reach the e-mail listener through the event bus; give it a moment to enqueue, then wait for the queue. */
const settle = async (t: TestApp) => {
  await new Promise((r) => setTimeout(r, 300));
  await t.queue().idle();
};
const good = (over: Record<string, string> = {}) => ({ name: 'Ola <b>Nowak</b>', email: 'ola@client.test', phone: '+48 600 100 200', city: 'Kraków', company: 'Ola & Co', message: 'Do you have <script>alert(1)</script> in stock?', ...over });

describe('offline form, answers by e-mail and marketing consent (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let admin: string;
  let channelId: string;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, VISITOR_REPLY_EMAIL_DELAY_MS: '400', PUBLIC_URL: 'http://parley.test' });
    admin = await t.login('admin@demo.test');
    channelId = (await t.graphql(CHANNELS, {}, admin)).data?.['channels'].find((c: { publicKey: string }) => c.publicKey === 'demo-webchat').id;
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('admins configure the offline form, notification addresses, reply sender and consent; open widgets get the form at once', async () => {
    const before = await t.graphql(CHANNEL, { id: channelId }, admin);
    expect(before.data?.['channel'].webchatMail).toMatchObject({ offlineForm: { enabled: true, fields: [{ key: 'name', required: false }, { key: 'email', required: true }, { key: 'message', required: true }] }, notifyEmails: [], replyFrom: '', marketingConsent: { enabled: false } });

    const v = await t.visitor();
    expect((await v.welcome()).settings.offlineForm.fields.map((f: { key: string }) => f.key)).toEqual(['name', 'email', 'message']);
    const saved = await t.graphql(UPDATE, { i: settings(channelId) }, admin);
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.['updateWebchatMailSettings'].webchatMail).toMatchObject({ notifyEmails: ['sales@shop.test', 'boss@shop.test'], replyFrom: 'support@shop.test', offlineForm: { colors: { button: '#abc' } } });
    const pushed = await v.waitFor((f) => f.type === 'settings');
    expect(pushed.settings.offlineForm.fields).toHaveLength(6);
    expect(pushed.settings.marketingConsent).toEqual({ enabled: true, text: 'Send me offers' });
    expect(pushed.settings.notifyEmails).toBeUndefined();
    v.close();
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE action = 'channel.mail_settings_changed'`);
    expect(audit).toHaveLength(1);
  });

  it('refuses bad settings field by field, and non-admins', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ notifyEmails: ['sales@shop.test', 'not-an-address'] }, 'notifyEmails.1'],
      [{ replyFrom: 'support at shop' }, 'replyFrom'],
      [{ offlineForm: { ...settings(channelId).offlineForm, fields: [{ key: 'shoeSize', required: true }] } }, 'offlineForm.fields.0.key'],
      [{ offlineForm: { ...settings(channelId).offlineForm, fields: [{ key: 'message', required: true }, { key: 'message', required: false }] } }, 'offlineForm.fields.1.key'],
      [{ offlineForm: { ...settings(channelId).offlineForm, fields: [{ key: 'message', required: false }] } }, 'offlineForm.fields'],
      [{ offlineForm: { ...settings(channelId).offlineForm, colors: { header: 'red', button: '#fff' } } }, 'offlineForm.colors.header'],
      [{ offlineForm: { ...settings(channelId).offlineForm, fields: [{ key: 'message', required: true }] } }, 'marketingConsent.enabled'],
      [{ notifyEmails: Array.from({ length: 11 }, (_, i) => `a${i}@shop.test`) }, 'notifyEmails'],
    ];
    for (const [over, field] of cases) {
      const r = await t.graphql(UPDATE, { i: settings(channelId, over) }, admin);
      expect(r.errors?.[0].extensions?.['code']).toBe(ErrorCode.BadUserInput);
      expect(r.errors?.[0].extensions?.['fieldErrors'].map((e: { field: string }) => e.field)).toContain(field);
    }
    const anna = await t.login('anna@demo.test');
    expect((await t.graphql(UPDATE, { i: settings(channelId) }, anna)).errors?.[0].extensions?.['code']).toBe(ErrorCode.Forbidden);
    expect((await t.graphql(CHANNEL, { id: channelId }, anna)).errors?.[0].extensions?.['code']).toBe(ErrorCode.Forbidden);
    expect((await t.graphql(UPDATE, { i: settings('00000000-0000-0000-0000-000000000000') }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.NotFound);
    // nothing of the refused saves was stored
    expect((await t.graphql(CHANNEL, { id: channelId }, admin)).data?.['channel'].webchatMail.notifyEmails).toEqual(['sales@shop.test', 'boss@shop.test']);
  });

  it('a message left through the offline form lands in Pending live, stores the fields on the contact and notifies by e-mail', async () => {
    const sub = t.subscriptions(admin);
    const events = collect<any>(sub, INBOX_EVENT, 1);
    await events.ready;
    const v = await t.visitor();
    await v.welcome();
    const r = await submit(v, good());
    expect(r).toMatchObject({ ok: true, conversationId: expect.any(String) });
    const [evt] = await events.done;
    await sub.client.dispose();
    expect(evt.inboxEvent).toMatchObject({
      kind: 'message_created',
      conversation: { id: r.conversationId, status: 'pending', contact: { name: 'Ola <b>Nowak</b>', email: 'ola@client.test', phone: '+48 600 100 200', formDetails: { city: 'Kraków', company: 'Ola & Co', street: null }, marketingConsentAt: null } },
      message: { seq: 1, authorType: 'visitor', body: 'Do you have <script>alert(1)</script> in stock?' },
    });
    const notice = await smtp.waitFor((m) => m.to.includes('sales@shop.test'));
    expect(notice.to.sort()).toEqual(['boss@shop.test', 'sales@shop.test']);
    expect(notice.headers['reply-to']).toContain('ola@client.test');
    expect(notice.text).toContain('City: Kraków');
    expect(notice.text).toContain('Do you have <script>alert(1)</script> in stock?');
    expect(notice.html).toBe('');
    // the same clientId again is the same submission
    v.sendFrame({ type: 'offline_form', clientId: `off-${n}`, fields: good() });
    const again = await v.waitFor((f) => f.type === 'offline_form_result' && f.clientId === `off-${n}` && f !== r);
    expect(again.conversationId).toBe(r.conversationId);
    await t.queue().idle();
    expect(smtp.to('sales@shop.test')).toHaveLength(1);
    v.close();
  });

  it('refuses missing, malformed, oversized and unknown fields, and a flood', async () => {
    const v = await t.visitor();
    await v.welcome();
    const missing = await submit(v, { name: '', email: 'x@client.test' });
    expect(missing).toMatchObject({ ok: false, code: ErrorCode.BadUserInput });
    expect(missing.fieldErrors).toEqual(expect.arrayContaining([{ field: 'name', message: 'Required' }, { field: 'message', message: 'Required' }]));
    const badEmail = await submit(v, good({ email: 'ola@@client' }));
    expect(badEmail.fieldErrors).toEqual([{ field: 'email', message: 'Enter a valid e-mail address' }]);
    const long = await submit(v, good({ message: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }));
    expect(long.fieldErrors).toEqual([{ field: 'message', message: `At most ${MAX_MESSAGE_LENGTH} characters` }]);
    const unknown = await submit(v, { ...good(), region: 'Małopolska' });
    expect(unknown.fieldErrors).toEqual([{ field: 'region', message: 'This field is not part of the form' }]);
    const notText = await submit(v, { ...good(), phone: 12345 });
    expect(notText.fieldErrors).toEqual([{ field: 'phone', message: 'Must be text' }]);
    const noFields = await submit(v, 'hello' as unknown as Record<string, unknown>);
    expect(noFields.ok).toBe(false);
    expect(await t.db.query(`SELECT 1 FROM offline_submissions WHERE visitor_id = (SELECT id FROM visitors ORDER BY created_at DESC LIMIT 1)`)).toHaveLength(0);

    const results = [];
    for (let i = 0; i < 4; i++) results.push(await submit(v, good({ message: `try ${i}` })));
    expect(results.slice(0, 3).every((x) => x.ok)).toBe(true);
    expect(results[3]).toMatchObject({ ok: false, code: ErrorCode.RateLimited });
    v.close();
  });

  it('a flood of offline messages from many fresh visitors is cut per channel', async () => {
    const [{ workspace_id }] = await t.db.query(`SELECT workspace_id FROM channels WHERE id = $1`, [channelId]);
    await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, active, settings) VALUES ($1, 'webchat', 'Flood target', 'flood-key', true, '{}')`, [workspace_id]);
    const results = [];
    for (let i = 0; i < OFFLINE_PER_CHANNEL_PER_MINUTE + 1; i++) {
      const v = await t.visitor('flood-key');
      await v.welcome();
      results.push(await submit(v, { email: `flood${i}@client.test`, message: `spam ${i}` }));
      v.close();
    }
    expect(results.slice(0, OFFLINE_PER_CHANNEL_PER_MINUTE).every((r) => r.ok)).toBe(true);
    expect(results[OFFLINE_PER_CHANNEL_PER_MINUTE]).toMatchObject({ ok: false, code: ErrorCode.RateLimited });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE ch.public_key = 'flood-key'`);
    expect(n).toBe(OFFLINE_PER_CHANNEL_PER_MINUTE);
  });

  it('an unread operator answer is e-mailed once from the reply address; a read one is not', async () => {
    const v = await t.visitor();
    await v.welcome();
    const r = await submit(v, good({ email: 'gone@client.test' }));
    v.close();
    const reply = await t.graphql(SEND, { i: { conversationId: r.conversationId, clientId: 'op-1', body: 'Yes! <b>We have it</b> & more' } }, admin);
    expect(reply.errors).toBeUndefined();
    await t.graphql(SEND, { i: { conversationId: r.conversationId, clientId: 'op-2', body: 'Anything else?' } }, admin);
    const mail = await smtp.waitFor((m) => m.to.includes('gone@client.test'));
    expect(mail.from).toBe('support@shop.test');
    expect(mail.headers['from']).toContain('support@shop.test');
    expect(mail.text).toContain('Yes! <b>We have it</b> & more');
    expect(mail.html).toBe('');
    // the visitor has no widget open, so each answer goes at once: the second one may be in the
    // same e-mail (stored before the job ran) or in the next — every answer exactly once
    await smtp.waitFor((m) => m.to.includes('gone@client.test') && m.text.includes('Anything else?'));
    await settle(t);
    const times = (text: string) => smtp.to('gone@client.test').filter((m) => m.text.includes(text)).length;
    expect([times('We have it'), times('Anything else?')]).toEqual([1, 1]);

    // a later answer is sent on its own, the earlier ones are not repeated
    const before = smtp.to('gone@client.test').length;
    await t.graphql(SEND, { i: { conversationId: r.conversationId, clientId: 'op-3', body: 'Last call' } }, admin);
    await smtp.waitFor((m) => m.to.includes('gone@client.test') && m.text.includes('Last call'));
    await settle(t);
    const all = smtp.to('gone@client.test');
    expect(all).toHaveLength(before + 1);
    expect(all[before].text).toContain('Last call');
    expect(all[before].text).not.toContain('Anything else?');

    // a visitor who reads the answer in time gets no e-mail
    const w = await t.visitor();
    await w.welcome();
    const r2 = await submit(w, good({ email: 'present@client.test' }));
    await t.graphql(SEND, { i: { conversationId: r2.conversationId, clientId: 'op-4', body: 'Hello, I am here' } }, admin);
    const msg = await w.waitFor((f) => f.type === 'message' && f.message.body === 'Hello, I am here');
    w.sendFrame({ type: 'read', seq: msg.message.seq });
    await settle(t);
    expect(smtp.to('present@client.test')).toHaveLength(0);
    // the delayed check did run, found the answer read and sent nothing
    expect(await t.db.query(`SELECT emailed_seq FROM conversation_reply_emails WHERE conversation_id = $1`, [r2.conversationId])).toEqual([{ emailed_seq: 0 }]);
    w.close();
  });

  it('marketing consent: double opt-in by a signed single-use link; expired and forged links are refused', async () => {
    const v = await t.visitor();
    await v.welcome();
    const r = await submit(v, good({ email: 'fan@client.test' }), { consent: true });
    expect(r.ok).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes('fan@client.test'));
    const link = /http:\/\/parley\.test\/consent\/confirm\?token=\S+/.exec(mail.text)?.[0] as string;
    expect(link).toBeDefined();
    const contactId = (await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [r.conversationId]))[0].contact_id;
    const consentAt = async () => (await t.db.query(`SELECT marketing_consent_at FROM contacts WHERE id = $1`, [contactId]))[0].marketing_consent_at;
    expect(await consentAt()).toBeNull();

    const local = link.replace('http://parley.test', t.url);
    const token = new URL(local).searchParams.get('token') as string;
    const forged = await fetch(`${t.url}/consent/confirm?token=${encodeURIComponent(token.slice(0, -3) + 'abc')}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('not valid');
    expect((await fetch(`${t.url}/consent/confirm`)).status).toBe(400);
    expect(await consentAt()).toBeNull();

    const ok = await fetch(local);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/html');
    expect(await ok.text()).toContain('data-outcome="confirmed"');
    expect(await consentAt()).toBeInstanceOf(Date);
    const reused = await fetch(local);
    expect(await reused.text()).toContain('data-outcome="already"');

    // an expired request confirms nothing
    const r2 = await submit(v, good({ email: 'late@client.test' }), { consent: true });
    const mail2 = await smtp.waitFor((m) => m.to.includes('late@client.test'));
    await t.db.query(`UPDATE marketing_consents SET expires_at = now() - interval '1 second' WHERE email = 'late@client.test'`);
    const expired = await fetch((/http:\/\/parley\.test\/consent\/confirm\?token=\S+/.exec(mail2.text)?.[0] as string).replace('http://parley.test', t.url));
    expect(expired.status).toBe(410);
    const contact2 = (await t.db.query(`SELECT c.marketing_consent_at FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.id = $1`, [r2.conversationId]))[0];
    expect(contact2.marketing_consent_at).toBeNull();

    // no box ticked: no consent e-mail
    await submit(v, good({ email: 'quiet@client.test' }));
    await settle(t);
    expect(smtp.to('quiet@client.test')).toHaveLength(0);
    v.close();
  });

  it('CR/LF and other control characters in single-line fields never become lines of the notification e-mail', async () => {
    const v = await t.visitor();
    await v.welcome();
    const r = await submit(v, good({
      name: 'Mallory\r\nBcc: victim@evil.test\r\nX-Injected: yes',
      city: 'Kraków\nFrom: ceo@shop.test',
      company: 'Evil\u2028Reply-To: evil@evil.test\u0007Inc',
      message: 'first line\r\nsecond line\u0000',
    }));
    expect(r).toMatchObject({ ok: true });
    const notice = await smtp.waitFor((m) => m.to.includes('sales@shop.test') && m.text.includes('Mallory'));
    expect(notice.subject).toBe('New offline message from Mallory Bcc: victim@evil.test X-Injected: yes — Website chat');
    expect(notice.headers['bcc']).toBeUndefined();
    expect(notice.headers['x-injected']).toBeUndefined();
    const lines = notice.text.split(/\r?\n/);
    expect(lines).toContain('Name: Mallory Bcc: victim@evil.test X-Injected: yes');
    expect(lines).toContain('City: Kraków From: ceo@shop.test');
    expect(lines).toContain('Company: Evil Reply-To: evil@evil.test Inc');
    for (const fake of ['Bcc:', 'X-Injected:', 'From:', 'Reply-To:']) expect(lines.filter((l) => l.startsWith(fake))).toEqual([]);
    // the message keeps its own line breaks
    expect(lines).toEqual(expect.arrayContaining(['first line', 'second line']));
    // and the contact is stored with the one-line values
    const [contact] = await t.db.query(`SELECT ct.name, ct.form_details FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1`, [r.conversationId]);
    expect(contact.name).toBe('Mallory Bcc: victim@evil.test X-Injected: yes');
    expect(contact.form_details.city).toBe('Kraków From: ceo@shop.test');
    v.close();
  });
});
