import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { collect, TestApp } from '../testing/test-app';

const ACTIVITY = (id: string) =>
  `subscription { conversationActivity(conversationId: "${id}") { kind conversationId typing { authorType name active draft } visitorReadSeq operatorReadSeq message { id seq body editedAt } } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const READ = `mutation($i: MarkConversationReadInput!) { markConversationRead(input: $i) { id visitorReadSeq operatorReadSeq lastSeq } }`;
const EDIT = `mutation($i: EditMessageInput!) { editMessage(input: $i) { id seq body editedAt } }`;
const TYPING = `mutation($i: SetTypingInput!) { setTyping(input: $i) }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('web chat live extras: typing, draft preview, read marks, editing (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());


  describe('typing and the draft preview (A6)', () => {
    it('relays visitor typing with the draft to an operator who may see it, and not to an agent who may not', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const [anna, boris, olga] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test'), t.login('olga@demo.test')]);
      // boris subscribes while the conversation is still in the queue (visible to every agent)
      const borisSub = t.subscriptions(boris);
      const borisEvents: any[] = [];
      await borisSub.connected;
      borisSub.client.subscribe({ query: ACTIVITY(conversationId) }, { next: (x) => borisEvents.push(x), error: () => undefined, complete: () => undefined });
      expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();

      const annaSub = t.subscriptions(anna);
      const annaEvents = collect<any>(annaSub, ACTIVITY(conversationId), 2);
      const olgaSub = t.subscriptions(olga);
      const olgaEvents = collect<any>(olgaSub, ACTIVITY(conversationId), 1);
      await Promise.all([annaEvents.ready, olgaEvents.ready]);

      v.sendFrame({ type: 'typing', active: true, draft: 'Do you ship to <b>Kraków</b>' });
      await sleep(100);
      v.sendFrame({ type: 'typing', active: false });
      const got = await annaEvents.done;
      expect(got[0].conversationActivity).toMatchObject({ kind: 'typing', conversationId, typing: { authorType: 'visitor', name: null, active: true, draft: 'Do you ship to <b>Kraków</b>' } });
      expect(got[1].conversationActivity.typing).toEqual({ authorType: 'visitor', name: null, active: false, draft: null });
      const [olgaGot] = await olgaEvents.done;
      expect(olgaGot.conversationActivity.typing.draft).toBe('Do you ship to <b>Kraków</b>');
      await sleep(200);
      expect(borisEvents).toEqual([]);
      await Promise.all([annaSub.client.dispose(), olgaSub.client.dispose(), borisSub.client.dispose()]);
      v.close();
    });

    it('refuses to subscribe to a conversation the agent may not see', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const [anna, boris] = await Promise.all([t.login('anna@demo.test'), t.login('boris@demo.test')]);
      await t.graphql(TAKE, { i: { conversationId } }, anna);
      const sub = t.subscriptions(boris);
      await sub.connected;
      const result = await new Promise<any>((resolve) => {
        sub.client.subscribe({ query: ACTIVITY(conversationId) }, { next: (x) => resolve(x), error: (e) => resolve({ errors: e }), complete: () => resolve(null) });
      });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // an unknown conversation is NOT_FOUND
      const unknown = await new Promise<any>((resolve) => {
        sub.client.subscribe(
          { query: ACTIVITY('00000000-0000-0000-0000-000000000000') },
          { next: (x) => resolve(x), error: (e) => resolve({ errors: e }), complete: () => resolve(null) },
        );
      });
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      await sub.client.dispose();
      v.close();
    });

    it('truncates a long draft to the message limit and refuses malformed typing frames', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const admin = await t.login('admin@demo.test');
      const sub = t.subscriptions(admin);
      const events = collect<any>(sub, ACTIVITY(conversationId), 1);
      await events.ready;
      v.sendFrame({ type: 'typing', active: true, draft: 'x'.repeat(MAX_MESSAGE_LENGTH + 500) });
      const [e] = await events.done;
      expect(e.conversationActivity.typing.draft).toHaveLength(MAX_MESSAGE_LENGTH);
      v.sendFrame({ type: 'typing', active: 'yes' });
      expect(await v.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'BAD_FRAME' });
      v.sendFrame({ type: 'typing', active: true, draft: { html: '<b>' } });
      await v.waitFor((f) => f.type === 'error' && f.message === 'draft must be text');
      await sub.client.dispose();
      v.close();
    });

    it('relays operator typing to the visitor with the operator name; observers may not type', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const [anna, olga, boris] = await Promise.all([t.login('anna@demo.test'), t.login('olga@demo.test'), t.login('boris@demo.test')]);
      expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
      const r = await t.graphql(TYPING, { i: { conversationId, active: true } }, anna);
      expect(r.data?.['setTyping']).toBe(true);
      expect(await v.waitFor((f) => f.type === 'typing')).toEqual({ type: 'typing', active: true, name: 'Anna Nowak' });
      const observer = await t.graphql(TYPING, { i: { conversationId, active: true } }, olga);
      expect(observer.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const other = await t.graphql(TYPING, { i: { conversationId, active: true } }, boris);
      expect(other.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const bad = await t.graphql(TYPING, { i: { conversationId: 'nope', active: true } }, anna);
      expect(bad.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      v.close();
    });

    it('publishes the stop when a typing visitor drops, and ignores typing before there is a conversation', async () => {
      const early = await t.visitor();
      await early.welcome();
      early.sendFrame({ type: 'typing', active: true, draft: 'nobody hears this' });
      early.sendFrame({ type: 'hello', channelKey: 'demo-webchat' }); // answered: the typing frame was handled without error
      await early.waitFor((f) => f.type === 'error' && f.message === 'hello was already sent');
      expect(early.frames.filter((f) => f.type === 'error')).toHaveLength(1);
      early.close();

      const { v, conversationId } = await t.visitorWithConversation();
      const admin = await t.login('admin@demo.test');
      const sub = t.subscriptions(admin);
      const events = collect<any>(sub, ACTIVITY(conversationId), 2);
      await events.ready;
      v.sendFrame({ type: 'typing', active: true, draft: 'half a sen' });
      await sleep(100);
      v.terminate();
      const got = await events.done;
      expect(got.map((e) => e.conversationActivity.typing.active)).toEqual([true, false]);
      await sub.client.dispose();
    });

    it('stores nothing for typing', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      v.sendFrame({ type: 'typing', active: true, draft: 'secret draft' });
      await sleep(200);
      const rows = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1`, [conversationId]);
      expect(rows[0].n).toBe(1);
      const text = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE body LIKE '%secret draft%'`);
      expect(text[0].n).toBe(0);
      v.close();
    });
  });

  describe('read marks (A6)', () => {
    it('persists the operator read position, tells the visitor live and on the next welcome', async () => {
      const { v, welcome, conversationId } = await t.visitorWithConversation('one');
      await v.ack(v.send('two'));
      const anna = await t.login('anna@demo.test');
      const r = await t.graphql(READ, { i: { conversationId, seq: 2 } }, anna);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['markConversationRead']).toMatchObject({ operatorReadSeq: 2, visitorReadSeq: 0, lastSeq: 2 });
      expect(await v.waitFor((f) => f.type === 'read')).toEqual({ type: 'read', operatorReadSeq: 2, visitorReadSeq: 0 });
      // only moves forward
      const back = await t.graphql(READ, { i: { conversationId, seq: 1 } }, anna);
      expect(back.data?.['markConversationRead'].operatorReadSeq).toBe(2);
      const stored = await t.db.query(`SELECT operator_read_seq, visitor_read_seq FROM conversations WHERE id = $1`, [conversationId]);
      expect(stored[0]).toEqual({ operator_read_seq: 2, visitor_read_seq: 0 });
      v.close();
      const again = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 2 });
      expect(await again.welcome()).toMatchObject({ conversationId, operatorReadSeq: 2 });
      again.close();
    });

    it('refuses a read position beyond the last message or negative, and observers marking read', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const [anna, olga] = await Promise.all([t.login('anna@demo.test'), t.login('olga@demo.test')]);
      const beyond = await t.graphql(READ, { i: { conversationId, seq: 99 } }, anna);
      expect(beyond.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const negative = await t.graphql(READ, { i: { conversationId, seq: -1 } }, anna);
      expect(negative.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const observer = await t.graphql(READ, { i: { conversationId, seq: 1 } }, olga);
      expect(observer.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      v.sendFrame({ type: 'read', seq: 5 });
      expect(await v.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'BAD_USER_INPUT' });
      v.sendFrame({ type: 'read', seq: -3 });
      await v.waitFor((f) => f.type === 'error' && f.code === 'BAD_FRAME');
      v.sendFrame({ type: 'read', seq: 1.5 });
      await v.waitFor((f) => f.type === 'error' && f.code === 'BAD_FRAME' && f.message.includes('whole number'));
      // a flood of read reports is cut off with a clear error, and the socket keeps working
      for (let i = 0; i < 60; i++) v.sendFrame({ type: 'read', seq: 1 });
      await v.waitFor((f) => f.type === 'error' && f.code === 'RATE_LIMITED');
      // the flood is refused on arrival, possibly before the first report was stored: wait for it
      let stored: Array<{ visitor_read_seq: number }> = [];
      for (let i = 0; i < 50; i++) {
        stored = await t.db.query(`SELECT visitor_read_seq FROM conversations WHERE id = $1`, [conversationId]);
        if (stored[0].visitor_read_seq === 1) break;
        await sleep(50);
      }
      expect(stored[0].visitor_read_seq).toBe(1);
      v.close();
    });

    it('stores the visitor read position and shows it to operators live', async () => {
      const { v, conversationId } = await t.visitorWithConversation();
      const anna = await t.login('anna@demo.test');
      await t.graphql(SEND, { i: { conversationId, clientId: 'rd-1', body: 'Hi there' } }, anna);
      await v.waitFor((f) => f.type === 'message' && f.message.seq === 2);
      const sub = t.subscriptions(anna);
      const events = collect<any>(sub, ACTIVITY(conversationId), 1);
      await events.ready;
      v.sendFrame({ type: 'read', seq: 2 });
      const [e] = await events.done;
      expect(e.conversationActivity).toMatchObject({ kind: 'read', visitorReadSeq: 2, operatorReadSeq: 0 });
      const q = await t.graphql(`query($id: ID!) { conversation(id: $id) { visitorReadSeq } }`, { id: conversationId }, anna);
      expect(q.data?.['conversation'].visitorReadSeq).toBe(2);
      await sub.client.dispose();
      v.close();
    });
  });

  describe('editing the last message (A10)', () => {
    it("lets the visitor edit their last message; operators see the new text with editedAt, live", async () => {
      const { v, conversationId, ack } = await t.visitorWithConversation('I want a refnud');
      const admin = await t.login('admin@demo.test');
      const sub = t.subscriptions(admin);
      const events = collect<any>(sub, ACTIVITY(conversationId), 1);
      await events.ready;
      v.sendFrame({ type: 'edit', messageId: ack.message.id, body: 'I want a refund' });
      const edited = await v.waitFor((f) => f.type === 'message_edited');
      expect(edited.message).toMatchObject({ id: ack.message.id, seq: 1, body: 'I want a refund' });
      expect(typeof edited.message.editedAt).toBe('string');
      const [e] = await events.done;
      expect(e.conversationActivity).toMatchObject({ kind: 'message_edited', message: { id: ack.message.id, body: 'I want a refund' } });
      expect(e.conversationActivity.message.editedAt).toBeTruthy();
      const q = await t.graphql(`query($id: ID!) { messages(conversationId: $id) { nodes { body editedAt } } conversation(id: $id) { lastMessagePreview } }`, { id: conversationId }, admin);
      expect(q.data?.['messages'].nodes[0].body).toBe('I want a refund');
      expect(q.data?.['conversation'].lastMessagePreview).toBe('I want a refund');
      await sub.client.dispose();
      v.close();
    });

    it('refuses editing an older message, another author’s, empty, too long, too old, unknown', async () => {
      const { v, conversationId, ack: first } = await t.visitorWithConversation('first');
      const second = await v.ack(v.send('second'));
      const anna = await t.login('anna@demo.test');
      const reply = await t.graphql(SEND, { i: { conversationId, clientId: 'ed-1', body: 'operator text' } }, anna);
      const expectError = async (frame: Record<string, unknown>, code: string) => {
        v.sendFrame({ type: 'edit', ...frame });
        const err = await v.waitFor((f) => f.type === 'error' && f.messageId === frame['messageId'] && f.code === code);
        expect(err.code).toBe(code);
      };
      await expectError({ messageId: first.message.id, body: 'changed' }, 'EDIT_NOT_ALLOWED');
      await expectError({ messageId: reply.data?.['sendMessage'].id, body: 'hijack' }, 'FORBIDDEN');
      await expectError({ messageId: second.message.id, body: '   ' }, 'EMPTY_MESSAGE');
      await expectError({ messageId: second.message.id, body: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }, 'MESSAGE_TOO_LONG');
      await expectError({ messageId: '00000000-0000-0000-0000-000000000000', body: 'x' }, 'NOT_FOUND');
      v.sendFrame({ type: 'edit', body: 'no id' });
      await v.waitFor((f) => f.type === 'error' && f.code === 'BAD_FRAME');
      await t.db.query(`UPDATE messages SET created_at = now() - interval '16 minutes' WHERE id = $1`, [second.message.id]);
      await expectError({ messageId: second.message.id, body: 'late' }, 'EDIT_NOT_ALLOWED');
      const rows = await t.db.query(`SELECT body, edited_at FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
      expect(rows.map((r: any) => r.body)).toEqual(['first', 'second', 'operator text']);
      expect(rows.every((r: any) => r.edited_at === null)).toBe(true);
      v.close();
    });

    it('lets an operator edit their own last message (the widget sees it live); refuses observers and others', async () => {
      const { v, conversationId, ack } = await t.visitorWithConversation();
      const [anna, olga, admin] = await Promise.all([t.login('anna@demo.test'), t.login('olga@demo.test'), t.login('admin@demo.test')]);
      const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'op-ed', body: 'Teh answer' } }, anna);
      const id = sent.data?.['sendMessage'].id;
      const ok = await t.graphql(EDIT, { i: { messageId: id, body: 'The answer' } }, anna);
      expect(ok.errors).toBeUndefined();
      expect(ok.data?.['editMessage']).toMatchObject({ id, body: 'The answer' });
      expect(ok.data?.['editMessage'].editedAt).toBeTruthy();
      const live = await v.waitFor((f) => f.type === 'message_edited' && f.message.id === id);
      expect(live.message.body).toBe('The answer');

      const observer = await t.graphql(EDIT, { i: { messageId: id, body: 'x' } }, olga);
      expect(observer.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const notMine = await t.graphql(EDIT, { i: { messageId: id, body: 'x' } }, admin);
      expect(notMine.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const visitorMsg = await t.graphql(EDIT, { i: { messageId: ack.message.id, body: 'x' } }, anna);
      expect(visitorMsg.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      const empty = await t.graphql(EDIT, { i: { messageId: id, body: '' } }, anna);
      expect(empty.errors?.[0].extensions?.['code']).toBe('EMPTY_MESSAGE');
      const long = await t.graphql(EDIT, { i: { messageId: id, body: 'y'.repeat(MAX_MESSAGE_LENGTH + 1) } }, anna);
      expect(long.errors?.[0].extensions?.['code']).toBe('MESSAGE_TOO_LONG');
      const badId = await t.graphql(EDIT, { i: { messageId: 'x', body: 'y' } }, anna);
      expect(badId.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      await t.graphql(SEND, { i: { conversationId, clientId: 'op-ed-2', body: 'newer' } }, anna);
      const notLast = await t.graphql(EDIT, { i: { messageId: id, body: 'again' } }, anna);
      expect(notLast.errors?.[0].extensions?.['code']).toBe('EDIT_NOT_ALLOWED');
      v.close();
    });

    it('replays the current text of edited messages to a reconnecting widget', async () => {
      const { v, welcome, conversationId } = await t.visitorWithConversation('hello');
      const anna = await t.login('anna@demo.test');
      const sent = await t.graphql(SEND, { i: { conversationId, clientId: 'rp-1', body: 'old text' } }, anna);
      await v.waitFor((f) => f.type === 'message' && f.message.seq === 2);
      v.terminate();
      await t.graphql(EDIT, { i: { messageId: sent.data?.['sendMessage'].id, body: 'new text' } }, anna);
      const back = await t.visitor('demo-webchat', { visitorToken: welcome.visitorToken, lastSeq: 2 });
      const replay = await back.waitFor((f) => f.type === 'message_edited');
      expect(replay.message).toMatchObject({ seq: 2, body: 'new text' });
      back.close();
    });
  });
});
