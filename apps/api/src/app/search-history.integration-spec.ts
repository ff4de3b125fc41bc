import { PURGE_DELETED_CONVERSATIONS_JOB } from '@parley/api/conversations';
import { QueueName } from '@parley/api/platform/queue';
import { collect, TestApp } from '../testing/test-app';

const SEARCH = `query($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) {
  nodes { kind conversationId messageId seq contactName at segments { text match } } hasNextPage endCursor } }`;
const LIST = `query($status: ConversationStatus, $first: Int, $after: String) { conversations(status: $status, first: $first, after: $after) {
  nodes { id status lastMessagePreview contact { id name email phone } } pageInfo { hasNextPage endCursor } } }`;
const DELETE = `mutation($i: DeleteConversationsInput!) { deleteConversations(input: $i) { deletedIds } }`;
const AUDIT = `query($first: Int, $after: String) { auditLog(first: $first, after: $after) { nodes { actorName action targetType targetId details createdAt } hasNextPage endCursor } }`;
const CLOSE = `mutation($i: CloseConversationInput!) { closeConversation(input: $i) { status } }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

describe('search, history and audit (integration)', () => {
  let t: TestApp;
  let admin: string;
  let anna: string;
  let boris: string;
  let olga: string;
  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, boris, olga] = await Promise.all(['admin@demo.test', 'anna@demo.test', 'boris@demo.test', 'olga@demo.test'].map((e) => t.login(e)));
  });
  afterAll(async () => t?.stop());

  /** A visitor conversation with these messages, optionally taken by an operator. */
  async function conversation(bodies: string[], takenBy?: string): Promise<string> {
    const v = await t.visitor();
    await v.welcome();
    let id = '';
    for (const body of bodies) {
      const ack = await v.ack(v.send(body));
      expect(ack.type).toBe('ack');
      id = ack.message.conversationId;
    }
    v.close();
    if (takenBy) {
      const r = await t.graphql(`mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`, { i: { conversationId: id } }, takenBy);
      expect(r.errors).toBeUndefined();
    }
    return id;
  }

  describe('search', () => {
    let annas: string;
    let boriss: string;
    let queued: string;
    beforeAll(async () => {
      annas = await conversation(['Hello there', 'Is the zebrawood table still in stock?', 'And the oak chair?'], anna);
      boriss = await conversation(['My zebrawood order never arrived', 'Order 12345'], boris);
      queued = await conversation(['zebrawood again, from the queue']);
      await t.db.query(`UPDATE contacts SET name = 'Kasia Zielińska', email = 'kasia.z@example.com', phone = '+48 600 100 200' WHERE id = (SELECT contact_id FROM conversations WHERE id = $1)`, [boriss]);
    });

    it('finds a word in messages with its conversation, seq, contact and highlighted segments', async () => {
      const r = await t.graphql(SEARCH, { q: 'zebrawood' }, admin);
      expect(r.errors).toBeUndefined();
      const hits = r.data!['search'].nodes;
      expect(hits.map((h: any) => h.conversationId).sort()).toEqual([annas, boriss, queued].sort());
      const hit = hits.find((h: any) => h.conversationId === annas);
      expect(hit).toMatchObject({ kind: 'message', seq: 2, contactName: null });
      expect(hit.segments).toEqual([
        { text: 'Is the ', match: false },
        { text: 'zebrawood', match: true },
        { text: ' table still in stock?', match: false },
      ]);
      expect(typeof hit.messageId).toBe('string');
      expect(Number.isNaN(Date.parse(hit.at))).toBe(false);
    });

    it('finds a conversation by the contact e-mail, name and phone', async () => {
      for (const q of ['kasia.z@example.com', 'Zielińska', '600']) {
        const r = await t.graphql(SEARCH, { q }, admin);
        expect(r.errors).toBeUndefined();
        const contactHit = r.data!['search'].nodes.find((h: any) => h.kind === 'contact');
        expect(contactHit).toMatchObject({ conversationId: boriss, messageId: null, seq: null, contactName: 'Kasia Zielińska' });
        expect(contactHit.segments.some((s: any) => s.match)).toBe(true);
      }
      const byEmail = await t.graphql(SEARCH, { q: 'kasia.z@example.com' }, admin);
      expect(byEmail.data!['search'].nodes[0].segments.find((s: any) => s.match).text).toBe('kasia.z@example.com');
    });

    it('ranks the better matches (more occurrences, shorter text) first', async () => {
      const strong = await conversation(['walnut walnut walnut desk', 'walnut']);
      const weak = await conversation(['a long message that mentions walnut once among many other words about furniture and delivery']);
      const r = await t.graphql(SEARCH, { q: 'walnut' }, admin);
      const hits = r.data!['search'].nodes;
      expect(hits.slice(0, 2).map((h: any) => h.conversationId)).toEqual([strong, strong]);
      expect(hits[hits.length - 1].conversationId).toBe(weak);
    });

    it('never returns another agent’s conversation to an agent, but the queue and their own', async () => {
      const r = await t.graphql(SEARCH, { q: 'zebrawood' }, anna);
      expect(r.data!['search'].nodes.map((h: any) => h.conversationId).sort()).toEqual([annas, queued].sort());
      const byContact = await t.graphql(SEARCH, { q: 'kasia.z@example.com' }, anna);
      expect(byContact.data!['search'].nodes).toEqual([]);
      const b = await t.graphql(SEARCH, { q: 'zebrawood' }, boris);
      expect(b.data!['search'].nodes.map((h: any) => h.conversationId).sort()).toEqual([boriss, queued].sort());
      const observer = await t.graphql(SEARCH, { q: 'zebrawood' }, olga);
      expect(observer.data!['search'].nodes).toHaveLength(3);
    });

    it('pages with a keyset cursor, without repeats', async () => {
      await conversation(Array.from({ length: 7 }, (_, i) => `pagination marker ${i}`));
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const r: any = await t.graphql(SEARCH, { q: 'marker', first: 3, after }, admin);
        expect(r.errors).toBeUndefined();
        seen.push(...r.data.search.nodes.map((h: any) => h.messageId));
        if (!r.data.search.hasNextPage) break;
        after = r.data.search.endCursor;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it.each([['"'], ['&'], [':*'], ["'"], ['zebra & | ! ( ) :* "'], ['"unterminated'], ['-'], ['OR']])('handles %p without a database error', async (q) => {
      const r = await t.graphql(SEARCH, { q }, admin);
      expect(r.errors).toBeUndefined();
      expect(Array.isArray(r.data!['search'].nodes)).toBe(true);
    });

    it('takes a quoted phrase and a word with a trailing operator', async () => {
      const phrase = await t.graphql(SEARCH, { q: '"oak chair"' }, admin);
      expect(phrase.data!['search'].nodes.map((h: any) => h.conversationId)).toEqual([annas]);
      const star = await t.graphql(SEARCH, { q: "zebrawood's:*" }, admin);
      expect(star.errors).toBeUndefined();
    });

    it.each([
      ['an empty query', '', 'BAD_USER_INPUT'],
      ['only spaces', '   ', 'BAD_USER_INPUT'],
      ['300 characters', 'z'.repeat(300), 'BAD_USER_INPUT'],
    ])('refuses %s', async (_label, q, code) => {
      const r = await t.graphql(SEARCH, { q }, admin);
      expect(r.errors?.[0].extensions?.['code']).toBe(code);
    });

    it('refuses a bad page size, a forged cursor and an anonymous caller', async () => {
      expect((await t.graphql(SEARCH, { q: 'x', first: 0 }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect((await t.graphql(SEARCH, { q: 'x', first: 500 }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect((await t.graphql(SEARCH, { q: 'x', after: 'not-a-cursor' }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const forged = Buffer.from(JSON.stringify(['1; DROP TABLE messages', '2020-01-01', 'x'])).toString('base64url');
      expect((await t.graphql(SEARCH, { q: 'x', after: forged }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect((await t.graphql(SEARCH, { q: 'x' })).errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    });
  });

  describe('history, deletion and audit', () => {
    const closed: string[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        const id = await conversation([`history item ${i} quokka`], anna);
        const r = await t.graphql(CLOSE, { i: { conversationId: id } }, anna);
        expect(r.data?.['closeConversation'].status).toBe('closed');
        closed.push(id);
      }
    });

    it('lists closed conversations with keyset paging and the contact fields', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r: any = await t.graphql(LIST, { status: 'closed', first: 2, after }, admin);
        expect(r.errors).toBeUndefined();
        for (const n of r.data.conversations.nodes) {
          expect(n.status).toBe('closed');
          expect(n.contact).toHaveProperty('email');
          seen.push(n.id);
        }
        if (!r.data.conversations.pageInfo.hasNextPage) break;
        after = r.data.conversations.pageInfo.endCursor;
      }
      expect(seen.slice(0, 5)).toEqual([...closed].reverse());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses deletion to agents and observers, and bad input', async () => {
      for (const token of [anna, olga]) {
        const r = await t.graphql(DELETE, { i: { conversationIds: [closed[0]] } }, token);
        expect(r.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      }
      expect((await t.graphql(DELETE, { i: { conversationIds: [] } }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect((await t.graphql(DELETE, { i: { conversationIds: ['nope'] } }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      const still = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: closed[0] }, admin);
      expect(still.data?.['conversation'].id).toBe(closed[0]);
    });

    it('lets an admin delete several: gone from lists, search and by id, one audit entry each, purged after retention', async () => {
      const [a, b] = closed;
      const sub = t.subscriptions(anna);
      const events = collect<any>(sub, `subscription { inboxEvent { kind conversation { id } } }`, 2);
      await events.ready;

      const r = await t.graphql(DELETE, { i: { conversationIds: [a, b, a, '00000000-0000-4000-8000-000000000000'] } }, admin);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['deleteConversations'].deletedIds.sort()).toEqual([a, b].sort());
      // other operators' screens hear of it live
      const got = await events.done;
      expect(got.map((e) => e.inboxEvent)).toEqual(expect.arrayContaining([{ kind: 'conversation_deleted', conversation: { id: a } }, { kind: 'conversation_deleted', conversation: { id: b } }]));
      await sub.client.dispose();

      const list = await t.graphql(LIST, { status: 'closed', first: 100 }, admin);
      const ids = list.data?.['conversations'].nodes.map((n: any) => n.id);
      expect(ids).not.toContain(a);
      expect(ids).not.toContain(b);
      expect(ids).toContain(closed[2]);
      const all = await t.graphql(LIST, { first: 100 }, admin);
      expect(all.data?.['conversations'].nodes.map((n: any) => n.id)).not.toContain(a);
      const found = await t.graphql(SEARCH, { q: 'quokka' }, admin);
      expect(found.data?.['search'].nodes.map((h: any) => h.conversationId).sort()).toEqual(closed.slice(2).sort());
      for (const id of [a, b]) {
        const byId = await t.graphql(`query($id: ID!) { conversation(id: $id) { id } }`, { id }, admin);
        expect(byId.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
        const msgs = await t.graphql(`query($id: ID!) { messages(conversationId: $id) { nodes { seq } } }`, { id }, admin);
        expect(msgs.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
      }
      // deleting again changes nothing and writes no audit entry
      const again = await t.graphql(DELETE, { i: { conversationIds: [a] } }, admin);
      expect(again.data?.['deleteConversations'].deletedIds).toEqual([]);

      const audit = await t.graphql(AUDIT, { first: 10 }, admin);
      expect(audit.errors).toBeUndefined();
      const deletions = audit.data?.['auditLog'].nodes.filter((n: any) => n.action === 'conversation.deleted');
      expect(deletions.map((n: any) => n.targetId).sort()).toEqual([a, b].sort());
      expect(deletions[0]).toMatchObject({ actorName: 'Alex Admin', targetType: 'conversation' });
      expect(JSON.parse(deletions[0].details)).toMatchObject({ status: 'closed', messages: 1 });

      // the purge job keeps them within the retention period, removes them after it
      await t.queue().add(QueueName.maintenance, PURGE_DELETED_CONVERSATIONS_JOB, { now: new Date(Date.now() + 29 * 86_400_000).toISOString() });
      await t.queue().idle(10_000);
      expect(await t.db.query(`SELECT id FROM conversations WHERE id = ANY($1::uuid[])`, [[a, b]])).toHaveLength(2);
      await t.queue().add(QueueName.maintenance, PURGE_DELETED_CONVERSATIONS_JOB, { now: new Date(Date.now() + 31 * 86_400_000).toISOString() });
      await t.queue().idle(10_000);
      expect(await t.db.query(`SELECT id FROM conversations WHERE id = ANY($1::uuid[])`, [[a, b]])).toHaveLength(0);
      expect(await t.db.query(`SELECT id FROM messages WHERE conversation_id = ANY($1::uuid[])`, [[a, b]])).toHaveLength(0);
      expect(await t.db.query(`SELECT id FROM conversations WHERE id = $1`, [closed[2]])).toHaveLength(1);
    });

    it('an agent cannot write into a deleted conversation', async () => {
      const id = await conversation(['to be deleted'], anna);
      await t.graphql(DELETE, { i: { conversationIds: [id] } }, admin);
      const r = await t.graphql(SEND, { i: { conversationId: id, clientId: 'x-1', body: 'hi' } }, anna);
      expect(r.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    });

    it('a visitor whose conversation was deleted starts a new one with the next message', async () => {
      const v = await t.visitor();
      await v.welcome();
      const first = await v.ack(v.send('before the deletion'));
      const oldId = first.message.conversationId;
      await t.graphql(DELETE, { i: { conversationIds: [oldId] } }, admin);
      const next = await v.ack(v.send('after the deletion'));
      expect(next.type).toBe('ack');
      expect(next.message.conversationId).not.toBe(oldId);
      expect(next.message.seq).toBe(1);
      v.close();
    });

    it('audits operator creation; the audit log is for admins only and pages', async () => {
      const created = await t.graphql(`mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }`, { i: { email: 'audited@demo.test', displayName: 'Audited Agent', password: 'long-enough-1', role: 'agent' } }, admin);
      expect(created.errors).toBeUndefined();
      const audit = await t.graphql(AUDIT, { first: 1 }, admin);
      const [latest] = audit.data!['auditLog'].nodes;
      expect(latest).toMatchObject({ action: 'operator.created', actorName: 'Alex Admin', targetType: 'operator', targetId: created.data?.['createOperator'].id });
      expect(JSON.parse(latest.details)).toEqual({ email: 'audited@demo.test', displayName: 'Audited Agent', role: 'agent' });
      expect(audit.data?.['auditLog'].hasNextPage).toBe(true);
      const next = await t.graphql(AUDIT, { first: 100, after: audit.data?.['auditLog'].endCursor }, admin);
      expect(next.data?.['auditLog'].nodes.some((n: any) => n.action === 'operator.created')).toBe(false);
      expect(next.data?.['auditLog'].nodes.length).toBeGreaterThanOrEqual(2);

      for (const token of [anna, olga, boris]) {
        expect((await t.graphql(AUDIT, {}, token)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
      }
      expect((await t.graphql(AUDIT, { first: 0 }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
      expect((await t.graphql(AUDIT, { after: 'garbage' }, admin)).errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    });
  });
});
