import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const INBOX_EVENT = `subscription { inboxEvent { kind conversation { id status lastSeq assignee { email } channel { publicKey } contact { id } } message { seq body authorType authorName } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body authorType authorName clientId } }`;
const LIST = `query($view: ConversationView, $first: Int, $after: String) { conversations(view: $view, first: $first, after: $after) { nodes { id status lastMessagePreview assignee { email } } pageInfo { hasNextPage endCursor } } }`;

describe('web chat: visitor ⇄ operator (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());


  it('plays the vertical slice: visitor writes, the agent sees it live, replies, the visitor sees the reply live', async () => {
    const anna = await t.login('anna@demo.test');
    const sub = t.subscriptions(anna);
    const events = collect<any>(sub, INBOX_EVENT, 1);
    await events.ready;

    const v = await t.visitor();
    const welcome = await v.welcome();
    expect(welcome).toMatchObject({ conversationId: null, lastSeq: 0, settings: { title: 'Demo Shop', position: 'right' } });
    expect(typeof welcome.visitorToken).toBe('string');
    const clientId = v.send('<img src=x onerror=alert(1)> Do you ship to Kraków?');
    const ack = await v.ack(clientId);
    expect(ack.message).toMatchObject({ seq: 1, authorType: 'visitor', body: '<img src=x onerror=alert(1)> Do you ship to Kraków?' });

    const [evt] = await events.done;
    expect(evt.inboxEvent).toMatchObject({
      kind: 'message_created',
      conversation: { id: ack.message.conversationId, status: 'queued', lastSeq: 1, assignee: null, channel: { publicKey: 'demo-webchat' } },
      message: { seq: 1, authorType: 'visitor', body: '<img src=x onerror=alert(1)> Do you ship to Kraków?' },
    });
    await sub.client.dispose();

    const queue = await t.graphql(LIST, { view: 'queue' }, anna);
    expect(queue.data?.['conversations'].nodes.map((n: any) => n.id)).toContain(ack.message.conversationId);

    const reply = await t.graphql(SEND, { i: { conversationId: ack.message.conversationId, clientId: 'r-1', body: 'Yes, 1–2 days!' } }, anna);
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.['sendMessage']).toMatchObject({ seq: 2, authorType: 'operator', authorName: 'Anna Nowak', body: 'Yes, 1–2 days!' });
    const live = await v.waitFor((f) => f.type === 'message' && f.message.seq === 2);
    expect(live.message).toMatchObject({ authorType: 'operator', authorName: 'Anna Nowak', body: 'Yes, 1–2 days!' });

    // replying took the conversation
    const conv = await t.graphql(`query($id: ID!) { conversation(id: $id) { status assignee { email } } }`, { id: ack.message.conversationId }, anna);
    expect(conv.data?.['conversation']).toEqual({ status: 'open', assignee: { email: 'anna@demo.test' } });
    const h2 = await t.graphql(`query($id: ID!) { messages(conversationId: $id, last: 1) { nodes { seq body } hasMore } }`, { id: ack.message.conversationId }, anna);
    expect(h2.data?.['messages']).toEqual({ nodes: [{ seq: 2, body: 'Yes, 1–2 days!' }], hasMore: true });
    v.close();
  });

  it('stores a retried message once: the same clientId gets the same seq', async () => {
    const { v, ack } = await t.visitorWithConversation();
    v.send('again', 'dup-1');
    v.send('again', 'dup-1');
    const acks = await Promise.all([v.waitFor((f) => f.type === 'ack' && f.clientId === 'dup-1'), new Promise((r) => setTimeout(r, 300))]);
    const all = v.frames.filter((f) => f.type === 'ack' && f.clientId === 'dup-1');
    expect(all).toHaveLength(2);
    expect(new Set(all.map((a) => a.message.seq))).toEqual(new Set([acks[0].message.seq]));
    const rows = await t.db.query(`SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq`, [ack.message.conversationId]);
    expect(rows.map((r: any) => r.seq)).toEqual([1, 2]);
    v.close();
  });

  it('keeps the order messages were sent in and numbers them without gaps', async () => {
    const { v, conversationId } = await t.visitorWithConversation('first');
    const ids = Array.from({ length: 10 }, (_, i) => v.send(`m${i}`));
    await Promise.all(ids.map((id) => v.ack(id)));
    const rows = await t.db.query(`SELECT seq, body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
    expect(rows.map((r: any) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(rows.slice(1).map((r: any) => r.body)).toEqual(ids.map((_, i) => `m${i}`));
    v.close();
  });

  it('resumes after a reconnect: the server replays what the widget missed, in order, without duplicates', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation('before the drop');
    v.terminate();
    const anna = await t.login('anna@demo.test');
    for (const body of ['missed one', 'missed two']) {
      const r = await t.graphql(SEND, { i: { conversationId, clientId: `x-${body}`, body } }, anna);
      expect(r.errors).toBeUndefined();
    }
    const back = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 1 });
    const w2 = await back.welcome();
    expect(w2).toMatchObject({ conversationId, lastSeq: 3 });
    await back.waitFor((f) => f.type === 'message' && f.message.seq === 3);
    const replayed = back.frames.filter((f) => f.type === 'message').map((f) => f.message.seq);
    expect(replayed).toEqual([2, 3]);
    back.close();
  });

  it('continues the same conversation across pages and tabs with the stored token', async () => {
    const { v, welcome, conversationId } = await t.visitorWithConversation('page one');
    const tab2 = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 0 });
    expect((await tab2.welcome()).conversationId).toBe(conversationId);
    const id = tab2.send('from the second tab');
    const ack = await tab2.ack(id);
    expect(ack.message).toMatchObject({ conversationId, seq: 2 });
    // the first tab sees it too
    await v.waitFor((f) => f.type === 'message' && f.message.seq === 2);
    v.close();
    tab2.close();
  });

  it('treats a forged or foreign visitor token as a new visitor', async () => {
    const { conversationId } = await t.visitorWithConversation();
    const forged = await t.visitor('demo-webchat', { visitorToken: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' });
    const w = await forged.welcome();
    expect(w.conversationId).toBeNull();
    expect(w.conversationId).not.toBe(conversationId);
    forged.close();
  });

  it('reopens a closed conversation when the visitor writes again', async () => {
    const { v, conversationId } = await t.visitorWithConversation();
    const anna = await t.login('anna@demo.test');
    await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { status } }`, { i: { conversationId } }, anna);
    const closed = await t.graphql(`mutation($i: CloseConversationInput!) { closeConversation(input: $i) { status } }`, { i: { conversationId } }, anna);
    expect(closed.data?.['closeConversation'].status).toBe('closed');
    const id = v.send('one more question');
    await v.ack(id);
    const conv = await t.graphql(`query($id: ID!) { conversation(id: $id) { status assignee { email } } }`, { id: conversationId }, anna);
    expect(conv.data?.['conversation']).toEqual({ status: 'open', assignee: { email: 'anna@demo.test' } });
    v.close();
  });

  describe('bad input from visitors', () => {
    it('refuses an unknown channel key and closes the socket', async () => {
      const v = await t.visitor('no-such-channel');
      const err = await v.waitFor((f) => f.type === 'error');
      expect(err.code).toBe('UNKNOWN_CHANNEL');
      await new Promise((r) => setTimeout(r, 100));
      expect(v.closeCode).toBe(4404);
    });

    it('refuses an inactive channel', async () => {
      await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, active) SELECT id, 'webchat', 'Old site', 'inactive-key', false FROM workspaces LIMIT 1`);
      const v = await t.visitor('inactive-key');
      expect((await v.waitFor((f) => f.type === 'error')).code).toBe('CHANNEL_INACTIVE');
    });

    it.each([
      ['an empty message', '', 'EMPTY_MESSAGE'],
      ['a blank message', ' \n\t ', 'EMPTY_MESSAGE'],
      ['an oversized message', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), 'MESSAGE_TOO_LONG'],
      ['a message that is not text', 42, 'BAD_USER_INPUT'],
    ])('answers %s with its error code and stores nothing', async (_label, body, code) => {
      const v = await t.visitor();
      await v.welcome();
      v.sendFrame({ type: 'send', clientId: 'bad-1', body });
      const err = await v.ack('bad-1');
      expect(err).toMatchObject({ type: 'error', code });
      v.close();
    });

    it.each([
      ['not JSON', 'garbage{'],
      ['a JSON array', '[1,2]'],
      ['an unknown type', JSON.stringify({ type: 'explode' })],
      ['a send without clientId', JSON.stringify({ type: 'send', body: 'hi' })],
      ['a send before hello', null],
    ])('answers %s with an error frame and keeps the socket usable', async (_label, raw) => {
      const v = new VisitorClient(`${t.wsUrl}/ws/visitor`);
      await v.open();
      if (raw === null) {
        v.sendFrame({ type: 'send', clientId: 'early', body: 'hi' });
        expect((await v.ack('early')).code).toBe('NOT_READY');
      } else {
        v.sendFrame(raw);
        expect((await v.waitFor((f) => f.type === 'error')).code).toBe('BAD_FRAME');
      }
      v.sendFrame({ type: 'hello', channelKey: 'demo-webchat' });
      await v.welcome();
      v.close();
    });

    it('rate-limits 100 messages a second from one visitor with a clear error; the server stays healthy', async () => {
      const v = await t.visitor();
      await v.welcome();
      const ids = Array.from({ length: 100 }, (_, i) => v.send(`flood ${i}`));
      const answers = await Promise.all(ids.map((id) => v.ack(id, )));
      const limited = answers.filter((a) => a.type === 'error');
      const accepted = answers.filter((a) => a.type === 'ack');
      expect(limited.length).toBeGreaterThan(50);
      expect(limited[0]).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/too fast/) });
      // counted on arrival: the burst of 20 (plus at most a token refilled while they arrive),
      // however long the database takes to store the accepted ones
      expect(accepted.length).toBeGreaterThanOrEqual(20);
      expect(accepted.length).toBeLessThanOrEqual(22);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
      v.close();
    });

    it('closes a socket that sends an oversized frame, without harming the server', async () => {
      const v = await t.visitor();
      await v.welcome();
      v.sendFrame({ type: 'send', clientId: 'huge', body: 'y'.repeat(100_000) });
      await new Promise((r) => setTimeout(r, 300));
      expect(v.closeCode).toBe(1009);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    });
  });

  describe('roles (SPEC B2)', () => {
    it('an observer reads everything but cannot send, take or close', async () => {
      const { conversationId } = await t.visitorWithConversation();
      const olga = await t.login('olga@demo.test');
      const read = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: conversationId }, olga);
      expect(read.data?.['conversation'].id).toBe(conversationId);
      const send = await t.graphql(SEND, { i: { conversationId, clientId: 'o-1', body: 'hi' } }, olga);
      expect(send.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const take = await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, olga);
      expect(take.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    });

    it("an agent cannot read or write another agent's conversation by id, nor see it in lists", async () => {
      const { conversationId } = await t.visitorWithConversation();
      const boris = await t.login('boris@demo.test');
      const anna = await t.login('anna@demo.test');
      await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, boris);
      const read = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: conversationId }, anna);
      expect(read.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const msgs = await t.graphql(`query($id: ID!) { messages(conversationId: $id) { nodes { body } } }`, { id: conversationId }, anna);
      expect(msgs.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const send = await t.graphql(SEND, { i: { conversationId, clientId: 'a-x', body: 'hijack' } }, anna);
      expect(send.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const all = await t.graphql(LIST, { view: 'all', first: 100 }, anna);
      expect(all.data?.['conversations'].nodes.map((n: any) => n.id)).not.toContain(conversationId);
      const admin = await t.login('admin@demo.test');
      const adminRead = await t.graphql(`query($id: ID!) { conversation(id: $id) { assignee { email } } }`, { id: conversationId }, admin);
      expect(adminRead.data?.['conversation'].assignee.email).toBe('boris@demo.test');
    });

    it('two agents taking the same conversation at once: exactly one wins, the other is told', async () => {
      const { conversationId } = await t.visitorWithConversation();
      const [anna, boris] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test')]);
      const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { assignee { email } } }`;
      const results = await Promise.all([t.graphql(TAKE, { i: { conversationId } }, anna), t.graphql(TAKE, { i: { conversationId } }, boris)]);
      const wins = results.filter((r) => r.data?.['takeConversation']);
      const losses = results.filter((r) => r.errors);
      expect(wins).toHaveLength(1);
      expect(losses).toHaveLength(1);
      expect(losses[0].errors?.[0].extensions?.['code']).toBe('CONFLICT');
    });

    it("an agent's live feed carries only what they may see", async () => {
      const boris = await t.login('boris@demo.test');
      const { v, conversationId } = await t.visitorWithConversation();
      await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId } }, boris);
      const anna = await t.login('anna@demo.test');
      const sub = t.subscriptions(anna);
      const events = collect<any>(sub, INBOX_EVENT, 1, 3000);
      await events.ready;
      v.send('private to boris');
      const other = await t.visitorWithConversation('a new queued chat');
      const [evt] = await events.done;
      expect(evt.inboxEvent.conversation.id).toBe(other.conversationId);
      await sub.client.dispose();
    });
  });

  describe('operator input', () => {
    it.each([
      ['an oversized reply', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), 'MESSAGE_TOO_LONG'],
      ['an empty reply', '   ', 'EMPTY_MESSAGE'],
    ])('refuses %s with its error code', async (_label, body, code) => {
      const { conversationId } = await t.visitorWithConversation();
      const anna = await t.login('anna@demo.test');
      const r = await t.graphql(SEND, { i: { conversationId, clientId: 'big', body } }, anna);
      expect(r.errors?.[0].extensions?.['code']).toBe(code);
    });

    it('refuses a malformed id, an unknown conversation and a bad cursor', async () => {
      const anna = await t.login('anna@demo.test');
      const bad = await t.graphql(SEND, { i: { conversationId: 'nope', clientId: 'c', body: 'hi' } }, anna);
      expect(bad.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const missing = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, anna);
      expect(missing.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
      const cursor = await t.graphql(LIST, { after: 'garbage' }, anna);
      expect(cursor.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const tooMany = await t.graphql(LIST, { first: 1000 }, anna);
      expect(tooMany.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    });

    it('pages the inbox by keyset cursor with no overlap and no gap', async () => {
      for (let i = 0; i < 3; i++) await t.visitorWithConversation(`paging ${i}`);
      const admin = await t.login('admin@demo.test');
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await t.graphql(LIST, { view: 'all', first: 2, after }, admin);
        seen.push(...page.data.conversations.nodes.map((n: any) => n.id));
        if (!page.data.conversations.pageInfo.hasNextPage) break;
        after = page.data.conversations.pageInfo.endCursor;
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM conversations`);
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
    });
  });
});
