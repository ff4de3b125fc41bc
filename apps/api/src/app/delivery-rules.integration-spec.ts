import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E5): delivery cost rules on the server — the demo workspace's rules, create, update
 * (version), move and delete, live to other admins, rights (agents read and their orders use the
 * rules; only admins change them; another workspace sees none), every bad input under its field,
 * the first matching rule in previewOrder and in a saved order, a typed cost over the rule, a
 * rule change in the next preview, and the tester's explanations.
 */

const RULE = 'id name position active deliveryType regions minWeightKg maxWeightKg minTotal maxTotal currency cost version';
const LIST = `query { deliveryRules { ${RULE} } }`;
const CREATE = `mutation($i: CreateDeliveryRuleInput!) { createDeliveryRule(input: $i) { ${RULE} } }`;
const UPDATE = `mutation($i: UpdateDeliveryRuleInput!) { updateDeliveryRule(input: $i) { ${RULE} } }`;
const DELETE = `mutation($id: ID!) { deleteDeliveryRule(id: $id) }`;
const MOVE = `mutation($id: ID!, $p: Int!) { moveDeliveryRule(id: $id, position: $p) { id name position } }`;
const TEST = `query($i: TestDeliveryRulesInput!) { testDeliveryRules(input: $i) { rule { id name } cost currency checks { ruleName outcome reasons } } }`;
const CHANGES = `subscription { deliveryRulesChanged { kind ruleId actorId } }`;
const PREVIEW = `query($i: SaveOrderInput!) { previewOrder(input: $i) { totals { goods delivery total } deliveryCost deliveryRuleId deliveryRuleName } }`;
const SAVE = `mutation($i: SaveOrderInput!) { saveOrder(input: $i) { id number totals { goods delivery total weightKg } delivery { type cost costManual ruleName } } }`;
const FIND = `query($q: String!) { products(filter: { query: $q }, first: 1) { nodes { id sku name price } } }`;

type R = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const fieldErrors = (r: R): Array<{ field: string; message: string }> => r.errors?.[0]?.extensions?.['fieldErrors'] ?? [];
const fields = (r: R) => fieldErrors(r).map((e) => e.field);

const DEMO = ['Free courier delivery from 100 EUR', 'Courier up to 5 kg', 'Courier from 5 kg'];

