/**
 * Saving an order benchmark (issue #12, E5): the order drawer's "Save" for a placed order with
 * BENCH_ORDER_ITEMS lines (default 50, from the demo catalogue, each with a quantity, some with a
 * price override), a percent discount, courier delivery (its cost from the delivery rules) and a
 * payment — `saveOrder` over GraphQL HTTP as the drawer sends it, one at a time, each a new client's
 * order so every save places one (a gapless number, the items, the payment). Printed beside its
 * floor: the same durable rows written by the simplest code over `pg` — one transaction taking the
 * number from the counter, one INSERT of the order, one multi-row INSERT of the items and one of
 * the payment, with totals precomputed — so the ratio survives a noisy machine.
 * Run on demand, never in CI:
 *
 *   npm run bench:orders
 *   BENCH_ITERATIONS=50 npm run bench:orders              # a quick run
 *
 * Env: DATABASE_URL (admin connection), BENCH_ITERATIONS (default 300), BENCH_ORDER_ITEMS,
 * BENCH_OUT (results as JSON). Exits non-zero only when the harness fails, never because a target is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { ParleyServer } from '../../e2e/server';
import { percentile } from '../webchat/stats';

const env = process.env;
const ITERATIONS = Number(env['BENCH_ITERATIONS'] ?? 300);
const ITEMS = Number(env['BENCH_ORDER_ITEMS'] ?? 50);
const ADMIN_URL = env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `parley_bench_orders_${process.pid}`;

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

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (json.errors?.length) throw new Error(json.errors.map((e) => e.message).join('; '));
  return json.data;
}

async function times(iterations: number, call: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; mean: number }> {
  for (let i = 0; i < Math.min(20, iterations); i++) await call(-1 - i);
  const t: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    await call(i);
    t.push(performance.now() - s);
  }
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p99: percentile(t, 99), mean };
}

/** What the drawer sends (the order-editor's inputOf): items, a discount, delivery, a payment. */
const SAVE = `mutation SaveOrder($input: SaveOrderInput!) { saveOrder(input: $input) {
  id number isDraft version currency status { id code name group }
  customer { firstName lastName phone email }
  items { id productId sku name quantity listPrice unitPrice weightKg lineTotal }
  discount { kind value }
  totals { goods discount delivery total paid due paymentState weightKg }
  delivery { type service region city street postalCode date slot cost costManual ruleName }
  payments { id type { id code name acquirer } status amount paidAt }
  extra { country orderType orderMethod store managerId managerName } comment placedAt updatedAt } }`;

