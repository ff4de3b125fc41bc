import { Logger } from '@nestjs/common';
import { MailService } from '@parley/api/platform/mail';
import { OutboxDrainer } from '@parley/api/platform/outbox';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailCatcher } from '../testing/mail-catcher';
import { freePort, PrivateRedis, sleep } from '../testing/outage';
import { TestApp } from '../testing/test-app';

/** An SMTP relay that refuses some recipients: `busy-N-…@` the first N times (451), `never@` always (550). */
class FlakySmtp {
  readonly attempts = new Map<string, number[]>();
  readonly accepted: Array<{ to: string; messageId: string }> = [];
  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<FlakySmtp> {
    const holder: { s?: FlakySmtp } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, cb) {
        const to = address.address;
        const list = holder.s!.attempts.get(to) ?? [];
        list.push(Date.now());
        holder.s!.attempts.set(to, list);
        const busy = /^busy-(\d+)-/.exec(to);
        if (to.startsWith('never@')) return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        if (busy && list.length <= Number(busy[1])) return cb(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
          for (const r of session.envelope.rcptTo) holder.s!.accepted.push({ to: r.address, messageId });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    holder.s = new FlakySmtp(server, (server.server.address() as AddressInfo).port);
    return holder.s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const until = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('outbox: every send that leaves Parley is a delivery row (integration, real SMTP)', () => {
  let t: TestApp;
  let smtp: FlakySmtp;
  const row = async (target: string) => (await t.db.query(`SELECT * FROM outbound_deliveries WHERE target = $1`, [target]))[0];

  beforeAll(async () => {
    smtp = await FlakySmtp.start();
    t = await TestApp.start({ SMTP_URL: smtp.url, OUTBOX_RETRY_BASE_MS: '300', OUTBOX_MAX_ATTEMPTS: '3' });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('writes the row with its cause in one transaction: a rollback writes neither and sends nothing', async () => {
    const mail = t.app.get(MailService);
    const [{ id: ws }] = await t.db.query(`SELECT id FROM workspaces LIMIT 1`);
    await expect(
      t.db.transaction(async (m) => {
        await m.query(`UPDATE workspaces SET name = 'Renamed in a rolled back transaction' WHERE id = $1`, [ws]);
        await mail.enqueue({ to: 'rolled-back@client.test', subject: 'Never', text: 'never sent' }, { manager: m, workspaceId: ws });
        throw new Error('the cause fails after the mail was written');
      }),
    ).rejects.toThrow(/cause fails/);
    await t.db.transaction(async (m) => {
      await m.query(`UPDATE workspaces SET name = 'Committed with its mail' WHERE id = $1`, [ws]);
      await mail.enqueue({ to: 'committed@client.test', subject: 'Committed', text: 'sent once' }, { manager: m, workspaceId: ws, jobId: 'committed-1' });
      // the same cause twice (a retried job): one delivery
      await mail.enqueue({ to: 'committed@client.test', subject: 'Committed', text: 'sent once' }, { manager: m, workspaceId: ws, jobId: 'committed-1' });
    });
    await t.queue().idle();
    await until(async () => (await row('committed@client.test'))?.state === 'sent');
    expect(await row('rolled-back@client.test')).toBeUndefined();
    expect((await t.db.query(`SELECT name FROM workspaces WHERE id = $1`, [ws]))[0].name).toBe('Committed with its mail');
    expect(smtp.attempts.get('rolled-back@client.test')).toBeUndefined();
    const sent = await row('committed@client.test');
    expect(sent).toMatchObject({ workspace_id: ws, kind: 'email', attempts: 1, failure_reason: null });
    expect(smtp.accepted.filter((a) => a.to === 'committed@client.test')).toEqual([{ to: 'committed@client.test', messageId: sent.external_id }]);
    expect(sent.external_id).toMatch(/^<.+@.+>$/);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM outbound_deliveries WHERE target = 'committed@client.test'`))[0].n).toBe(1);
  });

  it('retries an SMTP failure with exponential backoff, then sends once', async () => {
    await t.app.get(MailService).enqueue({ to: 'busy-2-x@client.test', subject: 'Eventually', text: 'third time lucky' });
    await until(async () => (await row('busy-2-x@client.test'))?.state === 'sent');
    const times = smtp.attempts.get('busy-2-x@client.test')!;
    expect(times).toHaveLength(3);
    // base 300 ms, then 600 ms (timers may fire a few ms early; the row's claim allows 1 s early at most)
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(250);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(550);
    expect(times[2] - times[1]).toBeGreaterThan(times[1] - times[0]);
    expect(smtp.accepted.filter((a) => a.to === 'busy-2-x@client.test')).toHaveLength(1);
    expect(await row('busy-2-x@client.test')).toMatchObject({ state: 'sent', attempts: 3, failure_reason: null });
  });

  it('marks the delivery failed with the reason after the last attempt, and says so in the log', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((msg: unknown) => void errors.push(String(msg)));
    try {
      await t.app.get(MailService).enqueue({ to: 'never@client.test', subject: 'Bounces', text: 'nobody home' });
      await until(async () => (await row('never@client.test'))?.state === 'failed');
    } finally {
      spy.mockRestore();
    }
    const failed = await row('never@client.test');
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, external_id: null });
    expect(failed.failure_reason).toMatch(/550|Mailbox unavailable|recipients were rejected/);
    expect(smtp.attempts.get('never@client.test')).toHaveLength(3);
    expect(errors.some((e) => e.includes(failed.id) && /failed for good/.test(e))).toBe(true);
    // no more attempts after the last one
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.attempts.get('never@client.test')).toHaveLength(3);
  });

  it('sends once when several drainers race for the same row (two API processes)', async () => {
    const replica = await TestApp.start({ SMTP_URL: smtp.url }, { replicaOf: t });
    try {
      // a queued row nobody has published yet (as a crash leaves it)
      const [{ id }] = await t.db.query(
        `INSERT INTO outbound_deliveries (kind, target, payload) VALUES ('email', 'race@client.test', $1::jsonb) RETURNING id`,
        [JSON.stringify({ to: ['race@client.test'], subject: 'Once', text: 'only once' })],
      );
      const a = t.app.get(OutboxDrainer);
      const b = replica.app.get(OutboxDrainer);
      const outcomes = await Promise.all([a, b, a, b, a, b].map((d) => d.deliver(id)));
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(5);
      // a late job or sweep for it changes nothing
      expect(await b.deliver(id)).toBe('skipped');
      expect(await a.sweep()).toBe(0);
      expect(smtp.accepted.filter((x) => x.to === 'race@client.test')).toHaveLength(1);
      expect(await row('race@client.test')).toMatchObject({ state: 'sent', attempts: 1 });
    } finally {
      await replica.stop();
    }
  });

  it('the sweep publishes queued rows whose job was lost', async () => {
    const [{ id }] = await t.db.query(
      `INSERT INTO outbound_deliveries (kind, target, payload, created_at, next_attempt_at) VALUES ('email', 'lost@client.test', $1::jsonb, now() - interval '1 minute', now() - interval '1 minute') RETURNING id`,
      [JSON.stringify({ to: ['lost@client.test'], subject: 'Lost job', text: 'found by the sweep' })],
    );
    expect(await t.app.get(OutboxDrainer).sweep()).toBe(1);
    await t.queue().idle();
    await until(async () => (await row('lost@client.test'))?.state === 'sent');
    expect(smtp.accepted.filter((x) => x.to === 'lost@client.test')).toHaveLength(1);
    expect((await t.db.query(`SELECT attempts FROM outbound_deliveries WHERE id = $1`, [id]))[0].attempts).toBe(1);
  });

  it('an unknown delivery kind fails with a reason instead of waiting for ever', async () => {
    const [{ id }] = await t.db.query(`INSERT INTO outbound_deliveries (kind, target, payload) VALUES ('pigeon', 'roof', '{}'::jsonb) RETURNING id`);
    expect(await t.app.get(OutboxDrainer).deliver(id)).toBe('failed');
    expect((await t.db.query(`SELECT state, failure_reason FROM outbound_deliveries WHERE id = $1`, [id]))[0]).toEqual({ state: 'failed', failure_reason: 'no sender for delivery kind "pigeon"' });
  });
});

describe('outbox with the existing mail flows (integration)', () => {
  let t: TestApp;
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await TestApp.start({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.stop();
  });

  it('an invitation commits with its delivery row, which ends sent with the Message-ID', async () => {
    const token = await t.login('admin@demo.test');
    const r = await t.graphql(`mutation($i: InviteOperatorInput!) { inviteOperator(input: $i) { id } }`, { i: { email: 'outboxed@demo.test', role: 'agent' } }, token);
    expect(r.errors).toBeUndefined();
    const mail = await smtp.waitFor((m) => m.to.includes('outboxed@demo.test'));
    await until(async () => (await t.db.query(`SELECT state FROM outbound_deliveries WHERE target = 'outboxed@demo.test'`))[0]?.state === 'sent');
    const [d] = await t.db.query(`SELECT d.*, w.id AS ws FROM outbound_deliveries d JOIN workspaces w ON w.id = d.workspace_id WHERE d.target = 'outboxed@demo.test'`);
    expect(d.external_id).toBe(mail.headers['message-id']);
    expect(d.payload.subject).toBe(mail.subject);
  });
});

describe('outbox across a Redis outage (private redis-server)', () => {
  it('commits an invitation while Redis is down (its job cannot be published), answers, and sends it once Redis is back', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    const smtp = await MailCatcher.start();
    const t = await TestApp.start({ REDIS_URL: redis.url, SMTP_URL: smtp.url, OUTBOX_SWEEP_EVERY_MS: '500' });
    try {
      const token = await t.login('admin@demo.test');
      await redis.stop();
      const started = Date.now();
      const r = await t.graphql(`mutation($i: InviteOperatorInput!) { inviteOperator(input: $i) { id email } }`, { i: { email: 'outage@demo.test', role: 'agent' } }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['inviteOperator']).toMatchObject({ email: 'outage@demo.test' });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await t.db.query(`SELECT state FROM outbound_deliveries WHERE target = 'outage@demo.test'`)).toEqual([{ state: 'queued' }]);
      await sleep(500);
      expect(smtp.to('outage@demo.test')).toHaveLength(0);
      await redis.start();
      const mail = await smtp.waitFor((m) => m.to.includes('outage@demo.test'), 30_000);
      await sleep(2000);
      expect(smtp.to('outage@demo.test')).toHaveLength(1);
      const [sent] = await t.db.query(`SELECT state, external_id FROM outbound_deliveries WHERE target = 'outage@demo.test'`);
      expect(sent).toEqual({ state: 'sent', external_id: mail.headers['message-id'] });
    } finally {
      await t.stop();
      await smtp.stop();
      await redis.stop();
    }
  }, 90_000);
});
