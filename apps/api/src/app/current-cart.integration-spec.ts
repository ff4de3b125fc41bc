import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E9): the current cart — the site reports it through the real visitor socket
 * (Parley.setCart's `cart` frame) with decimal prices; the server checks every item (decimals per
 * currency, no negatives, no NaN, at most 50 items, http(s) links only), keeps prices as strings,
 * computes line totals and a total per currency; operators who may see the conversation read it
 * (`visitorCart`) and get each change live (`conversationActivity` kind `cart`), others neither;
 * cart items are matched to catalogue products by SKU or external id (`catalogueMatches`).
 */

const CART = `query($c: ID!) { visitorCart(conversationId: $c) { conversationId updatedAt items { id name quantity price currency lineTotal url sku imageUrl } totals { currency amount quantity } } }`;
const VISIT_CART = `query($c: ID!) { visitorVisit(conversationId: $c) { cart { id price currency lineTotal } } }`;
const MATCHES = `query($codes: [String!]!) { catalogueMatches(codes: $codes) { code bySku product { id sku name } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const ACTIVITY = (id: string) => `subscription { conversationActivity(conversationId: "${id}") { kind conversationId } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const SHOP = 'https://shop.example.com/demo/product.html?id=';

describe('current cart (integration)', () => {
  jest.setTimeout(30_000);
  let t: TestApp;
  let admin: string, anna: string, boris: string, olga: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, anna, boris, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
  });
  afterAll(() => t?.stop());

  it('setCart with decimal prices: stored as strings, line totals and a total per currency, live to operators who see the chat and not to others', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Can you check my cart?');
    v.sendFrame({ type: 'page', url: `${SHOP}mug`, title: 'Stoneware Mug' });
    await new Promise((r) => setTimeout(r, 500)); // its `visit` activity is out before anyone below listens
    const empty = await t.graphql(CART, { c: conversationId }, anna);
    expect(empty.errors).toBeUndefined();
    expect(empty.data?.['visitorCart']).toEqual({ conversationId, updatedAt: null, items: [], totals: [] });

    // Boris follows the chat while it is in the queue; once Anna takes it, it is not his to see
    const borisLive = collect<any>(t.subscriptions(boris), ACTIVITY(conversationId), 1, 2500);
    await borisLive.ready;
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    const annaLive = collect<any>(t.subscriptions(anna), ACTIVITY(conversationId), 2, 8000);
    const olgaLive = collect<any>(t.subscriptions(olga), ACTIVITY(conversationId), 1, 8000);
    await Promise.all([annaLive.ready, olgaLive.ready]);

    v.sendFrame({
      type: 'cart',
      items: [
        { id: 'mug', sku: 'mug', name: 'Stoneware Mug', quantity: 2, price: '18.00', currency: 'EUR', url: `${SHOP}mug`, imageUrl: 'https://shop.example.com/img/mug.jpg' },
        { id: 'wrap', name: 'Gift wrap', quantity: 3, price: 0.1, currency: 'EUR' },
        { id: 'tea', name: 'Matcha', quantity: 1, price: '1500', currency: 'JPY' },
        { id: 'note', name: 'A note', quantity: 1 },
      ],
    });
    const first = (await olgaLive.done)[0];
    expect(first.conversationActivity).toEqual({ kind: 'cart', conversationId });
    const cart = (await t.graphql(CART, { c: conversationId }, anna)).data?.['visitorCart'];
    expect(cart.items).toEqual([
      { id: 'mug', name: 'Stoneware Mug', quantity: 2, price: '18.00', currency: 'EUR', lineTotal: '36.00', url: `${SHOP}mug`, sku: 'mug', imageUrl: 'https://shop.example.com/img/mug.jpg' },
      { id: 'wrap', name: 'Gift wrap', quantity: 3, price: '0.10', currency: 'EUR', lineTotal: '0.30', url: null, sku: null, imageUrl: null },
      { id: 'tea', name: 'Matcha', quantity: 1, price: '1500', currency: 'JPY', lineTotal: '1500', url: null, sku: null, imageUrl: null },
      { id: 'note', name: 'A note', quantity: 1, price: null, currency: null, lineTotal: null, url: null, sku: null, imageUrl: null },
    ]);
    expect(cart.totals).toEqual([
      { currency: 'EUR', amount: '36.30', quantity: 5 },
      { currency: 'JPY', amount: '1500', quantity: 1 },
    ]);
    expect(Date.now() - Date.parse(cart.updatedAt)).toBeLessThan(10_000);
    // stored as decimal strings, never floats
    const [row] = await t.db.query(`SELECT cart FROM visitors WHERE conversation_id = $1`, [conversationId]);
    expect(row.cart.map((i: any) => i.price)).toEqual(['18.00', '0.10', '1500', undefined]);
    // the Visit widget's copy reads the same
    expect((await t.graphql(VISIT_CART, { c: conversationId }, anna)).data?.['visitorVisit'].cart[1]).toEqual({ id: 'wrap', price: '0.10', currency: 'EUR', lineTotal: '0.30' });

    // the visitor changes a quantity: Anna's second event, the new totals
    v.sendFrame({ type: 'cart', items: [{ id: 'mug', sku: 'mug', name: 'Stoneware Mug', quantity: 3, price: '18.00', currency: 'EUR', url: `${SHOP}mug` }] });
    expect((await annaLive.done).map((e) => e.conversationActivity.kind)).toEqual(['cart', 'cart']);
    expect((await t.graphql(CART, { c: conversationId }, olga)).data?.['visitorCart'].totals).toEqual([{ currency: 'EUR', amount: '54.00', quantity: 3 }]);

    // Boris: no event, and the cart is refused to him
    await expect(borisLive.done).rejects.toThrow();
    expect(code(await t.graphql(CART, { c: conversationId }, boris))).toBe('FORBIDDEN');
    expect(code(await t.graphql(CART, { c: '00000000-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
    expect(code(await t.graphql(CART, { c: conversationId }))).toBe('UNAUTHENTICATED');
    v.close();
  });

  it('refuses bad carts naming the field, and keeps the cart it had', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Here is my cart');
    const good = [{ id: 'mug', name: 'Stoneware Mug', quantity: 1, price: '18.00', currency: 'EUR' }];
    v.sendFrame({ type: 'cart', items: good });
    const errorFor = async (items: unknown) => {
      const n = v.frames.length;
      v.sendFrame({ type: 'cart', items });
      return v.waitFor((f) => v.frames.indexOf(f) >= n && f.type === 'error' && f.frame === 'cart', 3000);
    };
    const one = (over: Record<string, unknown>) => [{ ...good[0], ...over }];
    expect(await errorFor(one({ price: '18.00001' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items.0.price', message: 'EUR amounts have at most 2 decimals' });
    expect(await errorFor(one({ price: '-1.00' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items.0.price', message: 'An amount cannot be negative' });
    expect(await errorFor(one({ price: -5 }))).toMatchObject({ field: 'items.0.price' });
    expect(await errorFor(one({ price: 'NaN' }))).toMatchObject({ field: 'items.0.price' });
    expect(await errorFor(one({ price: '1e3' }))).toMatchObject({ field: 'items.0.price' });
    expect(await errorFor(one({ currency: 'JPY', price: '15.5' }))).toMatchObject({ field: 'items.0.price', message: 'JPY amounts have no decimals' });
    expect(await errorFor(one({ currency: undefined }))).toMatchObject({ field: 'items.0.currency' });
    expect(await errorFor(one({ currency: 'XXY' }))).toMatchObject({ field: 'items.0.currency' });
    // the socket takes 10 updates in a burst, then one a second
    await new Promise((r) => setTimeout(r, 7000));
    expect(await errorFor(Array.from({ length: 51 }, (_, i) => ({ ...good[0], id: `p${i}` })))).toMatchObject({ field: 'items', message: 'At most 50 items' });
    expect(await errorFor(one({ url: 'javascript:alert(1)' }))).toMatchObject({ field: 'items.0.url' });
    expect(await errorFor(one({ url: 'not a url' }))).toMatchObject({ field: 'items.0.url' });
    expect(await errorFor(one({ imageUrl: 'data:image/png;base64,AAAA' }))).toMatchObject({ field: 'items.0.imageUrl' });
    expect(await errorFor(one({ quantity: 0 }))).toMatchObject({ field: 'items.0.quantity' });
    expect(await errorFor(one({ sku: 42 }))).toMatchObject({ field: 'items.0.sku' });
    expect(await errorFor('nope')).toMatchObject({ field: 'items' });
    const cart = (await t.graphql(CART, { c: conversationId }, admin)).data?.['visitorCart'];
    expect(cart.items.map((i: any) => [i.id, i.price])).toEqual([['mug', '18.00']]);
    expect(cart.totals).toEqual([{ currency: 'EUR', amount: '18.00', quantity: 1 }]);

    // a cart stored before prices were strings (a JSON number) reads as a decimal string
    await t.db.query(`UPDATE visitors SET cart = '[{"id":"old","name":"Old","quantity":2,"price":9.5,"currency":"EUR"}]'::jsonb WHERE conversation_id = $1`, [conversationId]);
    expect((await t.graphql(CART, { c: conversationId }, admin)).data?.['visitorCart'].totals).toEqual([{ currency: 'EUR', amount: '19.00', quantity: 2 }]);
    v.close();
  });

  it('matches cart items to the catalogue by SKU, else by external id; inactive and other workspaces’ products never', async () => {
    await t.db.query(`UPDATE products SET external_id = 'shop-42' WHERE workspace_id = $1 AND sku = 'kettle'`, [workspaceId]);
    await t.db.query(`UPDATE products SET active = false WHERE workspace_id = $1 AND sku = 'tote'`, [workspaceId]);
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other-cart') RETURNING id`);
    await t.db.query(`INSERT INTO products (workspace_id, kind, sku, name, price, currency) VALUES ($1, 'product', 'theirs', 'Their thing', '5.00', 'EUR')`, [other.id]);
    const r = await t.graphql(MATCHES, { codes: ['mug', 'shop-42', 'tote', 'theirs', 'nothing', 'mug'] }, olga);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['catalogueMatches'].map((m: any) => [m.code, m.bySku, m.product.sku])).toEqual([
      ['mug', true, 'mug'],
      ['shop-42', false, 'kettle'],
    ]);
    expect(code(await t.graphql(MATCHES, { codes: Array.from({ length: 101 }, (_, i) => `c${i}`) }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(MATCHES, { codes: ['mug'] }))).toBe('UNAUTHENTICATED');
  });
});