async function main(): Promise<void> {
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${DB}`));
  const url = dbUrl(DB);
  const server = await ParleyServer.start({ DATABASE_URL: url, SEED_DEMO: 'true', LOG_LEVEL: 'error' });
  const rows: Array<Record<string, unknown>> = [];
  try {
    const token = (await gql(server.url, null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'anna@demo.test', password: 'parley-demo' } })).login.accessToken as string;
    await withClient(url, async (c) => {
      const ws = (await c.query(`SELECT id FROM workspaces WHERE slug = 'demo'`)).rows[0].id as string;
      const products = (await c.query(`SELECT id, sku, name, price, weight_kg FROM products WHERE workspace_id = $1 AND active ORDER BY sku`, [ws])).rows as Array<{ id: string; sku: string; name: string; price: string; weight_kg: string | null }>;
      const types = (await gql(server.url, token, `query { paymentTypes { id code } orderStatuses { id code } }`)) as { paymentTypes: Array<{ id: string; code: string }>; orderStatuses: Array<{ id: string; code: string }> };
      const cash = types.paymentTypes.find((p) => p.code === 'cash')!.id;
      const statusId = types.orderStatuses.find((s) => s.code === 'new')!.id;
      const clients = (
        await c.query(`INSERT INTO contacts (workspace_id, name) SELECT $1, 'Bench client ' || g FROM generate_series(1, $2::int) g RETURNING id`, [ws, 2 * (ITERATIONS + 20)])
      ).rows.map((r) => r.id as string);
      log(`${ITEMS} items per order over ${products.length} demo products; ${os.cpus().length} CPUs (shared), ${ITERATIONS} saves one at a time`);

      const items = Array.from({ length: ITEMS }, (_, k) => {
        const p = products[k % products.length];
        return { productId: p.id, quantity: String(1 + (k % 3)), ...(k % 5 === 0 ? { unitPrice: (Number(p.price) - 1).toFixed(2) } : {}) };
      });
      const input = (clientId: string) => ({
        clientId,
        draft: false,
        customer: { firstName: 'Jana', lastName: 'Nováková', phone: '+48 601 234 567', email: 'jana@example.com' },
        items,
        discount: { kind: 'percent', value: '5' },
        delivery: { type: 'courier', city: 'Kraków', street: 'Floriańska 1', postalCode: '31-019' },
        payments: [{ type: 'cash', status: 'pending', amount: '10.00' }],
      });
      // one save first: its totals feed the floor's rows (the floor does no arithmetic)
      const first = (await gql(server.url, token, SAVE, { input: input(clients[clients.length - 1]) })).saveOrder;
      if (first.items.length !== ITEMS || first.isDraft) throw new Error(`the first save did not place ${ITEMS} items`);

      const api = await times(ITERATIONS, (i) => gql(server.url, token, SAVE, { input: input(clients[i < 0 ? ITERATIONS - i : i]) }));

      const lines = first.items as Array<{ productId: string; sku: string; name: string; quantity: string; listPrice: string; unitPrice: string; weightKg: string | null; lineTotal: string }>;
      const t = first.totals;
      const floorClients = clients.slice(ITERATIONS + 20);
      const floor = await times(ITERATIONS, async (i) => {
        const contactId = floorClients[(i < 0 ? -i : i + 20) % floorClients.length];
        await c.query('BEGIN');
        try {
          const n = (await c.query(`INSERT INTO order_counters (workspace_id, last_number) VALUES ($1, 1) ON CONFLICT (workspace_id) DO UPDATE SET last_number = order_counters.last_number + 1 RETURNING last_number`, [ws])).rows[0].last_number;
          const id = (
            await c.query(
              `INSERT INTO orders (workspace_id, number, contact_id, status_id, currency, customer_first_name, customer_phone, discount_kind, discount_value, goods_total, discount_total, delivery_cost, total, weight_kg, delivery_type, delivery_city, placed_at)
               VALUES ($1, $2, $3, $4, 'EUR', 'Jana', '+48 601 234 567', 'percent', 5, $5, $6, $7, $8, $9, 'courier', 'Kraków', now()) RETURNING id`,
              [ws, n, contactId, statusId, t.goods, t.discount, t.delivery, t.total, t.weightKg],
            )
          ).rows[0].id;
          await c.query(
            `INSERT INTO order_items (order_id, workspace_id, position, product_id, sku, name, quantity, list_price, unit_price, weight_kg, line_total)
             SELECT $1, $2, d.pos, d.pid, d.sku, d.name, d.q, d.lp, d.up, d.w, d.lt
               FROM unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[]) AS d(pos, pid, sku, name, q, lp, up, w, lt)`,
            [id, ws, lines.map((_, k) => k), lines.map((l) => l.productId), lines.map((l) => l.sku), lines.map((l) => l.name), lines.map((l) => l.quantity), lines.map((l) => l.listPrice), lines.map((l) => l.unitPrice), lines.map((l) => l.weightKg), lines.map((l) => l.lineTotal)],
          );
          await c.query(`INSERT INTO order_payments (order_id, workspace_id, position, type_id, status, amount) VALUES ($1, $2, 0, $3, 'pending', 10)`, [id, ws, cash]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK');
          throw e;
        }
      });
      const row = { items: ITEMS, p50: +api.p50.toFixed(1), p99: +api.p99.toFixed(1), mean: +api.mean.toFixed(1), floorP50: +floor.p50.toFixed(1), floorP99: +floor.p99.toFixed(1), ratioP99: +(api.p99 / floor.p99).toFixed(1) };
      rows.push(row);
      log(`saveOrder, ${ITEMS} items      p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms   floor p50 ${row.floorP50.toFixed(1).padStart(5)} p99 ${row.floorP99.toFixed(1).padStart(5)} ms   p99 ${row.ratioP99}× the floor`);
      const placed = Number((await c.query(`SELECT count(*) FROM orders WHERE workspace_id = $1 AND number IS NOT NULL`, [ws])).rows[0].count);
      const numbers = (await c.query(`SELECT min(number) AS lo, max(number) AS hi FROM orders WHERE workspace_id = $1 AND number IS NOT NULL`, [ws])).rows[0];
      log(`${placed} orders placed, numbers ${numbers.lo}–${numbers.hi} (gapless: ${Number(numbers.hi) - Number(numbers.lo) + 1 === placed ? 'yes' : 'NO'})`);
    });
  } finally {
    await server.stop();
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)).catch(() => undefined);
  }
  if (env['BENCH_OUT']) fs.writeFileSync(env['BENCH_OUT'], JSON.stringify({ rows }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
