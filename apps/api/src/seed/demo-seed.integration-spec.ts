import { TestApp } from '../testing/test-app';
import { DEMO_CHANNEL_KEY, hasAnyWorkspace, resetDatabase, seedDemoWorkspace } from './demo-seed';

describe('demo workspace seed (integration)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());

  async function counts() {
    const [row] = await t.db.query(`
      SELECT (SELECT count(*) FROM workspaces)::int AS workspaces,
             (SELECT count(*) FROM operators)::int AS operators,
             (SELECT count(*) FROM products)::int AS products,
             (SELECT count(*) FROM contacts)::int AS contacts,
             (SELECT count(*) FROM channels WHERE public_key = $1 AND active)::int AS channels`, [DEMO_CHANNEL_KEY]);
    return row;
  }

  it('holds an admin, two agents, an observer, the web chat channel, a few dozen products and clients', async () => {
    expect(await counts()).toEqual({ workspaces: 1, operators: 4, products: 38, contacts: expect.any(Number), channels: 1 });
    expect((await counts()).contacts).toBeGreaterThanOrEqual(40);
    const roles = await t.db.query(`SELECT role, count(*)::int AS n FROM operators GROUP BY role ORDER BY role`);
    expect(roles).toEqual([{ role: 'admin', n: 1 }, { role: 'agent', n: 2 }, { role: 'observer', n: 1 }]);
    // the demo shop's products exist with the ids the shop page uses
    const shop = await t.db.query(`SELECT sku FROM products WHERE sku = ANY($1) ORDER BY sku`, [['mug', 'kettle', 'tote', 'notebook', 'plant', 'blanket', 'candle', 'speaker']]);
    expect(shop).toHaveLength(8);
  });

  it('rebuilds the demo on reset (npm run seed -- --reset) with the same shape', async () => {
    await t.db.query(`INSERT INTO contacts (workspace_id, name) SELECT id, 'extra' FROM workspaces`);
    await resetDatabase(t.db);
    expect(await hasAnyWorkspace(t.db)).toBe(false);
    await seedDemoWorkspace(t.db);
    const after = await counts();
    expect(after).toMatchObject({ workspaces: 1, operators: 4, products: 38, channels: 1 });
    await expect(t.login('olga@demo.test')).resolves.toEqual(expect.any(String));
  });
});
