import { ChannelInboundService } from '@parley/api/channels/core';
import { EmailIdleWatcher, EmailPoller, EmailPollResult } from '@parley/api/channels/email';
import { TestDovecot } from '@parley/api/channels/email/testing';
import { TestApp } from '../testing/test-app';
import { until } from '../testing/until';

const PASSWORD = 'imap-pass-123';
const CREATE = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } } }`;
const ADMIN_VIEW = `query($id: ID!) { channelAdmin(id: $id) { details { label value } } }`;

const mail = (i: number, to: string) =>
  [`From: "Client ${i}" <client${i}@client.test>`, `To: ${to}`, `Subject: Mail ${i}`, `Date: ${new Date().toUTCString()}`, `Message-ID: <import-${i}@client.test>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', `Body of mail ${i}`, ''].join('\r\n');

/**
 * Issue #10, e-mail import against a real Dovecot: the first import of a mailbox with its
 * progress in the admin, "import only the last N days" (0: everything), a Dovecot restart in the
 * middle of the import, the server renumbering the mailbox (UIDVALIDITY), and IMAP IDLE.
 */
describe('e-mail import: progress, import window, Dovecot restart mid-sync, UIDVALIDITY, IDLE (integration)', () => {
  let t: TestApp;
  let dovecot: TestDovecot;
  let admin: string;

  const create = async (address: string, over: Record<string, unknown> = {}) => {
    const r = await t.graphql(CREATE, { i: { type: 'email', name: address, settings: JSON.stringify({ address, imap: { host: dovecot.host, port: dovecot.port, secure: false, password: PASSWORD }, outbound: 'server', pollSeconds: 3600, ...over }) } }, admin);
    expect(r.errors).toBeUndefined();
    return r.data?.['createChannel'].channel.id as string;
  };
  const poll = async (channelId: string): Promise<EmailPollResult> => {
    for (let i = 0; i < 300; i++) {
      const r = await t.app.get(EmailPoller).pollChannel(channelId);
      if (!r.busy) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the mailbox stayed busy');
  };
  const details = async (channelId: string) => (await t.graphql(ADMIN_VIEW, { id: channelId }, admin)).data?.['channelAdmin'].details as Array<{ label: string; value: string }>;
  const counts = async (channelId: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS refs, count(DISTINCT r.external_id)::int AS ids, (SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.channel_id = $1) AS messages
           FROM channel_message_refs r WHERE r.channel_id = $1 AND r.direction = 'in'`,
        [channelId],
      )
    )[0];

  beforeAll(async () => {
    dovecot = await TestDovecot.start({ users: ['import@shop.test', 'window@shop.test', 'idle@shop.test'].map((user) => ({ user, password: PASSWORD })) });
    t = await TestApp.start({});
    admin = await t.login('admin@demo.test');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await dovecot?.stop();
  });

  it('imports a whole mailbox (importDays 0) with its progress in the admin; a Dovecot restart in the middle loses and doubles nothing; a renumbered mailbox is read again without duplicates', async () => {
    const address = 'import@shop.test';
    const c = await dovecot.client(address);
    try {
      // half of it from long ago: importDays 0 takes that too
      for (let i = 0; i < 300; i++) await c.append('INBOX', mail(i, address), [], i % 2 ? new Date(Date.now() - 400 * 24 * 3600 * 1000) : new Date());
    } finally {
      await c.logout();
    }
    const poller = t.app.get(EmailPoller);
    poller.batchSize = 40;
    let channelId = '';
    const importDone = async () => Number((await t.db.query(`SELECT import_done FROM email_mailbox_state WHERE channel_id = $1`, [channelId]))[0]?.import_done ?? 0);
    const inbound = t.app.get(ChannelInboundService);
    const real = inbound.receive.bind(inbound);
    // each mail takes a little longer to store, so the middle of the import is long enough to look at and to hit
    const slow = jest.spyOn(inbound, 'receive').mockImplementation(async (ch, msg) => {
      await new Promise((r) => setTimeout(r, 25));
      return real(ch, msg);
    });
    try {
      // saving the channel starts the import at once, and its runs (40 mails each here) follow one another
      channelId = await create(address, { importDays: 0 });
      await until(async () => (await importDone()) >= 60, 60_000, 'the import going on');
      const progress = await details(channelId);
      expect(progress).toEqual([{ label: 'Importing the mailbox', value: expect.stringMatching(/^\d+ of 300 mails imported$/) }]);
      const done = Number(/^(\d+)/.exec(progress[0].value)?.[1]);
      expect(done).toBeGreaterThanOrEqual(60);
      expect(done).toBeLessThan(300);

      // Dovecot goes down in the middle of it: the run stops with the error, nothing after it is lost
      await dovecot.pause();
      await until(async () => (await t.db.query(`SELECT lease_until, last_error FROM email_mailbox_state WHERE channel_id = $1`, [channelId]).then((r: any[]) => (!r[0].lease_until && r[0].last_error ? r[0] : null))), 60_000, 'the run stopped by the outage');
      slow.mockRestore();
      const midway = await counts(channelId);
      expect(midway.refs).toBeLessThan(300);
      expect(midway.refs).toBe(midway.messages);
      expect((await details(channelId))[0].value).toMatch(/^\d+ of 300 mails imported$/);
      // while it is down, a run records the error and loses nothing
      expect((await poll(channelId)).error).toMatch(/connection refused/);
    } finally {
      slow.mockRestore();
      await dovecot.resume();
    }
    try {
      poller.batchSize = 1000;
      const after = await poll(channelId);
      expect(after.error).toBeUndefined();
      expect(await counts(channelId)).toEqual({ refs: 300, ids: 300, messages: 300 });
      expect(await details(channelId)).toEqual([]);
    } finally {
      poller.batchSize = 200;
    }

    // the server renumbers the mailbox (new UIDVALIDITY, new UIDs): read again, nothing stored twice
    const [{ uid_validity: before }] = await t.db.query(`SELECT uid_validity::text FROM email_mailbox_state WHERE channel_id = $1`, [channelId]);
    await dovecot.renumber(address);
    const again = await poll(channelId);
    expect(again).toMatchObject({ resetUidValidity: true, stored: 0 });
    // the re-read shows as an import too, and goes on over the runs it takes (200 a run)
    expect(again.more).toBe(true);
    expect(await details(channelId)).toEqual([{ label: 'Importing the mailbox', value: '200 of 300 mails imported' }]);
    const rest = await poll(channelId);
    expect(rest).toMatchObject({ fetched: 100, stored: 0 });
    expect(rest.resetUidValidity).toBeUndefined();
    const [{ uid_validity: now }] = await t.db.query(`SELECT uid_validity::text FROM email_mailbox_state WHERE channel_id = $1`, [channelId]);
    expect(now).not.toBe(before);
    expect(await counts(channelId)).toEqual({ refs: 300, ids: 300, messages: 300 });
    expect(await details(channelId)).toEqual([]);
  }, 240_000);

  it('imports only the last N days by default (7) and as set; bad values are field errors', async () => {
    const address = 'window@shop.test';
    const c = await dovecot.client(address);
    try {
      for (const [i, days] of [[1, 1], [2, 5], [3, 20], [4, 100]] as const) await c.append('INBOX', mail(1000 + i, address), [], new Date(Date.now() - days * 24 * 3600 * 1000));
    } finally {
      await c.logout();
    }
    for (const bad of [-1, 'abc', 5000, 1.5]) {
      const r = await t.graphql(CREATE, { i: { type: 'email', name: 'Bad', settings: JSON.stringify({ address, imap: { host: dovecot.host, port: dovecot.port, secure: false, password: PASSWORD }, outbound: 'server', importDays: bad }) } }, admin);
      expect(r.errors?.[0].extensions?.['fieldErrors']).toEqual([{ field: 'importDays', message: 'From 0 (the whole mailbox) to 3650 days' }]);
    }
    const channelId = await create(address, { importDays: 30 });
    // the import starts on save; a poll after it finds nothing new
    await until(async () => (await t.db.query(`SELECT last_uid::int FROM email_mailbox_state WHERE channel_id = $1 AND lease_until IS NULL`, [channelId]))[0]?.last_uid === 4, 30_000, 'the import');
    expect(await poll(channelId)).toMatchObject({ fetched: 0, stored: 0 });
    const subjects = (await t.db.query(`SELECT subject FROM conversations WHERE channel_id = $1 ORDER BY subject`, [channelId])).map((r: any) => r.subject);
    expect(subjects).toEqual(['Mail 1001', 'Mail 1002', 'Mail 1003']);
  });

  it('IMAP IDLE: new mail is read within seconds, without waiting for pollSeconds (an hour here)', async () => {
    const address = 'idle@shop.test';
    const channelId = await create(address);
    await poll(channelId);
    const watcher = t.app.get(EmailIdleWatcher);
    watcher.start(500);
    await until(async () => watcher.isIdling(channelId), 20_000, 'the IDLE connection');
    // let the connection enter IDLE, then deliver
    await new Promise((r) => setTimeout(r, 1500));
    await dovecot.append(address, mail(2001, address));
    const stored = await until(async () => (await t.db.query(`SELECT conversation_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = '<import-2001@client.test>'`, [channelId]))[0], 20_000, 'the mail read after IDLE');
    expect(stored).toBeDefined();
    // after a Dovecot restart the watcher connects again and still hears new mail
    await dovecot.pause();
    await dovecot.resume();
    await until(async () => watcher.isIdling(channelId), 20_000, 'the IDLE connection again');
    await new Promise((r) => setTimeout(r, 1500));
    await dovecot.append(address, mail(2002, address));
    await until(async () => (await t.db.query(`SELECT 1 FROM channel_message_refs WHERE channel_id = $1 AND external_id = '<import-2002@client.test>'`, [channelId]))[0], 20_000, 'the mail read after reconnecting');
    await watcher.onApplicationShutdown();
  }, 90_000);
});
