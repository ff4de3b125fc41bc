import { CLIENT_NOTE_MAX_LENGTH } from '@parley/shared/contracts';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/** Issue #11 (E6): notes on a client — 5 newest then 3 more, 2000 characters, authors and admins, live. */

const NOTE_FIELDS = `id contactId body authorId authorName createdAt updatedAt edited`;
const LIST = `query($c: ID!, $first: Int, $after: String) { clientNotes(contactId: $c, first: $first, after: $after) { totalCount nodes { ${NOTE_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
const ADD = `mutation($i: AddClientNoteInput!) { addClientNote(input: $i) { ${NOTE_FIELDS} } }`;
const UPDATE = `mutation($i: UpdateClientNoteInput!) { updateClientNote(input: $i) { ${NOTE_FIELDS} } }`;
const DELETE = `mutation($i: DeleteClientNoteInput!) { deleteClientNote(input: $i) }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId noteId actorId } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('CRM notes on a client (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, boris: string, olga: string;
  let workspaceId: string;
  const ids: Record<string, string> = {};
  const newClient = async (): Promise<string> => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Noted Client') RETURNING id`, [workspaceId]))[0].id;
  const add = async (contactId: string, body: string, token = anna) => {
    const r = await t.graphql(ADD, { i: { contactId, body } }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['addClientNote'];
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, boris, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    Object.assign(ids, roles.ids);
  });
  afterAll(async () => t?.stop());

  it('7 notes: the 5 newest first, then 3 more, then the last one; every role reads them', async () => {
    const c = await newClient();
    for (let i = 1; i <= 7; i++) await add(c, `note ${i}`, i % 2 ? anna : sam);
    for (const token of [admin, sam, anna, olga]) {
      const p1 = (await t.graphql(LIST, { c, first: 5 }, token)).data?.['clientNotes'];
      expect(p1.nodes.map((n: any) => n.body)).toEqual(['note 7', 'note 6', 'note 5', 'note 4', 'note 3']);
      expect(p1).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true } });
      const p2 = (await t.graphql(LIST, { c, first: 3, after: p1.pageInfo.endCursor }, token)).data?.['clientNotes'];
      expect(p2.nodes.map((n: any) => n.body)).toEqual(['note 2', 'note 1']);
      expect(p2.pageInfo.hasNextPage).toBe(false);
    }
    const first = (await t.graphql(LIST, { c, first: 5 }, anna)).data?.['clientNotes'].nodes[0];
    expect(first).toMatchObject({ contactId: c, authorId: ids['anna'], authorName: 'Anna Nowak', edited: false });
    // the default page is 5
    expect((await t.graphql(LIST, { c }, anna)).data?.['clientNotes'].nodes).toHaveLength(5);
    // the list reads the (contact_id, created_at, id) index
    const plan = await t.db.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return m.query(`EXPLAIN SELECT * FROM contact_notes WHERE contact_id = $1 AND workspace_id = $2 ORDER BY created_at DESC, id DESC LIMIT 6`, [c, workspaceId]);
    });
    expect(JSON.stringify(plan)).toContain('contact_notes_list_idx');
  });

  it('refuses empty, blank and over-long notes, bad page sizes and cursors, and unknown clients', async () => {
    const c = await newClient();
    for (const body of ['', '   \n\t ']) {
      const r = await t.graphql(ADD, { i: { contactId: c, body } }, anna);
      expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'body']);
      expect(r.errors?.[0].message).toMatch(/empty/);
    }
    const long = await t.graphql(ADD, { i: { contactId: c, body: 'x'.repeat(CLIENT_NOTE_MAX_LENGTH + 1) } }, anna);
    expect([code(long), field(long)]).toEqual(['BAD_USER_INPUT', 'body']);
    expect(long.errors?.[0].message).toMatch(/at most 2000 characters \(this one has 2001\)/);
    expect((await t.graphql(ADD, { i: { contactId: c, body: 'é'.repeat(CLIENT_NOTE_MAX_LENGTH) } }, anna)).errors).toBeUndefined();
    for (const first of [0, -1, 51]) expect(code(await t.graphql(LIST, { c, first }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(LIST, { c, after: 'garbage' }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(LIST, { c: '00000000-0000-4000-8000-000000000000' }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(ADD, { i: { contactId: '00000000-0000-4000-8000-000000000000', body: 'x' } }, anna))).toBe('NOT_FOUND');
    const note = await add(c, 'ok');
    expect(code(await t.graphql(UPDATE, { i: { id: note.id, body: '' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(UPDATE, { i: { id: note.id, body: 'y'.repeat(2001) } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(DELETE, { i: { id: '00000000-0000-4000-8000-000000000000' } }, anna))).toBe('NOT_FOUND');
  });

  it('authors edit and delete their own; admins and supervisors (delete_others_notes) any; other agents and observers none', async () => {
    const c = await newClient();
    expect(code(await t.graphql(ADD, { i: { contactId: c, body: 'observer was here' } }, olga))).toBe('FORBIDDEN');
    const annas = await add(c, 'Anna’s note');
    const forbiddenFor = async (token: string) => {
      expect(code(await t.graphql(UPDATE, { i: { id: annas.id, body: 'changed' } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(DELETE, { i: { id: annas.id } }, token))).toBe('FORBIDDEN');
    };
    await forbiddenFor(boris);
    await forbiddenFor(olga);
    let r = await t.graphql(UPDATE, { i: { id: annas.id, body: 'Anna’s note, corrected' } }, anna);
    expect(r.data?.['updateClientNote']).toMatchObject({ body: 'Anna’s note, corrected', edited: true, authorId: ids['anna'] });
    r = await t.graphql(UPDATE, { i: { id: annas.id, body: 'Fixed by the supervisor' } }, sam);
    expect(r.data?.['updateClientNote'].body).toBe('Fixed by the supervisor');
    r = await t.graphql(UPDATE, { i: { id: annas.id, body: 'Fixed by the admin' } }, admin);
    expect(r.data?.['updateClientNote'].body).toBe('Fixed by the admin');
    expect((await t.graphql(DELETE, { i: { id: annas.id } }, admin)).data?.['deleteClientNote']).toBe(true);
    const borises = await add(c, 'Boris’s note', boris);
    expect((await t.graphql(DELETE, { i: { id: borises.id } }, boris)).data?.['deleteClientNote']).toBe(true);
    const another = await add(c, 'For the supervisor', boris);
    expect((await t.graphql(DELETE, { i: { id: another.id } }, sam)).data?.['deleteClientNote']).toBe(true);
    expect((await t.graphql(LIST, { c }, anna)).data?.['clientNotes']).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('an agent granted "Edit and delete notes of others" by a group may delete another’s note', async () => {
    const c = await newClient();
    const note = await add(c, 'Anna wrote it');
    expect(code(await t.graphql(DELETE, { i: { id: note.id } }, boris))).toBe('FORBIDDEN');
    const [g] = await t.db.query(`INSERT INTO permission_groups (workspace_id, name, permissions) VALUES ($1, 'Note keepers', '{delete_others_notes}') RETURNING id`, [workspaceId]);
    await t.db.query(`INSERT INTO permission_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, ids['boris'], workspaceId]);
    expect((await t.graphql(DELETE, { i: { id: note.id } }, boris)).data?.['deleteClientNote']).toBe(true);
  });

  it('publishes added, edited and deleted notes to every operator with the client open', async () => {
    const c = await newClient();
    const sub = t.subscriptions(olga);
    const stream = collect<any>(sub, CHANGES(c), 3);
    await stream.ready;
    const note = await add(c, 'live');
    await t.graphql(UPDATE, { i: { id: note.id, body: 'live, edited' } }, anna);
    await t.graphql(DELETE, { i: { id: note.id } }, anna);
    const events = (await stream.done).map((e) => e.contactChanged);
    expect(events.map((e) => e.kind)).toEqual(['note_added', 'note_updated', 'note_deleted']);
    expect(events.every((e) => e.noteId === note.id && e.contactId === c && e.actorId === ids['anna'])).toBe(true);
    void sub.client.dispose();
  });
});
