import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E5): Settings › Orders on the server — admins add, rename, switch off, regroup and
 * reorder order statuses and add and connect payment types; the "New" group keeps an active
 * status; orders follow (a switched-off status is refused, a placed order starts in the first
 * active "New" status); bad inputs; rights; another workspace's ids; audit; live events.
 */

const STATUS_FIELDS = 'id code name group position active';
const LIST = `query { orderStatuses { ${STATUS_FIELDS} } paymentTypes { id code name acquirer active } }`;
const CREATE = `mutation($i: CreateOrderStatusInput!) { createOrderStatus(input: $i) { ${STATUS_FIELDS} } }`;
const UPDATE = `mutation($i: UpdateOrderStatusInput!) { updateOrderStatus(input: $i) { ${STATUS_FIELDS} } }`;
const MOVE = `mutation($id: ID!, $p: Int!) { moveOrderStatus(id: $id, position: $p) { ${STATUS_FIELDS} } }`;
const CREATE_TYPE = `mutation($i: CreatePaymentTypeInput!) { createPaymentType(input: $i) { id code name acquirer active } }`;
const UPDATE_TYPE = `mutation($i: UpdatePaymentTypeInput!) { updatePaymentType(input: $i) { id code name acquirer active } }`;
const SAVE = `mutation($i: SaveOrderInput!) { saveOrder(input: $i) { id status { code } } }`;
const SET_STATUS = `mutation($i: SetOrderStatusInput!) { setOrderStatus(input: $i) { status { code } } }`;
const EVENTS = `subscription { orderSettingsEvents { kind } }`;

type R = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const fieldErrors = (r: R): Array<{ field: string; message: string }> => r.errors?.[0]?.extensions?.['fieldErrors'] ?? [];

