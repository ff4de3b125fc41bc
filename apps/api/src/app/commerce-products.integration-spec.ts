import { ProductsService, PRODUCTS_PAGE_MAX } from '@parley/api/commerce';
import { randomUUID } from 'node:crypto';
import { TestApp } from '../testing/test-app';

/** The commerce module is wired into the app: ProductsService reads the catalogue, scoped by workspace. */
describe('commerce: ProductsService', () => {
  let t: TestApp;
  let products: ProductsService;
  let ws: string;
  let other: string;

  beforeAll(async () => {
    t = await TestApp.start();
    products = t.app.get(ProductsService);
    [{ id: ws }] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Shop A', 'shop-a') RETURNING id`);
    [{ id: other }] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Shop B', 'shop-b') RETURNING id`);
    for (const [w, sku, name] of [[ws, 'MUG-1', 'Mug'], [ws, 'TEE-1', 'Tee'], [ws, 'CAP-1', 'Cap'], [ws, 'BAG-1', 'Bag'], [other, 'MUG-1', 'Other mug']]) {
      await t.db.query(`INSERT INTO products (workspace_id, sku, name, price, currency) VALUES ($1, $2, $3, 9.50, 'EUR')`, [w, sku, name]);
    }
  });
  afterAll(() => t?.stop());

  it('finds by SKU within the workspace only; bad SKUs find nothing', async () => {
    expect((await products.findBySku(ws, 'MUG-1'))?.name).toBe('Mug');
    expect((await products.findBySku(other, 'MUG-1'))?.name).toBe('Other mug');
    expect((await products.findBySku(ws, 'mug-1'))).toBeNull();
    expect(await products.findBySku(ws, '')).toBeNull();
    expect(await products.findBySku(ws, 'x'.repeat(5000))).toBeNull();
    expect(await products.findBySku(ws, 42 as unknown as string)).toBeNull();
  });

  it('finds by ids within the workspace; unknown, foreign and non-UUID ids are skipped', async () => {
    const mug = (await products.findBySku(ws, 'MUG-1'))!;
    const foreign = (await products.findBySku(other, 'MUG-1'))!;
    const found = await products.findByIds(ws, [mug.id, foreign.id, randomUUID(), 'not-a-uuid', mug.id]);
    expect(found.map((p) => p.id)).toEqual([mug.id]);
    expect(found[0].price).toBe('9.50');
    expect(await products.findByIds(ws, [])).toEqual([]);
    expect(await products.findById(ws, foreign.id)).toBeNull();
    expect(await products.findById(ws, 'nope')).toBeNull();
    expect((await products.findById(ws, mug.id))?.sku).toBe('MUG-1');
  });

  it('lists the catalogue by name, keyset-paged, without another workspace', async () => {
    const first = await products.list(ws, 3);
    expect(first.nodes.map((p) => p.name)).toEqual(['Bag', 'Cap', 'Mug']);
    expect(first.hasNextPage).toBe(true);
    const second = await products.list(ws, 3, first.endCursor);
    expect(second.nodes.map((p) => p.name)).toEqual(['Tee']);
    expect(second.hasNextPage).toBe(false);
    expect((await products.list(randomUUID(), 10)).nodes).toEqual([]);
  });

  it('refuses a bad page size or cursor as BAD_USER_INPUT', async () => {
    for (const first of [0, -1, 1.5, PRODUCTS_PAGE_MAX + 1]) await expect(products.list(ws, first)).rejects.toMatchObject({ message: `first must be between 1 and ${PRODUCTS_PAGE_MAX}` });
    await expect(products.list(ws, 10, 'garbage')).rejects.toMatchObject({ message: 'Invalid cursor' });
    await expect(products.list(ws, 10, Buffer.from(JSON.stringify(['Mug', 'not-a-uuid'])).toString('base64url'))).rejects.toMatchObject({ message: 'Invalid cursor' });
  });
});
