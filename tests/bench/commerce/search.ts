/**
 * Product search benchmark (issue #12, E3): seeds one workspace with BENCH_PRODUCTS products
 * (default 200,000) in bulk inside PostgreSQL — names and descriptions from a vocabulary, SKUs,
 * a 3-level category tree, prices, stock, colour and material — starts the built API over it
 * (tests/e2e/server.ts) and prints p50/p99 of the product popup's search over GraphQL HTTP (the
 * `products` query as the popup sends it, 20 per page), each beside its floor: the case's matching
 * predicate alone over `pg` (`SELECT id … LIMIT 21`, no ranking, no GraphQL). Target: p99 ≤ 50 ms.
 * Run on demand, never in CI:
 *
 *   npm run bench:commerce                               # 200,000 products
 *   BENCH_PRODUCTS=20000 npm run bench:commerce          # a quick run
 *
 * Env: DATABASE_URL (admin connection), BENCH_DB, BENCH_RESEED=1, BENCH_ITERATIONS (default 200),
 * BENCH_OUT (results as JSON). Exits non-zero only when the harness fails, never because a target is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { ParleyServer } from '../../e2e/server';
import { percentile } from '../webchat/stats';

const env = process.env;
const PRODUCTS = Number(env['BENCH_PRODUCTS'] ?? 200_000);
const ITERATIONS = Number(env['BENCH_ITERATIONS'] ?? 200);
const ADMIN_URL = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = env['BENCH_DB'] ?? `parley_bench_products_${PRODUCTS}`;
const TARGET_P99_MS = 50;

/** Words of names and descriptions; `w(g, k)` picks the k-th word of product g. */
const NOUNS = ['kettle', 'mug', 'sofa', 'lamp', 'chair', 'table', 'blanket', 'vase', 'teapot', 'grinder', 'knife', 'board', 'cushion', 'shelf', 'rug', 'clock', 'planter', 'towel', 'bowl', 'plate'];
const ADJECTIVES = ['green', 'oak', 'velvet', 'linen', 'steel', 'glass', 'ceramic', 'walnut', 'wool', 'cotton', 'matte', 'large', 'small', 'nordic', 'vintage', 'modern', 'round', 'square', 'soft', 'heavy'];
const COLOURS = ['Green', 'Blue', 'Black', 'White', 'Grey', 'Red', 'Natural', 'Brown'];
const MATERIALS = ['Oak', 'Steel', 'Glass', 'Wool', 'Linen', 'Stoneware', 'Cotton'];

const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function ready(): Promise<boolean> {
  const exists = await withClient(ADMIN_URL, async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount === 1);
  if (exists && env['BENCH_RESEED'] !== '1') {
    const ok = await withClient(dbUrl(DB), async (c) => {
      if (!(await c.query(`SELECT to_regclass('bench_meta') IS NOT NULL AS ok`)).rows[0].ok) return false;
      return Number((await c.query(`SELECT products FROM bench_meta`)).rows[0]?.products) === PRODUCTS;
    });
    if (ok) return true;
  }
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB}`);
  });
  return false;
}

async function seed(): Promise<void> {
  const url = dbUrl(DB);
  const server = await ParleyServer.start({ DATABASE_URL: url, SEED_DEMO: 'true' });
  await server.stop();
  const started = Date.now();
  log(`seeding ${PRODUCTS.toLocaleString('en')} products into ${DB}`);
  await withClient(url, async (c) => {
    const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
    await c.query(`SET maintenance_work_mem = '512MB'`);
    // 10 top categories × 5 × 4 = 200 leaves
    await c.query(
      `INSERT INTO product_categories (id, workspace_id, parent_id, name)
       SELECT md5('cat' || a)::uuid, $1, NULL, 'Department ' || a FROM generate_series(1, 10) a`,
      [ws],
    );
    await c.query(
      `INSERT INTO product_categories (id, workspace_id, parent_id, name)
       SELECT md5('cat' || a || '-' || b)::uuid, $1, md5('cat' || a)::uuid, 'Aisle ' || a || '.' || b FROM generate_series(1, 10) a, generate_series(1, 5) b`,
      [ws],
    );
    await c.query(
      `INSERT INTO product_categories (id, workspace_id, parent_id, name)
       SELECT md5('cat' || a || '-' || b || '-' || d)::uuid, $1, md5('cat' || a || '-' || b)::uuid, 'Shelf ' || a || '.' || b || '.' || d FROM generate_series(1, 10) a, generate_series(1, 5) b, generate_series(1, 4) d`,
      [ws],
    );
    const t = Date.now();
    await c.query(
      `INSERT INTO products (workspace_id, sku, name, description, price, currency, category_id, properties, stock, vendor)
       SELECT $1, 'SKU-' || lpad(g::text, 7, '0'),
              initcap(($2::text[])[1 + ((hashint4(g) & 1023) % 20)]) || ' ' || initcap(($2::text[])[1 + (hashint4(g + 1) & 1023) % 20]) || ' ' || initcap(($3::text[])[1 + g % 20]) || ' ' || g,
              'A ' || ($2::text[])[1 + (hashint4(g + 2) & 1023) % 20] || ' ' || ($3::text[])[1 + (hashint4(g + 3) & 1023) % 20] || ' for the home, item ' || g || '.',
              ((hashint4(g + 4) & 65535) % 50000) / 100.0 + 1,
              'EUR',
              md5('cat' || (1 + g % 10) || '-' || (1 + (g / 10) % 5) || '-' || (1 + (g / 50) % 4))::uuid,
              jsonb_build_object('Colour', ($4::text[])[1 + g % 8], 'Material', ($5::text[])[1 + (g / 8) % 7]),
              CASE WHEN g % 10 = 0 THEN 0 ELSE g % 50 END,
              'Vendor ' || (g % 300)
         FROM generate_series(1, $6::int) g`,
      [ws, ADJECTIVES, NOUNS, COLOURS, MATERIALS, PRODUCTS],
    );
    log(`  products ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await c.query(`INSERT INTO product_property_values (workspace_id, name, value) SELECT $1, 'Colour', unnest($2::text[]) ON CONFLICT DO NOTHING`, [ws, COLOURS]);
    await c.query(`INSERT INTO product_property_values (workspace_id, name, value) SELECT $1, 'Material', unnest($2::text[]) ON CONFLICT DO NOTHING`, [ws, MATERIALS]);
    await c.query(`VACUUM ANALYZE`);
    await c.query(`CREATE TABLE bench_meta (products int NOT NULL, seconds int NOT NULL)`);
    await c.query(`INSERT INTO bench_meta VALUES ($1, $2)`, [PRODUCTS, Math.round((Date.now() - started) / 1000)]);
  });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const SEARCH = `query($f: ProductSearchInput, $first: Int) { products(filter: $f, first: $first) {
  nodes { id sku name price currency inStock stock category { id name } prices { priceType { id name } amount currency } } pageInfo { hasNextPage endCursor } } }`;

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
  return json.data;
}