describe('order settings (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, sam: string, olga: string;
  let workspaceId: string;
  const customer = { firstName: 'Jana', phone: '+48 601 234 567' };

  const ok = async (q: string, v: Record<string, unknown>, token = admin) => {
    const r: R = await t.graphql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const statuses = async (): Promise<Array<{ id: string; code: string; name: string; group: string; position: number; active: boolean }>> => (await ok(LIST, {}, olga))['orderStatuses'];
  const client = async (name: string) => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id as string;

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, anna, sam, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
  });
  afterAll(() => t?.stop());

  it('adds a status at the end of its group with a code from its name; renames it; refuses bad names and non-admins', async () => {
    const live = collect<any>(t.subscriptions(anna), EVENTS, 2, 8000);
    await live.ready;
    const made = (await ok(CREATE, { i: { name: '  Awaiting   payment ', group: 'approval' } }))['createOrderStatus'];
    expect(made).toMatchObject({ code: 'awaiting-payment', name: 'Awaiting payment', group: 'approval', active: true });
    const again = (await ok(CREATE, { i: { name: 'Zahlung prüfen', group: 'approval' } }))['createOrderStatus'];
    expect(again).toMatchObject({ code: 'zahlung-prufen', group: 'approval' });
    // the workspace's list: by group, then position — each new one last in its group
    expect((await statuses()).filter((s) => s.group === 'approval').map((s) => s.code)).toEqual(['awaiting-confirmation', 'awaiting-payment', 'zahlung-prufen']);
    expect((await live.done).map((e: any) => e.orderSettingsEvents.kind)).toEqual(['statuses', 'statuses']);

    // duplicates (any case), empty and over-long names: a field error each, nothing written
    for (const [name, message] of [
      ['awaiting PAYMENT', 'A status “awaiting PAYMENT” exists already'],
      ['   ', 'A name is required'],
      ['x'.repeat(101), 'A name has at most 100 characters'],
    ] as const) {
      const r = await t.graphql(CREATE, { i: { name, group: 'approval' } }, admin);
      expect(code(r)).toBe('BAD_USER_INPUT');
      expect(fieldErrors(r)).toEqual([{ field: 'name', message }]);
    }
    expect((await t.graphql(CREATE, { i: { name: 'Lost', group: 'lost' } }, admin)).errors?.[0]?.message).toMatch(/OrderStatusGroup/);
    expect((await statuses()).filter((s) => s.group === 'approval')).toHaveLength(3);

    const renamed = (await ok(UPDATE, { i: { id: made.id, name: 'Waiting for the payment' } }))['updateOrderStatus'];
    expect(renamed).toMatchObject({ code: 'awaiting-payment', name: 'Waiting for the payment', group: 'approval' });
    expect(fieldErrors(await t.graphql(UPDATE, { i: { id: made.id, name: 'Assembling' } }, admin))).toEqual([{ field: 'name', message: 'A status “Assembling” exists already' }]);

    // supervisors, agents and observers read the statuses but do not change them
    for (const token of [sam, anna, olga]) {
      expect(code(await t.graphql(CREATE, { i: { name: 'Mine', group: 'new' } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(UPDATE, { i: { id: made.id, name: 'Mine' } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(MOVE, { id: made.id, p: 0 }, token))).toBe('FORBIDDEN');
    }
    const [audit] = await t.db.query(`SELECT action, target_type, details FROM audit_log WHERE workspace_id = $1 AND target_id = $2 ORDER BY created_at DESC LIMIT 1`, [workspaceId, made.id]);
    expect(audit).toMatchObject({ action: 'order_settings.changed', target_type: 'order_status', details: { op: 'update', name: 'Waiting for the payment' } });
  });

  it('reorders within a group and moves between groups; the “New” group keeps an active status; orders follow', async () => {
    const all = await statuses();
    const approval = all.filter((s) => s.group === 'approval');
    const moved = (await ok(MOVE, { id: approval[2].id, p: 0 }))['moveOrderStatus'] as typeof all;
    expect(moved.filter((s) => s.group === 'approval').map((s) => [s.code, s.position])).toEqual([
      [approval[2].code, 0],
      [approval[0].code, 1],
      [approval[1].code, 2],
    ]);
    // a position past the end puts it last; a negative one is refused
    const last = (await ok(MOVE, { id: approval[2].id, p: 99 }))['moveOrderStatus'] as typeof all;
    expect(last.filter((s) => s.group === 'approval').map((s) => s.code)).toEqual([approval[0].code, approval[1].code, approval[2].code]);
    expect(fieldErrors(await t.graphql(MOVE, { id: approval[2].id, p: -1 }, admin))[0]?.field).toBe('position');
    expect(code(await t.graphql(MOVE, { id: '00000000-0000-4000-8000-000000000000', p: 0 }, admin))).toBe('NOT_FOUND');
    expect(code(await t.graphql(MOVE, { id: 'not-a-uuid', p: 0 }, admin))).toBe('BAD_USER_INPUT');

    // the only "New" status can be neither switched off nor moved out of the group
    const fresh = all.find((s) => s.code === 'new')!;
    const off = await t.graphql(UPDATE, { i: { id: fresh.id, active: false } }, admin);
    expect(fieldErrors(off)).toEqual([{ field: 'active', message: 'The “New” group needs one active status: a placed order starts in it' }]);
    expect(fieldErrors(await t.graphql(UPDATE, { i: { id: fresh.id, group: 'approval' } }, admin))[0]?.field).toBe('group');
    // with a second one it can: placed orders then start in the other
    const web = (await ok(CREATE, { i: { name: 'New from the web', group: 'new' } }))['createOrderStatus'];
    expect((await ok(UPDATE, { i: { id: fresh.id, active: false } }))['updateOrderStatus']).toMatchObject({ code: 'new', active: false });
    const contactId = await client('Settings Client');
    const placed = (await ok(SAVE, { i: { clientId: contactId, draft: false, customer, items: [{ name: 'Gift wrap', quantity: '1', unitPrice: '2.00' }] } }, anna))['saveOrder'];
    expect(placed.status.code).toBe(web.code);
    // a switched-off status is no longer offered to orders
    const refused = await t.graphql(SET_STATUS, { i: { orderId: placed.id, status: 'new' } }, anna);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toBe('“New” is switched off');
    // the only active "New" status now, it cannot leave the group; once "New" is back on it can, keeping its code and going last there
    expect(fieldErrors(await t.graphql(UPDATE, { i: { id: web.id, group: 'approval' } }, admin))[0]?.field).toBe('group');
    await ok(UPDATE, { i: { id: fresh.id, active: true } });
    const regrouped = (await ok(UPDATE, { i: { id: web.id, group: 'approval' } }))['updateOrderStatus'];
    expect(regrouped).toMatchObject({ code: web.code, group: 'approval' });
    expect((await statuses()).filter((s) => s.group === 'approval').map((s) => s.code).at(-1)).toBe(web.code);
  });

  it('adds payment types and connects them to an acquirer; refuses unknown acquirers; another workspace sees none of it', async () => {
    const stripe = (await ok(CREATE_TYPE, { i: { name: 'Card (Stripe)', acquirer: 'stripe' } }))['createPaymentType'];
    expect(stripe).toMatchObject({ code: 'card-stripe', name: 'Card (Stripe)', acquirer: 'stripe', active: true });
    const bad = await t.graphql(CREATE_TYPE, { i: { name: 'Crypto', acquirer: 'paypal<script>' } }, admin);
    expect(fieldErrors(bad)).toEqual([{ field: 'acquirer', message: 'Unknown acquirer “paypal<script>”: choose one of test, stripe or none' }]);
    expect(fieldErrors(await t.graphql(CREATE_TYPE, { i: { name: 'cash on delivery' } }, admin))[0]).toEqual({ field: 'name', message: 'A payment type “cash on delivery” exists already' });
    const plain = (await ok(UPDATE_TYPE, { i: { id: stripe.id, acquirer: null } }))['updatePaymentType'];
    expect(plain).toMatchObject({ acquirer: null, name: 'Card (Stripe)' });
    // omitted fields stay as they are
    expect((await ok(UPDATE_TYPE, { i: { id: stripe.id, active: false } }))['updatePaymentType']).toMatchObject({ acquirer: null, active: false });
    const types = (await ok(LIST, {}, anna))['paymentTypes'];
    expect(types.map((p: any) => p.code)).toEqual(['card-online', 'cash', 'bank-transfer', 'card-stripe']);
    expect(code(await t.graphql(UPDATE_TYPE, { i: { id: stripe.id, name: 'Mine' } }, anna))).toBe('FORBIDDEN');

    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-settings') RETURNING id`);
    const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@elsewhere-settings.test', $2, 'Boss', 'admin')`, [other.id, op.password_hash]);
    const boss = await t.login('boss@elsewhere-settings.test');
    expect(code(await t.graphql(UPDATE_TYPE, { i: { id: stripe.id, name: 'Stolen' } }, boss))).toBe('NOT_FOUND');
    const mine = (await statuses())[0];
    expect(code(await t.graphql(UPDATE, { i: { id: mine.id, name: 'Stolen' } }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(MOVE, { id: mine.id, p: 1 }, boss))).toBe('NOT_FOUND');
    // its own settings start from the defaults
    expect((await ok(LIST, {}, boss))['paymentTypes'].map((p: any) => p.code)).toEqual(['card-online', 'cash', 'bank-transfer']);
  });
});
