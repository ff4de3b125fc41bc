import { ChannelInboundService, NormalisedInboundMessage } from '@parley/api/channels/core';
import { DataSource, Logger, QueryRunner } from 'typeorm';
import { TestApp } from '../testing/test-app';

/**
 * Issue #10 (throughput): what one inbound message costs the database — SQL round trips (every
 * statement TypeORM sends, BEGIN and COMMIT included) and how long a transaction stays open — for
 * the common cases of `ChannelInboundService.receive`. The bounds are the figures of the batched
 * path (docs/channels.md "Inbound throughput"); a change that adds a round trip per message fails here.
 */
class CountingLogger implements Logger {
  statements: string[] = [];
  /** Open transactions by query runner: when they began (ms). */
  private readonly began = new Map<QueryRunner | undefined, number>();
  transactionsMs: number[] = [];

  logQuery(query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    this.statements.push(query.replace(/\s+/g, ' ').trim());
    if (/^START TRANSACTION|^BEGIN/i.test(query)) this.began.set(runner, performance.now());
    if (/^(COMMIT|ROLLBACK)/i.test(query)) {
      const at = this.began.get(runner);
      if (at !== undefined) this.transactionsMs.push(performance.now() - at);
      this.began.delete(runner);
    }
  }
  logQueryError(): void {
    // only statements are counted
  }
  logQuerySlow(): void {
    // only statements are counted
  }
  logSchemaBuild(): void {
    // only statements are counted
  }
  logMigration(): void {
    // only statements are counted
  }
  log(): void {
    // only statements are counted
  }
  reset(): void {
    this.statements = [];
    this.transactionsMs = [];
  }
}

describe('ChannelInboundService.receive: round trips per message (integration)', () => {
  let t: TestApp;
  let inbound: ChannelInboundService;
  let channel: { id: string; type: string; settings: Record<string, unknown>; workspaceId: string };
  let logger: CountingLogger;
  let seq = 0;

  const message = (from: string, over: Partial<NormalisedInboundMessage> = {}): NormalisedInboundMessage => ({
    kind: 'fax',
    channelId: channel.id,
    workspaceId: channel.workspaceId,
    externalContactId: from,
    externalMessageId: `rt-${++seq}`,
    clientId: null,
    body: `hello ${seq}`,
    attachments: [],
    sender: { name: 'Round Trip' },
    receivedAt: new Date(),
    ...over,
  });

  /** Runs `fn` and returns the statements it sent and its transactions' open time. */
  const measured = async <T>(fn: () => Promise<T>) => {
    logger.reset();
    const result = await fn();
    return { result, statements: [...logger.statements], transactionsMs: [...logger.transactionsMs] };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    inbound = t.app.get(ChannelInboundService);
    const [ws] = await t.db.query(`SELECT workspace_id FROM channels WHERE public_key = 'demo-webchat'`);
    const [ch] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'fax', 'Fax', 'rt-fax', '{}') RETURNING id, type, settings`, [ws.workspace_id]);
    channel = { ...ch, workspaceId: ws.workspace_id };
    logger = new CountingLogger();
    (t.app.get(DataSource) as unknown as { logger: Logger }).logger = logger;
  });
  afterAll(async () => t?.stop());

  it('a message of a known sender into their open conversation: no transaction of its own, a few statements, shared with its neighbours', async () => {
    await inbound.receive(channel, message('rt-known'));
    const one = await measured(() => inbound.receive(channel, message('rt-known')));
    expect(one.result).toMatchObject({ duplicate: false, threadedBy: 'open', started: false });
    // one lookup (ref + identity + open conversation), the batch writer's BEGIN, lock, insert+update, COMMIT, the ref
    console.log(`known sender, one message: ${one.statements.length} statements, transactions ${one.transactionsMs.map((x) => x.toFixed(1)).join(', ')} ms\n  ${one.statements.map((s) => s.slice(0, 90)).join('\n  ')}`);
    expect(one.statements.length).toBeLessThanOrEqual(6);
    expect(one.transactionsMs.length).toBe(1);
    expect(one.statements.filter((s) => s.includes('pg_advisory'))).toEqual([]);

    // 50 messages of 10 senders at once (each twice, as a provider redelivers): statements are shared, not multiplied
    for (let i = 0; i < 10; i++) await inbound.receive(channel, message(`rt-many-${i}`));
    const batch = Array.from({ length: 50 }, (_, i) => message(`rt-many-${i % 10}`));
    const many = await measured(() => Promise.all(batch.flatMap((m) => [inbound.receive(channel, m), inbound.receive(channel, { ...m })])));
    console.log(`known senders, 50 messages each twice at once: ${many.statements.length} statements, ${many.transactionsMs.length} transactions`);
    expect(many.statements.length).toBeLessThanOrEqual(30);
    expect(many.result.filter((r) => r.duplicate)).toHaveLength(50);
    expect(new Set(many.result.map((r) => r.messageId)).size).toBe(50);
    const stored = await t.db.query(`SELECT count(*)::int AS n FROM messages m JOIN channel_message_refs r ON r.message_id = m.id WHERE r.channel_id = $1 AND r.external_id = ANY($2)`, [channel.id, batch.map((m) => m.externalMessageId)]);
    expect(stored[0].n).toBe(50);
    // each sender's conversation got its messages once, with gapless seqs, in the order they were received
    const [c] = await t.db.query(`SELECT conversation_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2`, [channel.id, batch[3].externalMessageId]);
    const rows = await t.db.query(`SELECT seq, body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [c.conversation_id]);
    expect(rows.map((r: { seq: number }) => r.seq)).toEqual(rows.map((_: unknown, i: number) => i + 1));
    const sent = batch.filter((m) => m.externalContactId === 'rt-many-3').map((m) => m.body);
    expect(rows.map((r: { body: string }) => r.body).slice(-sent.length)).toEqual(sent);
  });

  it('a first message of a new sender: one transaction for the start, under the sender lock', async () => {
    const first = await measured(() => inbound.receive(channel, message('rt-new-1')));
    expect(first.result).toMatchObject({ duplicate: false, threadedBy: 'new', started: true });
    console.log(`new sender: ${first.statements.length} statements, transactions ${first.transactionsMs.map((x) => x.toFixed(1)).join(', ')} ms`);
    expect(first.statements.length).toBeLessThanOrEqual(22);
  });

  it('a redelivered message: one statement, nothing written', async () => {
    const m = message('rt-known');
    await inbound.receive(channel, m);
    const again = await measured(() => inbound.receive(channel, { ...m }));
    expect(again.result).toMatchObject({ duplicate: true });
    expect(again.statements).toHaveLength(1);
  });
});
