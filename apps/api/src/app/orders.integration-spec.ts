import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E5): orders on the server — the client's draft (one, resumed), placing it with a
 * gapless number (also under concurrency), the whole order saved or nothing with every error
 * under its field, exact totals (discounts, delivery, payments), price types, statuses, the
 * widget's list in keyset pages, "Send order" into the web chat, live changes, rights and
 * another workspace's ids.
 */

const ORDER = `id number isDraft clientId version currency priceTypeId status { code name group }
  customer { firstName lastName phone email }
  items { productId sku name quantity listPrice unitPrice weightKg lineTotal }
  discount { kind value }
  totals { goods discount delivery total paid due paymentState weightKg }
  delivery { type city street postalCode date slot cost costManual ruleName }
  payments { id type { code acquirer } status amount paidAt }
  extra { country orderType store managerId managerName } comment createdByName placedAt`;
const SAVE = `mutation($i: SaveOrderInput!) { saveOrder(input: $i) { ${ORDER} } }`;
const PREVIEW = `query($i: SaveOrderInput!) { previewOrder(input: $i) { totals { goods discount delivery total due paymentState } lineTotals deliveryCost errors { field message } } }`;
const GET = `query($id: ID!) { order(id: $id) { ${ORDER} } }`;
const LIST = `query($c: ID!, $first: Int, $after: String) { clientOrders(contactId: $c, first: $first, after: $after) { nodes { id number totals { total } } pageInfo { hasNextPage endCursor } } }`;
const DRAFT = `query($c: ID!) { clientOrderDraft(contactId: $c) { id number isDraft items { name } } }`;
const STATUS = `mutation($i: SetOrderStatusInput!) { setOrderStatus(input: $i) { status { code group } version } }`;
const DELETE = `mutation($id: ID!) { deleteOrderDraft(orderId: $id) }`;
const SEND = `mutation($i: SendOrderSummaryInput!) { sendOrderSummary(input: $i) { messageId seq } }`;
const STATUSES = `query { orderStatuses { code name group position active } paymentTypes { code name acquirer active } }`;
const FIND = `query($q: String!) { products(filter: { query: $q }, first: 1) { nodes { id sku name price } } productPriceTypes { id code currency isBase } }`;
const DOC = `mutation($i: MakeOrderDocumentInput!) { makeOrderDocument(input: $i) { id name mime size url } }`;
const SEND_MESSAGE = `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id attachments { id name mime } } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId } }`;

type R = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const fieldErrors = (r: R): Array<{ field: string; message: string }> => r.errors?.[0]?.extensions?.['fieldErrors'] ?? [];
const fields = (r: R) => fieldErrors(r).map((e) => e.field);

