import { MAX_MESSAGE_LENGTH, MAX_QUICK_REPLY_LENGTH } from '@parley/shared/contracts';
import { collect, TestApp, VisitorClient } from '../testing/test-app';

const QR_LIST = `query($first: Int, $after: String, $query: String) { quickReplies(first: $first, after: $after, query: $query) { nodes { id shortcut body shared } pageInfo { hasNextPage endCursor } } }`;
const QR_CREATE = `mutation($i: CreateQuickReplyInput!) { createQuickReply(input: $i) { id shortcut body shared } }`;
const QR_UPDATE = `mutation($i: UpdateQuickReplyInput!) { updateQuickReply(input: $i) { id shortcut body shared } }`;
const QR_DELETE = `mutation($i: DeleteQuickReplyInput!) { deleteQuickReply(input: $i) }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body } }`;
const READ = `mutation($i: MarkConversationReadInput!) { markConversationRead(input: $i) { id operatorReadSeq lastSeq } }`;
const NOTE = `mutation($i: AddNoteInput!) { addNote(input: $i) { id afterSeq body authorName mentionedIds } }`;
const NOTES = `query($id: ID!) { conversationNotes(conversationId: $id) { id afterSeq body } }`;
const MESSAGES = `query($id: ID!) { messages(conversationId: $id, last: 200) { nodes { seq body authorType } } }`;
const CONVERSATION = `query($id: ID!) { conversation(id: $id) { id status lastSeq assignee { id } participants { id displayName } } }`;
const LIST_ALL = `query { conversations(view: all, first: 100) { nodes { id } } }`;
const NOTIFICATIONS = `query { notifications(first: 10) { unreadCount nodes { id kind conversationId actorName preview readAt } } }`;
const MARK_NOTIFICATIONS = `mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) }`;
const TEAM = `query { teammates { id displayName role } }`;
const TRANSFER = `mutation($i: TransferConversationInput!) { transferConversation(input: $i) { id assignee { id } participants { id } } }`;
const INVITE = `mutation($i: InviteToConversationInput!) { inviteToConversation(input: $i) { id assignee { id } participants { id displayName } } }`;
const MERGE = `mutation($i: MergeConversationsInput!) { mergeConversations(input: $i) { id lastSeq lastMessagePreview } }`;
const TIMELINE = `query($c: ID!, $first: Int, $after: String) { contactConversations(contactId: $c, first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
const AUDIT = `query { auditLog(first: 20) { nodes { action targetType targetId details actorName } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const cid = () => `c-${Date.now()}-${++seq}`;

describe('agent tools: quick replies, notes, transfer/invite, merge (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, boris: string, olga: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, boris, olga] = await Promise.all(['admin', 'anna', 'boris', 'olga'].map((n) => t.login(`${n}@demo.test`)));
    const team = (await t.graphql(TEAM, {}, anna)).data?.['teammates'] as Array<{ id: string; displayName: string }>;
    for (const op of team) ids[op.displayName.split(' ')[0].toLowerCase()] = op.id;
  });
  afterAll(async () => t?.stop());

  /** A visitor's conversation taken by Anna. */
  async function annasConversation(body = 'Hello, I need help'): Promise<{ v: VisitorClient; conversationId: string }> {
    const { v, conversationId } = await t.visitorWithConversation(body);
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    return { v, conversationId };
  }

  describe('quick replies (A8)', () => {
    it('creates personal and shared replies, keeps personal ones private, and lists shared + own by shortcut', async () => {
      const mine = await t.graphql(QR_CREATE, { i: { shortcut: '/Thanks', body: 'Thank you, {{client.name}}!', shared: false } }, anna);
      expect(mine.errors).toBeUndefined();
      expect(mine.data?.['createQuickReply']).toMatchObject({ shortcut: 'thanks', shared: false });
      const shared = await t.graphql(QR_CREATE, { i: { shortcut: 'shipping', body: 'We ship in 2 days. {{operator.name}}', shared: true } }, admin);
      expect(shared.data?.['createQuickReply']).toMatchObject({ shortcut: 'shipping', shared: true });
      // the same shortcut in another scope (Boris's own) is fine
      expect((await t.graphql(QR_CREATE, { i: { shortcut: 'thanks', body: 'Boris says thanks', shared: false } }, boris)).errors).toBeUndefined();

      const annaList = (await t.graphql(QR_LIST, {}, anna)).data?.['quickReplies'].nodes as Array<{ shortcut: string; body: string }>;
      expect(annaList.map((q) => q.shortcut)).toEqual(['shipping', 'thanks']);
      expect(annaList.find((q) => q.shortcut === 'thanks')?.body).toBe('Thank you, {{client.name}}!');
      const filtered = (await t.graphql(QR_LIST, { query: 'sh' }, boris)).data?.['quickReplies'].nodes;
      expect(filtered.map((q: any) => q.shortcut)).toEqual(['shipping']);

      // keyset paging
      const page1 = (await t.graphql(QR_LIST, { first: 1 }, anna)).data?.['quickReplies'];
      expect(page1.nodes).toHaveLength(1);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await t.graphql(QR_LIST, { first: 1, after: page1.pageInfo.endCursor }, anna)).data?.['quickReplies'];
      expect(page2.nodes[0].shortcut).toBe('thanks');
      expect(page2.pageInfo.hasNextPage).toBe(false);

      // shared changes are audited
      const audit = (await t.graphql(AUDIT, {}, admin)).data?.['auditLog'].nodes as any[];
      expect(audit.some((a) => a.action === 'quick_reply.changed' && JSON.parse(a.details).shortcut === 'shipping')).toBe(true);
    });

    it('refuses empty, oversized, malformed and duplicate replies with clear errors', async () => {
      const empty = await t.graphql(QR_CREATE, { i: { shortcut: 'empty', body: '   \n ', shared: false } }, anna);
      expect(code(empty)).toBe('BAD_USER_INPUT');
      expect(empty.errors?.[0].message).toMatch(/empty/i);
      const long = await t.graphql(QR_CREATE, { i: { shortcut: 'long', body: 'x'.repeat(MAX_QUICK_REPLY_LENGTH + 1), shared: false } }, anna);
      expect(code(long)).toBe('BAD_USER_INPUT');
      expect(long.errors?.[0].message).toMatch(/longer than/);
      for (const shortcut of ['', '/', 'has space', 'ünïcode', 'x'.repeat(33)]) {
        expect(code(await t.graphql(QR_CREATE, { i: { shortcut, body: 'ok', shared: false } }, anna))).toBe('BAD_USER_INPUT');
      }
      await t.graphql(QR_CREATE, { i: { shortcut: 'dup', body: 'one', shared: false } }, anna);
      const dup = await t.graphql(QR_CREATE, { i: { shortcut: 'DUP', body: 'two', shared: false } }, anna);
      expect(code(dup)).toBe('CONFLICT');
      expect(dup.errors?.[0].message).toContain('/dup');
      const list = (await t.graphql(QR_LIST, { query: 'dup' }, anna)).data?.['quickReplies'].nodes;
      expect(list.map((q: any) => q.body)).toEqual(['one']);
      // renaming onto an existing shortcut is a conflict too
      const other = (await t.graphql(QR_CREATE, { i: { shortcut: 'other', body: 'x', shared: false } }, anna)).data?.['createQuickReply'];
      expect(code(await t.graphql(QR_UPDATE, { i: { id: other.id, shortcut: 'dup' } }, anna))).toBe('CONFLICT');
      expect(code(await t.graphql(QR_UPDATE, { i: { id: other.id, body: '' } }, anna))).toBe('BAD_USER_INPUT');
    });

    it('lets only admins/supervisors manage shared replies and only the owner a personal one', async () => {
      expect(code(await t.graphql(QR_CREATE, { i: { shortcut: 'agentshared', body: 'x', shared: true } }, anna))).toBe('FORBIDDEN');
      expect(code(await t.graphql(QR_CREATE, { i: { shortcut: 'olga', body: 'x', shared: false } }, olga))).toBe('FORBIDDEN');
      const shared = (await t.graphql(QR_CREATE, { i: { shortcut: 'hours', body: 'Open 9–17', shared: true } }, admin)).data?.['createQuickReply'];
      expect(code(await t.graphql(QR_UPDATE, { i: { id: shared.id, body: 'hacked' } }, anna))).toBe('FORBIDDEN');
      expect(code(await t.graphql(QR_DELETE, { i: { id: shared.id } }, anna))).toBe('FORBIDDEN');
      const annas = (await t.graphql(QR_CREATE, { i: { shortcut: 'private', body: 'mine', shared: false } }, anna)).data?.['createQuickReply'];
      expect(code(await t.graphql(QR_UPDATE, { i: { id: annas.id, body: 'boris was here' } }, boris))).toBe('NOT_FOUND');
      expect(code(await t.graphql(QR_DELETE, { i: { id: annas.id } }, admin))).toBe('NOT_FOUND');
      expect(code(await t.graphql(QR_DELETE, { i: { id: 'not-a-uuid' } }, anna))).toBe('BAD_USER_INPUT');
      const updated = await t.graphql(QR_UPDATE, { i: { id: annas.id, body: 'still mine' } }, anna);
      expect(updated.data?.['updateQuickReply'].body).toBe('still mine');
      expect((await t.graphql(QR_DELETE, { i: { id: annas.id } }, anna)).data?.['deleteQuickReply']).toBe(true);
      expect(code(await t.graphql(QR_UPDATE, { i: { id: annas.id, body: 'gone' } }, anna))).toBe('NOT_FOUND');
    });
  });

  describe('private notes and mentions (A11)', () => {
    it('never sends a note to the visitor: not live, not on replay after reconnect, not in read marks', async () => {
      const { v, conversationId } = await annasConversation('Where is my order?');
      const secret = `internal-${Date.now()} customer is rude`;
      const note = await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: secret } }, anna);
      expect(note.errors).toBeUndefined();
      expect(note.data?.['addNote']).toMatchObject({ afterSeq: 1, body: secret, authorName: 'Anna Nowak' });
      const reply = await t.graphql(SEND, { i: { conversationId, clientId: cid(), body: 'It ships today' } }, anna);
      expect(reply.data?.['sendMessage'].seq).toBe(2); // the note took no seq: the visitor's sequence stays gapless
      await v.waitFor((f) => f.type === 'message' && f.message.body === 'It ships today');
      expect((await t.graphql(READ, { i: { conversationId, seq: 2 } }, anna)).data?.['markConversationRead'].operatorReadSeq).toBe(2);
      await v.waitFor((f) => f.type === 'read' && f.operatorReadSeq === 2);
      await sleep(200);
      expect(JSON.stringify(v.frames)).not.toContain(secret);
      expect(v.frames.filter((f) => f.type === 'read').every((f) => f.operatorReadSeq <= 2)).toBe(true);

      // a fresh socket replaying from 0 gets both messages, gapless, and no note
      const token = (await v.welcome()).visitorToken;
      v.close();
      const again = await t.visitor('demo-webchat', { visitorToken: token, lastSeq: 0 });
      await again.waitFor((f) => f.type === 'message' && f.message.seq === 2);
      await sleep(200);
      const replayed = again.frames.filter((f) => f.type === 'message').map((f) => f.message.seq);
      expect(replayed).toEqual([1, 2]);
      expect(JSON.stringify(again.frames)).not.toContain(secret);
      again.close();

      // operators see it apart from the messages, placed after seq 1
      const msgs = (await t.graphql(MESSAGES, { id: conversationId }, anna)).data?.['messages'].nodes as any[];
      expect(msgs.map((m) => m.body)).not.toContain(secret);
      const notes = (await t.graphql(NOTES, { id: conversationId }, olga)).data?.['conversationNotes'];
      expect(notes).toEqual([expect.objectContaining({ afterSeq: 1, body: secret })]);
    });

    it('refuses notes by observers, by agents who cannot see the chat, and empty or oversized notes', async () => {
      const { v, conversationId } = await annasConversation();
      expect(code(await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: 'observer note' } }, olga))).toBe('FORBIDDEN');
      expect(code(await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: 'peek' } }, boris))).toBe('FORBIDDEN');
      expect(code(await t.graphql(NOTES, { id: conversationId }, boris))).toBe('FORBIDDEN');
      expect(code(await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: '  ' } }, anna))).toBe('EMPTY_MESSAGE');
      expect(code(await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) } }, anna))).toBe('MESSAGE_TOO_LONG');
      expect(code(await t.graphql(NOTE, { i: { conversationId: '00000000-0000-0000-0000-000000000000', clientId: cid(), body: 'x' } }, anna))).toBe('NOT_FOUND');
      // the same clientId twice is one note
      const id = cid();
      const a = await t.graphql(NOTE, { i: { conversationId, clientId: id, body: 'once' } }, anna);
      const b = await t.graphql(NOTE, { i: { conversationId, clientId: id, body: 'once' } }, anna);
      expect(b.data?.['addNote'].id).toBe(a.data?.['addNote'].id);
      expect((await t.graphql(NOTES, { id: conversationId }, anna)).data?.['conversationNotes']).toHaveLength(1);
      v.close();
    });

    it('notifies a mentioned operator live, lets them see the chat, and reaches operators on the notes subscription', async () => {
      const { v, conversationId } = await annasConversation();
      expect(code(await t.graphql(CONVERSATION, { id: conversationId }, boris))).toBe('FORBIDDEN');
      const borisSub = t.subscriptions(boris);
      const notifs = collect<any>(borisSub, `subscription { notificationAdded { kind conversationId actorName preview } }`, 1);
      const adminSub = t.subscriptions(admin);
      const notesLive = collect<any>(adminSub, `subscription { noteAdded(conversationId: "${conversationId}") { body afterSeq } }`, 1);
      await Promise.all([notifs.ready, notesLive.ready]);
      const r = await t.graphql(NOTE, { i: { conversationId, clientId: cid(), body: '@boris petrov can you check the invoice? cc anna@demo.test' } }, anna);
      expect(r.data?.['addNote'].mentionedIds).toEqual([ids['boris']]);
      const [n] = await notifs.done;
      expect(n.notificationAdded).toMatchObject({ kind: 'mention', conversationId, actorName: 'Anna Nowak' });
      expect(n.notificationAdded.preview).toContain('can you check the invoice');
      expect((await notesLive.done)[0].noteAdded.body).toContain('@boris petrov');

      const list = (await t.graphql(NOTIFICATIONS, {}, boris)).data?.['notifications'];
      expect(list.unreadCount).toBe(1);
      expect(list.nodes[0]).toMatchObject({ kind: 'mention', readAt: null });
      expect((await t.graphql(NOTIFICATIONS, {}, anna)).data?.['notifications'].nodes.some((x: any) => x.kind === 'mention')).toBe(false);
      // the mentioned agent can now open the conversation
      const seen = await t.graphql(CONVERSATION, { id: conversationId }, boris);
      expect(seen.errors).toBeUndefined();
      expect(seen.data?.['conversation'].participants.map((p: any) => p.id)).toEqual([ids['boris']]);
      expect((await t.graphql(MARK_NOTIFICATIONS, { i: { ids: ['not-a-uuid'] } }, boris)).errors).toBeDefined();
      expect((await t.graphql(MARK_NOTIFICATIONS, { i: {} }, boris)).data?.['markNotificationsRead']).toBe(0);
      expect((await t.graphql(NOTIFICATIONS, {}, boris)).data?.['notifications'].unreadCount).toBe(0);
      // the visitor never heard of it
      await sleep(150);
      expect(JSON.stringify(v.frames)).not.toContain('invoice');
      await Promise.all([borisSub.client.dispose(), adminSub.client.dispose()]);
      v.close();
    });
  });

  describe('transfer and invite (B7)', () => {
    it('transfers to another operator: they get it (live), the old agent loses it, the visitor sees who joined', async () => {
      const { v, conversationId } = await annasConversation();
      const borisSub = t.subscriptions(boris);
      const inbox = collect<any>(borisSub, `subscription { inboxEvent { kind conversation { id } } }`, 1);
      await inbox.ready;
      const r = await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['boris'] } }, anna);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['transferConversation'].assignee.id).toBe(ids['boris']);
      expect((await inbox.done)[0].inboxEvent.conversation.id).toBe(conversationId);
      expect(code(await t.graphql(CONVERSATION, { id: conversationId }, anna))).toBe('FORBIDDEN');
      expect((await t.graphql(CONVERSATION, { id: conversationId }, boris)).errors).toBeUndefined();
      // (the visitor saw "Anna Nowak joined" when Anna took the chat; now Boris, once)
      await v.waitFor((f) => f.type === 'participant' && f.event === 'joined' && f.name === 'Boris Petrov');
      await v.waitFor((f) => f.type === 'participant' && f.event === 'left' && f.name === 'Anna Nowak');
      const sys = await v.waitFor((f) => f.type === 'message' && f.message.authorType === 'system');
      expect(sys.message.body).toContain('Boris Petrov');
      expect(v.frames.filter((f) => f.type === 'participant' && f.event === 'joined' && f.name === 'Boris Petrov')).toHaveLength(1);
      expect((await t.graphql(NOTIFICATIONS, {}, boris)).data?.['notifications'].nodes.some((x: any) => x.kind === 'transferred' && x.conversationId === conversationId)).toBe(true);
      await borisSub.client.dispose();
      v.close();
    });

    it('refuses transfers to unknown, foreign, observer or deactivated operators and by those who may not', async () => {
      const { v, conversationId } = await annasConversation();
      const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-${Date.now()}') RETURNING id`);
      const [foreign] = await t.db.query(
        `INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, $2, 'x', 'Foreign Agent', 'agent') RETURNING id`,
        [ws.id, `f${Date.now()}@other.test`],
      );
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: foreign.id } }, anna))).toBe('NOT_FOUND');
      expect(code(await t.graphql(INVITE, { i: { conversationId, operatorId: foreign.id } }, anna))).toBe('NOT_FOUND');
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: '00000000-0000-0000-0000-000000000000' } }, anna))).toBe('NOT_FOUND');
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: 'nobody' } }, anna))).toBe('BAD_USER_INPUT'); // malformed: refused at the edge (issue #16)
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['olga'] } }, anna))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['anna'] } }, anna))).toBe('BAD_USER_INPUT');
      // Boris (agent) may not hand over Anna's chat; Olga (observer) may not transfer at all
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['boris'] } }, boris))).toBe('FORBIDDEN');
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['boris'] } }, olga))).toBe('FORBIDDEN');
      expect(code(await t.graphql(INVITE, { i: { conversationId, operatorId: ids['boris'] } }, boris))).toBe('FORBIDDEN');
      // a deactivated operator
      const [gone] = await t.db.query(
        `INSERT INTO operators (workspace_id, email, password_hash, display_name, role, active, deactivated_at)
         SELECT workspace_id, $1, 'x', 'Gone Agent', 'agent', false, now() FROM operators WHERE id = $2 RETURNING id`,
        [`gone${Date.now()}@demo.test`, ids['anna']],
      );
      const deact = await t.graphql(TRANSFER, { i: { conversationId, operatorId: gone.id } }, anna);
      expect(code(deact)).toBe('BAD_USER_INPUT');
      expect(deact.errors?.[0].message).toMatch(/deactivated/);
      expect((await t.graphql(TEAM, {}, anna)).data?.['teammates'].map((x: any) => x.id)).not.toContain(gone.id);
      // nothing changed
      expect((await t.graphql(CONVERSATION, { id: conversationId }, anna)).data?.['conversation'].assignee.id).toBe(ids['anna']);
      v.close();
    });

    it('invites a second operator: both see it and may write, the visitor sees who joined, twice is a conflict', async () => {
      const { v, conversationId } = await annasConversation();
      expect((await t.graphql(LIST_ALL, {}, boris)).data?.['conversations'].nodes.map((c: any) => c.id)).not.toContain(conversationId);
      const r = await t.graphql(INVITE, { i: { conversationId, operatorId: ids['boris'] } }, anna);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['inviteToConversation']).toMatchObject({ assignee: { id: ids['anna'] }, participants: [{ id: ids['boris'], displayName: 'Boris Petrov' }] });
      expect((await t.graphql(LIST_ALL, {}, boris)).data?.['conversations'].nodes.map((c: any) => c.id)).toContain(conversationId);
      expect((await t.graphql(LIST_ALL, {}, anna)).data?.['conversations'].nodes.map((c: any) => c.id)).toContain(conversationId);
      const joined = await v.waitFor((f) => f.type === 'participant' && f.name === 'Boris Petrov');
      expect(joined).toMatchObject({ event: 'joined', name: 'Boris Petrov' });
      await v.waitFor((f) => f.type === 'message' && f.message.authorType === 'system' && f.message.body.includes('Boris Petrov joined'));
      const borisReply = await t.graphql(SEND, { i: { conversationId, clientId: cid(), body: 'Boris here, hi!' } }, boris);
      expect(borisReply.errors).toBeUndefined();
      await v.waitFor((f) => f.type === 'message' && f.message.body === 'Boris here, hi!');
      expect(code(await t.graphql(INVITE, { i: { conversationId, operatorId: ids['boris'] } }, anna))).toBe('CONFLICT');
      expect(code(await t.graphql(INVITE, { i: { conversationId, operatorId: ids['anna'] } }, admin))).toBe('CONFLICT');
      // the invited agent cannot pass the conversation on
      expect(code(await t.graphql(TRANSFER, { i: { conversationId, operatorId: ids['boris'] } }, boris))).toBe('FORBIDDEN');
      v.close();
    });

    it('refuses to invite into a queued conversation', async () => {
      const { v, conversationId } = await t.visitorWithConversation('queued one');
      const r = await t.graphql(INVITE, { i: { conversationId, operatorId: ids['boris'] } }, admin);
      expect(code(r)).toBe('BAD_USER_INPUT');
      v.close();
    });
  });

  describe('merge and the client timeline', () => {
    it('merges the secondary into the primary: gapless seqs in order, notes moved, visitor live, audited', async () => {
      const first = await annasConversation('first chat: hello');
      await t.graphql(SEND, { i: { conversationId: first.conversationId, clientId: cid(), body: 'first chat: answer' } }, anna);
      await first.v.waitFor((f) => f.type === 'message' && f.message.seq === 2);
      const second = await annasConversation('second chat: a');
      second.v.send('second chat: b');
      await second.v.waitFor((f) => f.type === 'ack' && f.message.seq === 2);
      await t.graphql(NOTE, { i: { conversationId: second.conversationId, clientId: cid(), body: 'note on second' } }, anna);
      const [{ contact_id }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [first.conversationId]);
      await t.db.query(`UPDATE conversations SET contact_id = $1 WHERE id = $2`, [contact_id, second.conversationId]);

      const r = await t.graphql(MERGE, { i: { primaryId: first.conversationId, secondaryId: second.conversationId } }, anna);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['mergeConversations']).toMatchObject({ id: first.conversationId, lastSeq: 4, lastMessagePreview: 'second chat: b' });
      const msgs = (await t.graphql(MESSAGES, { id: first.conversationId }, anna)).data?.['messages'].nodes as any[];
      expect(msgs.map((m) => [m.seq, m.body])).toEqual([
        [1, 'first chat: hello'],
        [2, 'first chat: answer'],
        [3, 'second chat: a'],
        [4, 'second chat: b'],
      ]);
      expect((await t.graphql(NOTES, { id: first.conversationId }, anna)).data?.['conversationNotes']).toEqual([expect.objectContaining({ body: 'note on second', afterSeq: 4 })]);
      // the primary's visitor socket got the moved messages as new ones, gapless
      await first.v.waitFor((f) => f.type === 'message' && f.message.seq === 4);
      // (its own first message it holds from the ack; whether a replay repeats it depends on timing)
      const seen = [...new Set(first.v.frames.filter((f) => f.type === 'message' || f.type === 'ack').map((f) => f.message.seq as number))].sort((a, b) => a - b);
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(first.v.frames.filter((f) => f.type === 'message' && f.message.seq > 2).map((f) => f.message.seq)).toEqual([3, 4]);
      expect(code(await t.graphql(CONVERSATION, { id: second.conversationId }, anna))).toBe('NOT_FOUND');
      const audit = (await t.graphql(AUDIT, {}, admin)).data?.['auditLog'].nodes as any[];
      const entry = audit.find((a) => a.action === 'conversation.merged');
      expect(entry).toMatchObject({ targetType: 'conversation', targetId: first.conversationId, actorName: 'Anna Nowak' });
      expect(JSON.parse(entry.details)).toMatchObject({ secondaryId: second.conversationId, messagesMoved: 2, notesMoved: 1 });
      // the merged conversation's visitor keeps writing into the primary without a gap
      first.v.send('after merge');
      expect((await first.v.waitFor((f) => f.type === 'ack' && f.message.body === 'after merge')).message.seq).toBe(5);
      // the secondary's visitor is not bound to the tombstone: their next message starts a new conversation
      second.v.send('secondary visitor again');
      const ack = await second.v.waitFor((f) => f.type === 'ack' && f.message.body === 'secondary visitor again');
      expect(ack.message.conversationId).not.toBe(second.conversationId);
      expect(ack.message.conversationId).not.toBe(first.conversationId);
      expect(ack.message.seq).toBe(1);
      first.v.close();
      second.v.close();
    });

    it('refuses merging conversations of different clients or workspaces, the same one twice, and by observers or outsiders', async () => {
      const a = await annasConversation('client A');
      const b = await annasConversation('client B');
      const diff = await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: b.conversationId } }, anna);
      expect(code(diff)).toBe('BAD_USER_INPUT');
      expect(diff.errors?.[0].message).toMatch(/same client/);
      expect(code(await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: a.conversationId } }, anna))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: 'nope' } }, anna))).toBe('BAD_USER_INPUT');
      // a conversation of another workspace does not exist for the caller
      const [ws] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other2', 'other2-${Date.now()}') RETURNING id`);
      const [ch] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', 'x', $2, '{}') RETURNING id`, [ws.id, `k${Date.now()}`]);
      const [{ contact_id }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [a.conversationId]);
      const [foreign] = await t.db.query(
        `INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'open', 0) RETURNING id`,
        [ws.id, ch.id, contact_id],
      );
      expect(code(await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: foreign.id } }, admin))).toBe('NOT_FOUND');
      await t.db.query(`UPDATE conversations SET contact_id = $1 WHERE id = $2`, [contact_id, b.conversationId]);
      expect(code(await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: b.conversationId } }, olga))).toBe('FORBIDDEN');
      expect(code(await t.graphql(MERGE, { i: { primaryId: a.conversationId, secondaryId: b.conversationId } }, boris))).toBe('FORBIDDEN');
      // nothing moved
      expect((await t.graphql(CONVERSATION, { id: b.conversationId }, anna)).data?.['conversation'].lastSeq).toBe(1);
      a.v.close();
      b.v.close();
    });

    it("lists the client's conversations newest first, keyset-paged, only those the caller may see", async () => {
      const convs = [await annasConversation('t1'), await annasConversation('t2'), await annasConversation('t3')];
      const [{ contact_id }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [convs[0].conversationId]);
      await t.db.query(`UPDATE conversations SET contact_id = $1 WHERE id = ANY($2::uuid[])`, [contact_id, convs.map((c) => c.conversationId)]);
      const p1 = (await t.graphql(TIMELINE, { c: contact_id, first: 2 }, anna)).data?.['contactConversations'];
      expect(p1.nodes.map((n: any) => n.id)).toEqual([convs[2].conversationId, convs[1].conversationId]);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = (await t.graphql(TIMELINE, { c: contact_id, first: 2, after: p1.pageInfo.endCursor }, anna)).data?.['contactConversations'];
      expect(p2.nodes.map((n: any) => n.id)).toEqual([convs[0].conversationId]);
      expect(p2.pageInfo.hasNextPage).toBe(false);
      // Boris sees none of Anna's chats; the observer sees all
      expect((await t.graphql(TIMELINE, { c: contact_id }, boris)).data?.['contactConversations'].nodes).toEqual([]);
      expect((await t.graphql(TIMELINE, { c: contact_id }, olga)).data?.['contactConversations'].nodes).toHaveLength(3);
      expect(code(await t.graphql(TIMELINE, { c: contact_id, first: 500 }, anna))).toBe('BAD_USER_INPUT');
      expect(code(await t.graphql(TIMELINE, { c: contact_id, after: 'garbage' }, anna))).toBe('BAD_USER_INPUT');
      convs.forEach((c) => c.v.close());
    });
  });
});
