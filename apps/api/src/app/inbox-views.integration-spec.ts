import { WAKE_SNOOZED_CONVERSATIONS_JOB } from '@parley/api/conversations';
import { QueueName } from '@parley/api/platform/queue';
import { collect, TestApp } from '../testing/test-app';

const FIELDS = 'id status priority snoozedUntil lastSeq operatorReadSeq assignee { id } tags { id name }';
const LIST = `query($view: ConversationView, $filter: ConversationFilterInput, $first: Int, $after: String) {
  conversations(view: $view, filter: $filter, first: $first, after: $after) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const COUNTS = `query { inboxCounts { view unread } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const PENDING = `mutation($i: ConversationRefInput!) { markConversationPending(input: $i) { ${FIELDS} } }`;
const REOPEN = `mutation($i: ConversationRefInput!) { reopenConversation(input: $i) { ${FIELDS} } }`;
const SNOOZE = `mutation($i: SnoozeConversationInput!) { snoozeConversation(input: $i) { ${FIELDS} } }`;
const UNSNOOZE = `mutation($i: ConversationRefInput!) { unsnoozeConversation(input: $i) { ${FIELDS} } }`;
const PRIORITY = `mutation($i: SetConversationPriorityInput!) { setConversationPriority(input: $i) { ${FIELDS} } }`;
const CREATE_TAG = `mutation($i: CreateTagInput!) { createTag(input: $i) { id name } }`;
const UNTAG = `mutation($i: UntagConversationInput!) { untagConversation(input: $i) { ${FIELDS} } }`;
const TAGS = `query { tags { id name } }`;
const BULK_RESULT = 'succeededIds failures { conversationId code message }';
const BULK_ASSIGN = `mutation($i: BulkAssignInput!) { bulkAssignConversations(input: $i) { ${BULK_RESULT} } }`;
const BULK_CLOSE = `mutation($i: BulkConversationsInput!) { bulkCloseConversations(input: $i) { ${BULK_RESULT} } }`;
const BULK_TAG = `mutation($i: BulkTagInput!) { bulkTagConversations(input: $i) { ${BULK_RESULT} } }`;
const SAVE_FILTER = `mutation($i: SaveFilterInput!) { saveFilter(input: $i) { id name view filter { status priority tagId channelId from to } } }`;
const SAVED = `query { savedFilters { id name view filter { status priority tagId } } }`;
const DELETE_FILTER = `mutation($id: ID!) { deleteSavedFilter(id: $id) }`;
const SEND = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;
const MARK_READ = `mutation($i: MarkConversationReadInput!) { markConversationRead(input: $i) { id operatorReadSeq } }`;
const OTHER_WS_CONVERSATION = '6f1d2c3b-0000-4000-8000-000000000001';

describe('inbox views, statuses, tags, bulk actions and saved filters (integration)', () => {
  let t: TestApp;
  let admin: string;
  let anna: string;
  let boris: string;
  let olga: string;
  let annaId: string;
  let borisId: string;
  let olgaId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, boris, olga] = await Promise.all(['admin@demo.test', 'anna@demo.test', 'boris@demo.test', 'olga@demo.test'].map((e) => t.login(e)));
    const ops: Array<{ id: string; email: string }> = await t.db.query(`SELECT id, email FROM operators`);
    const id = (email: string) => ops.find((o) => o.email === email)!.id;
    [annaId, borisId, olgaId] = [id('anna@demo.test'), id('boris@demo.test'), id('olga@demo.test')];
    // E1: agents create new tags only through a group granting "Create tags" (tag-admin spec covers the refusal)
    const [{ workspace_id: ws }] = await t.db.query(`SELECT workspace_id FROM operators WHERE id = $1`, [annaId]);
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Taggers', '{create_tags}') RETURNING id`, [ws]);
    for (const op of [annaId, borisId]) await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, op, ws]);
  });
  afterAll(async () => t?.stop());

  async function gql(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
    const r = await t.graphql(query, variables, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  }
  async function errorOf(query: string, variables: Record<string, unknown>, token: string): Promise<{ code: string; message: string }> {
    const r = await t.graphql(query, variables, token);
    expect(r.errors).toBeDefined();
    return { code: r.errors![0].extensions?.['code'], message: r.errors![0].message };
  }
  async function chat(takenBy?: string): Promise<string> {
    const { v, conversationId } = await t.visitorWithConversation(`hello ${Math.random()}`);
    v.close();
    if (takenBy) await gql(TAKE, { i: { conversationId } }, takenBy);
    return conversationId;
  }
  async function ids(token: string, view: string, filter?: Record<string, unknown>): Promise<string[]> {
    const d = await gql(LIST, { view, filter, first: 100 }, token);
    return d.conversations.nodes.map((n: any) => n.id);
  }
  /** Polls until `check` passes (jobs run in the background). */
  async function eventually(check: () => Promise<void>, timeoutMs = 8000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (e) {
        if (Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  async function counts(token: string): Promise<Record<string, number>> {
    const d = await gql(COUNTS, {}, token);
    return Object.fromEntries(d.inboxCounts.map((c: any) => [c.view, c.unread]));
  }

  describe('views and visibility', () => {
    let queued: string;
    let annas: string;
    let boriss: string;
    beforeAll(async () => {
      queued = await chat();
      annas = await chat(anna);
      boriss = await chat(boris);
    });

    it('mine, queue and all follow the caller, and an agent never sees another agent’s chat', async () => {
      expect(await ids(anna, 'mine')).toContain(annas);
      expect(await ids(anna, 'mine')).not.toContain(boriss);
      expect(await ids(anna, 'queue')).toContain(queued);
      expect(await ids(anna, 'queue')).not.toContain(annas);
      const annaAll = await ids(anna, 'all');
      expect(annaAll).toEqual(expect.arrayContaining([queued, annas]));
      expect(annaAll).not.toContain(boriss);
      expect(await ids(anna, 'all', { assigneeId: borisId })).toEqual([]);
      expect(await ids(admin, 'all')).toEqual(expect.arrayContaining([queued, annas, boriss]));
      expect(await ids(olga, 'all')).toEqual(expect.arrayContaining([queued, annas, boriss]));
    });

    it('pending and closed views list by status; reopen brings one back', async () => {
      const c = await chat(anna);
      const p = await gql(PENDING, { i: { conversationId: c } }, anna);
      expect(p.markConversationPending.status).toBe('pending');
      expect(await ids(anna, 'pending')).toContain(c);
      expect(await ids(anna, 'mine')).toContain(c);
      await gql(`mutation($i: CloseConversationInput!) { closeConversation(input: $i) { id } }`, { i: { conversationId: c } }, anna);
      expect(await ids(anna, 'closed')).toContain(c);
      expect(await ids(anna, 'mine')).not.toContain(c);
      expect(await ids(anna, 'pending')).not.toContain(c);
      expect((await errorOf(PENDING, { i: { conversationId: c } }, anna)).code).toBe('CONFLICT');
      const r = await gql(REOPEN, { i: { conversationId: c } }, anna);
      expect(r.reopenConversation.status).toBe('open');
      expect(await ids(anna, 'closed')).not.toContain(c);
      expect((await errorOf(REOPEN, { i: { conversationId: c } }, anna)).code).toBe('CONFLICT');
      expect((await errorOf(REOPEN, { i: { conversationId: boriss } }, anna)).code).toBe('FORBIDDEN');
      expect((await errorOf(REOPEN, { i: { conversationId: c } }, olga)).code).toBe('FORBIDDEN');
    });

    it('sorts by last activity and pages with a keyset cursor without gaps or repeats', async () => {
      const all: string[] = [];
      let after: string | null = null;
      do {
        const d: any = await gql(LIST, { view: 'all', first: 2, after }, admin);
        all.push(...d.conversations.nodes.map((n: any) => n.id));
        after = d.conversations.pageInfo.hasNextPage ? d.conversations.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(await ids(admin, 'all'));
      const times: Array<{ id: string; t: string }> = await t.db.query(`SELECT id, last_message_at AS t FROM conversations WHERE deleted_at IS NULL AND snoozed_until IS NULL ORDER BY last_message_at DESC, id DESC`);
      expect(all).toEqual(times.map((r) => r.id));
    });

    it('refuses a bad cursor, page size, date range and an unknown view', async () => {
      expect((await errorOf(LIST, { view: 'all', first: 10, after: 'garbage' }, admin)).code).toBe('BAD_USER_INPUT');
      expect((await errorOf(LIST, { view: 'all', first: 0 }, admin)).message).toMatch(/first/);
      expect((await errorOf(LIST, { view: 'all', first: 101 }, admin)).message).toMatch(/first/);
      expect((await errorOf(LIST, { view: 'all', filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, admin)).message).toMatch(/before/);
      expect((await errorOf(LIST, { view: 'all', filter: { channelId: 'not-a-uuid' } }, admin)).message).toMatch(/channelId/);
      expect((await t.graphql(LIST, { view: 'everything' }, admin)).errors).toBeDefined();
    });

    it('filters by channel, status, assignee, date range, and ids of another workspace find nothing', async () => {
      const [{ channel_id }] = await t.db.query(`SELECT channel_id FROM conversations WHERE id = $1`, [annas]);
      expect(await ids(admin, 'all', { channelId: channel_id })).toContain(annas);
      expect(await ids(admin, 'all', { channelId: OTHER_WS_CONVERSATION })).toEqual([]);
      expect(await ids(admin, 'all', { status: 'queued' })).toContain(queued);
      expect(await ids(admin, 'all', { status: 'queued' })).not.toContain(annas);
      const byBoris = await ids(admin, 'all', { assigneeId: borisId });
      expect(byBoris).toContain(boriss);
      expect(byBoris).not.toContain(annas);
      await t.db.query(`UPDATE conversations SET last_message_at = '2020-01-15T10:00:00Z' WHERE id = $1`, [queued]);
      expect(await ids(admin, 'all', { from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' })).toEqual([queued]);
      expect(await ids(admin, 'all', { from: '2020-02-01T00:00:00Z' })).not.toContain(queued);
    });
  });

  describe('group filter (SPEC B3)', () => {
    it('lists the conversations routed to a group, nothing for an unknown group, and refuses a malformed id', async () => {
      const [sales] = await t.db.query(`SELECT id FROM operator_groups WHERE name = 'Sales'`);
      const inSales = await chat();
      const noGroup = await chat();
      await t.db.query(`UPDATE conversations SET group_id = $2 WHERE id = $1`, [inSales, sales.id]);
      const listed = await ids(admin, 'all', { groupId: sales.id });
      expect(listed).toContain(inSales);
      expect(listed).not.toContain(noGroup);
      expect(await ids(admin, 'all', { groupId: OTHER_WS_CONVERSATION })).toEqual([]);
      expect((await errorOf(LIST, { view: 'all', filter: { groupId: 'sales' } }, admin)).message).toMatch(/groupId/);
      const saved = (await gql(`mutation($i: SaveFilterInput!) { saveFilter(input: $i) { filter { groupId } } }`, { i: { name: 'Sales queue', view: 'queue', filter: { groupId: sales.id } } }, admin)).saveFilter;
      expect(saved.filter.groupId).toBe(sales.id);
    });
  });

  describe('priority', () => {
    it('is normal by default, settable, filterable and refuses unknown values and observers', async () => {
      const c = await chat(anna);
      expect((await gql(LIST, { view: 'mine', first: 100 }, anna)).conversations.nodes.find((n: any) => n.id === c).priority).toBe('normal');
      const r = await gql(PRIORITY, { i: { conversationId: c, priority: 'urgent' } }, anna);
      expect(r.setConversationPriority.priority).toBe('urgent');
      expect(await ids(admin, 'all', { priority: 'urgent' })).toEqual([c]);
      expect(await ids(admin, 'all', { priority: 'low' })).not.toContain(c);
      expect((await t.graphql(PRIORITY, { i: { conversationId: c, priority: 'critical' } }, anna)).errors).toBeDefined();
      expect((await errorOf(PRIORITY, { i: { conversationId: c, priority: 'low' } }, olga)).code).toBe('FORBIDDEN');
      expect((await errorOf(PRIORITY, { i: { conversationId: c, priority: 'low' } }, boris)).code).toBe('FORBIDDEN');
      expect((await errorOf(PRIORITY, { i: { conversationId: OTHER_WS_CONVERSATION, priority: 'low' } }, admin)).code).toBe('NOT_FOUND');
    });
  });

  describe('snooze', () => {
    it('hides a conversation until its time, then the job brings it back live', async () => {
      const c = await chat(anna);
      const sub = t.subscriptions(anna);
      await sub.connected;
      const events = collect<any>(sub, `subscription { inboxEvent { kind conversation { id snoozedUntil } } }`, 2);
      await events.ready;
      const until = new Date(Date.now() + 1500).toISOString();
      const r = await gql(SNOOZE, { i: { conversationId: c, until } }, anna);
      expect(r.snoozeConversation.snoozedUntil).toBe(until);
      expect(await ids(anna, 'mine')).not.toContain(c);
      expect(await ids(anna, 'all')).not.toContain(c);
      expect(await ids(anna, 'snoozed')).toContain(c);
      await eventually(async () => expect(await ids(anna, 'mine')).toContain(c));
      expect(await ids(anna, 'snoozed')).not.toContain(c);
      const got = await events.done;
      expect(got.map((e) => e.inboxEvent.conversation.snoozedUntil)).toEqual([until, null]);
      await sub.client.dispose();
    });

    it('the wake-up job and a visitor message wake it; unsnooze too', async () => {
      const { v, conversationId: c } = await t.visitorWithConversation('first');
      await gql(TAKE, { i: { conversationId: c } }, anna);
      await gql(SNOOZE, { i: { conversationId: c, until: new Date(Date.now() + 3_600_000).toISOString() } }, anna);
      expect(await ids(anna, 'mine')).not.toContain(c);
      await v.ack(v.send('are you there?'));
      v.close();
      expect(await ids(anna, 'mine')).toContain(c);

      await gql(SNOOZE, { i: { conversationId: c, until: new Date(Date.now() + 3_600_000).toISOString() } }, anna);
      await t.queue().add(QueueName.maintenance, WAKE_SNOOZED_CONVERSATIONS_JOB, { now: new Date(Date.now() + 2 * 3_600_000).toISOString() });
      await eventually(async () => expect(await ids(anna, 'mine')).toContain(c));

      await gql(SNOOZE, { i: { conversationId: c, until: new Date(Date.now() + 3_600_000).toISOString() } }, anna);
      const u = await gql(UNSNOOZE, { i: { conversationId: c } }, anna);
      expect(u.unsnoozeConversation.snoozedUntil).toBeNull();
      expect(await ids(anna, 'mine')).toContain(c);
    });

    it('refuses a time in the past, too far ahead, a closed conversation, observers and other agents', async () => {
      const c = await chat(anna);
      expect((await errorOf(SNOOZE, { i: { conversationId: c, until: new Date(Date.now() - 60_000).toISOString() } }, anna)).code).toBe('BAD_USER_INPUT');
      expect((await errorOf(SNOOZE, { i: { conversationId: c, until: new Date(Date.now() + 400 * 86_400_000).toISOString() } }, anna)).code).toBe('BAD_USER_INPUT');
      expect((await t.graphql(SNOOZE, { i: { conversationId: c, until: 'tomorrow' } }, anna)).errors).toBeDefined();
      const later = new Date(Date.now() + 3_600_000).toISOString();
      expect((await errorOf(SNOOZE, { i: { conversationId: c, until: later } }, olga)).code).toBe('FORBIDDEN');
      expect((await errorOf(SNOOZE, { i: { conversationId: c, until: later } }, boris)).code).toBe('FORBIDDEN');
      await gql(`mutation($i: CloseConversationInput!) { closeConversation(input: $i) { id } }`, { i: { conversationId: c } }, anna);
      expect((await errorOf(SNOOZE, { i: { conversationId: c, until: later } }, anna)).code).toBe('CONFLICT');
    });
  });

  describe('unread counts', () => {
    it('count conversations with unread messages per view and follow reads and replies', async () => {
      const before = await counts(anna);
      const c = await chat();
      const afterNew = await counts(anna);
      expect(afterNew['queue']).toBe(before['queue'] + 1);
      expect(afterNew['all']).toBe(before['all'] + 1);
      await gql(TAKE, { i: { conversationId: c } }, anna);
      const afterTake = await counts(anna);
      expect(afterTake['queue']).toBe(before['queue']);
      expect(afterTake['mine']).toBe(before['mine'] + 1);
      // boris does not see anna's chat at all
      const borisCounts = await counts(boris);
      const sent = await gql(SEND, { i: { conversationId: c, clientId: `r-${Date.now()}`, body: 'Hi!' } }, anna);
      expect((await counts(anna))['mine']).toBe(before['mine'] + 1);
      // the operator app marks what it shows as read (the reply included)
      await gql(MARK_READ, { i: { conversationId: c, seq: sent.sendMessage.seq } }, anna);
      const afterReply = await counts(anna);
      expect(afterReply['mine']).toBe(before['mine']);
      expect(await counts(boris)).toEqual(borisCounts);
      const { v, conversationId: c2 } = await t.visitorWithConversation('one');
      await gql(TAKE, { i: { conversationId: c2 } }, anna);
      const ack = await v.ack(v.send('two'));
      v.close();
      expect((await counts(anna))['mine']).toBe(before['mine'] + 1);
      await gql(MARK_READ, { i: { conversationId: c2, seq: ack.message.seq } }, anna);
      expect((await counts(anna))['mine']).toBe(before['mine']);
      const adminCounts = await counts(admin);
      expect(Object.keys(adminCounts).sort()).toEqual(['all', 'closed', 'mine', 'pending', 'queue']);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM conversations WHERE last_seq > operator_read_seq AND deleted_at IS NULL AND snoozed_until IS NULL`);
      expect(adminCounts['all']).toBe(n);
    });
  });

  describe('tags and bulk actions', () => {
    it('creates a tag once (case-insensitive) and refuses an empty or long name', async () => {
      const a = await gql(CREATE_TAG, { i: { name: 'VIP' } }, anna);
      const b = await gql(CREATE_TAG, { i: { name: '  vip ' } }, boris);
      expect(b.createTag.id).toBe(a.createTag.id);
      expect((await gql(TAGS, {}, olga)).tags.map((x: any) => x.name)).toContain('VIP');
      expect((await t.graphql(CREATE_TAG, { i: { name: '' } }, anna)).errors).toBeDefined();
      expect((await errorOf(CREATE_TAG, { i: { name: '   ' } }, anna)).code).toBe('BAD_USER_INPUT');
      expect((await t.graphql(CREATE_TAG, { i: { name: 'x'.repeat(41) } }, anna)).errors).toBeDefined();
      expect((await errorOf(CREATE_TAG, { i: { name: 'observer-tag' } }, olga)).code).toBe('FORBIDDEN');
    });

    it('bulk-tags the rows the caller may change, reports the others, filters by tag and untags', async () => {
      const tag = (await gql(CREATE_TAG, { i: { name: 'refund' } }, admin)).createTag;
      const mine = await chat(anna);
      const queued = await chat();
      const boriss = await chat(boris);
      const r = (await gql(BULK_TAG, { i: { conversationIds: [mine, queued, boriss, OTHER_WS_CONVERSATION], tagId: tag.id } }, anna)).bulkTagConversations;
      expect(r.succeededIds.sort()).toEqual([mine, queued].sort());
      expect(r.failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ conversationId: boriss, code: 'FORBIDDEN' }),
          expect.objectContaining({ conversationId: OTHER_WS_CONVERSATION, code: 'NOT_FOUND' }),
        ]),
      );
      expect((await ids(admin, 'all', { tagId: tag.id })).sort()).toEqual([mine, queued].sort());
      const node = (await gql(LIST, { view: 'mine', first: 100 }, anna)).conversations.nodes.find((n: any) => n.id === mine);
      expect(node.tags).toEqual([tag]);
      const u = await gql(UNTAG, { i: { conversationId: mine, tagId: tag.id } }, anna);
      expect(u.untagConversation.id).toBe(mine);
      expect(await ids(admin, 'all', { tagId: tag.id })).toEqual([queued]);
      expect((await errorOf(LIST, { view: 'all', filter: { tagId: OTHER_WS_CONVERSATION } }, admin)).message).toMatch(/Unknown tag/);
      expect((await errorOf(BULK_TAG, { i: { conversationIds: [mine], tagId: OTHER_WS_CONVERSATION } }, anna)).code).toBe('NOT_FOUND');
      expect((await errorOf(BULK_TAG, { i: { conversationIds: [mine], tagId: tag.id } }, olga)).code).toBe('FORBIDDEN');
    });

    it('bulk-closes with per-row checks; observers may not', async () => {
      const a1 = await chat(anna);
      const a2 = await chat(anna);
      const b1 = await chat(boris);
      const obs = await errorOf(BULK_CLOSE, { i: { conversationIds: [a1, a2] } }, olga);
      expect(obs.code).toBe('FORBIDDEN');
      expect(await ids(admin, 'closed')).not.toContain(a1);
      const r = (await gql(BULK_CLOSE, { i: { conversationIds: [a1, a2, b1, a1] } }, anna)).bulkCloseConversations;
      expect(r.succeededIds.sort()).toEqual([a1, a2].sort());
      expect(r.failures).toEqual([expect.objectContaining({ conversationId: b1, code: 'FORBIDDEN' })]);
      const closed = await ids(admin, 'closed');
      expect(closed).toEqual(expect.arrayContaining([a1, a2]));
      expect(closed).not.toContain(b1);
      expect((await t.graphql(BULK_CLOSE, { i: { conversationIds: [] } }, anna)).errors![0].message).toMatch(/at least one/);
      expect((await t.graphql(BULK_CLOSE, { i: { conversationIds: ['nope'] } }, anna)).errors).toBeDefined();
      expect((await t.graphql(BULK_CLOSE, { i: { conversationIds: Array.from({ length: 101 }, () => a1) } }, anna)).errors![0].message).toMatch(/At most/);
    });

    it('bulk-assigns: admins anything, agents the queue and their own; never to observers or strangers', async () => {
      const q1 = await chat();
      const b1 = await chat(boris);
      const r = (await gql(BULK_ASSIGN, { i: { conversationIds: [q1, b1], assigneeId: annaId } }, admin)).bulkAssignConversations;
      expect(r.succeededIds.sort()).toEqual([q1, b1].sort());
      expect(await ids(anna, 'mine')).toEqual(expect.arrayContaining([q1, b1]));
      const statuses = (await gql(LIST, { view: 'mine', first: 100 }, anna)).conversations.nodes.filter((n: any) => n.id === q1);
      expect(statuses[0].status).toBe('open');
      const b2 = await chat(boris);
      const byAgent = (await gql(BULK_ASSIGN, { i: { conversationIds: [q1, b2], assigneeId: borisId } }, anna)).bulkAssignConversations;
      expect(byAgent.succeededIds).toEqual([q1]);
      expect(byAgent.failures).toEqual([expect.objectContaining({ conversationId: b2, code: 'FORBIDDEN' })]);
      expect(await ids(boris, 'mine')).toContain(q1);
      expect((await errorOf(BULK_ASSIGN, { i: { conversationIds: [q1], assigneeId: olgaId } }, admin)).code).toBe('BAD_USER_INPUT');
      expect((await errorOf(BULK_ASSIGN, { i: { conversationIds: [q1], assigneeId: OTHER_WS_CONVERSATION } }, admin)).code).toBe('NOT_FOUND');
      expect((await errorOf(BULK_ASSIGN, { i: { conversationIds: [q1], assigneeId: annaId } }, olga)).code).toBe('FORBIDDEN');
    });
  });

  describe('saved filters', () => {
    it('saves, lists per operator, refuses duplicates and unknown tags, and deletes only one’s own', async () => {
      const tag = (await gql(CREATE_TAG, { i: { name: 'billing' } }, anna)).createTag;
      const s = (await gql(SAVE_FILTER, { i: { name: 'Urgent billing', view: 'mine', filter: { priority: 'urgent', tagId: tag.id, from: '2026-01-01T00:00:00.000Z' } } }, anna)).saveFilter;
      expect(s).toMatchObject({ name: 'Urgent billing', view: 'mine', filter: { priority: 'urgent', tagId: tag.id, status: null, from: '2026-01-01T00:00:00.000Z' } });
      expect((await gql(SAVED, {}, anna)).savedFilters.map((f: any) => f.name)).toEqual(['Urgent billing']);
      expect((await gql(SAVED, {}, boris)).savedFilters).toEqual([]);
      expect((await errorOf(SAVE_FILTER, { i: { name: 'urgent BILLING', view: 'all', filter: {} } }, anna)).code).toBe('CONFLICT');
      expect((await errorOf(SAVE_FILTER, { i: { name: 'x', view: 'all', filter: { tagId: OTHER_WS_CONVERSATION } } }, anna)).message).toMatch(/Unknown tag/);
      expect((await t.graphql(SAVE_FILTER, { i: { name: '', view: 'all', filter: {} } }, anna)).errors).toBeDefined();
      expect((await t.graphql(SAVE_FILTER, { i: { name: 'y', view: 'nope', filter: {} } }, anna)).errors).toBeDefined();
      expect((await errorOf(DELETE_FILTER, { id: s.id }, boris)).code).toBe('NOT_FOUND');
      expect((await gql(DELETE_FILTER, { id: s.id }, anna)).deleteSavedFilter).toBe(s.id);
      expect((await gql(SAVED, {}, anna)).savedFilters).toEqual([]);
    });
  });
});
