import { hashPassword } from '@parley/api/identity';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';

export const DEMO_PASSWORD = 'parley-demo';
/** The demo e-mail channel's key: its forwarding address is `demo-mail@<INBOUND_MAIL_DOMAIN>`. */
export const DEMO_MAIL_CHANNEL_KEY = 'demo-mail';
export const DEMO_CHANNEL_KEY = 'demo-webchat';
export const DEMO_LOGINS = [
  { email: 'admin@demo.test', name: 'Alex Admin', role: 'admin' },
  { email: 'anna@demo.test', name: 'Anna Nowak', role: 'agent' },
  { email: 'boris@demo.test', name: 'Boris Petrov', role: 'agent' },
  { email: 'olga@demo.test', name: 'Olga Observer', role: 'observer' },
] as const;

const FIRST = ['Maria', 'Jan', 'Olena', 'Luca', 'Sofia', 'Piotr', 'Ivan', 'Giulia', 'Anna', 'Marek', 'Daria', 'Matteo', 'Katarzyna', 'Oleh', 'Elena', 'Tomasz', 'Chiara', 'Andriy', 'Zofia', 'Pavel'];
const LAST = ['Kowalska', 'Nowak', 'Shevchenko', 'Rossi', 'Bianchi', 'Wiśniewski', 'Ivanov', 'Romano', 'Lewandowska', 'Kravets', 'Ricci', 'Zieliński', 'Bondarenko', 'Greco', 'Kamińska'];
/** The demo shop's eight products (same ids as `apps/widget/demo/shop.js`, so a reported cart matches) and more of the catalogue. */
const PRODUCTS: Array<[sku: string, name: string, price: number, description: string]> = [
  ['mug', 'Stoneware Mug', 18, 'Hand-glazed, 350 ml, keeps coffee warm through the first meeting.'],
  ['kettle', 'Pour-over Kettle', 64, 'Gooseneck spout for a slow, even pour. Works on gas and induction.'],
  ['tote', 'Linen Tote Bag', 29, 'Heavy washed linen with an inner pocket for keys and a phone.'],
  ['notebook', 'Dot Grid Notebook', 14, 'A5, 192 pages of 100 g paper that takes fountain pen ink.'],
  ['plant', 'Desk Plant Pot', 22, 'Terracotta pot with a drainage saucer, 12 cm across.'],
  ['blanket', 'Merino Throw', 89, 'Soft merino wool, 130 × 170 cm, woven in Portugal.'],
  ['candle', 'Cedar Candle', 24, 'Soy wax with cedar and bergamot, about 45 hours of burn time.'],
  ['speaker', 'Pocket Speaker', 49, 'Bluetooth 5.3, 12 hours of play, splash resistant.'],
  ['espresso-cups', 'Espresso Cups (set of 2)', 21, 'Double-walled glass, 80 ml.'],
  ['french-press', 'French Press', 39, 'Borosilicate glass and steel, 1 litre.'],
  ['grinder', 'Hand Coffee Grinder', 55, 'Ceramic burrs, adjustable from espresso to French press.'],
  ['teapot', 'Cast Iron Teapot', 58, 'Enamelled inside, 800 ml, with a steel infuser.'],
  ['tea-tin', 'Tea Storage Tin', 12, 'Airtight, holds 100 g of loose tea.'],
  ['cutting-board', 'Oak Cutting Board', 42, 'End-grain oak, 40 × 25 cm, oiled.'],
  ['chef-knife', "Chef's Knife", 79, '20 cm blade of Japanese steel, walnut handle.'],
  ['apron', 'Canvas Apron', 34, 'Waxed canvas with leather straps and two pockets.'],
  ['bread-bin', 'Bread Bin', 46, 'Enamelled steel with a bamboo lid that doubles as a board.'],
  ['salt-cellar', 'Marble Salt Cellar', 19, 'With a swivel lid.'],
  ['linen-napkins', 'Linen Napkins (set of 4)', 32, 'Stonewashed linen, 45 × 45 cm.'],
  ['table-lamp', 'Table Lamp', 119, 'Opal glass shade, dimmable, warm white.'],
  ['wall-clock', 'Wall Clock', 48, 'Silent sweep movement, 30 cm, beech frame.'],
  ['cushion', 'Wool Cushion', 45, '50 × 50 cm, feather inner.'],
  ['doormat', 'Coir Doormat', 27, 'Natural coir, 40 × 60 cm.'],
  ['vase', 'Stoneware Vase', 36, 'Matte glaze, 22 cm tall.'],
  ['planter-large', 'Large Planter', 64, 'Terracotta, 30 cm across, with a saucer.'],
  ['watering-can', 'Watering Can', 31, 'Powder-coated steel, 1.5 litres, long spout.'],
  ['fountain-pen', 'Fountain Pen', 38, 'Steel nib (medium), converter and two cartridges.'],
  ['ink', 'Bottled Ink', 15, '50 ml, blue-black, waterproof when dry.'],
  ['planner', 'Weekly Planner', 24, 'Undated, 12 months, lay-flat binding.'],
  ['pencil-set', 'Pencil Set', 11, 'Six graphite pencils from 2H to 4B.'],
  ['desk-tray', 'Desk Tray', 26, 'Solid walnut, for pens and small things.'],
  ['bookends', 'Steel Bookends (pair)', 33, 'Powder-coated, heavy enough for hardbacks.'],
  ['headphones', 'Wireless Headphones', 129, 'Noise cancelling, 30 hours of battery.'],
  ['charger', 'Charging Stand', 39, 'Wireless, 15 W, for a phone and earbuds.'],
  ['gift-card-25', 'Gift Card €25', 25, 'Sent by e-mail, valid for two years.'],
  ['gift-card-50', 'Gift Card €50', 50, 'Sent by e-mail, valid for two years.'],
];

