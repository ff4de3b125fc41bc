import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E3): the catalogue as an agent uses it beside the chat — the product popup's search
 * (full text, partial SKUs, typos, filters, sorts, keyset pages), its filter lists, creating a
 * product (Manage catalogue), the client's interesting products (live), and a product card sent
 * into the web chat (the visitor gets the card) — with bad inputs and rights.
 */

const PRODUCT = `id kind sku name price currency active inStock stock url images properties { name value } category { id name } prices { priceType { code name currency isBase } amount currency }`;
const SEARCH = `query($f: ProductSearchInput, $first: Int, $after: String) { products(filter: $f, first: $first, after: $after) { nodes { ${PRODUCT} } pageInfo { hasNextPage endCursor } } }`;
const FILTERS = `query { productFilters { categories { id name parentId } properties { name values } priceTypes { id code name currency isBase } priceMin priceMax currency } }`;
const CREATE = `mutation($i: ProductInput!) { createProduct(input: $i) { ${PRODUCT} } }`;
const UPDATE = `mutation($id: ID!, $i: ProductInput!) { updateProduct(id: $id, input: $i) { ${PRODUCT} } }`;
const LIST = `query($c: ID!) { clientProducts(contactId: $c) { product { id name } addedAt addedByName } }`;
const ADD = `mutation($i: ClientProductInput!) { addClientProduct(input: $i) { product { id name } addedByName } }`;
const REMOVE = `mutation($i: ClientProductInput!) { removeClientProduct(input: $i) { product { id } } }`;
const SEND = `mutation($i: SendProductCardInput!) { sendProductCard(input: $i) { messageId seq } }`;
const MESSAGES = `query($c: ID!) { messages(conversationId: $c, last: 10) { nodes { id body authorType card { kind productId sku name price currency imageUrl url } } } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];
const fieldErrors = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['fieldErrors'];

describe('catalogue: search, products widget and product cards (integration)', () => {
  let t: TestApp;
  let admin: string, sam: string, anna: string, olga: string;
  let workspaceId: string;

  const search = async (f: Record<string, unknown> | null, first = 20, after: string | null = null, token = anna) => {
    const r = await t.graphql(SEARCH, { f, first, after }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['products'] as { nodes: any[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  };
  const skus = async (f: Record<string, unknown> | null, first = 50) => (await search(f, first)).nodes.map((p) => p.sku);

  beforeAll(async () => {
    t = await TestApp.start();
    const roles = await crmRoles(t);
    ({ admin, sam, anna, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
  });
  afterAll(() => t?.stop());

  it('finds by words (prefixes), a partial SKU and a typo; the best match first; another workspace’s products never', async () => {
    expect((await skus({ query: 'kettle' }))[0]).toBe('kettle');
    expect(await skus({ query: 'kett' })).toContain('kettle');
    expect(await skus({ query: 'kettel' })).toContain('kettle'); // a typo
    expect((await skus({ query: 'card-5' }))[0]).toBe('gift-card-50'); // a partial SKU, best first
    expect(await skus({ query: 'french press' })).toEqual(['french-press', 'grinder']); // the name outranks the grinder's description
    expect(await skus({ query: 'Portugal' })).toEqual(['blanket']); // the description
    expect(await skus({ query: 'zzzz-nothing' })).toEqual([]);
    // a product of another workspace with the same words is not found
    const [{ id: other }] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other shop', 'other-shop') RETURNING id`);
    await t.db.query(`INSERT INTO products (workspace_id, sku, name, price, currency) VALUES ($1, 'kettle-x', 'Kettle of another shop', 10, 'EUR')`, [other]);
    expect(await skus({ query: 'kettle' })).not.toContain('kettle-x');
  });

  it('filters by category (with its subcategories), price range, stock, properties and kind; sorts by name and price', async () => {
    const filters = (await t.graphql(FILTERS, {}, anna)).data?.['productFilters'];
    expect(filters.currency).toBe('EUR');
    expect(filters.priceTypes.map((p: any) => [p.code, p.isBase])).toEqual([['retail', true], ['wholesale', false]]);
    expect([filters.priceMin, filters.priceMax]).toEqual(['5.00', '129.00']);
    expect(filters.properties.find((p: any) => p.name === 'Colour').values).toEqual(expect.arrayContaining(['Green', 'Blue', 'Black']));
    const kitchen = filters.categories.find((c: any) => c.name === 'Kitchen');
    const coffee = filters.categories.find((c: any) => c.name === 'Coffee & tea');
    expect(coffee.parentId).toBe(kitchen.id);

    const inKitchen = await skus({ categoryId: kitchen.id });
    expect(inKitchen).toEqual(expect.arrayContaining(['mug', 'kettle', 'chef-knife']));
    expect(inKitchen).not.toContain('tote');
    expect(await skus({ categoryId: coffee.id })).not.toContain('chef-knife');

    const cheap = (await search({ priceMin: '10', priceMax: '15.00', sort: 'PRICE_ASC' })).nodes;
    expect(cheap.map((p) => p.price)).toEqual(['11.00', '12.00', '12.00', '14.00', '15.00']);
    expect(cheap.map((p) => p.sku).sort()).toEqual(['engraving', 'ink', 'notebook', 'pencil-set', 'tea-tin']);
    expect(await skus({ query: 'grinder' })).toEqual(['grinder']);
    expect(await skus({ query: 'grinder', inStock: true })).toEqual([]);
    // Green AND (Wool OR Steel), by name: Watering Can, Wool Cushion (the green stoneware vase is not)
    expect(await skus({ properties: [{ name: 'Colour', values: ['Green'] }, { name: 'Material', values: ['Wool', 'Steel'] }] })).toEqual(['watering-can', 'cushion']);
    expect(await skus({ kind: 'service' })).toEqual(['engraving', 'gift-wrap']);
    const desc = (await search({ sort: 'PRICE_DESC' }, 3)).nodes.map((p) => p.price);
    expect(desc).toEqual(['129.00', '119.00', '89.00']);
    const byName = (await search({ sort: 'NAME' }, 3)).nodes.map((p) => p.name);
    expect(byName).toEqual(['Bottled Ink', 'Bread Bin', 'Canvas Apron']);

    const mug = (await search({ query: 'mug' })).nodes.find((p) => p.sku === 'mug');
    expect(mug).toMatchObject({ kind: 'product', price: '18.00', currency: 'EUR', inStock: true, category: { name: 'Coffee & tea' }, url: expect.stringMatching(/\/demo\/product\.html\?id=mug$/) });
    expect(mug.prices).toEqual([
      { priceType: { code: 'retail', name: 'Retail', currency: 'EUR', isBase: true }, amount: '18.00', currency: 'EUR' },
      { priceType: { code: 'wholesale', name: 'Wholesale', currency: 'EUR', isBase: false }, amount: '14.40', currency: 'EUR' },
    ]);
    expect(mug.properties).toEqual(expect.arrayContaining([{ name: 'Colour', value: 'Blue' }, { name: 'Material', value: 'Stoneware' }]));
  });

  it('pages with keyset cursors in every sort, without repeats or gaps; a cursor of another sort is refused', async () => {
    for (const [f, all] of [
      [{ sort: 'NAME' }, 50],
      [{ sort: 'PRICE_ASC' }, 50],
      [{ sort: 'PRICE_DESC' }, 50],
      [{ query: 'e' }, 50],
      [{ query: 'set' }, 50],
    ] as Array<[Record<string, unknown>, number]>) {
      const whole = (await search(f, all)).nodes.map((p) => p.id);
      const paged: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 40; i++) {
        const page = await search(f, 4, after);
        paged.push(...page.nodes.map((p) => p.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(whole);
    }
    const first = await search({ sort: 'NAME' }, 2);
    const wrong = await t.graphql(SEARCH, { f: { sort: 'PRICE_ASC' }, first: 2, after: first.pageInfo.endCursor }, anna);
    expect([code(wrong), field(wrong)]).toEqual(['BAD_USER_INPUT', 'after']);
    const junk = await t.graphql(SEARCH, { f: null, first: 2, after: 'not-a-cursor' }, anna);
    expect(code(junk)).toBe('BAD_USER_INPUT');
  });

  it('bad search input gets a clear error naming the field', async () => {
    const bad = async (f: Record<string, unknown>, first = 20) => {
      const r = await t.graphql(SEARCH, { f, first }, anna);
      return [code(r), field(r)];
    };
    expect(await bad({ query: 'x'.repeat(201) })).toEqual(['BAD_USER_INPUT', 'query']);
    expect(await bad({}, 0)).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await bad({}, 51)).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await bad({ priceMin: '-1' })).toEqual(['BAD_USER_INPUT', 'priceMin']);
    expect(await bad({ priceMin: 'abc' })).toEqual(['BAD_USER_INPUT', 'priceMin']);
    expect(await bad({ priceMin: '1.00001' })).toEqual(['BAD_USER_INPUT', 'priceMin']);
    expect(await bad({ priceMin: '20', priceMax: '10' })).toEqual(['BAD_USER_INPUT', 'priceMax']);
    expect(await bad({ properties: [{ name: 'Colour', values: [] }] })).toEqual(['BAD_USER_INPUT', 'properties']);
    const notUuid = await t.graphql(SEARCH, { f: { categoryId: 'nope' } }, anna);
    expect(code(notUuid)).toBe('BAD_USER_INPUT');
    // tsquery syntax in the words is only text
    expect(await skus({ query: "mug & | ! ( ) :* '" })).toContain('mug');
    expect(await skus({ query: '%' })).toEqual(expect.any(Array));
  });

  it('creates and edits a product with Manage catalogue (admins, supervisors); agents and observers are refused; every bad field is named', async () => {
    const types = (await t.graphql(FILTERS, {}, sam)).data?.['productFilters'].priceTypes;
    const wholesale = types.find((p: any) => p.code === 'wholesale');
    const input = { kind: 'product', sku: 'sofa-green', name: 'Green Sofa', description: 'Three seats, velvet.', price: '899.90', stock: '2', weightKg: '45.5', properties: [{ name: 'Colour', value: 'Green' }], prices: [{ priceTypeId: wholesale.id, amount: '700' }], url: 'https://shop.example/sofa' };
    for (const token of [anna, olga]) expect(code(await t.graphql(CREATE, { i: input }, token))).toBe('FORBIDDEN');
    const made = await t.graphql(CREATE, { i: input }, sam);
    expect(made.errors).toBeUndefined();
    const sofa = made.data?.['createProduct'];
    expect(sofa).toMatchObject({ sku: 'sofa-green', price: '899.90', stock: '2', inStock: true, prices: [{ amount: '899.90' }, { priceType: { code: 'wholesale' }, amount: '700.00' }] });
    expect(await skus({ query: 'velvet' })).toEqual(['sofa-green']);

    const taken = await t.graphql(CREATE, { i: { ...input, name: 'Another' } }, admin);
    expect([code(taken), field(taken)]).toEqual(['BAD_USER_INPUT', 'sku']);
    const many = await t.graphql(CREATE, { i: { sku: ' ', name: '', price: '1.005', url: 'javascript:alert(1)', stock: 'lots', prices: [{ priceTypeId: wholesale.id, amount: '-3' }] } }, admin);
    expect(code(many)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(many).map((e: any) => e.field)).toEqual(['sku', 'name', 'price', 'url', 'stock', 'prices.wholesale']);
    expect(fieldErrors(many).find((e: any) => e.field === 'price').message).toBe('EUR amounts have at most 2 decimals');
    const tooBig = await t.graphql(CREATE, { i: { sku: 'big', name: 'Big', price: '99999999999' } }, admin);
    expect(field(tooBig)).toBe('price');

    const sold = await t.graphql(UPDATE, { id: sofa.id, i: { ...input, stock: '0', active: false } }, sam);
    expect(sold.data?.['updateProduct']).toMatchObject({ inStock: false, active: false });
    expect(await skus({ query: 'velvet' })).toEqual([]); // inactive: not offered
    expect((await search({ query: 'velvet', includeInactive: true }, 20, null, sam)).nodes.map((p) => p.sku)).toEqual(['sofa-green']);
    expect((await search({ query: 'velvet', includeInactive: true }, 20, null, anna)).nodes).toEqual([]); // not for agents
    await t.graphql(UPDATE, { id: sofa.id, i: { ...input } }, sam);
  });

  it('the client’s interesting products: added by agents, live to other operators, newest first, removed; observers read only', async () => {
    const [{ id: contactId }] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Product Fan') RETURNING id`, [workspaceId]);
    const [mug, kettle] = [(await search({ query: 'mug' })).nodes.find((p) => p.sku === 'mug'), (await search({ query: 'kettle' })).nodes[0]];
    const live = collect<any>(t.subscriptions(admin), CHANGES(contactId), 2, 5000);
    await live.ready;
    expect((await t.graphql(ADD, { i: { contactId, productId: mug.id } }, anna)).data?.['addClientProduct']).toEqual([{ product: { id: mug.id, name: 'Stoneware Mug' }, addedByName: 'Anna Nowak' }]);
    await t.graphql(ADD, { i: { contactId, productId: kettle.id } }, anna);
    expect((await live.done).map((e) => e.contactChanged.kind)).toEqual(['products_changed', 'products_changed']);
    const list = (await t.graphql(LIST, { c: contactId }, olga)).data?.['clientProducts'];
    expect(list.map((x: any) => x.product.name)).toEqual(['Pour-over Kettle', 'Stoneware Mug']);

    expect(code(await t.graphql(ADD, { i: { contactId, productId: mug.id } }, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(ADD, { i: { contactId, productId: '00000000-0000-4000-8000-000000000000' } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(ADD, { i: { contactId: '00000000-0000-4000-8000-000000000000', productId: mug.id } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(ADD, { i: { contactId, productId: 'nope' } }, anna))).toBe('BAD_USER_INPUT');
    const removed = (await t.graphql(REMOVE, { i: { contactId, productId: mug.id } }, anna)).data?.['removeClientProduct'];
    expect(removed.map((x: any) => x.product.id)).toEqual([kettle.id]);
    expect(code(await t.graphql(REMOVE, { i: { contactId, productId: mug.id } }, anna))).toBe('NOT_FOUND');
  });

  it('sends a product card into the web chat: the visitor gets the card, the operators see it, the text says the same; wholesale price; idempotent; bad inputs', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Do you have a kettle?');
    const kettle = (await search({ query: 'kettle' })).nodes[0];
    const types = (await t.graphql(FILTERS, {}, anna)).data?.['productFilters'].priceTypes;
    const wholesale = types.find((p: any) => p.code === 'wholesale');
    // replying takes the queued chat for Anna
    const sent = await t.graphql(SEND, { i: { conversationId, productId: kettle.id, priceTypeId: wholesale.id, clientId: 'card-1' } }, anna);
    expect(sent.errors).toBeUndefined();
    const frame = await v.waitFor((f) => f.type === 'message' && f.message?.card);
    expect(frame.message.card).toEqual({ kind: 'product', productId: kettle.id, sku: 'kettle', name: 'Pour-over Kettle', price: '51.20', currency: 'EUR', imageUrl: null, url: expect.stringMatching(/id=kettle$/) });
    expect(frame.message.body).toMatch(/^Pour-over Kettle — €51\.20\nhttp/);
    const again = await t.graphql(SEND, { i: { conversationId, productId: kettle.id, priceTypeId: wholesale.id, clientId: 'card-1' } }, anna);
    expect(again.data?.['sendProductCard'].messageId).toBe(sent.data?.['sendProductCard'].messageId);
    const msgs = (await t.graphql(MESSAGES, { c: conversationId }, admin)).data?.['messages'].nodes;
    expect(msgs.filter((m: any) => m.card)).toHaveLength(1);
    expect(msgs.find((m: any) => m.card).card).toMatchObject({ sku: 'kettle', price: '51.20' });

    expect(code(await t.graphql(SEND, { i: { conversationId, productId: kettle.id, clientId: 'card-2' } }, olga))).toBe('FORBIDDEN');
    const boris = await t.login('boris@demo.test');
    expect(code(await t.graphql(SEND, { i: { conversationId, productId: kettle.id, clientId: 'card-3' } }, boris))).toBe('FORBIDDEN'); // Anna's chat
    const badType = await t.graphql(SEND, { i: { conversationId, productId: kettle.id, priceTypeId: '00000000-0000-4000-8000-000000000000', clientId: 'card-4' } }, anna);
    expect([code(badType), field(badType)]).toEqual(['BAD_USER_INPUT', 'priceTypeId']);
    expect(code(await t.graphql(SEND, { i: { conversationId, productId: kettle.id, clientId: '' } }, anna))).toBe('BAD_USER_INPUT');
    v.close();
  });
});
