import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { ErrorCode } from '@parley/shared/contracts';
import { MailCatcher } from '../testing/mail-catcher';
import { TestApp, VisitorClient } from '../testing/test-app';

const CHANNELS = `query { channels { id publicKey webchat { defaultLanguage texts { language header welcome } inputPlaceholder companyName avatarUrl radius launcherIcon launcherShape hideLauncher position showOperatorIdentity botEnabled colors { header launcher operatorBubble visitorBubble text } preChat { enabled skipKnownContacts fields { field required } } displayRules { hideOnMobile defaultAction rules { domains urlContains urlNotContains urlPattern countries action teaserText openAfterSeconds } } } } }`;
const UPDATE_CHANNEL = `mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id } }`;
const UPDATE_MAIL = `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

const mailSettings = (channelId: string, consent: boolean) => ({
  channelId,
  offlineForm: { enabled: true, fields: [{ key: 'email', required: true }, { key: 'message', required: true }], title: 'Away', intro: '', colors: { header: '#123', button: '#456' } },
  notifyEmails: [],
  replyFrom: 'support@shop.test',
  marketingConsent: { enabled: consent, text: 'Send me the Acme newsletter' },
});

/** Sends the pre-chat form and waits for its answer. */
async function answer(v: VisitorClient, values: unknown, extra: Record<string, unknown> = {}): Promise<any> {
  const before = v.frames.length;
  v.sendFrame({ type: 'contact', values, ...extra });
  return v.waitFor((f) => v.frames.indexOf(f) >= before && (f.type === 'contact_saved' || (f.type === 'error' && f.frame === 'contact')));
}
const info = (v: VisitorClient) => v.waitFor((f) => f.type === 'visitor');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (f: () => Promise<boolean>, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await pause(20)) if (await f()) return true;
  return false;
};
/** VISITOR_REPLY_EMAIL_DELAY_MS of this file's server. */
const DELAY_MS = 3000;

describe('web chat loose ends: pre-chat consent (C8), remembered pre-chat answers (C3) (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let admin: string;
  let channelId: string;
  let webchat: Record<string, any>;

  const preChat = (fields: Array<{ field: string; required: boolean }>) =>
    t.graphql(UPDATE_CHANNEL, { i: { id: channelId, name: 'Website chat', active: true, settings: { ...webchat, preChat: { enabled: true, skipKnownContacts: false, fields } } } }, admin);

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://parley.test', VISITOR_REPLY_EMAIL_DELAY_MS: String(DELAY_MS) });
    admin = await t.login('admin@demo.test');
    const ch = (await t.graphql(CHANNELS, {}, admin)).data?.['channels'].find((c: any) => c.publicKey === 'demo-webchat');
    channelId = ch.id;
    const { preChat: _p, displayRules: _d, ...rest } = ch.webchat;
    webchat = rest;
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('C8: ticking consent on the pre-chat form sends the double opt-in e-mail; the link marks the contact', async () => {
    expect((await t.graphql(UPDATE_MAIL, { i: mailSettings(channelId, true) }, admin)).errors).toBeUndefined();
    expect((await preChat([{ field: 'name', required: false }, { field: 'email', required: false }])).errors).toBeUndefined();

    const v = await t.visitor();
    const welcome = await v.welcome();
    expect(welcome.settings.marketingConsent).toEqual({ enabled: true, text: 'Send me the Acme newsletter' });
    expect((await info(v)).askFields.map((f: any) => f.field)).toEqual(['name', 'email']);

    // bad inputs: consent that is not a boolean; consent without any e-mail to confirm
    expect(await answer(v, { name: 'Ewa' }, { consent: 'yes' })).toMatchObject({ type: 'error', code: ErrorCode.BadUserInput, field: 'consent' });
    expect(await answer(v, { name: 'Ewa' }, { consent: true })).toMatchObject({ type: 'error', code: ErrorCode.BadUserInput, field: 'email', message: 'Enter your e-mail address to confirm the subscription' });
    expect(await t.db.query(`SELECT 1 FROM marketing_consents`)).toHaveLength(0);

    expect(await answer(v, { name: 'Ewa', email: 'ewa@client.test' }, { consent: true })).toEqual({ type: 'contact_saved', askFields: [] });
    const mail = await smtp.waitFor((m) => m.to.includes('ewa@client.test'));
    expect(mail.subject).toContain('Confirm your subscription');
    const link = /http:\/\/parley\.test\/consent\/confirm\?token=\S+/.exec(mail.text)?.[0] as string;
    expect(link).toBeDefined();
    const [visitor] = await t.db.query(`SELECT contact_id FROM visitors WHERE id = (SELECT id FROM visitors ORDER BY created_at DESC LIMIT 1)`);
    const consentAt = async () => (await t.db.query(`SELECT marketing_consent_at FROM contacts WHERE id = $1`, [visitor.contact_id]))[0].marketing_consent_at;
    expect(await consentAt()).toBeNull();
    const ok = await fetch(link.replace('http://parley.test', t.url));
    expect(await ok.text()).toContain('data-outcome="confirmed"');
    expect(await consentAt()).toBeInstanceOf(Date);
    v.close();
  });

  it('C8: no box ticked, or a channel that does not ask, sends nothing; a waiting link is not sent twice', async () => {
    const quiet = await t.visitor();
    await info(quiet);
    expect((await answer(quiet, { email: 'quiet@client.test' })).type).toBe('contact_saved');

    const twice = await t.visitor();
    await info(twice);
    expect((await answer(twice, { email: 'twice@client.test' }, { consent: true })).type).toBe('contact_saved');
    await smtp.waitFor((m) => m.to.includes('twice@client.test'));
    // the same visitor ticks it again from another page (the form asked only the name there): no second e-mail
    expect(await answer(twice, { name: 'Twice' }, { consent: true })).toEqual({ type: 'contact_saved', askFields: [] });

    expect((await t.graphql(UPDATE_MAIL, { i: mailSettings(channelId, false) }, admin)).errors).toBeUndefined();
    const off = await t.visitor();
    await info(off);
    expect((await answer(off, { email: 'off@client.test' }, { consent: true })).type).toBe('contact_saved');
    await pause(300);
    await t.queue().idle();
    expect(smtp.to('quiet@client.test')).toHaveLength(0);
    expect(smtp.to('twice@client.test')).toHaveLength(1);
    expect(smtp.to('off@client.test')).toHaveLength(0);
    expect(await t.db.query(`SELECT email FROM marketing_consents ORDER BY created_at`)).toEqual([{ email: 'ewa@client.test' }, { email: 'twice@client.test' }]);
    for (const v of [quiet, twice, off]) v.close();
  });

  it('C3: optional fields the visitor left empty are not asked again on later pages; required ones still are', async () => {
    expect((await preChat([{ field: 'name', required: true }, { field: 'email', required: false }, { field: 'phone', required: false }])).errors).toBeUndefined();
    const v = await t.visitor();
    const token = (await v.welcome()).visitorToken;
    expect((await info(v)).askFields.map((f: any) => f.field)).toEqual(['name', 'email', 'phone']);
    // skipping a required field is still refused
    expect(await answer(v, { email: '' })).toMatchObject({ type: 'error', field: 'name', message: 'Required' });
    expect(await answer(v, { name: 'Skipper', email: '', phone: '' })).toEqual({ type: 'contact_saved', askFields: [] });
    v.close();

    // the next page (a new socket with the same token) before any message: nothing to ask
    const next = await t.visitor('demo-webchat', { visitorToken: token });
    expect(await info(next)).toMatchObject({ askFields: [] });
    next.close();

    // the admin makes the e-mail required: it is asked again (only it), the skipped phone is not
    await preChat([{ field: 'name', required: true }, { field: 'email', required: true }, { field: 'phone', required: false }]);
    const later = await t.visitor('demo-webchat', { visitorToken: token });
    expect(await info(later)).toMatchObject({ askFields: [{ field: 'email', required: true }] });
    later.close();

    // a visitor who never answered is still asked everything
    const fresh = await t.visitor();
    expect((await info(fresh)).askFields.map((f: any) => f.field)).toEqual(['name', 'email', 'phone']);
    fresh.close();
  });

  it('C7: an answer to a visitor with no widget open anywhere is e-mailed at once (once); one with a widget open waits for the delay, and reading cancels it', async () => {
    const shared = t.app.get<SharedState>(SHARED_STATE);
    /** A visitor who gave their e-mail (or not) and wrote once. */
    const chatting = async (email: string | null, first: string) => {
      const v = await t.visitor();
      await info(v);
      expect((await answer(v, { name: `Visitor ${first}`, ...(email ? { email } : { email: 'x@x.test' }) })).type).toBe('contact_saved');
      const ack = await v.ack(v.send(first));
      const conversationId = ack.message.conversationId as string;
      if (!email) await t.db.query(`UPDATE contacts SET email = NULL WHERE id = (SELECT contact_id FROM conversations WHERE id = $1)`, [conversationId]);
      const [{ id }] = await t.db.query(`SELECT id FROM visitors WHERE conversation_id = $1`, [conversationId]);
      return { v, conversationId, present: () => shared.isHeld(`visitor:${id}`) };
    };
    const reply = async (conversationId: string, body: string) => {
      const r = await t.graphql(SEND, { i: { conversationId, clientId: `op-${body.length}-${Date.now()}`, body } }, admin);
      expect(r.errors).toBeUndefined();
    };

    const left = await chatting('left@client.test', 'Where is my order?');
    const stays = await chatting('stays@client.test', 'Do you ship abroad?');
    const reads = await chatting('reads@client.test', 'Is it in stock?');
    const anonymous = await chatting(null, 'Just looking');
    expect(await left.present()).toBe(true);
    left.v.close();
    anonymous.v.close();
    expect(await until(async () => !(await left.present()) && !(await anonymous.present()))).toBe(true);

    const start = Date.now();
    await reply(left.conversationId, 'It ships today');
    await reply(stays.conversationId, 'Yes, to 30 countries');
    await reply(reads.conversationId, 'Yes, 4 left');
    await reply(anonymous.conversationId, 'Tell us if you need help');
    const mail = await smtp.waitFor((m) => m.to.includes('left@client.test'), DELAY_MS - 500);
    expect(Date.now() - start).toBeLessThan(DELAY_MS);
    expect(mail.text).toContain('It ships today');
    expect(mail.from).toBe('support@shop.test');
    // the visitors with a widget open got nothing yet
    expect(smtp.to('stays@client.test')).toHaveLength(0);

    // the visitor who reads in time cancels theirs
    const msg = await reads.v.waitFor((f) => f.type === 'message' && f.message.body === 'Yes, 4 left');
    reads.v.sendFrame({ type: 'read', seq: msg.message.seq });

    // after the delay: the one who kept the widget open without reading gets it, once; nothing is sent twice
    const late = await smtp.waitFor((m) => m.to.includes('stays@client.test'), DELAY_MS + 3000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(DELAY_MS - 100);
    expect(late.text).toContain('Yes, to 30 countries');
    await pause(500);
    await t.queue().idle();
    expect(smtp.to('left@client.test')).toHaveLength(1);
    expect(smtp.to('stays@client.test')).toHaveLength(1);
    expect(smtp.to('reads@client.test')).toHaveLength(0);
    // no e-mail address: no job, no mark
    expect(await t.db.query(`SELECT 1 FROM conversation_reply_emails WHERE conversation_id = $1`, [anonymous.conversationId])).toHaveLength(0);
    stays.v.close();
    reads.v.close();
  });
});