/** Each product's category (by the `CATEGORIES` key), properties and stock; services have no stock. */
const CATEGORY_OF: Record<string, string> = {
  mug: 'coffee', kettle: 'coffee', 'espresso-cups': 'coffee', 'french-press': 'coffee', grinder: 'coffee', teapot: 'coffee', 'tea-tin': 'coffee',
  'cutting-board': 'cookware', 'chef-knife': 'cookware', apron: 'cookware', 'bread-bin': 'cookware', 'salt-cellar': 'cookware',
  tote: 'textiles', blanket: 'textiles', 'linen-napkins': 'textiles', cushion: 'textiles', doormat: 'textiles',
  candle: 'decor', 'table-lamp': 'decor', 'wall-clock': 'decor', vase: 'decor',
  plant: 'garden', 'planter-large': 'garden', 'watering-can': 'garden',
  notebook: 'stationery', 'fountain-pen': 'stationery', ink: 'stationery', planner: 'stationery', 'pencil-set': 'stationery', 'desk-tray': 'stationery', bookends: 'stationery',
  speaker: 'tech', headphones: 'tech', charger: 'tech',
  'gift-card-25': 'gifts', 'gift-card-50': 'gifts', 'gift-wrap': 'gifts', engraving: 'gifts',
};
const CATEGORIES: Array<[key: string, name: string, parent: string | null]> = [
  ['kitchen', 'Kitchen', null], ['coffee', 'Coffee & tea', 'kitchen'], ['cookware', 'Cookware', 'kitchen'],
  ['home', 'Home', null], ['textiles', 'Textiles', 'home'], ['decor', 'Decor', 'home'], ['garden', 'Garden', 'home'],
  ['stationery', 'Stationery', null], ['tech', 'Tech', null], ['gifts', 'Gifts', null],
];
const PROPERTIES: Record<string, Record<string, string>> = {
  mug: { Colour: 'Blue', Material: 'Stoneware' }, kettle: { Colour: 'Black', Material: 'Steel' }, tote: { Colour: 'Natural', Material: 'Linen' },
  blanket: { Colour: 'Grey', Material: 'Wool' }, cushion: { Colour: 'Green', Material: 'Wool' }, vase: { Colour: 'Green', Material: 'Stoneware' },
  teapot: { Colour: 'Black', Material: 'Cast iron' }, 'linen-napkins': { Colour: 'Natural', Material: 'Linen' }, 'table-lamp': { Colour: 'White', Material: 'Glass' },
  'espresso-cups': { Material: 'Glass' }, 'french-press': { Material: 'Glass' }, 'cutting-board': { Material: 'Oak' }, 'watering-can': { Colour: 'Green', Material: 'Steel' },
  speaker: { Colour: 'Blue' }, headphones: { Colour: 'Black' }, apron: { Colour: 'Brown', Material: 'Canvas' },
};
/** Out of stock in the demo: the search's "in stock" filter leaves them out. */
const SOLD_OUT = new Set(['grinder', 'wall-clock']);
const SERVICES: Array<[sku: string, name: string, price: number, description: string]> = [
  ['gift-wrap', 'Gift wrapping', 5, 'Recycled paper, a linen ribbon and a handwritten card.'],
  ['engraving', 'Engraving', 12, 'Up to 20 characters on wood or steel; adds one day to delivery.'],
];

