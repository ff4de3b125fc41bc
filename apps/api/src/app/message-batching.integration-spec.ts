import { ConversationsService } from '@parley/api/conversations';
import { MessageAuthorType } from '@parley/shared/contracts';
import { Client as PgClient } from 'pg';
import { TestApp, VisitorClient } from '../testing/test-app';

const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq clientId } }`;

/**
 * Messages arriving at the same moment share a transaction (MessageBatchWriter). These tests
 * send many at once, so batches really form, and check the guarantees of the one-by-one path.
 */
describe('batched message writes (integration)', () => {
  let t: TestApp;
  let db: PgClient;
  beforeAll(async () => {
    t = await TestApp.start();
    db = new PgClient({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.stop();
  });

  it('keeps seqs gapless and in send order for 30 visitors sending 15 messages each without waiting', async () => {
    const visitors: Array<{ v: VisitorClient; conversationId: string }> = [];
    for (let i = 0; i < 30; i++) {
      const { v, conversationId } = await t.visitorWithConversation(`visitor ${i} says hi`);
      visitors.push({ v, conversationId });
    }
    const sent = visitors.map(({ v }, i) => Array.from({ length: 15 }, (_, k) => v.send(`v${i} m${k}`, `v${i}-m${k}`)));
    const acks = await Promise.all(visitors.map(({ v }, i) => Promise.all(sent[i].map((c) => v.ack(c)))));
    for (let i = 0; i < visitors.length; i++) {
      expect(acks[i].every((a) => a.type === 'ack')).toBe(true);
      // message 0 was the greeting (seq 1); the burst follows in the order it was sent
      expect(acks[i].map((a) => a.message.seq)).toEqual(Array.from({ length: 15 }, (_, k) => k + 2));
      const rows = await db.query(`SELECT seq, body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [visitors[i].conversationId]);
      expect(rows.rows.map((r) => r.seq)).toEqual(Array.from({ length: 16 }, (_, k) => k + 1));
      expect(rows.rows.slice(1).map((r) => r.body)).toEqual(Array.from({ length: 15 }, (_, k) => `v${i} m${k}`));
      const conv = await db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [visitors[i].conversationId]);
      expect(conv.rows[0].last_seq).toBe(16);
    }
    visitors.forEach(({ v }) => v.close());
  }, 60_000);

  it('stores a clientId repeated within one burst once, and both acks carry its seq', async () => {
    const { v, conversationId } = await t.visitorWithConversation();
    v.send('first copy', 'twice');
    v.send('second copy', 'twice');
    v.send('after', 'after-twice');
    await v.ack('after-twice');
    const acks = v.frames.filter((f) => f.type === 'ack' && f.clientId === 'twice');
    expect(acks).toHaveLength(2);
    expect(acks[0].message.seq).toBe(acks[1].message.seq);
    expect(acks[1].message.body).toBe('first copy');
    const rows = await db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND client_id = 'twice'`, [conversationId]);
    expect(rows.rows[0].n).toBe(1);
    v.close();
  });

  it('stores resent clientIds once when they arrive in one batch with new messages (the optimistic insert retries with a lookup)', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation();
    const first = await v.ack(v.send('stored before the reconnect', 'resent-1'));
    v.close();
    // the widget reconnects and resends what it had not seen acked, together with new messages
    const again = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: first.message.seq });
    await again.welcome();
    const ids = [again.send('new one', 'fresh-1'), again.send('stored before the reconnect', 'resent-1'), again.send('new two', 'fresh-2')];
    const acks = await Promise.all(ids.map((c) => again.ack(c)));
    expect(acks.map((a) => a.type)).toEqual(['ack', 'ack', 'ack']);
    expect(acks[1].message.seq).toBe(first.message.seq);
    expect([acks[0].message.seq, acks[2].message.seq]).toEqual([first.message.seq + 1, first.message.seq + 2]);
    const rows = await db.query(`SELECT seq, client_id FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
    expect(rows.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows.rows.filter((r) => r.client_id === 'resent-1')).toHaveLength(1);
    again.close();
  });

  it("does not echo a visitor's own message back to the socket that sent it, but does to the visitor's other tab", async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation();
    const tab2 = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 1 });
    const w2 = await tab2.welcome();
    expect(w2.conversationId ?? conversationId).toBe(conversationId);
    const ack = await v.ack(v.send('from tab one', 'tab-1'));
    const echoed = await tab2.waitFor((f) => f.type === 'message' && f.message.clientId === 'tab-1');
    expect(echoed.message.seq).toBe(ack.message.seq);
    // an operator's reply reaches both, and by then tab one would have had its echo
    const anna = await t.login('anna@demo.test');
    await t.graphql(SEND, { i: { conversationId, clientId: 'op-echo', body: 'reply' } }, anna);
    await v.waitFor((f) => f.type === 'message' && f.message.clientId === 'op-echo');
    expect(v.frames.filter((f) => f.type === 'message' && f.message.clientId === 'tab-1')).toHaveLength(0);
    v.close();
    tab2.close();
  });

  it('replays to 20 widgets reconnecting at once each its own missed messages and edits', async () => {
    const anna = await t.login('anna@demo.test');
    const crowd: Array<{ token: string; conversationId: string }> = [];
    for (let i = 0; i < 20; i++) {
      const { v, welcome, conversationId } = await t.visitorWithConversation(`crowd ${i}`);
      crowd.push({ token: welcome.visitorToken, conversationId });
      v.terminate();
    }
    // while they are away: an answer in each conversation, and the visitor's first message edited in the even ones
    for (const [i, c] of crowd.entries()) {
      const r = await t.graphql(SEND, { i: { conversationId: c.conversationId, clientId: `away-${i}`, body: `answer ${i}` } }, anna);
      expect(r.errors).toBeUndefined();
      if (i % 2 === 0) await db.query(`UPDATE messages SET body = $2, edited_at = now() WHERE conversation_id = $1 AND seq = 1`, [c.conversationId, `crowd ${i} (edited)`]);
    }
    const back = await Promise.all(crowd.map((c) => t.visitor('demo-webchat', { visitorToken: c.token, lastSeq: 1 })));
    const replayed = await Promise.all(back.map((v, i) => v.waitFor((f) => f.type === 'message' && f.message.clientId === `away-${i}`)));
    replayed.forEach((f, i) => expect(f.message).toMatchObject({ seq: 2, body: `answer ${i}`, conversationId: crowd[i].conversationId }));
    await new Promise((r) => setTimeout(r, 200));
    back.forEach((v, i) => {
      expect(v.frames.filter((f) => f.type === 'message').map((f) => f.message.clientId)).toEqual([`away-${i}`]);
      const edits = v.frames.filter((f) => f.type === 'message_edited');
      expect(edits.map((f) => f.message.body)).toEqual(i % 2 === 0 ? [`crowd ${i} (edited)`] : []);
      v.close();
    });
  }, 60_000);

  it('welcomes two tabs of one visitor saying hello in the same tick, both on the conversation, and a forged token as a new visitor', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation('two tabs');
    v.terminate();
    const forged = welcome.visitorToken.slice(0, -4) + (welcome.visitorToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const [a, b, stranger] = await Promise.all([
      t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 0 }),
      t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 0 }),
      t.visitor('demo-webchat', { visitorToken: forged, lastSeq: 0 }),
    ]);
    const [wa, wb, ws] = await Promise.all([a.welcome(), b.welcome(), stranger.welcome()]);
    expect([wa.conversationId, wb.conversationId]).toEqual([conversationId, conversationId]);
    expect(ws.conversationId).toBeNull();
    for (const tab of [a, b]) expect((await tab.waitFor((f) => f.type === 'message')).message.body).toBe('two tabs');
    const seen = await db.query(`SELECT count(*)::int AS n FROM visitors WHERE conversation_id = $1`, [conversationId]);
    expect(seen.rows[0].n).toBe(1);
    [a, b, stranger].forEach((x) => x.close());
  });

  it('replays a gap of up to 500 messages in full, and answers a longer one with resync and the newest 500', async () => {
    const service = t.app.get(ConversationsService);
    const behind = async (missed: number) => {
      const { v, welcome, conversationId } = await t.visitorWithConversation(`behind by ${missed}`);
      v.terminate();
      const [{ workspace_id: workspaceId }] = (await db.query(`SELECT workspace_id FROM conversations WHERE id = $1`, [conversationId])).rows;
      await Promise.all(
        Array.from({ length: missed }, (_, k) =>
          service.appendMessage({ workspaceId, conversationId, clientId: `bulk-${k}`, authorType: MessageAuthorType.operator, authorId: null, authorName: 'Anna', body: `answer ${k}` }),
        ),
      );
      const back = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 1 });
      await back.waitFor((f) => f.type === 'message' && f.message.seq === missed + 1, 15_000);
      await new Promise((r) => setTimeout(r, 200));
      back.close();
      return back.frames.filter((f) => f.type === 'resync' || f.type === 'message');
    };
    const full = await behind(500);
    expect(full.some((f) => f.type === 'resync')).toBe(false);
    expect(full.map((f) => f.message.seq)).toEqual(Array.from({ length: 500 }, (_, k) => k + 2));
    const tooFar = await behind(505);
    expect(tooFar[0]).toMatchObject({ type: 'resync', fromSeq: 7, lastSeq: 506 });
    expect(tooFar.slice(1).map((f) => f.message.seq)).toEqual(Array.from({ length: 500 }, (_, k) => k + 7));
  }, 60_000);

  it('answers a reconnect with an out-of-range lastSeq without failing the other widgets of its tick', async () => {
    const a = await t.visitorWithConversation('in range');
    const b = await t.visitorWithConversation('out of range');
    a.v.terminate();
    b.v.terminate();
    const [ra, rb] = await Promise.all([
      t.visitor('demo-webchat', { visitorToken: a.welcome.visitorToken, lastSeq: 0 }),
      t.visitor('demo-webchat', { visitorToken: b.welcome.visitorToken, lastSeq: 99_999_999_999 }),
    ]);
    expect((await ra.waitFor((f) => f.type === 'message')).message.body).toBe('in range');
    expect((await rb.welcome()).conversationId).toBe(b.conversationId);
    await new Promise((r) => setTimeout(r, 200));
    expect(rb.frames.filter((f) => f.type === 'message' || f.type === 'error')).toEqual([]);
    ra.close();
    rb.close();
  });

  it('interleaves a visitor and an operator writing at once without gaps or duplicates', async () => {
    const anna = await t.login('anna@demo.test');
    const { v, conversationId } = await t.visitorWithConversation();
    const visitorIds = Array.from({ length: 10 }, (_, k) => v.send(`visitor ${k}`, `vi-${k}`));
    const operator = await Promise.all(Array.from({ length: 10 }, (_, k) => t.graphql(SEND, { i: { conversationId, clientId: `op-${k}`, body: `operator ${k}` } }, anna)));
    const visitorAcks = await Promise.all(visitorIds.map((c) => v.ack(c)));
    expect(operator.every((r) => r.errors === undefined)).toBe(true);
    const seqs = [...operator.map((r) => r.data?.['sendMessage'].seq as number), ...visitorAcks.map((a) => a.message.seq as number)].sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, k) => k + 2));
    const conv = await db.query(`SELECT status, assignee_id, last_seq FROM conversations WHERE id = $1`, [conversationId]);
    expect(conv.rows[0]).toMatchObject({ status: 'open', last_seq: 21 });
    v.close();
  });

  it('fails only the message whose conversation is gone, not the others written with it', async () => {
    const service = t.app.get(ConversationsService);
    const a = await t.visitorWithConversation();
    const b = await t.visitorWithConversation();
    await db.query(`UPDATE conversations SET deleted_at = now() WHERE id = $1`, [a.conversationId]);
    const workspaceId = (await db.query(`SELECT workspace_id FROM conversations WHERE id = $1`, [b.conversationId])).rows[0].workspace_id;
    const base = { workspaceId, authorType: MessageAuthorType.visitor, authorName: null };
    const [gone, kept, foreign] = await Promise.allSettled([
      service.appendMessage({ ...base, conversationId: a.conversationId, clientId: 'g-1', authorId: null, body: 'to a deleted conversation' }),
      service.appendMessage({ ...base, conversationId: b.conversationId, clientId: 'k-1', authorId: null, body: 'still fine' }),
      service.appendMessage({ ...base, workspaceId: '00000000-0000-4000-8000-000000000000', conversationId: b.conversationId, clientId: 'f-1', authorId: null, body: 'another workspace' }),
    ]);
    expect(gone).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(foreign).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(kept).toMatchObject({ status: 'fulfilled', value: { created: true, message: { seq: 2, body: 'still fine' } } });
    // the widget of the deleted conversation starts a new one with its next message
    const ack = await a.v.ack(a.v.send('hello again'));
    expect(ack.type).toBe('ack');
    expect(ack.message.conversationId).not.toBe(a.conversationId);
    expect(ack.message.seq).toBe(1);
    a.v.close();
    b.v.close();
  });

  it('refuses an empty or oversized body before it is queued', async () => {
    const service = t.app.get(ConversationsService);
    const { v, conversationId } = await t.visitorWithConversation();
    const ws = (await db.query(`SELECT workspace_id FROM conversations WHERE id = $1`, [conversationId])).rows[0].workspace_id;
    const base = { workspaceId: ws, conversationId, clientId: null, authorType: MessageAuthorType.visitor, authorId: null, authorName: null };
    await expect(service.appendMessage({ ...base, body: '   ' })).rejects.toMatchObject({ code: 'EMPTY_MESSAGE' });
    await expect(service.appendMessage({ ...base, body: 'x'.repeat(20_000) })).rejects.toMatchObject({ code: 'MESSAGE_TOO_LONG' });
    const conv = await db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [conversationId]);
    expect(conv.rows[0].last_seq).toBe(1);
    v.close();
  });
});
