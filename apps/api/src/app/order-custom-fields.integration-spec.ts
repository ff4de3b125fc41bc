import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E5): custom order fields — admins define them (Settings › Orders › Order fields),
 * orders hold their values (validated by type, required when placing), the manager is an active
 * operator of the workspace; rights, another workspace, audit, live events, switched-off fields.
 */

const FIELD = 'id key name type options required pinned position active';
const LIST = `query { orderCustomFields { ${FIELD} } }`;
const CREATE = `mutation($i: CreateOrderCustomFieldInput!) { createOrderCustomField(input: $i) { ${FIELD} } }`;
const UPDATE = `mutation($i: UpdateOrderCustomFieldInput!) { updateOrderCustomField(input: $i) { ${FIELD} } }`;
const DELETE = `mutation($id: ID!) { deleteOrderCustomField(id: $id) { ${FIELD} } }`;
const MOVE = `mutation($id: ID!, $p: Int!) { moveOrderCustomField(id: $id, position: $p) { ${FIELD} } }`;
const SAVE = `mutation($i: SaveOrderInput!) { saveOrder(input: $i) { id number version custom { key value } extra { managerId managerName } } }`;
const PREVIEW = `query($i: SaveOrderInput!) { previewOrder(input: $i) { errors { field message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { custom { key value } } }`;
const EVENTS = `subscription { orderSettingsEvents { kind } }`;

type R = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const fieldErrors = (r: R): Array<{ field: string; message: string }> => r.errors?.[0]?.extensions?.['fieldErrors'] ?? [];