describe('delivery rules (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, olga: string, sam: string;
  let adminId: string;
  let workspaceId: string;
  let mug: { id: string };
  const base = { name: 'Rule', active: true, cost: '1.00', currency: 'EUR' };

  const ok = async (query: string, variables: Record<string, unknown>, token = admin) => {
    const r = await t.graphql(query, variables, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const list = async (token = admin) => (await ok(LIST, {}, token))['deliveryRules'] as any[];
  const client = async (name: string) => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id as string;

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, anna, olga, sam } = roles.tokens);
    adminId = roles.ids['admin'];
    workspaceId = roles.workspaceId;
    mug = (await t.graphql(FIND, { q: 'mug' }, anna)).data!['products'].nodes[0];
    // 18.00 EUR and 2 kg a mug: 1 → 2 kg, 3 → 6 kg, 6 → 108.00 EUR
    await t.db.query(`UPDATE products SET weight_kg = 2 WHERE id = $1`, [mug.id]);
  });
  afterAll(() => t?.stop());

  it('gives the demo workspace its EUR courier rules in order', async () => {
    const rules = await list();
    expect(rules.map((r) => r.name)).toEqual(DEMO);
    expect(rules.map((r) => r.position)).toEqual([0, 1, 2]);
    expect(rules[0]).toMatchObject({ deliveryType: 'courier', regions: [], minTotal: '100.00', maxTotal: null, currency: 'EUR', cost: '0.00', active: true, version: 1 });
    expect(rules[1]).toMatchObject({ maxWeightKg: '5', minWeightKg: null, cost: '5.90' });
    expect(rules[2]).toMatchObject({ minWeightKg: '5', maxWeightKg: null, cost: '12.00' });
  });

  it('creates, updates (version checked), moves and deletes a rule; other admins follow live', async () => {
    const live = collect<any>(t.subscriptions(admin), CHANGES, 4, 8000);
    await live.ready;
    const made = (await ok(CREATE, { i: { name: '  Berlin express ', deliveryType: 'courier', regions: [' Berlin ', 'berlin', '', 'Brandenburg'], minWeightKg: '0.5', maxWeightKg: '2.25', cost: '9,5', currency: 'eur', active: true } }))['createDeliveryRule'];
    expect(made).toMatchObject({ name: 'Berlin express', position: 3, regions: ['Berlin', 'Brandenburg'], minWeightKg: '0.5', maxWeightKg: '2.25', cost: '9.50', currency: 'EUR', version: 1 });

    const updated = (await ok(UPDATE, { i: { id: made.id, expectedVersion: 1, name: 'Berlin express', deliveryType: 'courier', regions: ['Berlin'], cost: '9.90', currency: 'EUR', active: false } }))['updateDeliveryRule'];
    expect(updated).toMatchObject({ version: 2, regions: ['Berlin'], minWeightKg: null, maxWeightKg: null, cost: '9.90', active: false });
    const stale = await t.graphql(UPDATE, { i: { id: made.id, expectedVersion: 1, name: 'Mine', cost: '1', currency: 'EUR', active: true } }, admin);
    expect(code(stale)).toBe('CONFLICT');
    expect((await list()).find((r) => r.id === made.id).name).toBe('Berlin express');

    const moved = (await ok(MOVE, { id: made.id, p: 0 }))['moveDeliveryRule'];
    expect(moved.map((r: any) => [r.name, r.position])).toEqual([['Berlin express', 0], [DEMO[0], 1], [DEMO[1], 2], [DEMO[2], 3]]);
    // past the end is last
    expect((await ok(MOVE, { id: made.id, p: 99 }))['moveDeliveryRule'].map((r: any) => r.name)).toEqual([...DEMO, 'Berlin express']);
    expect(code(await t.graphql(MOVE, { id: made.id, p: -1 }, admin))).toBe('BAD_USER_INPUT');

    expect((await ok(DELETE, { id: made.id }))['deleteDeliveryRule']).toBe(true);
    expect(code(await t.graphql(DELETE, { id: made.id }, admin))).toBe('NOT_FOUND');
    expect((await list()).map((r) => [r.name, r.position])).toEqual(DEMO.map((n, i) => [n, i]));

    const events = (await live.done).map((e) => e.deliveryRulesChanged);
    expect(events.map((e) => e.kind)).toEqual(['saved', 'saved', 'moved', 'moved']);
    expect(events.every((e) => e.ruleId === made.id && e.actorId === adminId)).toBe(true);
  });

  it('keeps positions gapless when a middle rule is deleted', async () => {
    const a = (await ok(CREATE, { i: { ...base, name: 'A' } }))['createDeliveryRule'];
    const b = (await ok(CREATE, { i: { ...base, name: 'B' } }))['createDeliveryRule'];
    await ok(DELETE, { id: a.id });
    expect((await list()).map((r) => [r.name, r.position])).toEqual([...DEMO.map((n, i) => [n, i]), ['B', 3]]);
    await ok(DELETE, { id: b.id });
  });

  it('lets agents and supervisors read and test but only admins change; observers and other workspaces see nothing', async () => {
    expect((await list(anna)).map((r) => r.name)).toEqual(DEMO);
    expect((await list(sam)).map((r) => r.name)).toEqual(DEMO);
    expect((await ok(TEST, { i: { deliveryType: 'courier', weightKg: '1', total: '10', currency: 'EUR' } }, anna))['testDeliveryRules'].rule.name).toBe('Courier up to 5 kg');
    const demoRule = (await list())[1];
    for (const token of [anna, sam]) {
      expect(code(await t.graphql(CREATE, { i: base }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(UPDATE, { i: { ...base, id: demoRule.id, expectedVersion: demoRule.version } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(DELETE, { id: demoRule.id }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(MOVE, { id: demoRule.id, p: 0 }, token))).toBe('FORBIDDEN');
    }
    expect(code(await t.graphql(LIST, {}, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(TEST, { i: { currency: 'EUR' } }, olga))).toBe('FORBIDDEN');

    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-delivery') RETURNING id`);
    const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@elsewhere-delivery.test', $2, 'Boss', 'admin')`, [other.id, op.password_hash]);
    const boss = await t.login('boss@elsewhere-delivery.test');
    expect(await list(boss)).toEqual([]);
    expect(code(await t.graphql(UPDATE, { i: { ...base, id: demoRule.id, expectedVersion: demoRule.version } }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(DELETE, { id: demoRule.id }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(MOVE, { id: demoRule.id, p: 0 }, boss))).toBe('NOT_FOUND');
    expect((await ok(TEST, { i: { deliveryType: 'courier', currency: 'EUR' } }, boss))['testDeliveryRules']).toEqual({ rule: null, cost: null, currency: 'EUR', checks: [] });
    // the other workspace's own rule is its own
    const mine = (await ok(CREATE, { i: { ...base, name: 'Elsewhere flat' } }, boss))['createDeliveryRule'];
    expect(mine.position).toBe(0);
    expect((await list()).map((r) => r.name)).toEqual(DEMO);
    expect(code(await t.graphql(DELETE, { id: mine.id }, admin))).toBe('NOT_FOUND');
    expect(code(await t.graphql(UPDATE, { i: { ...base, id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1 } }, admin))).toBe('NOT_FOUND');
  });

  it('refuses bad rules with every error under its field', async () => {
    const bad = await t.graphql(CREATE, { i: { name: '', cost: '-1', currency: 'EUR', minTotal: '1.234', maxTotal: '1', minWeightKg: '3', maxWeightKg: '2', active: true } }, admin);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(bad)).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Give the rule a name' },
        { field: 'cost', message: 'An amount cannot be negative' },
        { field: 'minTotal', message: 'EUR amounts have at most 2 decimals' },
        { field: 'maxWeightKg', message: expect.stringMatching(/above the minimum/) },
      ]),
    );
    expect(fields(bad).sort()).toEqual(['cost', 'maxWeightKg', 'minTotal', 'name']);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ cost: '5.999' }, 'cost'],
      [{ minTotal: '50', maxTotal: '10' }, 'maxTotal'],
      [{ minTotal: '10', maxTotal: '10' }, 'maxTotal'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ currency: 'euro' }, 'currency'],
      [{ currency: null, minTotal: '10' }, 'currency'],
      [{ currency: null, cost: '2' }, 'currency'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ regions: Array.from({ length: 51 }, (_, i) => `Region ${i}`) }, 'regions'],
      [{ regions: ['y'.repeat(101)] }, 'regions'],
      [{ deliveryType: 'z'.repeat(41) }, 'deliveryType'],
      [{ minWeightKg: '1.2345' }, 'minWeightKg'],
      [{ maxWeightKg: '-1' }, 'maxWeightKg'],
      [{ cost: 'abc' }, 'cost'],
    ];
    for (const [over, field] of cases) {
      const r = await t.graphql(CREATE, { i: { ...base, ...over } }, admin);
      expect([over, code(r), fields(r)]).toEqual([over, 'BAD_USER_INPUT', [field]]);
    }
    // a free rule needs no currency (any currency)
    const free = (await ok(CREATE, { i: { ...base, name: 'Pickup free', deliveryType: 'pickup', currency: null, cost: '0' } }))['createDeliveryRule'];
    expect(free).toMatchObject({ currency: null, cost: '0.00' });
    await ok(DELETE, { id: free.id });
    expect((await list()).map((r) => r.name)).toEqual(DEMO);

    // at most 200 rules a workspace
    await t.db.query(`INSERT INTO delivery_rules (workspace_id, name, position, cost, currency) SELECT $1, 'Filler ' || g, 10 + g, 1, 'EUR' FROM generate_series(1, 197) g`, [workspaceId]);
    const full = await t.graphql(CREATE, { i: base }, admin);
    expect([code(full), fields(full)]).toEqual(['BAD_USER_INPUT', ['rules']]);
    await t.db.query(`DELETE FROM delivery_rules WHERE workspace_id = $1 AND name LIKE 'Filler %'`, [workspaceId]);
  });

  it('explains in the tester which rule applies and why each earlier one did not', async () => {
    const r = (await ok(TEST, { i: { deliveryType: 'Courier', region: 'Berlin', weightKg: '2.1', total: '99.99', currency: 'EUR' } }))['testDeliveryRules'];
    expect(r.rule.name).toBe('Courier up to 5 kg');
    expect([r.cost, r.currency]).toEqual(['5.90', 'EUR']);
    expect(r.checks).toEqual([
      { ruleName: DEMO[0], outcome: 'not_matched', reasons: ['total 99.99 EUR < min 100.00 EUR'] },
      { ruleName: DEMO[1], outcome: 'matched', reasons: [] },
      { ruleName: DEMO[2], outcome: 'not_reached', reasons: [] },
    ]);
    const heavy = (await ok(TEST, { i: { deliveryType: 'courier', weightKg: '5', total: '20', currency: 'EUR' } }))['testDeliveryRules'];
    expect(heavy.rule.name).toBe(DEMO[2]);
    expect(heavy.checks[1].reasons).toEqual(['weight 5.000 kg ≥ max 5.000 kg']);
    const usd = (await ok(TEST, { i: { deliveryType: 'courier', weightKg: '1', total: '500', currency: 'USD' } }))['testDeliveryRules'];
    expect(usd.rule).toBeNull();
    expect(usd.checks.map((c: any) => c.reasons)).toEqual([['the order is in USD, the rule in EUR'], ['the order is in USD, the rule in EUR'], ['the order is in USD, the rule in EUR', 'weight 1.000 kg < min 5.000 kg']]);
    const pickup = (await ok(TEST, { i: { deliveryType: 'pickup', currency: 'EUR' } }))['testDeliveryRules'];
    expect(pickup.checks[0].reasons).toEqual(['type “pickup” is not “courier”', 'total 0.00 EUR < min 100.00 EUR']);
    const bad = await t.graphql(TEST, { i: { currency: 'XX', weightKg: 'heavy', total: '-3' } }, admin);
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(fields(bad).sort()).toEqual(['currency', 'weightKg']);
    expect(fields(await t.graphql(TEST, { i: { currency: 'EUR', total: '1.999' } }, admin))).toEqual(['total']);
  });

  it('orders take the first matching rule in previewOrder and when saved; a typed cost wins; a rule change shows in the next preview', async () => {
    const contactId = await client('Delivery Client');
    const order = (qty: string, over: Record<string, unknown> = {}) => ({ clientId: contactId, draft: false, items: [{ productId: mug.id, quantity: qty }], delivery: { type: 'courier' }, ...over });
    const preview = async (i: Record<string, unknown>, token = anna) => (await ok(PREVIEW, { i }, token))['previewOrder'];

    const light = await preview(order('1'));
    expect(light).toMatchObject({ deliveryCost: '5.90', deliveryRuleName: 'Courier up to 5 kg', totals: { goods: '18.00', delivery: '5.90', total: '23.90' } });
    expect(light.deliveryRuleId).toEqual((await list())[1].id);
    expect(await preview(order('3'))).toMatchObject({ deliveryCost: '12.00', deliveryRuleName: 'Courier from 5 kg', totals: { goods: '54.00', total: '66.00' } });
    expect(await preview(order('6'))).toMatchObject({ deliveryCost: '0.00', deliveryRuleName: 'Free courier delivery from 100 EUR', totals: { goods: '108.00', total: '108.00' } });
    // a discount below 100 loses the free delivery (the rule sees the goods after the discount)
    expect(await preview(order('6', { discount: { kind: 'amount', value: '10' } }))).toMatchObject({ deliveryCost: '12.00', deliveryRuleName: 'Courier from 5 kg' });
    // no type: no courier rule applies
    expect(await preview(order('1', { delivery: {} }))).toMatchObject({ deliveryCost: '0.00', deliveryRuleName: null });
    // a typed cost overrides the rules
    expect(await preview(order('1', { delivery: { type: 'courier', cost: '3' } }))).toMatchObject({ deliveryCost: '3.00', deliveryRuleName: null, deliveryRuleId: null });

    const customer = { firstName: 'Jana', lastName: 'Nováková', phone: '+48 601 234 567' };
    const saved = (await ok(SAVE, { i: order('1', { customer, delivery: { type: 'courier', city: 'Kraków' } }) }, anna))['saveOrder'];
    expect(saved.number).toEqual(expect.any(Number));
    expect(saved.delivery).toEqual({ type: 'courier', cost: '5.90', costManual: false, ruleName: 'Courier up to 5 kg' });
    expect(saved.totals).toMatchObject({ goods: '18.00', delivery: '5.90', total: '23.90' });
    const typed = (await ok(SAVE, { i: order('1', { id: saved.id, customer, delivery: { type: 'courier', cost: '4.50' } }) }, anna))['saveOrder'];
    expect(typed.delivery).toEqual({ type: 'courier', cost: '4.50', costManual: true, ruleName: null });

    // an admin changes the rule: the next preview and save use the new cost
    const rule = (await list())[1];
    await ok(UPDATE, { i: { id: rule.id, expectedVersion: rule.version, name: 'Courier up to 5 kg', active: true, deliveryType: 'courier', maxWeightKg: '5', cost: '6.50', currency: 'EUR' } });
    expect(await preview(order('1'))).toMatchObject({ deliveryCost: '6.50', deliveryRuleName: 'Courier up to 5 kg' });
    const resaved = (await ok(SAVE, { i: order('2', { id: saved.id, customer }) }, anna))['saveOrder'];
    expect(resaved.delivery).toMatchObject({ cost: '6.50', costManual: false, ruleName: 'Courier up to 5 kg' });
    // switched off, the next one down applies… nothing for 4 kg; moved first, the heavy rule is checked first but does not match
    await ok(UPDATE, { i: { id: rule.id, expectedVersion: rule.version + 1, name: 'Courier up to 5 kg', active: false, deliveryType: 'courier', maxWeightKg: '5', cost: '5.90', currency: 'EUR' } });
    expect(await preview(order('2'))).toMatchObject({ deliveryCost: '0.00', deliveryRuleName: null });
    await ok(UPDATE, { i: { id: rule.id, expectedVersion: rule.version + 2, name: 'Courier up to 5 kg', active: true, deliveryType: 'courier', maxWeightKg: '5', cost: '5.90', currency: 'EUR' } });
    // a general rule moved first wins over the courier rules
    const flat = (await ok(CREATE, { i: { ...base, name: 'Flat 2.00', cost: '2' } }))['createDeliveryRule'];
    await ok(MOVE, { id: flat.id, p: 0 });
    expect(await preview(order('6'))).toMatchObject({ deliveryCost: '2.00', deliveryRuleName: 'Flat 2.00' });
    await ok(DELETE, { id: flat.id });
    expect(await preview(order('6'))).toMatchObject({ deliveryCost: '0.00', deliveryRuleName: 'Free courier delivery from 100 EUR' });
  });
});