describe('orders (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, olga: string;
  let workspaceId: string;
  let mug: { id: string }, kettle: { id: string };
  let wholesaleId: string;

  const client = async (name: string) => (await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, $2) RETURNING id`, [workspaceId, name]))[0].id as string;
  const save = async (i: Record<string, unknown>, token = anna): Promise<R> => t.graphql(SAVE, { i }, token);
  const ok = async (i: Record<string, unknown>, token = anna) => {
    const r = await save(i, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data?.['saveOrder'];
  };
  const customer = { firstName: 'Jana', lastName: 'Nováková', phone: '+48 601 234 567', email: 'Jana@Example.com' };

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, anna, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    const m = (await t.graphql(FIND, { q: 'mug' }, anna)).data!;
    mug = m['products'].nodes[0];
    kettle = (await t.graphql(FIND, { q: 'kettle' }, anna)).data!['products'].nodes[0];
    wholesaleId = m['productPriceTypes'].find((p: any) => p.code === 'wholesale').id;
  });
  afterAll(() => t?.stop());

  it('gives a workspace its statuses in six groups and its payment types on first use', async () => {
    const r = (await t.graphql(STATUSES, {}, olga)).data!;
    expect(r['orderStatuses'].map((s: any) => s.group)).toEqual(['new', 'approval', 'assembling', 'delivery', 'complete', 'cancelled']);
    expect(r['orderStatuses'][0]).toEqual({ code: 'new', name: 'New', group: 'new', position: 0, active: true });
    expect(r['paymentTypes'].map((p: any) => [p.code, p.acquirer])).toEqual([['card-online', 'test'], ['cash', null], ['bank-transfer', null]]);
  });

  it('keeps one draft per client, resumed by the next save; placing it gives number 1 and its totals are exact; live for other operators', async () => {
    const contactId = await client('Draft Client');
    const live = collect<any>(t.subscriptions(admin), CHANGES(contactId), 3, 8000);
    await live.ready;
    const draft = await ok({ clientId: contactId, draft: true, items: [{ productId: mug.id, quantity: '2' }] });
    expect(draft).toMatchObject({ number: null, isDraft: true, currency: 'EUR', status: { code: 'new' }, version: 1, createdByName: 'Anna Nowak', placedAt: null });
    expect(draft.items).toEqual([{ productId: mug.id, sku: 'mug', name: 'Stoneware Mug', quantity: '2', listPrice: '18.00', unitPrice: '18.00', weightKg: expect.any(String), lineTotal: '36.00' }]);
    // a save without the id resumes the client's draft
    const resumed = await ok({ clientId: contactId, draft: true, items: [{ productId: mug.id, quantity: '2' }, { name: 'Gift note', unitPrice: '1.50', quantity: '1' }] });
    expect(resumed.id).toBe(draft.id);
    expect(resumed.version).toBe(2);
    expect((await t.graphql(DRAFT, { c: contactId }, olga)).data?.['clientOrderDraft']).toEqual({ id: draft.id, number: null, isDraft: true, items: [{ name: 'Stoneware Mug' }, { name: 'Gift note' }] });

    const placed = await ok({
      id: draft.id,
      clientId: contactId,
      draft: false,
      expectedVersion: 2,
      customer,
      items: [{ productId: mug.id, quantity: '2', unitPrice: '17,50' }, { name: 'Gift note', unitPrice: '1.50', quantity: '1' }, { productId: kettle.id, quantity: '0.5' }],
      discount: { kind: 'percent', value: '12.5' },
      delivery: { type: 'courier', city: 'Kraków', street: 'Floriańska 1', postalCode: '31-019', date: '2026-12-24', slot: '10:00–14:00', cost: '5.90' },
      payments: [{ type: 'cash', status: 'paid', amount: '20' }, { type: 'card-online', status: 'pending', amount: '44.04' }],
      extra: { country: 'Poland', orderType: 'Retail', store: 'Main' },
      comment: 'Ring twice',
    });
    expect(placed).toMatchObject({ id: draft.id, number: 1, isDraft: false, version: 3, customer: { firstName: 'Jana', lastName: 'Nováková', phone: '+48601234567', email: 'jana@example.com' } });
    expect(placed.placedAt).toEqual(expect.any(String));
    expect(placed.items.map((i: any) => [i.name, i.quantity, i.listPrice, i.unitPrice, i.lineTotal])).toEqual([
      ['Stoneware Mug', '2', '18.00', '17.50', '35.00'],
      ['Gift note', '1', null, '1.50', '1.50'],
      ['Pour-over Kettle', '0.5', '64.00', '64.00', '32.00'],
    ]);
    // goods 68.50; 12.5 % = 8.5625 → 8.56; + 5.90 = 65.84; paid 20 (cash), due 45.84
    expect(placed.totals).toEqual({ goods: '68.50', discount: '8.56', delivery: '5.90', total: '65.84', paid: '20.00', due: '45.84', paymentState: 'partial', weightKg: expect.any(String) });
    expect(placed.delivery).toEqual({ type: 'courier', city: 'Kraków', street: 'Floriańska 1', postalCode: '31-019', date: '2026-12-24', slot: '10:00–14:00', cost: '5.90', costManual: true, ruleName: null });
    expect(placed.payments.map((p: any) => [p.type.code, p.status, p.amount, !!p.paidAt])).toEqual([['cash', 'paid', '20.00', true], ['card-online', 'pending', '44.04', false]]);
    expect(placed.extra).toMatchObject({ country: 'Poland', orderType: 'Retail', store: 'Main' });
    expect((await t.graphql(DRAFT, { c: contactId }, anna)).data?.['clientOrderDraft']).toBeNull();
    const events = await live.done;
    expect(events.every((e) => e.contactChanged.kind === 'orders_changed')).toBe(true);

    // a payment keeps its id across saves (a payment link points at it); paying the rest makes it full
    const [cash, card] = placed.payments;
    const paid = await ok({ id: placed.id, clientId: contactId, draft: false, customer, items: [{ productId: mug.id, quantity: '2', unitPrice: '17.50' }, { name: 'Gift note', unitPrice: '1.50', quantity: '1' }, { productId: kettle.id, quantity: '0.5', unitPrice: '64.00' }], discount: { kind: 'percent', value: '12.5' }, delivery: { type: 'courier', cost: '5.90' }, payments: [{ id: cash.id, type: 'cash', status: 'paid', amount: '20.00' }, { id: card.id, type: 'card-online', status: 'paid', amount: '45.84' }] });
    expect(paid.payments.map((p: any) => p.id)).toEqual([cash.id, card.id]);
    expect(paid.totals).toMatchObject({ total: '65.84', paid: '65.84', due: '0.00', paymentState: 'full' });
    expect(paid.number).toBe(1);
    // a placed order cannot go back to being a draft
    expect(code(await save({ id: placed.id, clientId: contactId, draft: true, items: [] }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a save with every error under its field and saves nothing of it; a stale version is a CONFLICT', async () => {
    const contactId = await client('Careful Client');
    const draft = await ok({ clientId: contactId, draft: true, items: [{ productId: mug.id, quantity: '1' }] });
    const bad = await save({
      id: draft.id,
      clientId: contactId,
      draft: false,
      customer: { phone: 'not a phone', email: 'nope@' },
      items: [{ productId: mug.id, quantity: '-1' }, { name: 'Free line', quantity: '1', unitPrice: '1.23456' }, { productId: kettle.id, quantity: 'abc' }, { name: '', quantity: '1', unitPrice: '2' }, { productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }],
      discount: { kind: 'percent', value: '120' },
      delivery: { date: '2026-02-30', cost: '-3' },
      payments: [{ type: 'bitcoin', status: 'paid', amount: '1' }, { type: 'cash', status: 'paid', amount: '0' }],
    });
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect(fields(bad).sort()).toEqual(
      [
        'customer.email',
        'customer.firstName',
        'customer.phone',
        'delivery.cost',
        'delivery.date',
        'discount.value',
        'items.0.quantity',
        'items.1.unitPrice',
        'items.2.quantity',
        'items.3.name',
        'items.4.productId',
        'payments.0.type',
        'payments.1.amount',
      ].sort(),
    );
    expect(fieldErrors(bad).find((e) => e.field === 'items.0.quantity')?.message).toBe('A quantity cannot be negative');
    expect(fieldErrors(bad).find((e) => e.field === 'items.1.unitPrice')?.message).toBe('EUR amounts have at most 2 decimals');
    const unchanged = (await t.graphql(GET, { id: draft.id }, anna)).data?.['order'];
    expect(unchanged).toMatchObject({ version: 1, isDraft: true, items: [{ name: 'Stoneware Mug', quantity: '1' }] });

    // a discount above the goods; an order without items cannot be placed; payments above the total
    const over = await save({ id: draft.id, clientId: contactId, draft: false, customer, items: [{ productId: mug.id, quantity: '1' }], discount: { kind: 'amount', value: '18.01' } });
    expect(fieldErrors(over)).toEqual([{ field: 'discount.value', message: 'The discount is more than the goods (18.00 EUR)' }]);
    expect(fields(await save({ id: draft.id, clientId: contactId, draft: false, customer, items: [] }))).toEqual(['items']);
    expect(fields(await save({ id: draft.id, clientId: contactId, draft: false, customer, items: [{ productId: mug.id, quantity: '1' }], payments: [{ type: 'cash', status: 'paid', amount: '19' }] }))).toEqual(['payments']);
    const tooMany = await save({ id: draft.id, clientId: contactId, draft: true, items: Array.from({ length: 501 }, () => ({ productId: mug.id, quantity: '1' })) });
    expect(fields(tooMany)).toEqual(['items']);

    // a save over someone else's newer version
    await ok({ id: draft.id, clientId: contactId, draft: true, expectedVersion: 1, items: [{ productId: mug.id, quantity: '3' }] });
    const stale = await save({ id: draft.id, clientId: contactId, draft: true, expectedVersion: 1, items: [{ productId: mug.id, quantity: '4' }] });
    expect(code(stale)).toBe('CONFLICT');
    expect((await t.graphql(GET, { id: draft.id }, anna)).data?.['order'].items[0].quantity).toBe('3');
    // the order of another client; an unknown order
    const other = await client('Other Client');
    expect(code(await save({ id: draft.id, clientId: other, draft: true, items: [] }))).toBe('BAD_USER_INPUT');
    expect(code(await save({ id: '00000000-0000-4000-8000-000000000000', clientId: other, draft: true, items: [] }))).toBe('NOT_FOUND');
  });

  it('computes the totals as the operator types (previewOrder) without saving; prices in the wholesale price type', async () => {
    const contactId = await client('Preview Client');
    const p = (await t.graphql(PREVIEW, { i: { clientId: contactId, draft: false, priceTypeId: wholesaleId, items: [{ productId: mug.id, quantity: '3' }, { productId: kettle.id, quantity: 'x' }], discount: { kind: 'amount', value: '5' } } }, anna)).data?.['previewOrder'];
    // wholesale mug 14.40 × 3 = 43.20 − 5 = 38.20
    expect(p.totals).toEqual({ goods: '43.20', discount: '5.00', delivery: '0.00', total: '38.20', due: '38.20', paymentState: 'none' });
    expect(p.lineTotals).toEqual(['43.20', '0.00']);
    expect(p.errors.map((e: any) => e.field).sort()).toEqual(['customer.firstName', 'customer.phone', 'items.1.quantity']);
    expect((await t.graphql(DRAFT, { c: contactId }, anna)).data?.['clientOrderDraft']).toBeNull();
    const placed = await ok({ clientId: contactId, draft: false, priceTypeId: wholesaleId, customer, items: [{ productId: mug.id, quantity: '3' }] });
    expect(placed).toMatchObject({ priceTypeId: wholesaleId, totals: { goods: '43.20' }, items: [{ listPrice: '14.40', unitPrice: '14.40' }] });
  });

  it('numbers placed orders gaplessly under concurrency; a refused placement takes no number', async () => {
    const before = Number((await t.db.query(`SELECT last_number FROM order_counters WHERE workspace_id = $1`, [workspaceId]))[0].last_number);
    const clients = await Promise.all(Array.from({ length: 12 }, (_, i) => client(`Rush ${i}`)));
    const results = await Promise.all(
      clients.map((c, i) => save({ clientId: c, draft: false, customer, items: [{ productId: mug.id, quantity: i % 4 === 3 ? '-1' : '1' }] })),
    );
    const numbers = results.filter((r) => !r.errors).map((r) => r.data?.['saveOrder'].number as number);
    expect(results.filter((r) => r.errors).map(code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => before + 1 + i));
  });

  it('lists a client’s placed orders newest first in keyset pages; changes a status; deletes a draft; rights and other workspaces', async () => {
    const contactId = await client('Loyal Client');
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await ok({ clientId: contactId, draft: false, customer, items: [{ productId: mug.id, quantity: String(i + 1) }] }));
    await ok({ clientId: contactId, draft: true, items: [] });
    const p1 = (await t.graphql(LIST, { c: contactId, first: 2 }, olga)).data?.['clientOrders'];
    expect(p1.nodes.map((o: any) => o.id)).toEqual([made[2].id, made[1].id]);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.graphql(LIST, { c: contactId, first: 2, after: p1.pageInfo.endCursor }, olga)).data?.['clientOrders'];
    expect(p2.nodes.map((o: any) => [o.id, o.totals.total])).toEqual([[made[0].id, '18.00']]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(code(await t.graphql(LIST, { c: contactId, first: 51 }, olga))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(LIST, { c: contactId, after: 'garbage' }, olga))).toBe('BAD_USER_INPUT');

    const st = await t.graphql(STATUS, { i: { orderId: made[0].id, status: 'assembling' } }, anna);
    expect(st.data?.['setOrderStatus']).toEqual({ status: { code: 'assembling', group: 'assembling' }, version: 2 });
    expect(code(await t.graphql(STATUS, { i: { orderId: made[0].id, status: 'lost-in-space' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(STATUS, { i: { orderId: made[0].id, status: 'complete' } }, olga))).toBe('FORBIDDEN');
    const draft = (await t.graphql(DRAFT, { c: contactId }, anna)).data?.['clientOrderDraft'];
    expect(code(await t.graphql(STATUS, { i: { orderId: draft.id, status: 'complete' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await save({ clientId: contactId, draft: true, items: [] }, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(DELETE, { id: made[0].id }, anna))).toBe('BAD_USER_INPUT');
    expect((await t.graphql(DELETE, { id: draft.id }, anna)).data?.['deleteOrderDraft']).toBe(true);
    expect((await t.graphql(DRAFT, { c: contactId }, anna)).data?.['clientOrderDraft']).toBeNull();

    // another workspace's admin sees none of it
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere') RETURNING id`);
    const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@elsewhere.test', $2, 'Boss', 'admin')`, [other.id, op.password_hash]);
    const boss = await t.login('boss@elsewhere.test');
    expect(code(await t.graphql(GET, { id: made[0].id }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(LIST, { c: contactId }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(STATUS, { i: { orderId: made[0].id, status: 'complete' } }, boss))).toBe('NOT_FOUND');
    expect(code(await save({ clientId: contactId, draft: true, items: [] }, boss))).toBe('NOT_FOUND');
  });

  it('“Send order” posts the summary into the web chat; the visitor reads it; idempotent; bad inputs', async () => {
    const { v, conversationId } = await t.visitorWithConversation('I would like two mugs');
    const [{ contact_id: contactId }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [conversationId]);
    const order = await ok({ clientId: contactId, conversationId, draft: false, customer, items: [{ productId: mug.id, quantity: '2' }], delivery: { type: 'courier', cost: '5.90', city: 'Kraków' } });
    const sent = await t.graphql(SEND, { i: { orderId: order.id, conversationId, clientId: 'order-1' } }, anna);
    expect(sent.errors).toBeUndefined();
    const frame = await v.waitFor((f) => f.type === 'message' && /Your order #/.test(f.message?.body ?? ''));
    expect(frame.message.body).toBe(`Your order #${order.number}\n• Stoneware Mug × 2 — €36.00\nDelivery (courier): €5.90 — Kraków\nTotal: €41.90`);
    const again = await t.graphql(SEND, { i: { orderId: order.id, conversationId, clientId: 'order-1' } }, anna);
    expect(again.data?.['sendOrderSummary'].messageId).toBe(sent.data?.['sendOrderSummary'].messageId);
    expect(code(await t.graphql(SEND, { i: { orderId: order.id, conversationId, clientId: '' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(SEND, { i: { orderId: order.id, conversationId, clientId: 'order-2' } }, olga))).toBe('FORBIDDEN');

    // "Send printable document": a real PDF as Anna's unsent attachment, sent with her words
    const doc = await t.graphql(DOC, { i: { orderId: order.id, conversationId, kind: 'invoice', locale: 'pl' } }, anna);
    expect(doc.errors).toBeUndefined();
    const file = doc.data?.['makeOrderDocument'];
    expect(file).toMatchObject({ name: `Invoice-${order.number}.pdf`, mime: 'application/pdf' });
    expect(file.size).toBeGreaterThan(5000);
    const pdf = Buffer.from(await (await fetch(new URL(file.url, t.url))).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const msg = await t.graphql(SEND_MESSAGE, { i: { conversationId, body: 'Your invoice', clientId: 'with-invoice', attachmentIds: [file.id] } }, anna);
    expect(msg.data?.['sendMessage'].attachments).toEqual([{ id: file.id, name: file.name, mime: 'application/pdf' }]);
    expect(code(await t.graphql(DOC, { i: { orderId: order.id, conversationId, kind: 'receipt' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(DOC, { i: { orderId: order.id, conversationId, kind: 'invoice', locale: '<script>' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(DOC, { i: { orderId: order.id, conversationId, kind: 'invoice' } }, olga))).toBe('FORBIDDEN');
    const draft = await ok({ clientId: contactId, draft: true, items: [{ productId: mug.id, quantity: '1' }] });
    expect(code(await t.graphql(DOC, { i: { orderId: draft.id, conversationId, kind: 'invoice' } }, anna))).toBe('BAD_USER_INPUT');
    v.close();
  });
});