describe('custom order fields (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, sam: string, olga: string;
  let ids: Record<string, string>;
  let workspaceId: string;
  const customer = { firstName: 'Jana', phone: '+48 601 234 567' };
  const items = [{ name: 'Gift wrap', quantity: '1', unitPrice: '2.00' }];

  const ok = async (q: string, v: Record<string, unknown>, token = admin) => {
    const r: R = await t.graphql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const client = async (name: string) => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id as string;
  const create = async (i: Record<string, unknown>) => (await ok(CREATE, { i }))['createOrderCustomField'];

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, anna, sam, olga } = roles.tokens);
    ids = roles.ids;
    workspaceId = roles.workspaceId;
  });
  afterAll(() => t?.stop());

  it('admins define fields (key from the name, position order, move, delete); bad inputs; rights; audit; live; another workspace', async () => {
    const live = collect<any>(t.subscriptions(anna), EVENTS, 2, 8000);
    await live.ready;
    const wrap = await create({ name: '  Gift   wrap ', type: 'checkbox', pinned: true });
    expect(wrap).toMatchObject({ key: 'gift-wrap', name: 'Gift wrap', type: 'checkbox', options: [], required: false, pinned: true, position: 0, active: true });
    const channel = await create({ name: 'Sales channel', key: 'channel', type: 'select', options: ['Web', ' Shop ', 'Web', 'Phone'] });
    expect(channel).toMatchObject({ key: 'channel', options: ['Web', 'Shop', 'Phone'], position: 1 });
    expect((await live.done).map((e: any) => e.orderSettingsEvents.kind)).toEqual(['custom_fields', 'custom_fields']);

    for (const [i, field, message] of [
      [{ name: 'gift WRAP', type: 'text' }, 'name', 'A field “gift WRAP” exists already'],
      [{ name: '   ', type: 'text' }, 'name', 'A name is required'],
      [{ name: 'x'.repeat(101), type: 'text' }, 'name', 'A name has at most 100 characters'],
      [{ name: 'Colour', type: 'select' }, 'options', 'A select field needs at least one option'],
      [{ name: 'Colour', type: 'select', options: Array.from({ length: 51 }, (_, n) => `c${n}`) }, 'options', 'At most 50 options'],
      [{ name: 'Colour', type: 'text', options: ['red'] }, 'options', 'Only a select field has options'],
      [{ name: 'Colour', key: 'Bad Key!', type: 'text' }, 'key', 'A key is lower-case latin letters, digits and dashes (at most 40), like gift-wrap'],
      [{ name: 'Colour', key: 'channel', type: 'text' }, 'key', 'The key channel is taken'],
    ] as const) {
      const r = await t.graphql(CREATE, { i }, admin);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(fieldErrors(r)).toEqual([{ field, message }]);
    }
    expect((await t.graphql(CREATE, { i: { name: 'Colour', type: 'colour' } }, admin)).errors?.[0]?.message).toMatch(/OrderCustomFieldType/);

    const renamed = (await ok(UPDATE, { i: { id: channel.id, name: 'Channel', options: ['Web', 'Shop', 'Phone', 'Market'], required: true } }))['updateOrderCustomField'];
    expect(renamed).toMatchObject({ key: 'channel', name: 'Channel', required: true, options: ['Web', 'Shop', 'Phone', 'Market'] });
    expect(fieldErrors(await t.graphql(UPDATE, { i: { id: channel.id, name: 'GIFT wrap' } }, admin))).toEqual([{ field: 'name', message: 'A field “GIFT wrap” exists already' }]);
    expect(fieldErrors(await t.graphql(UPDATE, { i: { id: channel.id, options: [] } }, admin))).toEqual([{ field: 'options', message: 'A select field needs at least one option' }]);

    const moved = (await ok(MOVE, { id: channel.id, p: 0 }))['moveOrderCustomField'];
    expect(moved.map((f: any) => [f.key, f.position])).toEqual([['channel', 0], ['gift-wrap', 1]]);
    expect(fieldErrors(await t.graphql(MOVE, { id: channel.id, p: -1 }, admin))[0]?.field).toBe('position');

    // everyone who reads orders lists them; only admins change them
    expect((await ok(LIST, {}, olga))['orderCustomFields'].map((f: any) => f.key)).toEqual(['channel', 'gift-wrap']);
    for (const token of [sam, anna, olga]) {
      expect(code(await t.graphql(CREATE, { i: { name: 'Mine', type: 'text' } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(UPDATE, { i: { id: wrap.id, name: 'Mine' } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(MOVE, { id: wrap.id, p: 0 }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(DELETE, { id: wrap.id }, token))).toBe('FORBIDDEN');
    }

    // an unused field is deleted
    const temp = await create({ name: 'Temporary', type: 'text' });
    expect((await ok(DELETE, { id: temp.id }))['deleteOrderCustomField']).toBeNull();
    expect((await ok(LIST, {}))['orderCustomFields'].map((f: any) => f.key)).toEqual(['channel', 'gift-wrap']);
    const audit = await t.db.query(`SELECT action, target_type, details->>'op' AS op FROM audit_log WHERE workspace_id = $1 AND target_id = $2 ORDER BY created_at`, [workspaceId, temp.id]);
    expect(audit).toEqual([
      { action: 'order_settings.changed', target_type: 'order_custom_field', op: 'create' },
      { action: 'order_settings.changed', target_type: 'order_custom_field', op: 'delete' },
    ]);

    // another workspace sees none of it and changes none of it
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-fields') RETURNING id`);
    const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@elsewhere-fields.test', $2, 'Boss', 'admin')`, [other.id, op.password_hash]);
    const boss = await t.login('boss@elsewhere-fields.test');
    expect((await ok(LIST, {}, boss))['orderCustomFields']).toEqual([]);
    expect(code(await t.graphql(UPDATE, { i: { id: wrap.id, name: 'Stolen' } }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(DELETE, { id: wrap.id }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(MOVE, { id: wrap.id, p: 0 }, boss))).toBe('NOT_FOUND');
    // and the same key is free there
    expect((await ok(CREATE, { i: { name: 'Channel', type: 'text' } }, boss))['createOrderCustomField']).toMatchObject({ key: 'channel' });
  });

  it('orders take values of each type, refuse bad ones under custom.<key>, enforce required ones when placing only', async () => {
    await create({ name: 'Floor', type: 'number' });
    await create({ name: 'Deliver after', type: 'date' });
    await create({ name: 'Note for courier', type: 'text' });
    const contactId = await client('Fields Client');
    // a draft may leave the required Channel empty
    const draft = (await ok(SAVE, { i: { clientId: contactId, draft: true, items: [], custom: [{ key: 'floor', value: ' 3.5 ' }, { key: 'gift-wrap', value: 'true' }] } }, anna))['saveOrder'];
    expect(draft.number).toBeNull();
    expect(draft.custom).toEqual(expect.arrayContaining([{ key: 'floor', value: '3.5' }, { key: 'gift-wrap', value: 'true' }]));

    const bad = [
      { key: 'floor', value: 'three' },
      { key: 'deliver-after', value: '2026-02-30' },
      { key: 'channel', value: 'Fax' },
      { key: 'gift-wrap', value: 'yes' },
      { key: 'note-for-courier', value: 'x'.repeat(2001) },
      { key: 'nope', value: '1' },
    ];
    const refused = await t.graphql(SAVE, { i: { id: draft.id, clientId: contactId, draft: true, items: [], custom: bad } }, anna);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    const expected = [
      { field: 'custom.floor', message: 'A number such as 12 or 12.50' },
      { field: 'custom.deliver-after', message: 'A date such as 2026-12-24' },
      { field: 'custom.channel', message: 'Choose one of the options of Channel' },
      { field: 'custom.gift-wrap', message: 'true or false' },
      { field: 'custom.note-for-courier', message: 'At most 2000 characters' },
      { field: 'custom.nope', message: 'Unknown order field' },
    ];
    expect(fieldErrors(refused)).toEqual(expected);
    // the preview gives the same errors
    expect((await ok(PREVIEW, { i: { id: draft.id, clientId: contactId, draft: true, items: [], custom: bad } }, anna))['previewOrder'].errors).toEqual(expected);

    // placing needs the required field
    const place = { id: draft.id, clientId: contactId, draft: false, customer, items };
    const missing = await t.graphql(SAVE, { i: place }, anna);
    expect(fieldErrors(missing)).toEqual([{ field: 'custom.channel', message: 'Channel is required' }]);
    const values = [
      { key: 'floor', value: '-12,25' },
      { key: 'deliver-after', value: '2028-02-29' },
      { key: 'channel', value: 'Shop' },
      { key: 'gift-wrap', value: 'false' },
      { key: 'note-for-courier', value: '  Ring twice ' },
    ];
    const placed = (await ok(SAVE, { i: { ...place, custom: values } }, anna))['saveOrder'];
    expect(placed.number).not.toBeNull();
    expect([...placed.custom].sort((a: any, b: any) => a.key.localeCompare(b.key))).toEqual([
      { key: 'channel', value: 'Shop' },
      { key: 'deliver-after', value: '2028-02-29' },
      { key: 'floor', value: '-12.25' },
      { key: 'gift-wrap', value: 'false' },
      { key: 'note-for-courier', value: 'Ring twice' },
    ]);
    const [row] = await t.db.query(`SELECT custom FROM orders WHERE id = $1`, [placed.id]);
    expect(row.custom).toMatchObject({ channel: 'Shop', floor: '-12.25' });
    // omitting custom keeps the values; a list without a key clears it (unless required)
    expect((await ok(SAVE, { i: { ...place, comment: 'again' } }, anna))['saveOrder'].custom).toHaveLength(5);
    const cleared = (await ok(SAVE, { i: { ...place, custom: [{ key: 'channel', value: 'Web' }] } }, anna))['saveOrder'];
    expect(cleared.custom).toEqual([{ key: 'channel', value: 'Web' }]);
    expect(fieldErrors(await t.graphql(SAVE, { i: { ...place, custom: [{ key: 'channel', value: '' }] } }, anna))).toEqual([{ field: 'custom.channel', message: 'Channel is required' }]);
    // observers read but do not save
    expect(code(await t.graphql(SAVE, { i: { ...place, custom: [{ key: 'channel', value: 'Web' }] } }, olga))).toBe('FORBIDDEN');
  });

  it('the manager is an active operator of this workspace', async () => {
    const contactId = await client('Manager Client');
    const base = { clientId: contactId, draft: true, items: [], custom: [] };
    const withSam = (await ok(SAVE, { i: { ...base, extra: { managerId: ids['sam'] } } }, anna))['saveOrder'];
    expect(withSam.extra).toEqual({ managerId: ids['sam'], managerName: 'Sam Supervisor' });
    const [boss] = await t.db.query(`SELECT id FROM operators WHERE email = 'boss@elsewhere-fields.test'`);
    for (const managerId of [boss.id, '00000000-0000-4000-8000-000000000000']) {
      const r = await t.graphql(SAVE, { i: { ...base, id: withSam.id, extra: { managerId } } }, anna);
      expect(fieldErrors(r)).toEqual([{ field: 'extra.managerId', message: 'Choose an operator of this workspace' }]);
    }
    expect(code(await t.graphql(SAVE, { i: { ...base, id: withSam.id, extra: { managerId: 'not-an-id' } } }, anna))).toBe('BAD_USER_INPUT');
    await t.db.query(`UPDATE operators SET active = false WHERE id = $1`, [ids['boris']]);
    try {
      expect(fieldErrors(await t.graphql(SAVE, { i: { ...base, id: withSam.id, extra: { managerId: ids['boris'] } } }, anna))).toEqual([{ field: 'extra.managerId', message: 'This operator is deactivated' }]);
    } finally {
      await t.db.query(`UPDATE operators SET active = true WHERE id = $1`, [ids['boris']]);
    }
    // the drawer's suggestions: values of the recent orders, most used first
    await ok(SAVE, { i: { ...base, id: withSam.id, extra: { managerId: ids['sam'], country: 'Poland', store: 'Kraków' } } }, anna);
    const other = await client('Manager Client 2');
    await ok(SAVE, { i: { clientId: other, draft: true, items: [], extra: { country: 'Czechia', orderMethod: 'Phone' } } }, anna);
    await ok(SAVE, { i: { clientId: await client('Manager Client 3'), draft: true, items: [], extra: { country: 'Poland' } } }, anna);
    const hints = (await ok(`query { orderExtraSuggestions { countries orderTypes orderMethods stores } }`, {}, olga))['orderExtraSuggestions'];
    expect(hints).toEqual({ countries: ['Poland', 'Czechia'], orderTypes: [], orderMethods: ['Phone'], stores: ['Kraków'] });
    // whom the drawer offers: the active operators of this workspace, for agents and observers too
    await t.db.query(`UPDATE operators SET active = false WHERE id = $1`, [ids['boris']]);
    const offered = (await ok(`query { orderManagerOptions { id displayName } }`, {}, olga))['orderManagerOptions'].map((o: any) => o.id);
    const toAgent = (await ok(`query { orderManagerOptions { id } }`, {}, anna))['orderManagerOptions'].length;
    await t.db.query(`UPDATE operators SET active = true WHERE id = $1`, [ids['boris']]);
    expect(offered).toEqual(expect.arrayContaining([ids['sam'], ids['anna'], ids['admin']]));
    expect(offered).not.toContain(ids['boris']);
    expect(offered).not.toContain(boss.id);
    expect(toAgent).toBe(offered.length);
    // null means no manager
    expect((await ok(SAVE, { i: { ...base, id: withSam.id, extra: { managerId: null } } }, anna))['saveOrder'].extra.managerId).toBeNull();
  });

  it('a used field is switched off on delete: orders keep and show its value, which can no longer change', async () => {
    const fields = (await ok(LIST, {}))['orderCustomFields'];
    const floor = fields.find((f: any) => f.key === 'floor');
    const contactId = await client('Switched Client');
    const order = (await ok(SAVE, { i: { clientId: contactId, draft: true, items: [], custom: [{ key: 'floor', value: '7' }] } }, anna))['saveOrder'];
    const off = (await ok(DELETE, { id: floor.id }))['deleteOrderCustomField'];
    expect(off).toMatchObject({ key: 'floor', active: false });
    expect((await ok(LIST, {}))['orderCustomFields'].find((f: any) => f.key === 'floor')).toMatchObject({ active: false });
    // shown, kept through saves that leave it out or repeat it
    expect((await ok(ORDER, { id: order.id }, olga))['order'].custom).toEqual([{ key: 'floor', value: '7' }]);
    expect((await ok(SAVE, { i: { id: order.id, clientId: contactId, draft: true, items: [], custom: [] } }, anna))['saveOrder'].custom).toEqual([{ key: 'floor', value: '7' }]);
    expect((await ok(SAVE, { i: { id: order.id, clientId: contactId, draft: true, items: [], custom: [{ key: 'floor', value: '7' }] } }, anna))['saveOrder'].custom).toEqual([{ key: 'floor', value: '7' }]);
    // a new value is refused, and so is a value on another order
    const r = await t.graphql(SAVE, { i: { id: order.id, clientId: contactId, draft: true, items: [], custom: [{ key: 'floor', value: '8' }] } }, anna);
    expect(fieldErrors(r)).toEqual([{ field: 'custom.floor', message: '“Floor” is switched off: its value cannot change' }]);
    const other = await client('Other Switched Client');
    expect(fieldErrors(await t.graphql(SAVE, { i: { clientId: other, draft: true, items: [], custom: [{ key: 'floor', value: '1' }] } }, anna))[0]?.field).toBe('custom.floor');
    // switched on again, it takes new values
    await ok(UPDATE, { i: { id: floor.id, active: true } });
    expect((await ok(SAVE, { i: { id: order.id, clientId: contactId, draft: true, items: [], custom: [{ key: 'floor', value: '8' }] } }, anna))['saveOrder'].custom).toEqual([{ key: 'floor', value: '8' }]);
  });
});
