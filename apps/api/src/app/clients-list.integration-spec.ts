import { collect, TestApp } from '../testing/test-app';
import { crmRoles } from '../testing/crm-roles';

/** Issue #11 (E2): the Clients page — clients(filter, first, after), keyset over (created_at, id), every filter, bad input, isolation, live. */

const LIST = `query($f: ClientFilterInput, $first: Int, $after: String) {
  clients(filter: $f, first: $first, after: $after) { nodes { id name email phone createdAt owner { id } tags { id name } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_FIELD = `mutation($i: CreateCustomFieldInput!) { createCustomField(input: $i) { id } }`;
const SET_NAME = `mutation($i: SetContactNameInput!) { setContactName(input: $i) { id name } }`;
const CHANGES = `subscription { clientsChanged { kind contactId actorId contact { id name } } }`;

type R = { data?: any; errors?: Array<{ extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const field = (r: R) => r.errors?.[0]?.extensions?.['field'];
/** A malformed ID is refused at the edge (input guard), naming the argument path. */
const argument = (r: R) => r.errors?.[0]?.extensions?.['argument'];

describe('Clients page: the client list (integration)', () => {
  let t: TestApp;
  let tokens: Record<'admin' | 'sam' | 'anna' | 'boris' | 'olga', string>;
  let ids: Record<string, string>;
  let workspaceId: string;
  const tag: Record<string, string> = {};
  const fld: Record<string, string> = {};
  /** The test's clients by index: name "Lister <i>", created one hour apart (0 is the oldest). */
  const client: string[] = [];
  const N = 24;
  const BASE = Date.parse('2025-03-01T00:00:00Z');

  const list = (f: Record<string, unknown> | null, first = 100, after?: string | null, token = tokens.anna) => t.graphql(LIST, { f, first, after }, token) as Promise<R>;
  /** The test's clients a filter returns (other clients of the demo workspace are left out), as indexes. */
  const found = async (f: Record<string, unknown>): Promise<number[]> => {
    const r = await list({ query: 'lister', ...f });
    expect(r.errors).toBeUndefined();
    return r.data.clients.nodes.map((n: any) => client.indexOf(n.id)).filter((i: number) => i >= 0);
  };
  /** Indexes newest first (the list's order). */
  const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);

  beforeAll(async () => {
    t = await TestApp.start();
    ({ tokens, ids, workspaceId } = await crmRoles(t));
    for (const name of ['vip', 'wholesale', 'spare']) tag[name] = (await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, `list-${name}`]))[0].id;
    const make = async (i: Record<string, unknown>) => {
      const r = await t.graphql(CREATE_FIELD, { i }, tokens.admin);
      expect(r.errors).toBeUndefined();
      fld[i['name'] as string] = r.data?.['createCustomField'].id;
    };
    await make({ name: 'Card', type: 'text' });
    await make({ name: 'Orders', type: 'number' });
    await make({ name: 'Limit', type: 'decimal', rules: { scale: 2 } });
    await make({ name: 'Birthday', type: 'date' });
    await make({ name: 'Size', type: 'select', options: ['S', 'M', 'L'] });
    await make({ name: 'Interests', type: 'multi_select', options: ['Shoes', 'Bags', 'Hats'] });
    await make({ name: 'Wholesale', type: 'boolean' });
    await make({ name: 'Site', type: 'link' });
    for (let i = 0; i < N; i++) {
      const [c] = await t.db.query(
        `INSERT INTO contacts (workspace_id, name, email, phone, owner_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [workspaceId, `Lister ${i}`, `lister${i}@example${i % 2}.com`, `+49151000000${String(i).padStart(2, '0')}`, i % 3 === 0 ? null : i % 3 === 1 ? ids['anna'] : ids['boris'], new Date(BASE + i * 3_600_000)],
      );
      client.push(c.id);
      if (i % 2 === 0) await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [c.id, tag['vip'], workspaceId]);
      if (i % 3 === 0) await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [c.id, tag['wholesale'], workspaceId]);
      const v = (fieldId: string, cols: Record<string, unknown>) =>
        t.db.query(`INSERT INTO client_custom_values (contact_id, field_id, workspace_id, ${Object.keys(cols).join(', ')}) VALUES ($1, $2, $3, ${Object.keys(cols).map((_, k) => `$${k + 4}`).join(', ')})`, [c.id, fieldId, workspaceId, ...Object.values(cols)]);
      await v(fld['Card'], { value_text: `CARD-${i % 4}` });
      await v(fld['Orders'], { value_number: String(i) });
      await v(fld['Limit'], { value_number: `${i}.5` });
      await v(fld['Birthday'], { value_date: `1990-01-${String(i + 1).padStart(2, '0')}` });
      await v(fld['Size'], { value_text: ['S', 'M', 'L'][i % 3] });
      await v(fld['Interests'], { value_options: i % 4 === 0 ? ['Shoes', 'Bags'] : i % 4 === 1 ? ['Shoes'] : i % 4 === 2 ? ['Hats'] : [] });
      await v(fld['Wholesale'], { value_bool: i % 5 === 0 });
      if (i < 3) await v(fld['Site'], { value_text: `https://site${i}.example.com` });
    }
  });
  afterAll(async () => t?.stop());

  it('every role reads the list (observers too), newest first by created time then id, with the card fields', async () => {
    const truth = (await t.db.query(`SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, [workspaceId])).map((r: any) => r.id);
    for (const token of Object.values(tokens)) {
      const r = await list(null, 50, null, token);
      expect(r.errors).toBeUndefined();
      expect(r.data.clients.nodes.map((n: any) => n.id)).toEqual(truth);
    }
    const mine = (await list({ query: 'lister 5' })).data.clients.nodes;
    expect(mine).toEqual([expect.objectContaining({ id: client[5], name: 'Lister 5', email: 'lister5@example1.com', phone: '+4915100000005', owner: { id: ids['boris'] }, tags: [] })]);
    expect((await list({ query: 'lister 6' })).data.clients.nodes[0].tags.map((x: any) => x.name).sort()).toEqual(['list-vip', 'list-wholesale']);
    const anonymous = await t.graphql(`query { clients(first: 1) { nodes { id } } }`, {});
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('filters by tags: any of them or all of them', async () => {
    const all = [...Array(N).keys()];
    expect(await found({ tagIds: [tag['vip']] })).toEqual(desc(all.filter((i) => i % 2 === 0)));
    expect(await found({ tagIds: [tag['vip'], tag['wholesale']] })).toEqual(desc(all.filter((i) => i % 2 === 0 || i % 3 === 0)));
    expect(await found({ tagIds: [tag['vip'], tag['wholesale']], tagMatch: 'any' })).toEqual(desc(all.filter((i) => i % 2 === 0 || i % 3 === 0)));
    expect(await found({ tagIds: [tag['vip'], tag['wholesale']], tagMatch: 'all' })).toEqual(desc(all.filter((i) => i % 6 === 0)));
    expect(await found({ tagIds: [tag['spare']] })).toEqual([]);
    expect(await found({ tagIds: [] })).toEqual(desc(all));
  });

  it('a tag on more than RARE_TAG_ROWS (5,000) clients takes the other path with the same answers', async () => {
    const [common] = await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, 'list-common') RETURNING id`, [workspaceId]);
    await t.db.query(
      `WITH bulk AS (INSERT INTO contacts (workspace_id, name, created_at) SELECT $1, 'Bulk ' || g, $3::timestamptz - g * interval '1 minute' FROM generate_series(1, 5001) g RETURNING id)
       INSERT INTO contact_tags (contact_id, tag_id, workspace_id) SELECT id, $2, $1 FROM bulk`,
      [workspaceId, common.id, new Date(BASE)],
    );
    for (const [i, id] of client.entries()) if (i % 2 === 0) await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [id, common.id, workspaceId]);
    const all = [...Array(N).keys()];
    expect(await found({ tagIds: [common.id] })).toEqual(desc(all.filter((i) => i % 2 === 0)));
    expect(await found({ tagIds: [common.id, tag['wholesale']], tagMatch: 'all' })).toEqual(desc(all.filter((i) => i % 6 === 0)));
    expect(await found({ tagIds: [common.id, tag['wholesale']], tagMatch: 'any' })).toEqual(desc(all.filter((i) => i % 2 === 0 || i % 3 === 0)));
    const page = (await list({ tagIds: [common.id] }, 100)).data.clients;
    expect(page.nodes).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(true);
    await t.db.query(`DELETE FROM contacts WHERE name LIKE 'Bulk %'`);
  });

  it('filters by owner, and unassigned', async () => {
    const all = [...Array(N).keys()];
    expect(await found({ ownerId: ids['anna'] })).toEqual(desc(all.filter((i) => i % 3 === 1)));
    expect(await found({ ownerId: ids['boris'] })).toEqual(desc(all.filter((i) => i % 3 === 2)));
    expect(await found({ unassigned: true })).toEqual(desc(all.filter((i) => i % 3 === 0)));
    expect(await found({ unassigned: false })).toEqual(desc(all));
    expect(await found({ ownerId: ids['olga'] })).toEqual([]);
  });

  it('filters by custom field values: equals, ranges, contains — and combines every filter', async () => {
    const all = [...Array(N).keys()];
    const cf = (c: Record<string, unknown>) => found({ customFields: [c] });
    expect(await cf({ fieldId: fld['Card'], equals: 'CARD-1' })).toEqual(desc(all.filter((i) => i % 4 === 1)));
    expect(await cf({ fieldId: fld['Size'], equals: 'M' })).toEqual(desc(all.filter((i) => i % 3 === 1)));
    expect(await cf({ fieldId: fld['Wholesale'], equals: 'true' })).toEqual(desc(all.filter((i) => i % 5 === 0)));
    expect(await cf({ fieldId: fld['Wholesale'], equals: 'false' })).toEqual(desc(all.filter((i) => i % 5 !== 0)));
    expect(await cf({ fieldId: fld['Site'], equals: 'https://site1.example.com' })).toEqual([1]);
    expect(await cf({ fieldId: fld['Orders'], min: '5', max: '8' })).toEqual([8, 7, 6, 5]);
    expect(await cf({ fieldId: fld['Orders'], min: '20' })).toEqual([23, 22, 21, 20]);
    expect(await cf({ fieldId: fld['Orders'], max: '1' })).toEqual([1, 0]);
    // decimals compare as numeric: 2.5 <= x <= 3.5
    expect(await cf({ fieldId: fld['Limit'], min: '2.5', max: '3.5' })).toEqual([3, 2]);
    expect(await cf({ fieldId: fld['Limit'], min: '2.51' })).toEqual(desc(all.filter((i) => i >= 3)));
    expect(await cf({ fieldId: fld['Birthday'], min: '1990-01-10', max: '1990-01-12' })).toEqual([11, 10, 9]);
    expect(await cf({ fieldId: fld['Interests'], contains: ['Shoes'] })).toEqual(desc(all.filter((i) => i % 4 <= 1)));
    expect(await cf({ fieldId: fld['Interests'], contains: ['Shoes', 'Bags'] })).toEqual(desc(all.filter((i) => i % 4 === 0)));
    // two fields at once, with a tag and an owner
    expect(await found({ customFields: [{ fieldId: fld['Size'], equals: 'S' }, { fieldId: fld['Orders'], min: '6' }] })).toEqual(desc(all.filter((i) => i % 3 === 0 && i >= 6)));
    expect(await found({ tagIds: [tag['vip']], ownerId: ids['anna'], customFields: [{ fieldId: fld['Orders'], max: '16' }] })).toEqual([16, 10, 4]);
  });

  it('filters by created date range (from inclusive, to exclusive; a date alone covers its day)', async () => {
    const at = (i: number) => new Date(BASE + i * 3_600_000).toISOString();
    expect(await found({ createdFrom: at(20) })).toEqual([23, 22, 21, 20]);
    expect(await found({ createdTo: at(2) })).toEqual([1, 0]);
    expect(await found({ createdFrom: at(5), createdTo: at(8) })).toEqual([7, 6, 5]);
    // the clients span 2025-03-01 00:00 … 23:00 UTC: the day's date holds them all, the next day none
    expect(await found({ createdFrom: '2025-03-01', createdTo: '2025-03-01' })).toEqual(desc([...Array(N).keys()]));
    expect(await found({ createdFrom: '2025-03-02' })).toEqual([]);
  });

  it('free text finds name, e-mail and phone parts (any phone format, case-insensitive, % and _ are literal)', async () => {
    const q = async (query: string) => {
      const r = await list({ query });
      expect(r.errors).toBeUndefined();
      return r.data.clients.nodes.map((n: any) => client.indexOf(n.id)).filter((i: number) => i >= 0);
    };
    expect(await q('LISTER 1')).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 1]);
    expect(await q('lister7@')).toEqual([7]);
    expect(await q('example1.com')).toEqual(desc([...Array(N).keys()].filter((i) => i % 2 === 1)));
    expect(await q('+49 151 000000 13')).toEqual([13]);
    expect(await q('(0)15100000022')).toEqual([]);
    expect(await q('15100000022')).toEqual([22]);
    expect(await q('lis%er')).toEqual([]);
    expect(await q('   ')).toHaveLength(N);
  });

  it('pages by cursor with no duplicate or gap while clients are edited, added and removed', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    const gone = client[N - 3];
    for (;;) {
      const r = await list({ query: 'lister' }, 5, after);
      expect(r.errors).toBeUndefined();
      seen.push(...r.data.clients.nodes.map((n: any) => n.id));
      pages++;
      if (pages === 1) {
        // between pages: an unseen client is edited (updated_at moves), a new client is created, a seen one deleted
        expect((await t.graphql(SET_NAME, { i: { contactId: client[3], firstName: 'Lister', lastName: 'Three edited' } }, tokens.anna)).errors).toBeUndefined();
        await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Lister new')`, [workspaceId]);
        await t.db.query(`DELETE FROM contacts WHERE id = $1`, [gone]);
      }
      if (!r.data.clients.pageInfo.hasNextPage) break;
      after = r.data.clients.pageInfo.endCursor;
      expect(after).toEqual(expect.any(String));
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...client].reverse());
    const last = await list({ query: 'lister' }, 5, after);
    expect(last.data.clients.pageInfo).toMatchObject({ hasNextPage: false });
    await t.db.query(`INSERT INTO contacts (id, workspace_id, name, created_at) VALUES ($1, $2, 'Lister 0', (SELECT created_at FROM contacts WHERE id = $3))`, [
      '00000000-0000-4000-8000-000000000001',
      workspaceId,
      client[0],
    ]);
    // a tie on created_at is broken by id
    const tie = (await list({ query: 'lister 0' }, 1)).data.clients;
    const rest = (await list({ query: 'lister 0' }, 1, tie.pageInfo.endCursor)).data.clients;
    expect([tie.nodes[0].id, rest.nodes[0].id].sort()).toEqual(['00000000-0000-4000-8000-000000000001', client[0]].sort());
    expect(rest.pageInfo.hasNextPage).toBe(false);
    await t.db.query(`DELETE FROM contacts WHERE id = '00000000-0000-4000-8000-000000000001' OR name = 'Lister new'`);
    const [c] = await t.db.query(`INSERT INTO contacts (id, workspace_id, name, email, phone, owner_id, created_at) VALUES ($1, $2, 'Lister ${N - 3}', 'x@example.com', NULL, NULL, $3) RETURNING id`, [
      gone,
      workspaceId,
      new Date(BASE + (N - 3) * 3_600_000),
    ]);
    expect(c.id).toBe(gone);
  });

  it('refuses bad input with the field named: cursor, page size, unknown field, wrong values, bad ranges', async () => {
    const bad: Array<[Record<string, unknown> | null, number, string | null, string]> = [
      [null, 0, null, 'first'],
      [null, 101, null, 'first'],
      [{ tagIds: ['not-a-uuid'] }, 10, null, 'argument filter.tagIds.0'],
      [{ tagIds: ['00000000-0000-4000-8000-000000000000'] }, 10, null, 'tagIds'],
      [{ ownerId: 'nope' }, 10, null, 'argument filter.ownerId'],
      [{ ownerId: '00000000-0000-4000-8000-000000000000' }, 10, null, 'ownerId'],
      [{ ownerId: '00000000-0000-4000-8000-000000000000', unassigned: true }, 10, null, 'unassigned'],
      [{ createdFrom: 'yesterday' }, 10, null, 'createdFrom'],
      [{ createdTo: '2025-02-30' }, 10, null, 'createdTo'],
      [{ createdFrom: '2025-03-02', createdTo: '2025-03-01T12:00:00Z' }, 10, null, 'createdTo'],
      [{ query: 'ab' }, 10, null, 'query'],
      [{ query: 'x'.repeat(101) }, 10, null, 'query'],
      [{ customFields: [{ fieldId: '00000000-0000-4000-8000-000000000000', equals: 'x' }] }, 10, null, 'customFields.0.fieldId'],
      [{ customFields: [{ fieldId: 'garbage', equals: 'x' }] }, 10, null, 'argument filter.customFields.0.fieldId'],
      [{ customFields: [{ fieldId: fld['Card'] }] }, 10, null, 'customFields.0'],
      [{ customFields: [{ fieldId: fld['Card'], min: '1' }] }, 10, null, 'customFields.0.min'],
      [{ customFields: [{ fieldId: fld['Size'], equals: 'XXL' }] }, 10, null, 'customFields.0.equals'],
      [{ customFields: [{ fieldId: fld['Wholesale'], equals: 'yes' }] }, 10, null, 'customFields.0.equals'],
      [{ customFields: [{ fieldId: fld['Orders'], min: '1.5' }] }, 10, null, 'customFields.0.min'],
      [{ customFields: [{ fieldId: fld['Orders'], equals: '3' }] }, 10, null, 'customFields.0.equals'],
      [{ customFields: [{ fieldId: fld['Limit'], min: '1e3' }] }, 10, null, 'customFields.0.min'],
      [{ customFields: [{ fieldId: fld['Orders'], min: '9', max: '3' }] }, 10, null, 'customFields.0.max'],
      [{ customFields: [{ fieldId: fld['Birthday'], min: '1990-13-01' }] }, 10, null, 'customFields.0.min'],
      [{ customFields: [{ fieldId: fld['Birthday'], min: '1990-02-01', max: '1990-01-01' }] }, 10, null, 'customFields.0.max'],
      [{ customFields: [{ fieldId: fld['Interests'], contains: ['Cars'] }] }, 10, null, 'customFields.0.contains'],
      [{ customFields: [{ fieldId: fld['Interests'], equals: 'Shoes' }] }, 10, null, 'customFields.0.equals'],
      [{ customFields: [{ fieldId: fld['Size'], equals: 'S' }, { fieldId: fld['Size'], equals: 'nope' }] }, 10, null, 'customFields.1.equals'],
    ];
    for (const [f, first, after, name] of bad) {
      const r = await list(f, first, after);
      expect({ f, code: code(r), field: field(r) ?? `argument ${argument(r)}` }).toEqual({ f, code: 'BAD_USER_INPUT', field: name });
    }
    for (const cursor of ['garbage', Buffer.from('2025-01-01T00:00:00Z|not-a-uuid').toString('base64url'), Buffer.from('never|00000000-0000-4000-8000-000000000000').toString('base64url')]) {
      const r = await list(null, 10, cursor);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]).toMatchObject({ message: 'Invalid cursor' });
    }
    // an enum literal outside any / all is a GraphQL validation error
    const literal = await t.graphql(`query { clients(filter: { tagMatch: some }) { nodes { id } } }`, {}, tokens.anna);
    expect(code(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('is scoped to the workspace: another workspace’s clients, tags, fields and operators are not there', async () => {
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-clients') RETURNING id`);
    const [stranger] = await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'stranger@else.test', 'x', 'Stranger', 'admin') RETURNING id`, [other.id]);
    const [theirs] = await t.db.query(`INSERT INTO contacts (workspace_id, name, owner_id) VALUES ($1, 'Lister elsewhere', $2) RETURNING id`, [other.id, stranger.id]);
    const [theirTag] = await t.db.query(`INSERT INTO tags (workspace_id, name) VALUES ($1, 'list-vip') RETURNING id`, [other.id]);
    await t.db.query(`INSERT INTO contact_tags (contact_id, tag_id, workspace_id) VALUES ($1, $2, $3)`, [theirs.id, theirTag.id, other.id]);
    const [theirField] = await t.db.query(`INSERT INTO client_custom_fields (workspace_id, name, type) VALUES ($1, 'Card', 'text') RETURNING id`, [other.id]);
    await t.db.query(`INSERT INTO client_custom_values (contact_id, field_id, workspace_id, value_text) VALUES ($1, $2, $3, 'CARD-1')`, [theirs.id, theirField.id, other.id]);

    const names = (await list({ query: 'elsewhere' })).data.clients.nodes;
    expect(names).toEqual([]);
    const everything: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await list(null, 100, after)).data.clients;
      everything.push(...page.nodes.map((n: any) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(everything).not.toContain(theirs.id);
    expect(everything).toEqual(expect.arrayContaining(client));
    expect(field(await list({ tagIds: [theirTag.id] }))).toBe('tagIds');
    expect(field(await list({ ownerId: stranger.id }))).toBe('ownerId');
    expect(field(await list({ customFields: [{ fieldId: theirField.id, equals: 'CARD-1' }] }))).toBe('customFields.0.fieldId');
    // a cursor made from their client pages our list from that point only
    const [row] = await t.db.query(`SELECT created_at FROM contacts WHERE id = $1`, [theirs.id]);
    const cursor = Buffer.from(`${new Date(row.created_at).toISOString()}|${theirs.id}`).toString('base64url');
    const r = await list(null, 100, cursor);
    expect(r.errors).toBeUndefined();
    expect(r.data.clients.nodes.map((n: any) => n.id)).not.toContain(theirs.id);
  });

  it('clientsChanged tells every operator of the workspace (observers too) when another operator edits a client', async () => {
    const subs = [t.subscriptions(tokens.olga), t.subscriptions(tokens.admin)];
    const streams = subs.map((s) => collect<any>(s, CHANGES, 1));
    await Promise.all(streams.map((s) => s.ready));
    expect((await t.graphql(SET_NAME, { i: { contactId: client[4], firstName: 'Lister', lastName: 'Four live' } }, tokens.anna)).errors).toBeUndefined();
    for (const s of streams) {
      const [e] = await s.done;
      expect(e.clientsChanged).toEqual({ kind: 'updated', contactId: client[4], actorId: ids['anna'], contact: { id: client[4], name: 'Lister Four live' } });
    }
    subs.forEach((s) => void s.client.dispose());
  });
});
