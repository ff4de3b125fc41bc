import { TagAdminService } from '@parley/api/contacts';
import { ErrorCode, TAG_COLORS } from '@parley/shared/contracts';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #11 (E1): one tag set for clients and conversations; typeahead, creation with the right,
 * pinning; an admin's rename / recolour / delete over many clients as a batched background job
 * with progress, a lock, audit; the inbox filter by tags (any / all).
 * TAG_ADMIN_CLIENTS sets how many tagged clients the job runs over (default 20,000).
 */
const CLIENTS = Number(process.env['TAG_ADMIN_CLIENTS'] ?? 20_000);
const TAG = `id name color pinned`;
const JOB = `id tagId kind state oldName oldColor name color clients conversations processed total error`;
const SEARCH = `query($q: String!, $first: Int) { searchTags(query: $q, first: $first) { ${TAG} } }`;
const TAG_CONTACT = `mutation($i: TagContactInput!) { tagContact(input: $i) { id tags { ${TAG} } } }`;
const PIN = `mutation($i: PinContactTagInput!) { pinContactTag(input: $i) { id tags { ${TAG} } } }`;
const UNTAG = `mutation($i: UntagContactInput!) { untagContact(input: $i) { id tags { ${TAG} } } }`;
const IMPACT = `query($id: ID!) { tagImpact(tagId: $id) { tag { ${TAG} } clients conversations } }`;
const UPDATE = `mutation($i: UpdateTagInput!) { updateTag(input: $i) { ${JOB} } }`;
const DELETE = `mutation($i: DeleteTagInput!) { deleteTag(input: $i) { ${JOB} } }`;
const STATUS = `query($id: ID!) { tagJob(id: $id) { ${JOB} } }`;
const EVENTS = `subscription { tagEvents { kind tag { ${TAG} } job { ${JOB} } } }`;
const INBOX = `query($f: ConversationFilterInput) { conversations(view: all, first: 50, filter: $f) { nodes { id } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('Tags: typeahead, pinning and admin jobs (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, olga: string;
  let ws: string;
  let conversationId: string;
  let contactId: string;

  const newTag = async (name: string, color = '#64b5f6'): Promise<string> =>
    (await t.db.query(`INSERT INTO tags (workspace_id, name, color) VALUES ($1, $2, $3) RETURNING id`, [ws, name, color]))[0].id;
  /** `n` clients with the tag, made in one statement (plus every 10th one's conversation tag through a conversation row). */
  const tagClients = async (tagId: string, n: number): Promise<void> => {
    await t.db.query(
      `WITH c AS (INSERT INTO contacts (workspace_id, name) SELECT $1, 'Bulk client ' || g FROM generate_series(1, $3::int) g RETURNING id)
       INSERT INTO contact_tags (contact_id, tag_id, workspace_id) SELECT id, $2, $1 FROM c`,
      [ws, tagId, n],
    );
  };
  /** Polls the status query (as the benchmark does) until the job is no longer running. */
  const waitJob = async (id: string, token = admin): Promise<any> => {
    for (const until = Date.now() + 120_000; Date.now() < until; ) {
      const job = (await t.graphql(STATUS, { id }, token)).data?.['tagJob'];
      if (job?.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`tag job ${id} still running`);
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, olga } = roles.tokens);
    ws = roles.workspaceId;
    const c = await t.visitorWithConversation('Hi, tags please');
    c.v.close();
    conversationId = c.conversationId;
    contactId = (await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [conversationId]))[0].contact_id;
  }, 60_000);
  afterAll(async () => t?.stop());

  it('one tag set: a tag created for a client is the one the conversations use (and the reverse)', async () => {
    const r = await t.graphql(TAG_CONTACT, { i: { conversationId, name: '  Shared   one ' } }, sam);
    expect(r.errors).toBeUndefined();
    const tag = r.data?.['tagContact'].tags.find((x: any) => x.name === 'Shared one');
    expect(TAG_COLORS).toContain(tag.color);
    const created = await t.graphql(`mutation { createTag(input: { name: "shared ONE" }) { ${TAG} } }`, {}, sam);
    expect(created.data?.['createTag'].id).toBe(tag.id);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM tags WHERE workspace_id = $1 AND lower(name) = 'shared one'`, [ws]))[0].n).toBe(1);
    const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'tag.created' AND target_id = $1::text`, [tag.id]);
    expect(audit).toHaveLength(1);
  });

  it('typeahead: contains the text, prefix matches first, limited; bad first refused', async () => {
    for (const n of ['Apple lover', 'Big apple', 'Pineapple', 'Banana']) await newTag(n);
    const r = await t.graphql(SEARCH, { q: 'apple', first: 10 }, anna);
    expect(r.data?.['searchTags'].map((x: any) => x.name)).toEqual(['Apple lover', 'Big apple', 'Pineapple']);
    expect((await t.graphql(SEARCH, { q: 'APP', first: 1 }, olga)).data?.['searchTags'].map((x: any) => x.name)).toEqual(['Apple lover']);
    expect((await t.graphql(SEARCH, { q: '%', first: 10 }, anna)).data?.['searchTags']).toEqual([]);
    expect(code(await t.graphql(SEARCH, { q: 'a', first: 0 }, anna))).toBe(ErrorCode.BadUserInput);
    expect(code(await t.graphql(SEARCH, { q: 'a', first: 51 }, anna))).toBe(ErrorCode.BadUserInput);
  });

  it('creating needs "Create tags": an agent adds existing tags but cannot create one (nor through createTag)', async () => {
    const refused = await t.graphql(TAG_CONTACT, { i: { conversationId, name: 'Agent made' } }, anna);
    expect(code(refused)).toBe(ErrorCode.Forbidden);
    expect(refused.errors?.[0].message).toContain('Create tags');
    expect(code(await t.graphql(`mutation { createTag(input: { name: "Agent made" }) { id } }`, {}, anna))).toBe(ErrorCode.Forbidden);
    expect((await t.db.query(`SELECT 1 FROM tags WHERE lower(name) = 'agent made'`))).toHaveLength(0);
    const ok = await t.graphql(TAG_CONTACT, { i: { conversationId, name: 'banana' } }, anna);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.['tagContact'].tags.map((x: any) => x.name)).toContain('Banana');
    // an observer changes nothing
    expect(code(await t.graphql(TAG_CONTACT, { i: { conversationId, name: 'banana' } }, olga))).toBe(ErrorCode.Forbidden);
    // bad names
    expect(field(await t.graphql(TAG_CONTACT, { i: { conversationId, name: '   ' } }, sam))).toBe('name');
    expect(field(await t.graphql(TAG_CONTACT, { i: { conversationId, name: 'x'.repeat(41) } }, sam))).toBe('name');
  });

  it('a pinned tag sorts first; unpin; NOT_FOUND for a tag the client lacks; observers refused', async () => {
    const tagged = await t.graphql(TAG_CONTACT, { i: { conversationId, name: 'Zeta pinned' } }, sam);
    const tags = tagged.data?.['tagContact'].tags;
    expect(tags.length).toBeGreaterThan(1);
    const last = tags.at(-1);
    expect(last.name).toBe('Zeta pinned');
    const pinned = await t.graphql(PIN, { i: { conversationId, tagId: last.id, pinned: true } }, anna);
    expect(pinned.errors).toBeUndefined();
    expect(pinned.data?.['pinContactTag'].tags[0]).toMatchObject({ id: last.id, pinned: true });
    const unpinned = await t.graphql(PIN, { i: { conversationId, tagId: last.id, pinned: false } }, anna);
    expect(unpinned.data?.['pinContactTag'].tags.every((x: any) => !x.pinned)).toBe(true);
    const other = await newTag('Never on this client');
    expect(code(await t.graphql(PIN, { i: { conversationId, tagId: other, pinned: true } }, anna))).toBe(ErrorCode.NotFound);
    expect(code(await t.graphql(PIN, { i: { conversationId, tagId: last.id, pinned: true } }, olga))).toBe(ErrorCode.Forbidden);
    expect(code(await t.graphql(PIN, { i: { conversationId, tagId: 'nope', pinned: true } }, anna))).toBe(ErrorCode.BadUserInput);
  });

  it(`rename + recolour over ${CLIENTS} clients: impact, batches with progress events, new name live at the end, audited`, async () => {
    const tagId = await newTag('Bulk VIP', '#e57373');
    await tagClients(tagId, CLIENTS);
    await t.db.query(`INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [conversationId, tagId, ws]);
    const impact = (await t.graphql(IMPACT, { id: tagId }, admin)).data?.['tagImpact'];
    expect(impact).toMatchObject({ clients: CLIENTS, conversations: 1, tag: { name: 'Bulk VIP' } });

    const batches = Math.ceil(CLIENTS / 5000) + 1;
    const sub = collect<any>(t.subscriptions(anna), EVENTS, batches + 3, 120_000);
    await sub.ready;
    const started = Date.now();
    const r = await t.graphql(UPDATE, { i: { tagId, name: 'Gold VIP', color: '#FFD54F' } }, admin);
    expect(r.errors).toBeUndefined();
    const job = r.data?.['updateTag'];
    expect(job).toMatchObject({ state: 'running', kind: 'update', oldName: 'Bulk VIP', name: 'Gold VIP', color: '#ffd54f', clients: CLIENTS, conversations: 1, total: CLIENTS + 1 });
    const done = await waitJob(job.id);
    expect(done).toMatchObject({ state: 'done', processed: CLIENTS + 1, error: null });
    console.log(`tag rename over ${CLIENTS} clients: ${Date.now() - started} ms`);

    const events = await sub.done;
    const progress = events.filter((e) => e.tagEvents.kind === 'job_progress').map((e) => e.tagEvents.job);
    // started, one per batch (5,000 rows each), done — monotonic
    expect(progress[0].state).toBe('running');
    expect(progress.filter((j) => j.state === 'running').length).toBeGreaterThanOrEqual(batches);
    const counts = progress.map((j) => j.processed);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(progress.at(-1)).toMatchObject({ state: 'done', processed: CLIENTS + 1 });
    expect(events.find((e) => e.tagEvents.kind === 'tag_updated')?.tagEvents.tag).toMatchObject({ id: tagId, name: 'Gold VIP', color: '#ffd54f' });

    expect((await t.db.query(`SELECT name, color FROM tags WHERE id = $1`, [tagId]))[0]).toEqual({ name: 'Gold VIP', color: '#ffd54f' });
    // every client is marked updated by the job
    expect((await t.db.query(`SELECT count(*)::int AS n FROM contacts c JOIN contact_tags ct ON ct.contact_id = c.id WHERE ct.tag_id = $1 AND c.updated_at < $2`, [tagId, new Date(started)]))[0].n).toBe(0);
    const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'tag.updated' AND target_id = $1::text`, [tagId]);
    expect(audit.map((a: any) => a.details.phase).sort()).toEqual(['finished', 'started']);
  }, 300_000);

  it('while a job runs, other tag edits are refused with TAG_JOB_RUNNING; after it, they work', async () => {
    const tagId = await newTag('Locked tag');
    const other = await newTag('Other tag');
    await tagClients(tagId, 2000);
    await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [contactId, tagId, ws]);
    // hold one tagged client so the job's first batch waits
    const qr = t.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`SELECT id FROM contacts WHERE id = $1 FOR UPDATE`, [contactId]);
    try {
      const r = await t.graphql(UPDATE, { i: { tagId, name: 'Locked renamed' } }, admin);
      expect(r.errors).toBeUndefined();
      const jobId = r.data?.['updateTag'].id;
      for (const attempt of [
        () => t.graphql(UPDATE, { i: { tagId: other, color: '#81c784' } }, admin),
        () => t.graphql(DELETE, { i: { tagId } }, admin),
        () => t.graphql(UNTAG, { i: { conversationId, tagId } }, sam),
        () => t.graphql(PIN, { i: { conversationId, tagId, pinned: true } }, sam),
        () => t.graphql(TAG_CONTACT, { i: { conversationId, name: 'Locked tag' } }, sam),
      ]) {
        const refused = await attempt();
        expect(code(refused)).toBe(ErrorCode.TagJobRunning);
        expect(refused.errors?.[0].extensions?.['jobId']).toBe(jobId);
        expect(refused.errors?.[0].message).toMatch(/try again|wait/i);
      }
      expect((await t.graphql(`query { runningTagJob { id state } }`, {}, anna)).data?.['runningTagJob']).toEqual({ id: jobId, state: 'running' });
    } finally {
      await qr.commitTransaction();
      await qr.release();
    }
    for (let i = 0; i < 600 && (await t.graphql(`query { runningTagJob { id } }`, {}, anna)).data?.['runningTagJob']; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await t.graphql(`query { runningTagJob { id } }`, {}, anna)).data?.['runningTagJob']).toBeNull();
    const ok = await t.graphql(UPDATE, { i: { tagId: other, color: '#81c784' } }, admin);
    expect(ok.errors).toBeUndefined();
    expect((await waitJob(ok.data?.['updateTag'].id)).state).toBe('done');
  }, 120_000);

  it(`delete over ${CLIENTS} clients: gone from every client, conversation and the catalog`, async () => {
    const tagId = await newTag('Doomed');
    await tagClients(tagId, CLIENTS);
    await t.db.query(`INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [conversationId, tagId, ws]);
    const sub = collect<any>(t.subscriptions(anna), `subscription { tagEvents { kind tag { id name } } }`, 1, 120_000);
    await sub.ready;
    const r = await t.graphql(DELETE, { i: { tagId } }, admin);
    expect(r.data?.['deleteTag']).toMatchObject({ kind: 'delete', clients: CLIENTS, conversations: 1 });
    // (the first event may be job_progress; wait for the job then check)
    const deleting = Date.now();
    const done = await waitJob(r.data?.['deleteTag'].id);
    console.log(`tag delete over ${CLIENTS} clients: ${Date.now() - deleting} ms`);
    expect(done).toMatchObject({ state: 'done', processed: CLIENTS + 1 });
    await sub.done;
    expect((await t.db.query(`SELECT count(*)::int AS n FROM contact_tags WHERE tag_id = $1`, [tagId]))[0].n).toBe(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM conversation_tags WHERE tag_id = $1`, [tagId]))[0].n).toBe(0);
    expect(await t.db.query(`SELECT 1 FROM tags WHERE id = $1`, [tagId])).toHaveLength(0);
    expect((await t.graphql(SEARCH, { q: 'doomed' }, anna)).data?.['searchTags']).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'tag.deleted' AND target_id = $1::text`, [tagId])).toHaveLength(2);
  }, 300_000);

  it('admins only; bad inputs: empty / long / taken name, bad colour, nothing to change, unknown tag', async () => {
    const tagId = await newTag('Editable');
    await newTag('Taken name');
    for (const token of [sam, anna, olga]) {
      expect(code(await t.graphql(UPDATE, { i: { tagId, name: 'x' } }, token))).toBe(ErrorCode.Forbidden);
      expect(code(await t.graphql(DELETE, { i: { tagId } }, token))).toBe(ErrorCode.Forbidden);
      expect(code(await t.graphql(IMPACT, { id: tagId }, token))).toBe(ErrorCode.Forbidden);
    }
    for (const [i, f] of [
      [{ tagId, name: '  ' }, 'name'],
      [{ tagId, name: 'y'.repeat(41) }, 'name'],
      [{ tagId, name: 'taken NAME' }, 'name'],
      [{ tagId, color: 'red' }, 'color'],
      [{ tagId, color: '#12345' }, 'color'],
      [{ tagId, color: '#gggggg' }, 'color'],
    ] as const) {
      const r = await t.graphql(UPDATE, { i }, admin);
      expect(code(r)).toBe(ErrorCode.BadUserInput);
      expect(field(r)).toBe(f);
    }
    expect(code(await t.graphql(UPDATE, { i: { tagId, name: 'Editable' } }, admin))).toBe(ErrorCode.BadUserInput);
    const unknown = '00000000-0000-4000-8000-000000000999';
    expect(code(await t.graphql(UPDATE, { i: { tagId: unknown, name: 'z' } }, admin))).toBe(ErrorCode.NotFound);
    expect(code(await t.graphql(DELETE, { i: { tagId: unknown } }, admin))).toBe(ErrorCode.NotFound);
    expect(code(await t.graphql(UPDATE, { i: { tagId: 'not-a-uuid', name: 'z' } }, admin))).toBe(ErrorCode.BadUserInput);
    expect(code(await t.graphql(STATUS, { id: unknown }, admin))).toBe(ErrorCode.NotFound);
    expect(await t.db.query(`SELECT 1 FROM tag_jobs WHERE tag_id = $1`, [tagId])).toHaveLength(0);
  });

  it('inbox filter by tags: any / all over conversation and client tags, unknown tag refused, indexed', async () => {
    const a = await newTag('Filter A');
    const b = await newTag('Filter B');
    const c2 = await t.visitorWithConversation('second chat');
    c2.v.close();
    // conversation 1: A on the conversation, B on its client; conversation 2: only A (on the conversation)
    await t.db.query(`INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id) VALUES ($1, $3, $4), ($2, $3, $4)`, [conversationId, c2.conversationId, a, ws]);
    await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [contactId, b, ws]);
    const ids = async (f: Record<string, unknown>) => ((await t.graphql(INBOX, { f }, admin)).data?.['conversations'].nodes ?? []).map((n: any) => n.id).sort();
    expect(await ids({ tagIds: [a, b], tagMatch: 'any' })).toEqual([conversationId, c2.conversationId].sort());
    expect(await ids({ tagIds: [a, b] })).toEqual([conversationId, c2.conversationId].sort());
    expect(await ids({ tagIds: [a, b], tagMatch: 'all' })).toEqual([conversationId]);
    expect(await ids({ tagIds: [b], tagMatch: 'all' })).toEqual([conversationId]);
    const unknown = await t.graphql(INBOX, { f: { tagIds: ['00000000-0000-4000-8000-000000000999'] } }, admin);
    expect(code(unknown)).toBe(ErrorCode.BadUserInput);
    expect(code(await t.graphql(INBOX, { f: { tagIds: ['x'] } }, admin))).toBe(ErrorCode.BadUserInput);
    expect(code(await t.graphql(INBOX, { f: { tagIds: [a], tagMatch: 'some' } }, admin))).toBe(ErrorCode.BadUserInput);
    const plan = JSON.stringify(
      await t.db.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        return m.query(`EXPLAIN SELECT 1 FROM contact_tags kt WHERE kt.contact_id = $1 AND kt.tag_id = $2`, [contactId, b]);
      }),
    );
    expect(plan).toContain('contact_tags_pkey');
  });

  it('the service is reachable for the benchmark (TagAdminService)', () => {
    expect(t.app.get(TagAdminService)).toBeInstanceOf(TagAdminService);
  });
});
