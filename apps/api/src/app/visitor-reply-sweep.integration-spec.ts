import { VisitorReplyEmailJob, VisitorReplyEmailListener, VisitorReplyEmailSweep } from '@parley/api/channels/webchat';
import { SHARED_STATE, SharedState } from '@parley/api/platform/realtime';
import { MailCatcher } from '../testing/mail-catcher';
import { TestApp } from '../testing/test-app';

const CHANNELS = `query { channels { id publicKey } }`;
const UPDATE_MAIL = `mutation($i: UpdateWebchatMailSettingsInput!) { updateWebchatMailSettings(input: $i) { id } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

/** VISITOR_REPLY_EMAIL_DELAY_MS and VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS of this file's server. */
const DELAY_MS = 1500;
const SWEEP_EVERY_MS = 500;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (f: () => Promise<boolean>, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await pause(20)) if (await f()) return true;
  return false;
};

/**
 * Issue #9, SPEC C7: the reply e-mail's check is scheduled from a bus event after the operator's
 * message committed. When that scheduling is lost (here: the listener unsubscribed, as if the
 * process died before `queue.add` or the event never arrived), the sweep still e-mails the unread
 * answer once after the delay; never twice, never what was read, never outside e-mailable
 * conversations, and odd data sends nothing.
 */
describe('reply e-mail sweep: answers whose check was lost (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  let admin: string;
  let channelId: string;
  let workspaceId: string;
  let listener: VisitorReplyEmailListener;
  let sweep: VisitorReplyEmailSweep;
  let shared: SharedState;
  let n = 0;

  /** A clock at which every answer written so far is due (the delay and one interval past). */
  const later = () => new Date(Date.now() + DELAY_MS + SWEEP_EVERY_MS + 1000);
  const emailedSeq = async (conversationId: string) => (await t.db.query(`SELECT emailed_seq FROM conversation_reply_emails WHERE conversation_id = $1`, [conversationId]))[0]?.emailed_seq ?? null;
  const reply = async (conversationId: string, body: string): Promise<number> => {
    const r = await t.graphql(SEND, { i: { conversationId, clientId: `op-${++n}`, body } }, admin);
    expect(r.errors).toBeUndefined();
    return r.data?.['sendMessage'].seq;
  };
  /** A visitor who wrote once and whose contact has `email`; with the widget still open. */
  const chatting = async (email: string | null) => {
    const { v, conversationId } = await t.visitorWithConversation(`Question from ${email}`);
    await t.db.query(`UPDATE contacts SET email = $1 WHERE id = (SELECT contact_id FROM conversations WHERE id = $2)`, [email, conversationId]);
    const [{ id }] = await t.db.query(`SELECT id FROM visitors WHERE conversation_id = $1`, [conversationId]);
    const present = () => shared.isHeld(`visitor:${id}`);
    const leave = async () => {
      v.close();
      expect(await until(async () => !(await present()))).toBe(true);
    };
    return { v, conversationId, present, leave };
  };
  /**
   * A conversation written straight into the tables (odd data the API would not make): a visitor
   * question and an operator answer, quiet since `agoMs`.
   */
  const stored = async (o: { channelId: string; email: string | null; agoMs?: number; deleted?: boolean }) => {
    const [ct] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email) VALUES ($1, 'Odd', $2) RETURNING id`, [workspaceId, o.email]);
    const at = new Date(Date.now() - (o.agoMs ?? DELAY_MS + 5000));
    const [c] = await t.db.query(
      `INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq, last_message_at, deleted_at) VALUES ($1, $2, $3, 'open', 2, $4, $5) RETURNING id`,
      [workspaceId, o.channelId, ct.id, at, o.deleted ? at : null],
    );
    await t.db.query(
      `INSERT INTO messages (workspace_id, conversation_id, seq, author_type, body, created_at) VALUES ($1, $2, 1, 'visitor', 'Hello?', $3), ($1, $2, 2, 'operator', 'Hello!', $3)`,
      [workspaceId, c.id, at],
    );
    return c.id as string;
  };

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://parley.test', VISITOR_REPLY_EMAIL_DELAY_MS: String(DELAY_MS), VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: String(SWEEP_EVERY_MS) });
    admin = await t.login('admin@demo.test');
    channelId = (await t.graphql(CHANNELS, {}, admin)).data?.['channels'].find((c: { publicKey: string }) => c.publicKey === 'demo-webchat').id;
    workspaceId = (await t.db.query(`SELECT workspace_id FROM channels WHERE id = $1`, [channelId]))[0].workspace_id;
    const saved = await t.graphql(
      UPDATE_MAIL,
      {
        i: {
          channelId,
          offlineForm: { enabled: true, fields: [{ key: 'email', required: true }, { key: 'message', required: true }], title: 'Away', intro: '', colors: { header: '#123', button: '#456' } },
          notifyEmails: [],
          replyFrom: 'support@shop.test',
          marketingConsent: { enabled: false, text: 'News' },
        },
      },
      admin,
    );
    expect(saved.errors).toBeUndefined();
    listener = t.app.get(VisitorReplyEmailListener);
    sweep = t.app.get(VisitorReplyEmailSweep);
    shared = t.app.get(SHARED_STATE);
    // the scheduling is lost: the listener no longer hears operator messages
    listener.onApplicationShutdown();
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('a lost check: the periodic sweep e-mails the unread answer once, after the delay', async () => {
    const left = await chatting('left@client.test');
    await left.leave();
    const start = Date.now();
    const seq = await reply(left.conversationId, 'It ships today');
    await reply(left.conversationId, 'Tracking number follows');
    const mail = await smtp.waitFor((m) => m.to.includes('left@client.test'), DELAY_MS + 4 * SWEEP_EVERY_MS + 5000);
    // not before the delay: the visitor might have come back and read it
    expect(Date.now() - start).toBeGreaterThanOrEqual(DELAY_MS);
    expect(mail.from).toBe('support@shop.test');
    expect(mail.text).toContain('It ships today');
    expect(mail.text).toContain('Tracking number follows');
    // several sweeps later, still one
    await pause(4 * SWEEP_EVERY_MS);
    await t.queue().idle();
    expect(smtp.to('left@client.test')).toHaveLength(1);
    expect(await emailedSeq(left.conversationId)).toBe(seq + 1);
    const deliveries = await t.db.query(`SELECT state, attempts FROM outbound_deliveries WHERE target = 'left@client.test'`);
    expect(deliveries).toEqual([{ state: 'sent', attempts: 1 }]);

    // a later answer is e-mailed on its own, the earlier ones are not repeated
    await reply(left.conversationId, 'Anything else?');
    const next = await smtp.waitFor((m) => m.to.includes('left@client.test') && m.text.includes('Anything else?'), DELAY_MS + 4 * SWEEP_EVERY_MS + 5000);
    expect(next.text).not.toContain('It ships today');
    await pause(3 * SWEEP_EVERY_MS);
    expect(smtp.to('left@client.test')).toHaveLength(2);
  });

  it('a visitor who read the answer meanwhile gets none; one with the widget open is e-mailed only once gone', async () => {
    const reads = await chatting('reads@client.test');
    const stays = await chatting('stays@client.test');
    await reply(reads.conversationId, 'Yes, 4 left');
    await reply(stays.conversationId, 'Yes, to 30 countries');
    const msg = await reads.v.waitFor((f) => f.type === 'message' && f.message.body === 'Yes, 4 left');
    reads.v.sendFrame({ type: 'read', seq: msg.message.seq });
    expect(await until(async () => (await t.db.query(`SELECT visitor_read_seq FROM conversations WHERE id = $1`, [reads.conversationId]))[0].visitor_read_seq === msg.message.seq)).toBe(true);
    await reads.leave();

    // well past the delay: the reader got nothing, the one still connected neither (yet)
    await pause(DELAY_MS + 4 * SWEEP_EVERY_MS);
    const run = await sweep.run(later());
    expect(run.present).toBeGreaterThanOrEqual(1);
    await t.queue().idle();
    expect(smtp.to('reads@client.test')).toHaveLength(0);
    expect(smtp.to('stays@client.test')).toHaveLength(0);
    expect(await emailedSeq(reads.conversationId)).toBeNull();

    // the widget closes without reading: the next sweeps e-mail it, once
    await stays.leave();
    const mail = await smtp.waitFor((m) => m.to.includes('stays@client.test'), 4 * SWEEP_EVERY_MS + 5000);
    expect(mail.text).toContain('Yes, to 30 countries');
    await pause(3 * SWEEP_EVERY_MS);
    expect(smtp.to('stays@client.test')).toHaveLength(1);
    expect(smtp.to('reads@client.test')).toHaveLength(0);
  });

  it('the sweep twice, at once, with the normal job: one e-mail', async () => {
    const twice = await chatting('twice@client.test');
    await twice.leave();
    await reply(twice.conversationId, 'Your parcel left');
    const job = t.app.get(VisitorReplyEmailJob);
    const data = { workspaceId, conversationId: twice.conversationId };
    const [a, b, c, d] = await Promise.all([sweep.run(later()), sweep.run(later()), job.check(data), job.check(data)]);
    // whichever ran first e-mailed it (the periodic sweep may have been first of all)
    expect(a.emailed + b.emailed + Number(c) + Number(d)).toBeLessThanOrEqual(1);
    const again = await sweep.run(later());
    expect(again.emailed).toBe(0);
    await smtp.waitFor((m) => m.to.includes('twice@client.test'));
    await pause(3 * SWEEP_EVERY_MS);
    await t.queue().idle();
    expect(smtp.to('twice@client.test')).toHaveLength(1);

    // with the listener back: its job (the visitor is gone, so at once) and the sweep, still one per answer
    await listener.onApplicationBootstrap();
    try {
      const both = await chatting('both@client.test');
      await both.leave();
      await reply(both.conversationId, 'Back in stock');
      await Promise.all([sweep.run(later()), sweep.run(later())]);
      await smtp.waitFor((m) => m.to.includes('both@client.test'));
      await pause(DELAY_MS + 3 * SWEEP_EVERY_MS);
      await t.queue().idle();
      expect(smtp.to('both@client.test')).toHaveLength(1);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM outbound_deliveries WHERE target = 'both@client.test'`)).toEqual([{ n: 1 }]);
    } finally {
      listener.onApplicationShutdown();
    }
  });

  it('never touches a channel kind that does not e-mail replies, and sends nothing for odd data, without failing', async () => {
    // a Telegram channel with (odd) web chat mail settings and a contact with an e-mail
    const [tg] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'telegram', 'Bot', 'tg-sweep', '{}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO webchat_mail_settings (channel_id, workspace_id, settings) VALUES ($1, $2, '{"replyFrom":"support@shop.test"}')`, [tg.id, workspaceId]);
    const telegram = await stored({ channelId: tg.id, email: 'telegram@client.test' });
    // web chat channels without a reply address: none stored, an empty one, an invalid one, a malformed settings document
    const bare = async (key: string, settings: string | null) => {
      const [ch] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', $2, $2, '{}') RETURNING id`, [workspaceId, key]);
      if (settings !== null) await t.db.query(`INSERT INTO webchat_mail_settings (channel_id, workspace_id, settings) VALUES ($1, $2, $3::jsonb)`, [ch.id, workspaceId, settings]);
      return ch.id as string;
    };
    const odd = [
      telegram,
      await stored({ channelId: await bare('no-mail-settings', null), email: 'nosettings@client.test' }),
      await stored({ channelId: await bare('empty-reply-from', '{"replyFrom":""}'), email: 'empty@client.test' }),
      await stored({ channelId: await bare('bad-reply-from', '{"replyFrom":"support at shop"}'), email: 'bad@client.test' }),
      await stored({ channelId: await bare('not-an-object', '"replyFrom"'), email: 'garbage@client.test' }),
      await stored({ channelId: await bare('number-reply-from', '{"replyFrom":42}'), email: 'number@client.test' }),
      // the e-mailable channel, but no address, an empty one, a deleted conversation, one quiet for longer than the lookback
      await stored({ channelId, email: null }),
      await stored({ channelId, email: '' }),
      await stored({ channelId, email: 'deleted@client.test', deleted: true }),
      await stored({ channelId, email: 'ancient@client.test', agoMs: DELAY_MS + t.config.visitorReplyEmailSweep.lookbackMs + 3_600_000 }),
    ];
    // and one that is fine, written the same way: the sweep does e-mail it
    const fine = await stored({ channelId, email: 'fine@client.test' });

    const first = await sweep.run(later());
    const second = await sweep.run(later());
    expect(second).toEqual({ due: 0, present: 0, emailed: 0 });
    expect(first.emailed).toBeLessThanOrEqual(1);
    await smtp.waitFor((m) => m.to.includes('fine@client.test'));
    await pause(3 * SWEEP_EVERY_MS);
    await t.queue().idle();
    expect(smtp.to('fine@client.test')).toHaveLength(1);
    expect(await emailedSeq(fine)).toBe(2);
    for (const id of odd) expect(await emailedSeq(id)).toBeNull();
    for (const to of ['telegram', 'nosettings', 'empty', 'bad', 'garbage', 'number', 'deleted', 'ancient']) expect(smtp.to(`${to}@client.test`)).toHaveLength(0);
    // the same check run directly refuses them too (all but the one left alone for its age, which it would e-mail)
    const job = t.app.get(VisitorReplyEmailJob);
    for (const id of odd.slice(0, -1)) expect(await job.check({ workspaceId, conversationId: id })).toBe(false);
    // a conversation that no longer exists, or of another workspace: nothing, no error
    expect(await job.check({ workspaceId, conversationId: '00000000-0000-0000-0000-000000000000' })).toBe(false);
    expect(await job.check({ workspaceId: '00000000-0000-0000-0000-000000000000', conversationId: fine })).toBe(false);
  });
});
