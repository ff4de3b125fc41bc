import { hashPassword } from '@parley/api/identity';
import { DataSource } from 'typeorm';

export const DEMO_PASSWORD = 'parley-demo';
export const DEMO_CHANNEL_KEY = 'demo-webchat';
export const DEMO_LOGINS = [
  { email: 'admin@demo.test', name: 'Alex Admin', role: 'admin' },
  { email: 'anna@demo.test', name: 'Anna Nowak', role: 'agent' },
  { email: 'boris@demo.test', name: 'Boris Petrov', role: 'agent' },
  { email: 'olga@demo.test', name: 'Olga Observer', role: 'observer' },
] as const;

const FIRST = ['Maria', 'Jan', 'Olena', 'Luca', 'Sofia', 'Piotr', 'Ivan', 'Giulia', 'Anna', 'Marek', 'Daria', 'Matteo', 'Katarzyna', 'Oleh', 'Elena', 'Tomasz', 'Chiara', 'Andriy', 'Zofia', 'Pavel'];
const LAST = ['Kowalska', 'Nowak', 'Shevchenko', 'Rossi', 'Bianchi', 'Wiśniewski', 'Ivanov', 'Romano', 'Lewandowska', 'Kravets', 'Ricci', 'Zieliński', 'Bondarenko', 'Greco', 'Kamińska'];
const PRODUCTS: Array<[string, number]> = [
  ['Linen Shirt', 49.9], ['Merino Sweater', 89], ['Denim Jacket', 119], ['Canvas Sneakers', 65], ['Leather Belt', 35],
  ['Wool Scarf', 29.5], ['Rain Jacket', 139], ['Chino Trousers', 59], ['Cotton T-Shirt', 19.9], ['Hooded Sweatshirt', 54],
  ['Running Shoes', 99], ['Silk Tie', 39], ['Baseball Cap', 22], ['Travel Backpack', 79], ['Leather Wallet', 45],
  ['Sunglasses', 69], ['Knitted Beanie', 18], ['Ankle Boots', 129], ['Summer Dress', 74], ['Yoga Leggings', 42],
  ['Puffer Vest', 95], ['Oxford Shoes', 149], ['Swim Shorts', 32], ['Flannel Shirt', 46], ['Weekend Bag', 110],
  ['Wool Coat', 229], ['Sports Socks (3 pack)', 12.5], ['Cashmere Gloves', 58], ['Waterproof Watch', 199], ['Canvas Tote', 24],
  ['Polo Shirt', 38], ['Cargo Shorts', 41], ['Pyjama Set', 48], ['Slip-on Loafers', 88], ['Fleece Jacket', 72], ['Umbrella', 27],
];

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
    const [channel] = await m.query(
      `INSERT INTO channels (workspace_id, type, name, public_key, settings) VALUES ($1, 'webchat', 'Website chat', $2, $3) RETURNING id`,
      [workspaceId, DEMO_CHANNEL_KEY, JSON.stringify({ title: 'Demo Shop', welcomeMessage: 'Hi! Questions about sizes, delivery or your order? We are here.', color: '#3b5bdb', position: 'right' })],
    );
    const products = PRODUCTS.map(([name, price], i) => [workspaceId, `SKU-${String(1001 + i)}`, name, `${name} from the Demo Shop collection.`, price.toFixed(2), 'EUR']);
    for (const p of products) {
      await m.query(`INSERT INTO products (workspace_id, sku, name, description, price, currency) VALUES ($1, $2, $3, $4, $5, $6)`, p);
    }
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
      { contact: 1, status: 'open', assignee: 'boris@demo.test', lines: [['visitor', 'Is the Merino Sweater available in size L?'], ['operator', 'Let me check the stock for you, Jan.']] },
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