/** The demo catalogue: a category tree, retail (base) and wholesale prices, properties, stock, links to the demo shop. */
async function seedCatalogue(m: EntityManager, workspaceId: string): Promise<void> {
  await m.query(`INSERT INTO product_price_types (workspace_id, code, name, currency, is_base, position) VALUES ($1, 'retail', 'Retail', 'EUR', true, 0)`, [workspaceId]);
  const [wholesale] = await m.query(`INSERT INTO product_price_types (workspace_id, code, name, currency, position) VALUES ($1, 'wholesale', 'Wholesale', 'EUR', 1) RETURNING id`, [workspaceId]);
  const categoryIds = new Map<string, string>();
  for (const [key, name, parent] of CATEGORIES) {
    const [row] = await m.query(`INSERT INTO product_categories (workspace_id, parent_id, name) VALUES ($1, $2, $3) RETURNING id`, [workspaceId, parent ? categoryIds.get(parent) : null, name]);
    categoryIds.set(key, row.id);
  }
  const shop = `${(process.env['PUBLIC_URL'] ?? 'http://localhost:3000').replace(/\/$/, '')}/demo/product.html?id=`;
  const values = new Set<string>();
  for (const [kind, list] of [['product', PRODUCTS], ['service', SERVICES]] as const) {
    for (const [i, [sku, name, price, description]] of list.entries()) {
      const props = PROPERTIES[sku] ?? {};
      for (const [n, v] of Object.entries(props)) values.add(JSON.stringify([n, v]));
      const stock = kind === 'service' ? null : SOLD_OUT.has(sku) ? '0' : String(3 + ((i * 7) % 40));
      const [row] = await m.query(
        `INSERT INTO products (workspace_id, kind, sku, name, description, price, currency, category_id, url, properties, stock, weight_kg)
         VALUES ($1, $2, $3, $4, $5, $6, 'EUR', $7, $8, $9::jsonb, $10, $11) RETURNING id`,
        [workspaceId, kind, sku, name, description, price.toFixed(2), categoryIds.get(CATEGORY_OF[sku]) ?? null, kind === 'product' && i < 8 ? shop + sku : null, JSON.stringify(props), stock, kind === 'service' ? null : (0.2 + (i % 9) * 0.3).toFixed(3)],
      );
      await m.query(`INSERT INTO product_prices (product_id, price_type_id, workspace_id, amount, currency) VALUES ($1, $2, $3, $4, 'EUR')`, [row.id, wholesale.id, workspaceId, new Decimal(price).mul('0.8').toFixed(2)]);
    }
  }
  for (const pair of values) {
    const [n, v] = JSON.parse(pair) as [string, string];
    await m.query(`INSERT INTO product_property_values (workspace_id, name, value) VALUES ($1, $2, $3)`, [workspaceId, n, v]);
  }
}

/**
 * The demo shop's delivery cost rules (Settings › Delivery), in EUR like its catalogue: courier
 * delivery is free from 100 EUR, otherwise 5.90 up to 5 kg and 12.00 from 5 kg; pickup is free.
 */
export const DEMO_DELIVERY_RULES: ReadonlyArray<{ name: string; type: string; minWeightKg?: string; maxWeightKg?: string; minTotal?: string; cost: string }> = [
  { name: 'Free courier delivery from 100 EUR', type: 'courier', minTotal: '100', cost: '0' },
  { name: 'Courier up to 5 kg', type: 'courier', maxWeightKg: '5', cost: '5.90' },
  { name: 'Courier from 5 kg', type: 'courier', minWeightKg: '5', cost: '12.00' },
];

async function seedDeliveryRules(m: EntityManager, workspaceId: string): Promise<void> {
  for (const [position, r] of DEMO_DELIVERY_RULES.entries()) {
    await m.query(
      `INSERT INTO delivery_rules (workspace_id, name, position, delivery_type, min_weight_kg, max_weight_kg, min_total, currency, cost) VALUES ($1, $2, $3, $4, $5, $6, $7, 'EUR', $8)`,
      [workspaceId, r.name, position, r.type, r.minWeightKg ?? null, r.maxWeightKg ?? null, r.minTotal ?? null, r.cost],
    );
  }
}

/** Whether the database holds any workspace yet. */
export async function hasAnyWorkspace(db: DataSource): Promise<boolean> {
  const [row] = await db.query(`SELECT EXISTS (SELECT 1 FROM workspaces) AS present`);
  return row.present === true;
}

/** Removes every workspace and what belongs to it (`npm run seed -- --reset`). */
export async function resetDatabase(db: DataSource): Promise<void> {
  await db.query(`TRUNCATE workspaces, operators, refresh_tokens, channels, contacts, products, conversations, messages, visitors CASCADE`);
}

