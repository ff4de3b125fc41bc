import { createHash } from 'node:crypto';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #15 (first bullet) and issue #12 (E9): workspace API keys — created by admins (shown once,
 * stored as a SHA-256 only, audited), scoped read / write, revoked at once; with one a shop's
 * server uses the GraphQL API and the REST cart endpoint (`PUT /api/v1/visitors/:id/cart`), whose
 * update reaches the agents' Current cart widget live like Parley.setCart's; other workspaces'
 * ids are refused; every key has its own rate limit (shared through Redis).
 */

const KEYS = `{ apiKeys { id name prefix scopes createdByName createdAt lastUsedAt revokedAt revokedByName } }`;
const CREATE = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id name prefix scopes createdByName revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt revokedByName } }`;
const WORKSPACE = `{ workspace { id name } }`;
const CREATE_TAG = `mutation($name: String!) { createTag(input: { name: $name }) { id name } }`;
const CART = `query($c: ID!) { visitorCart(conversationId: $c) { updatedAt items { id name quantity price currency lineTotal } totals { currency amount quantity } } }`;
const TAKE = `mutation($i: TakeConversationInput!) { takeConversation(input: $i) { id } }`;
const ACTIVITY = (id: string) => `subscription { conversationActivity(conversationId: "${id}") { kind conversationId } }`;
const AUDIT = `{ auditLog(first: 20) { nodes { action targetType targetId details target { name } } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];

describe('workspace API keys (integration)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: string, anna: string, sam: string;
  let workspaceId: string;

  const create = async (name: string, scopes: string[], token = admin) => {
    const r = await t.graphql(CREATE, { i: { name, scopes } }, token);
    expect(r.errors).toBeUndefined();
    return r.data?.['createApiKey'] as { key: string; apiKey: { id: string; name: string; prefix: string; scopes: string[]; createdByName: string } };
  };
  const rest = (method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as any }));
  const putCart = (visitorId: string, key: string | undefined, body: unknown) => rest('PUT', `/api/v1/visitors/${visitorId}/cart`, key, body);

  beforeAll(async () => {
    // a small limit so the 429 is reachable; every test uses its own keys (one bucket per key)
    t = await TestApp.start({ API_KEY_REQUESTS_PER_SECOND: '1', API_KEY_REQUEST_BURST: '25' });
    const roles = await crmRoles(t);
    ({ admin, anna, sam } = roles.tokens);
    workspaceId = roles.workspaceId;
  });
  afterAll(() => t?.stop());

  it('admins create keys (the key shown once, only its hash stored, audited), list and revoke them; nobody else manages keys', async () => {
    const created = await create('  Shop server  ', ['write', 'read', 'read']);
    expect(created.key).toMatch(/^prl_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'Shop server', prefix: created.key.slice(0, 12), scopes: ['read', 'write'], createdByName: expect.any(String), revokedAt: null });
    // the database has the hash, never the plaintext
    const rows = await t.db.query(`SELECT * FROM api_keys WHERE id = $1`, [created.apiKey.id]);
    expect(rows[0].key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.key);
    const list = (await t.graphql(KEYS, {}, admin)).data?.['apiKeys'];
    expect(list.find((k: any) => k.id === created.apiKey.id)).toMatchObject({ name: 'Shop server', prefix: created.apiKey.prefix, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.key);

    // bad input names the field
    const bad = await t.graphql(CREATE, { i: { name: ' ', scopes: ['read'] } }, admin);
    expect([code(bad), bad.errors?.[0]?.extensions?.['field']]).toEqual(['BAD_USER_INPUT', 'name']);
    const noScope = await t.graphql(CREATE, { i: { name: 'x', scopes: [] } }, admin);
    expect([code(noScope), noScope.errors?.[0]?.extensions?.['field']]).toEqual(['BAD_USER_INPUT', 'scopes']);

    // agents and supervisors may not list, create or revoke; neither may a key (even a write key)
    for (const token of [anna, sam]) {
      expect(code(await t.graphql(KEYS, {}, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(CREATE, { i: { name: 'Mine', scopes: ['read'] } }, token))).toBe('FORBIDDEN');
      expect(code(await t.graphql(REVOKE, { id: created.apiKey.id }, token))).toBe('FORBIDDEN');
    }
    const byKey = await t.graphql(KEYS, {}, created.key);
    expect(code(byKey)).toBe('FORBIDDEN');
    expect(byKey.errors?.[0]?.message).toMatch(/API keys cannot do this/);
    expect(code(await t.graphql(CREATE, { i: { name: 'Child', scopes: ['write'] } }, created.key))).toBe('FORBIDDEN');
    // operator-only things: the profile, "me", operator management
    expect(code(await t.graphql(`{ me { id } }`, {}, created.key))).toBe('FORBIDDEN');
    expect(code(await t.graphql(`mutation { updateProfile(input: { displayName: "Bot" }) { id } }`, {}, created.key))).toBe('FORBIDDEN');

    const revoked = await t.graphql(REVOKE, { id: created.apiKey.id }, admin);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.['revokeApiKey']).toMatchObject({ id: created.apiKey.id, revokedAt: expect.any(String), revokedByName: expect.any(String) });
    expect(code(await t.graphql(REVOKE, { id: '00000000-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');

    const audit = (await t.graphql(AUDIT, {}, admin)).data?.['auditLog'].nodes;
    const mine = audit.filter((n: any) => n.targetId === created.apiKey.id);
    expect(mine.map((n: any) => n.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    expect(mine.map((n: any) => n.target?.name)).toEqual(['Shop server', 'Shop server']);
    expect(JSON.parse(mine.find((n: any) => n.action === 'api_key.created').details)).toEqual({ name: 'Shop server', prefix: created.apiKey.prefix, scopes: ['read', 'write'] });
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it('a read key queries, a read key’s mutation is refused, a write key mutates; revoking takes effect at once; bad keys are refused', async () => {
    const read = await create('Reporting', ['read']);
    const write = await create('Shop writer', ['write']);
    const q = await t.graphql(WORKSPACE, {}, read.key);
    expect(q.errors).toBeUndefined();
    expect(q.data?.['workspace'].id).toBe(workspaceId);
    // the X-Api-Key header works too
    expect((await t.graphql(WORKSPACE, {}, undefined, { 'x-api-key': read.key })).data?.['workspace'].id).toBe(workspaceId);

    const refused = await t.graphql(CREATE_TAG, { name: 'from-read-key' }, read.key);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/read-only/);
    const made = await t.graphql(CREATE_TAG, { name: 'from-write-key' }, write.key);
    expect(made.errors).toBeUndefined();
    expect(made.data?.['createTag'].name).toBe('from-write-key');

    // last used: recorded (once a minute at most)
    await new Promise((r) => setTimeout(r, 300));
    const [used] = await t.db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [read.apiKey.id]);
    expect(used.last_used_at).not.toBeNull();

    expect(code(await t.graphql(REVOKE, { id: write.apiKey.id }, admin))).toBeUndefined();
    const after = await t.graphql(CREATE_TAG, { name: 'after-revoke' }, write.key);
    expect([code(after), after.errors?.[0]?.extensions?.['reason']]).toEqual(['UNAUTHENTICATED', 'API_KEY_INVALID']);
    expect(code(await t.graphql(WORKSPACE, {}, write.key))).toBe('UNAUTHENTICATED');
    expect((await putCart('00000000-0000-4000-8000-000000000000', write.key, { items: [] })).status).toBe(401);

    // a made-up key, a key-shaped guess, no key at all
    expect(code(await t.graphql(WORKSPACE, {}, 'prl_' + 'A'.repeat(43)))).toBe('UNAUTHENTICATED');
    expect(code(await t.graphql(WORKSPACE, {}, undefined, { 'x-api-key': 'nonsense' }))).toBe('UNAUTHENTICATED');
    const none = await putCart('00000000-0000-4000-8000-000000000000', undefined, { items: [] });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'UNAUTHENTICATED', message: expect.stringMatching(/API key/) });
  });

  it('PUT /api/v1/visitors/:id/cart stores the cart like Parley.setCart and the operators see it live', async () => {
    const key = (await create('Shop cart', ['write', 'read'])).key;
    const readKey = (await create('Shop reader', ['read'])).key;
    const { v, conversationId } = await t.visitorWithConversation('What about my cart?');
    const [{ id: visitorId }] = await t.db.query(`SELECT id FROM visitors WHERE conversation_id = $1`, [conversationId]);
    expect((await t.graphql(TAKE, { i: { conversationId } }, anna)).errors).toBeUndefined();
    const live = collect<any>(t.subscriptions(anna), ACTIVITY(conversationId), 1, 8000);
    await live.ready;

    const put = await putCart(visitorId, key, {
      items: [
        { id: 'mug', sku: 'mug', name: 'Stoneware Mug', quantity: 2, price: '18.00', currency: 'EUR', url: 'https://shop.example.com/mug' },
        { id: 'wrap', name: 'Gift wrap', quantity: 3, price: 0.1, currency: 'EUR' },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ visitorId, conversationId, totals: [{ currency: 'EUR', amount: '36.30', quantity: 5 }] });
    expect(put.body.items.map((i: any) => [i.id, i.price, i.lineTotal])).toEqual([['mug', '18.00', '36.00'], ['wrap', '0.10', '0.30']]);
    expect((await live.done)[0].conversationActivity).toEqual({ kind: 'cart', conversationId });
    const cart = (await t.graphql(CART, { c: conversationId }, anna)).data?.['visitorCart'];
    expect(cart.totals).toEqual([{ currency: 'EUR', amount: '36.30', quantity: 5 }]);
    expect(Date.now() - Date.parse(cart.updatedAt)).toBeLessThan(10_000);
    const [row] = await t.db.query(`SELECT cart FROM visitors WHERE id = $1`, [visitorId]);
    expect(row.cart.map((i: any) => i.price)).toEqual(['18.00', '0.10']);

    // a read key reads it and may not change it
    const got = await rest('GET', `/api/v1/visitors/${visitorId}/cart`, readKey);
    expect([got.status, got.body.totals]).toEqual([200, [{ currency: 'EUR', amount: '36.30', quantity: 5 }]]);
    const ro = await putCart(visitorId, readKey, { items: [] });
    expect(ro.status).toBe(403);
    expect(ro.body).toMatchObject({ error: 'FORBIDDEN', message: expect.stringMatching(/read-only/) });
    v.close();
  });

  it('bad carts give 400 with the field and keep the cart; another workspace’s visitor and client are 404', async () => {
    const key = (await create('Shop checks', ['write', 'read'])).key;
    const { v, conversationId } = await t.visitorWithConversation('Cart checks');
    const [{ id: visitorId }] = await t.db.query(`SELECT id FROM visitors WHERE conversation_id = $1`, [conversationId]);
    const good = { id: 'mug', name: 'Stoneware Mug', quantity: 1, price: '18.00', currency: 'EUR' };
    expect((await putCart(visitorId, key, { items: [good] })).status).toBe(200);
    const bad = async (body: unknown) => {
      const r = await putCart(visitorId, key, body);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('BAD_USER_INPUT');
      return r.body;
    };
    expect(await bad({ items: [{ ...good, price: '18.00001' }] })).toEqual({ error: 'BAD_USER_INPUT', message: 'EUR amounts have at most 2 decimals', fieldErrors: { 'items.0.price': 'EUR amounts have at most 2 decimals' } });
    expect((await bad({ items: [{ ...good, quantity: -1 }] })).fieldErrors).toHaveProperty(['items.0.quantity']);
    expect((await bad({ items: Array.from({ length: 51 }, (_, i) => ({ ...good, id: `p${i}` })) })).message).toBe('At most 50 items');
    expect((await bad({ items: [{ ...good, quantity: '2' }] })).fieldErrors).toHaveProperty(['items.0.quantity']);
    expect((await bad({ items: [{ ...good, name: 42 }] })).fieldErrors).toHaveProperty(['items.0.name']);
    expect((await bad({ items: 'nope' })).fieldErrors).toHaveProperty(['items']);
    expect((await bad([good])).fieldErrors).toHaveProperty(['items']);
    expect((await putCart(visitorId, key, '{"items": [')).status).toBe(400);
    const kept = await rest('GET', `/api/v1/visitors/${visitorId}/cart`, key);
    expect(kept.body.items.map((i: any) => [i.id, i.price])).toEqual([['mug', '18.00']]);

    // another workspace's visitor and client: not found, and untouched
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other shop', 'other-api-keys') RETURNING id`);
    const [ch] = await t.db.query(`INSERT INTO channels (workspace_id, type, name, public_key) VALUES ($1, 'webchat', 'Theirs', 'their-webchat-key') RETURNING id`, [other.id]);
    const [theirVisitor] = await t.db.query(`INSERT INTO visitors (workspace_id, channel_id) VALUES ($1, $2) RETURNING id`, [other.id, ch.id]);
    const [theirContact] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email) VALUES ($1, 'Their client', 'their@client.test') RETURNING id`, [other.id]);
    const foreign = await putCart(theirVisitor.id, key, { items: [good] });
    expect([foreign.status, foreign.body.error]).toEqual([404, 'NOT_FOUND']);
    const [untouched] = await t.db.query(`SELECT cart FROM visitors WHERE id = $1`, [theirVisitor.id]);
    expect(untouched.cart ?? []).toEqual([]);
    expect((await rest('GET', `/api/v1/visitors/${theirVisitor.id}/cart`, key)).status).toBe(404);
    expect((await rest('GET', `/api/v1/contacts/${theirContact.id}`, key)).status).toBe(404);
    expect((await putCart('not-a-uuid', key, { items: [] })).status).toBe(404);
    // and over GraphQL: their conversation's cart and their client are not the key's to see
    const [theirChat] = await t.db.query(`INSERT INTO conversations (workspace_id, channel_id, contact_id, status, last_seq) VALUES ($1, $2, $3, 'open', 0) RETURNING id`, [other.id, ch.id, theirContact.id]);
    await t.db.query(`UPDATE visitors SET conversation_id = $2 WHERE id = $1`, [theirVisitor.id, theirChat.id]);
    expect(code(await t.graphql(CART, { c: theirChat.id }, key))).toBe('NOT_FOUND');
    expect(code(await t.graphql(CART, { c: conversationId }, key))).toBeUndefined();
    // a client of the key's own workspace is found
    const [ours] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email) VALUES ($1, 'Our client', 'our@client.test') RETURNING id`, [workspaceId]);
    const mine = await rest('GET', `/api/v1/contacts/${ours.id}`, key);
    expect([mine.status, mine.body.email]).toEqual([200, 'our@client.test']);
    v.close();
  });

  it('limits each key on its own (across processes with Redis): 429 with Retry-After over the burst, GraphQL RATE_LIMITED too; another key is unaffected; a revocation holds in another process at once', async () => {
    const replica = await TestApp.start({ API_KEY_REQUESTS_PER_SECOND: '1', API_KEY_REQUEST_BURST: '25' }, { replicaOf: t });
    try {
      const busy = (await create('Busy shop', ['write', 'read'])).key;
      const calm = (await create('Calm shop', ['read'])).key;
      // the burst of 25 (plus whatever refilled at 1 a second meanwhile), then 429
      const path = `/api/v1/contacts/00000000-0000-4000-8000-000000000000`;
      let served = 0;
      let limited = await rest('GET', path, busy);
      while (limited.status === 404 && served < 60) {
        served++;
        limited = await rest('GET', path, busy);
      }
      expect(served).toBeGreaterThanOrEqual(25);
      expect(served).toBeLessThanOrEqual(30);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.body).toMatchObject({ error: 'RATE_LIMITED', message: expect.stringMatching(/Too many requests/) });
      expect(code(await t.graphql(WORKSPACE, {}, busy))).toBe('RATE_LIMITED');
      // a second API process shares the bucket with Redis (REDIS_URL); without it (one embedded
      // process, the README's npm test) each process keeps its own bucket. Either way it sees a
      // revocation at once (no cache)
      if (process.env['REDIS_URL']) expect(code(await replica.graphql(WORKSPACE, {}, busy))).toBe('RATE_LIMITED');
      else expect((await replica.graphql(WORKSPACE, {}, busy)).data?.['workspace'].id).toBe(workspaceId);
      const other = await create('Other process', ['read']);
      expect((await replica.graphql(WORKSPACE, {}, other.key)).data?.['workspace'].id).toBe(workspaceId);
      expect(code(await t.graphql(REVOKE, { id: other.apiKey.id }, admin))).toBeUndefined();
      expect(code(await replica.graphql(WORKSPACE, {}, other.key))).toBe('UNAUTHENTICATED');
      // the other key has its own bucket
      expect((await t.graphql(WORKSPACE, {}, calm)).data?.['workspace'].id).toBe(workspaceId);
    } finally {
      await replica.stop();
    }
  });
});
