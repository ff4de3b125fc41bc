import path from 'node:path';
import os from 'node:os';
import { DEMO_PASSWORD } from '../seed/demo-seed';
import { MailCatcher } from '../testing/mail-catcher';
import { ApiProcess, graphql, PrivateDatabase } from '../testing/api-process';
import { migrate } from './bootstrap';

/**
 * Issue #9, the exactly-once crash test: the API process is killed (SIGKILL) right after the
 * transaction that wrote an invitation and its mail committed, before the delivery job is
 * published. Started again, the process sends the mail exactly once (its outbox sweep finds the
 * queued row). With REDIS_URL the job would have gone to BullMQ, without it to the in-process queue:
 * either way nothing was published before the kill.
 */
describe('outbox: kill -9 after the commit, before the publish (integration, child processes, real SMTP)', () => {
  jest.setTimeout(300_000);
  let smtp: MailCatcher;
  let db: PrivateDatabase;
  const procs: ApiProcess[] = [];

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    db = await PrivateDatabase.create(process.env['PARLEY_TEST_ADMIN_URL'] as string, (url) => migrate(url, { seedDemo: true }));
  });
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await smtp?.stop();
    await db?.drop();
  });
  const sql = (text: string, params: unknown[] = []) => db.sql(text, params);

  it('delivers the mail of a committed invitation exactly once after the process is killed and started again', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      REDIS_PREFIX: `parley-test-${db.name}`,
      SMTP_URL: smtp.url,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(os.tmpdir(), 'parley-test-data'),
      STATIC_DIR: path.join(os.tmpdir(), 'parley-test-static-none'),
      OUTBOX_SWEEP_EVERY_MS: '500',
    };
    const first = ApiProcess.spawn({ ...env, PARLEY_OUTBOX_FAULT: 'kill-after-commit' });
    procs.push(first);
    const url1 = await first.url();
    const login = await graphql(url1, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: DEMO_PASSWORD } });
    const token = login.data.login.accessToken as string;
    // the process dies inside this request: after COMMIT, before the delivery job is published
    await expect(graphql(url1, `mutation($i: InviteOperatorInput!) { inviteOperator(input: $i) { id } }`, { i: { email: 'crash@demo.test', role: 'agent' } }, token)).rejects.toThrow();
    expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });

    // committed: the invitation and its delivery, still queued; nothing was sent
    expect(await sql(`SELECT email FROM invitations WHERE email = 'crash@demo.test'`)).toHaveLength(1);
    expect(await sql(`SELECT state, attempts FROM outbound_deliveries WHERE target = 'crash@demo.test'`)).toEqual([{ state: 'queued', attempts: 0 }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to('crash@demo.test')).toHaveLength(0);

    // started again (no fault): the sweep publishes the row and it is sent, once
    const second = ApiProcess.spawn(env);
    procs.push(second);
    await second.url();
    const mail = await smtp.waitFor((m) => m.to.includes('crash@demo.test'), 60_000);
    expect(mail.subject).toMatch(/^Join .+ on Parley$/);
    // several sweeps later, still one mail
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.to('crash@demo.test')).toHaveLength(1);
    const [d] = await sql(`SELECT state, attempts, external_id FROM outbound_deliveries WHERE target = 'crash@demo.test'`);
    expect(d).toEqual({ state: 'sent', attempts: 1, external_id: mail.headers['message-id'] });
    await second.stop();
  });

  /**
   * SPEC C7: the reply e-mail to a visitor who left is scheduled from a bus event after the
   * operator's message committed. The process is killed right there, before `queue.add`: the
   * message is stored, no check is queued. Started again, the reply e-mail sweep finds the unread
   * answer after the delay and it is e-mailed exactly once.
   */
  it('e-mails an unread answer exactly once when the process is killed between the message commit and the scheduling of its check', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      REDIS_PREFIX: `parley-test-${db.name}-reply`,
      SMTP_URL: smtp.url,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(os.tmpdir(), 'parley-test-data'),
      STATIC_DIR: path.join(os.tmpdir(), 'parley-test-static-none'),
      OUTBOX_SWEEP_EVERY_MS: '500',
      VISITOR_REPLY_EMAIL_DELAY_MS: '1000',
      VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: '500',
    };
    // an e-mailable conversation: the web chat channel has a reply address, the contact an e-mail, the visitor has left
    const [ch] = await sql(`SELECT id, workspace_id FROM channels WHERE public_key = 'demo-webchat'`);
    await sql(
      `INSERT INTO webchat_mail_settings (channel_id, workspace_id, settings) VALUES ($1, $2, '{"replyFrom":"support@shop.test"}')
       ON CONFLICT (channel_id) DO UPDATE SET settings = EXCLUDED.settings`,
      [ch.id, ch.workspace_id],
    );
    const [ct] = await sql(`INSERT INTO contacts (workspace_id, name, email) VALUES ($1, 'Gone Visitor', 'gone-crash@client.test') RETURNING id`, [ch.workspace_id]);
    const [conv] = await sql(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'queued', 1) RETURNING id`, [ch.workspace_id, ch.id, ct.id]);
    await sql(`INSERT INTO messages (workspace_id, conversation_id, seq, author_type, body) VALUES ($1, $2, 1, 'visitor', 'Is it in stock?')`, [ch.workspace_id, conv.id]);

    const first = ApiProcess.spawn({ ...env, PARLEY_REPLY_MAIL_FAULT: 'kill-before-schedule', PARLEY_REPLY_MAIL_FAULT_CONVERSATION: conv.id });
    procs.push(first);
    const url1 = await first.url();
    const login = await graphql(url1, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: DEMO_PASSWORD } });
    const token = login.data.login.accessToken as string;
    // the answer commits; the process dies as its check is about to be scheduled (the reply may or may not reach us first)
    await graphql(url1, `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, { i: { conversationId: conv.id, clientId: 'crash-op-1', body: 'Yes, 4 left' } }, token).catch(() => undefined);
    expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await sql(`SELECT seq, author_type FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conv.id])).toEqual([
      { seq: 1, author_type: 'visitor' },
      { seq: 2, author_type: 'operator' },
    ]);
    expect(await sql(`SELECT 1 FROM conversation_reply_emails WHERE conversation_id = $1`, [conv.id])).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM outbound_deliveries WHERE target = 'gone-crash@client.test'`)).toHaveLength(0);

    // started again (no fault): nothing was queued for the answer, the sweep e-mails it once
    const second = ApiProcess.spawn(env);
    procs.push(second);
    await second.url();
    const mail = await smtp.waitFor((m) => m.to.includes('gone-crash@client.test'), 60_000);
    expect(mail.from).toBe('support@shop.test');
    expect(mail.text).toContain('Yes, 4 left');
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.to('gone-crash@client.test')).toHaveLength(1);
    expect(await sql(`SELECT emailed_seq FROM conversation_reply_emails WHERE conversation_id = $1`, [conv.id])).toEqual([{ emailed_seq: 2 }]);
    expect(await sql(`SELECT state, attempts FROM outbound_deliveries WHERE target = 'gone-crash@client.test'`)).toEqual([{ state: 'sent', attempts: 1 }]);
    await second.stop();
  });
});