async function times(iterations: number, call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, iterations); i++) await call();
  const t: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    await call();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p99: percentile(t, 99) };
}

async function run(): Promise<void> {
  const url = dbUrl(DB);
  const server = await ParleyServer.start({ DATABASE_URL: url, SEED_DEMO: 'false', LOG_LEVEL: 'error' });
  const rows: Array<Record<string, unknown>> = [];
  try {
    const token = (await gql(server.url, null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'anna@demo.test', password: 'parley-demo' } })).login.accessToken as string;
    await withClient(url, async (c) => {
      const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
      const dept = (await c.query(`SELECT id FROM product_categories WHERE workspace_id = $1 AND name = 'Department 3'`, [ws])).rows[0].id as string;
      const total = Number((await c.query(`SELECT count(*) FROM products WHERE workspace_id = $1`, [ws])).rows[0].count);
      log(`database: ${total.toLocaleString('en')} products; ${os.cpus().length} CPUs (shared), ${ITERATIONS} requests per row, one at a time`);
      const deptIds = (await c.query(`WITH RECURSIVE t AS (SELECT id FROM product_categories WHERE id = $1 UNION SELECT c.id FROM product_categories c JOIN t ON c.parent_id = t.id) SELECT array_agg(id) AS ids FROM t`, [dept])).rows[0].ids;
      const cases: Array<[string, Record<string, unknown>, string, unknown[]]> = [
        ['no words, by name', { sort: 'NAME' }, `SELECT id FROM products WHERE workspace_id = $1 AND active ORDER BY name, id LIMIT 21`, [ws]],
        ['a common word ("kettle", ~5 %)', { query: 'kettle' }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND search_vector @@ to_tsquery('simple', 'kettle:*') LIMIT 21`, [ws]],
        ['two words ("green velvet")', { query: 'green velvet' }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND search_vector @@ to_tsquery('simple', 'green:* & velvet:*') LIMIT 21`, [ws]],
        ['a partial SKU ("0012345")', { query: '0012345' }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND search_text LIKE '%0012345%' LIMIT 21`, [ws]],
        ['a typo ("kettel")', { query: 'kettel' }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND search_text LIKE '%kettle%' LIMIT 21`, [ws]],
        ['category subtree, by price', { categoryId: dept, sort: 'PRICE_ASC' }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND category_id = ANY($2::uuid[]) ORDER BY price, id LIMIT 21`, [ws, deptIds]],
        ['price 100–120, in stock', { priceMin: '100', priceMax: '120', inStock: true }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND price BETWEEN 100 AND 120 AND (stock IS NULL OR stock > 0) ORDER BY name, id LIMIT 21`, [ws]],
        ['word + colour + material', { query: 'lamp', properties: [{ name: 'Colour', values: ['Green'] }, { name: 'Material', values: ['Oak', 'Glass'] }] }, `SELECT id FROM products WHERE workspace_id = $1 AND active AND search_vector @@ to_tsquery('simple', 'lamp:*') AND properties @> '{"Colour":"Green"}' LIMIT 21`, [ws]],
      ];
      for (const [name, filter, floorSql, floorParams] of cases) {
        const found = (await gql(server.url, token, SEARCH, { f: filter, first: 20 })).products.nodes.length;
        const api = await times(ITERATIONS, () => gql(server.url, token, SEARCH, { f: filter, first: 20 }));
        const floor = await times(ITERATIONS, () => c.query(floorSql, floorParams));
        const row = { name, found, p50: +api.p50.toFixed(1), p99: +api.p99.toFixed(1), floorP50: +floor.p50.toFixed(1), floorP99: +floor.p99.toFixed(1), met: api.p99 <= TARGET_P99_MS };
        rows.push(row);
        log(`${name.padEnd(34)} ${String(found).padStart(3)} found  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms   floor p50 ${row.floorP50.toFixed(1).padStart(5)} p99 ${row.floorP99.toFixed(1).padStart(5)} ms   ${row.met ? 'met' : `over ${TARGET_P99_MS} ms`}`);
      }
    });
  } finally {
    await server.stop();
  }
  if (env['BENCH_OUT']) fs.writeFileSync(env['BENCH_OUT'], JSON.stringify({ products: PRODUCTS, rows }, null, 2));
}

async function main(): Promise<void> {
  if (!(await ready())) await seed();
  await run();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