/** The demo workspace: an admin, two agents, an observer, a web chat channel, products, clients and a few chats. */
export async function seedDemoWorkspace(db: DataSource): Promise<{ workspaceId: string }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (m) => {
    const [ws] = await m.query(`INSERT INTO workspaces (name, slug) VALUES ('Demo Shop', 'demo') RETURNING id`);
    const workspaceId: string = ws.id;
    const operatorIds: Record<string, string> = {};
    for (const o of DEMO_LOGINS) {
      const [row] = await m.query(
        `INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [workspaceId, o.email, passwordHash, o.name, o.role],
      );
      operatorIds[o.email] = row.id;
    }
    // SPEC B3 groups: Anna sells, Boris supports (everyone starts online)
    for (const [name, description, member] of [
      ['Sales', 'Questions before buying: products, prices, stock', 'anna@demo.test'],
      ['Support', 'Orders, delivery, returns', 'boris@demo.test'],
    ]) {
      const [g] = await m.query(`INSERT INTO operator_groups (workspace_id, name, description) VALUES ($1, $2, $3) RETURNING id`, [workspaceId, name, description]);
      await m.query(`INSERT INTO operator_group_members (group_id, operator_id, workspace_id) VALUES ($1, $2, $3)`, [g.id, operatorIds[member], workspaceId]);
    }
    const [channel] = await m.query(
      `INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', 'Website chat', $2, $3) RETURNING id`,
      [workspaceId, DEMO_CHANNEL_KEY, JSON.stringify({ title: 'Demo Shop', welcomeMessage: 'Hi! Questions about sizes, delivery or your order? We are here.', color: '#3b5bdb', position: 'right' })],
    );
    // issue #10: an e-mail channel that needs no mail server: mail forwarded to demo-mail@<INBOUND_MAIL_DOMAIN>
    // reaches Parley's own SMTP listener (npm run demo:mail sends one); replies land in DATA_DIR/mail-outbox
    await m.query(
      `INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'email', 'Support e-mail', $2, $3)`,
      [workspaceId, DEMO_MAIL_CHANNEL_KEY, JSON.stringify({ address: 'support@demo-shop.test', fromName: 'Demo Shop', inbound: 'forwarding', outbound: 'server', pollSeconds: 60 })],
    );
    await seedCatalogue(m, workspaceId);
    await seedDeliveryRules(m, workspaceId);
    const contactIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const first = FIRST[i % FIRST.length];
      const last = LAST[(i * 7) % LAST.length];
      const email = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '') + `${i}@example.com`;
      const phone = `+48 600 ${String(100 + i).padStart(3, '0')} ${String(200 + i * 3).padStart(3, '0')}`;
      const [row] = await m.query(`INSERT INTO contacts (workspace_id, name, email, phone) VALUES ($1, $2, $3, $4) RETURNING id`, [workspaceId, `${first} ${last}`, email, phone]);
      contactIds.push(row.id);
    }
    const chats: Array<{ contact: number; status: string; assignee: string | null; lines: Array<['visitor' | 'operator', string]> }> = [
      { contact: 0, status: 'closed', assignee: 'anna@demo.test', lines: [['visitor', 'Hello, do you ship to Kraków?'], ['operator', 'Hi Maria! Yes, delivery to Kraków takes 1–2 days.'], ['visitor', 'Great, thank you!']] },
      { contact: 1, status: 'open', assignee: 'boris@demo.test', lines: [['visitor', 'Is the Merino Throw also available in grey?'], ['operator', 'Let me check the stock for you, Jan.']] },
    ];
    for (const chat of chats) {
      const assigneeId = chat.assignee ? operatorIds[chat.assignee] : null;
      const assigneeName = DEMO_LOGINS.find((o) => o.email === chat.assignee)?.name ?? null;
      const last = chat.lines[chat.lines.length - 1][1];
      const [c] = await m.query(
        `INSERT INTO conversations (workspace_id, channel_id, contact_id, status, assignee_id, last_seq, last_message_preview, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'closed' THEN now() END) RETURNING id`,
        [workspaceId, channel.id, contactIds[chat.contact], chat.status, assigneeId, chat.lines.length, last],
      );
      for (let i = 0; i < chat.lines.length; i++) {
        const [author, body] = chat.lines[i];
        await m.query(
          `INSERT INTO messages (workspace_id, conversation_id, seq, author_type, author_id, author_name, body, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8))`,
          [workspaceId, c.id, i + 1, author, author === 'operator' ? assigneeId : null, author === 'operator' ? assigneeName : null, body, (chat.lines.length - i) * 3],
        );
      }
    }
    return { workspaceId };
  });
}
