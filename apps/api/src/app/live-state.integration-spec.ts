import { createHmac, randomUUID } from 'node:crypto';
import { TestApp } from '../testing/test-app';

const INBOX = `subscription { inboxEvent { kind conversation { id status lastSeq operatorReadSeq contact { id name email } assignee { displayName } } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id status } }`;
const READ = `mutation($i: MarkConversationReadInput!) { markConversationRead(input: $i) { id operatorReadSeq lastSeq } }`;

/**
 * Issue #17 items 5–7, what the API publishes so operators' screens follow live: a read by an
 * operator reaches every operator's inbox (the unread dot and badges clear in all their tabs),
 * Parley.identify moving the chat to a known contact reaches it too, and a lost take race names
 * the winner and the state they left.
 */
describe('live state for the operator app (integration, issue #17)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());

  /** Every inboxEvent of `token`'s subscription; `until` waits for one that matches. */
  const inboxEvents = async (token: string) => {
    const sub = t.subscriptions(token);
    const seen: any[] = [];
    sub.client.subscribe({ query: INBOX }, { next: (x) => seen.push((x.data as any).inboxEvent), error: () => undefined, complete: () => undefined });
    await sub.connected;
    await new Promise((r) => setTimeout(r, 200));
    const until = async (pred: (e: any) => boolean, timeoutMs = 5000) => {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const hit = seen.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no matching inboxEvent; got ${JSON.stringify(seen).slice(0, 800)}`);
    };
    return { seen, until, close: () => sub.client.dispose() };
  };

  it('an operator’s read is published to the inbox of every operator who sees the chat, with the new read position', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Is the red lamp in stock?');
    const [anna, annaOtherTab, boris] = await Promise.all([t.login('anna@demo.test'), t.login('anna@demo.test'), t.login('boris@demo.test')]);
    const [other, b] = await Promise.all([inboxEvents(annaOtherTab), inboxEvents(boris)]);
    const read = await t.graphql(READ, { i: { conversationId, seq: 1 } }, anna);
    expect(read.data?.['markConversationRead']).toMatchObject({ operatorReadSeq: 1, lastSeq: 1 });
    for (const s of [other, b]) {
      const e = await s.until((x) => x.conversation.id === conversationId && x.conversation.operatorReadSeq === 1);
      expect(e).toMatchObject({ kind: 'conversation_updated', conversation: { lastSeq: 1, status: 'queued' } });
    }
    // reading again as far is no change: nothing more is published
    const before = other.seen.length;
    expect((await t.graphql(READ, { i: { conversationId, seq: 1 } }, anna)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(other.seen.length).toBe(before);
    // bad input stays a coded error
    expect((await t.graphql(READ, { i: { conversationId, seq: 5 } }, anna)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    await Promise.all([other.close(), b.close()]);
    v.close();
  });

  it('Parley.identify moving the chat to a known contact is published with the new contact', async () => {
    const admin = await t.login('admin@demo.test');
    const channels = (await t.graphql(`query { channels { id publicKey } }`, {}, admin)).data?.['channels'] as Array<{ id: string; publicKey: string }>;
    const channelId = channels.find((c) => c.publicKey === 'demo-webchat')!.id;
    const secret = (await t.graphql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channelId }, admin)).data?.['webchatIdentitySecret'] as string;
    const [known] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email) SELECT workspace_id, 'Jan Kowalski', 'jan@example.com' FROM channels WHERE id = $1 RETURNING id`, [channelId]);

    const { v, conversationId } = await t.visitorWithConversation('Hello, where is my order?');
    const anna = await t.login('anna@demo.test');
    const events = await inboxEvents(anna);
    const n = v.frames.length;
    v.sendFrame({ type: 'identify', email: 'jan@example.com', hash: createHmac('sha256', secret).update('jan@example.com').digest('hex') });
    expect(await v.waitFor((f) => v.frames.indexOf(f) >= n && (f.type === 'identified' || f.type === 'error'))).toMatchObject({ type: 'identified', verified: true });
    const e = await events.until((x) => x.conversation.id === conversationId && x.conversation.contact?.id === known.id);
    expect(e).toMatchObject({ kind: 'conversation_updated', conversation: { contact: { name: 'Jan Kowalski', email: 'jan@example.com' } } });
    await events.close();
    v.close();
  });

  it('the loser of a take race is told who won and the state they left', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Which size is the blue sofa?');
    const [anna, boris] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test')]);
    const results = await Promise.all([t.graphql(TAKE, { i: { conversationId } }, anna), t.graphql(TAKE, { i: { conversationId } }, boris)]);
    const won = results.findIndex((r) => !r.errors);
    expect(results.filter((r) => r.errors)).toHaveLength(1);
    const winner = won === 0 ? 'Anna Nowak' : 'Boris Petrov';
    const lost = results[1 - won].errors![0];
    expect(lost.message).toBe(`${winner} took this conversation`);
    expect(lost.extensions).toMatchObject({ code: 'CONFLICT', reason: 'TAKEN', status: 'open', assignee: { displayName: winner } });
    // a later try says the same; the winner taking again is no error
    const again = await t.graphql(TAKE, { i: { conversationId } }, won === 0 ? boris : anna);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'TAKEN', assignee: { displayName: winner } });
    expect((await t.graphql(TAKE, { i: { conversationId } }, won === 0 ? anna : boris)).errors).toBeUndefined();
    // a reply from the loser is refused as before (FORBIDDEN), naming who has the chat
    const reply = await t.graphql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }`, { i: { conversationId, clientId: randomUUID(), body: 'I can help' } }, won === 0 ? boris : anna);
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TAKEN', assignee: { displayName: winner } });
    v.close();
  });
  it('a subscription asked to announce itself says so first, and misses no change made right after it', async () => {
    const anna = await t.login('anna@demo.test');
    const sub = t.subscriptions(anna);
    const seen: any[] = [];
    const ANNOUNCING = `subscription { inboxEvent(announce: true) { kind conversation { id lastSeq } } }`;
    let announced!: () => void;
    const subscribed = new Promise<void>((r) => (announced = r));
    sub.client.subscribe({ query: ANNOUNCING }, {
      next: (x) => {
        const e = (x.data as any).inboxEvent;
        seen.push(e);
        if (e.kind === 'subscribed') announced();
      },
      error: () => undefined,
      complete: () => undefined,
    });
    // no waiting beyond the announcement: a chat started the moment it arrives is in the stream
    await subscribed;
    const { v, conversationId } = await t.visitorWithConversation('Do you ship to Gdańsk?');
    const end = Date.now() + 5000;
    while (!seen.some((e) => e.conversation?.id === conversationId) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(seen[0]).toEqual({ kind: 'subscribed', conversation: null });
    expect(seen.filter((e) => e.kind === 'subscribed')).toHaveLength(1);
    expect(seen.find((e) => e.conversation?.id === conversationId)).toMatchObject({ kind: 'message_created', conversation: { lastSeq: 1 } });
    // a bad argument is a validation error, not a silent stream
    const bad = await new Promise<any>((resolve) => {
      sub.client.subscribe({ query: `subscription { inboxEvent(announce: "yes") { kind } }` }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
    });
    expect(JSON.stringify(bad)).toMatch(/Boolean/);
    await sub.client.dispose();
    v.close();
  });
});
