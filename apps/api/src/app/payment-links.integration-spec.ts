import http from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';

/**
 * Issue #12 (E5): payment links. "Send payment link" posts the link into the web chat (through the
 * message path, idempotent); the test acquirer's hosted page pays with a test card (the order
 * payment, paid_total and payment state change in one transaction, live for the agent), declines
 * the declined card and stays payable, never takes the amount from the form, says so for unknown,
 * expired and paid links; Stripe Checkout against a local server speaking the Checkout Sessions
 * API, its webhook signed with the real `stripe.webhooks.generateTestHeaderString` (bad signature:
 * 400, nothing changes; a replay changes nothing); rights, other workspaces and refusals with a reason.
 */

const SAVE = `mutation($i: SaveOrderInput!) { saveOrder(input: $i) { id number version totals { total paid due paymentState } payments { id type { code acquirer } status amount paidAt link { url status } } } }`;
const GET = `query($id: ID!) { order(id: $id) { version totals { total paid due paymentState } payments { id status paidAt link { url status amount lastError } } } }`;
const SEND = `mutation($i: SendPaymentLinkInput!) { sendPaymentLink(input: $i) { messageId seq link { id url status amount currency acquirer paymentId orderId expiresAt } } }`;
const LINK = `query($p: ID!) { paymentLink(paymentId: $p) { id url status amount lastError paidAt } }`;
const SETTINGS = `query { acquirerSettings { kind label enabled secretNames secretsSet webhookUrl problem } }`;
const UPDATE = `mutation($i: UpdateAcquirerSettingsInput!) { updateAcquirerSettings(input: $i) { kind enabled secretsSet webhookUrl problem } }`;
const FIND = `query($q: String!) { products(filter: { query: $q }, first: 1) { nodes { id } } }`;
const CHANGES = (id: string) => `subscription { contactChanged(contactId: "${id}") { kind contactId } }`;

type R = { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
const code = (r: R) => r.errors?.[0]?.extensions?.['code'];
const reason = (r: R) => r.errors?.[0]?.extensions?.['reason'];

const WEBHOOK_SECRET = 'whsec_test_parley_0123456789';

/** A stand-in for api.stripe.com: POST /v1/checkout/sessions (form-encoded) → a Checkout Session. */
function fakeStripe(): Promise<{ url: string; requests: Array<{ path: string; auth: string; idempotencyKey: string; form: URLSearchParams }>; close: () => Promise<void> }> {
  const requests: Array<{ path: string; auth: string; idempotencyKey: string; form: URLSearchParams }> = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push({ path: req.url ?? '', auth: String(req.headers['authorization'] ?? ''), idempotencyKey: String(req.headers['idempotency-key'] ?? ''), form });
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions' && /form-urlencoded/.test(String(req.headers['content-type']))) {
        const id = `cs_test_${++n}`;
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${n}` });
        res.end(JSON.stringify({ id, object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid', amount_total: Number(form.get('line_items[0][price_data][unit_amount]')), currency: form.get('line_items[0][price_data][currency]'), url: `https://checkout.stripe.test/c/pay/${id}`, client_reference_id: form.get('client_reference_id') }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((r) => server.close(() => r())) })),
  );
}

describe('payment links (integration)', () => {
  let t: TestApp;
  let stripe: Awaited<ReturnType<typeof fakeStripe>>;
  let admin: string, anna: string, olga: string;
  let workspaceId: string;
  let mugId: string;

  const ok = async (query: string, variables: Record<string, unknown>, token = anna) => {
    const r = await t.graphql(query, variables, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  /** A visitor in the web chat with a placed order of two mugs (€36.00) paid by `type`. */
  const orderInChat = async (type = 'card-online', extra: Array<Record<string, unknown>> = []) => {
    const { v, conversationId } = await t.visitorWithConversation('Can I pay online?');
    const [{ contact_id: contactId }] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [conversationId]);
    const order = (await ok(SAVE, { i: { clientId: contactId, conversationId, draft: false, customer: { firstName: 'Jana', email: 'jana@example.com' }, items: [{ productId: mugId, quantity: '2' }], payments: [{ type, status: 'pending', amount: '36.00' }, ...extra] } }))['saveOrder'];
    return { v, conversationId, contactId: contactId as string, order };
  };
  const pathOf = (url: string) => new URL(url).pathname;
  const page = (url: string, init?: RequestInit) => fetch(new URL(pathOf(url), t.url), { redirect: 'manual', ...init });
  const payForm = (url: string, fields: Record<string, string>) => page(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const webhook = (payload: string, signature: string, ws = workspaceId) =>
    fetch(`${t.url}/api/webhooks/stripe/${ws}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });

  beforeAll(async () => {
    stripe = await fakeStripe();
    t = await TestApp.start({ STRIPE_API_BASE: stripe.url });
    const roles = await crmRoles(t);
    ({ admin, anna, olga } = roles.tokens);
    workspaceId = roles.workspaceId;
    mugId = (await ok(FIND, { q: 'mug' }))['products'].nodes[0].id;
  });
  afterAll(async () => {
    await t?.stop();
    await stripe?.close();
  });

  it('posts the link into the chat; the test card pays it on Parley’s page: payment paid, paid total, paymentState full, live; paying again changes nothing', async () => {
    const { v, conversationId, contactId, order } = await orderInChat();
    const payment = order.payments[0];
    expect(payment).toMatchObject({ type: { code: 'card-online', acquirer: 'test' }, status: 'pending', link: null });

    const sent = await t.graphql(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'pay-1' } }, anna);
    expect(sent.errors).toBeUndefined();
    const link = sent.data!['sendPaymentLink'].link;
    expect(link).toMatchObject({ status: 'pending', amount: '36.00', currency: 'EUR', acquirer: 'test', paymentId: payment.id, orderId: order.id });
    expect(link.url).toMatch(/^http:\/\/localhost:\d+\/pay\/[A-Za-z0-9_-]{43}$/);
    const frame = await v.waitFor((f) => f.type === 'message' && /Pay here:/.test(f.message?.body ?? ''));
    expect(frame.message.body).toBe(`Payment for order #${order.number}: €36.00\nPay here: ${link.url}`);
    // the same clientId is the same message, and the open link is reused (nothing sent twice)
    const again = await t.graphql(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'pay-1' } }, anna);
    expect(again.data!['sendPaymentLink'].messageId).toBe(sent.data!['sendPaymentLink'].messageId);
    expect(again.data!['sendPaymentLink'].link.id).toBe(link.id);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND body LIKE '%Pay here:%'`, [conversationId]))[0].n).toBe(1);
    // the drawer's state, through OrderPayment.link and paymentLink
    expect((await ok(GET, { id: order.id }, olga))['order'].payments[0].link).toEqual({ url: link.url, status: 'pending', amount: '36.00', lastError: null });

    // the hosted page: shop, order, amount and a form; no scripts, a strict CSP
    const shown = await page(link.url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await shown.text();
    expect(html).toContain('data-outcome="form"');
    expect(html).toContain(`Order #${order.number}`);
    expect(html).toContain('€36.00');
    expect(html).not.toMatch(/<script/i);

    const live = collect<any>(t.subscriptions(admin), CHANGES(contactId), 1, 8000);
    await live.ready;
    const before = (await ok(GET, { id: order.id }))['order'].version;
    // the amount cannot be changed from the form: only the card number is read
    const paid = await payForm(link.url, { card: '4242 4242 4242 4242', exp: '12/34', cvc: '123', amount: '0.01', currency: 'JPY' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('data-outcome="paid"');
    expect((await live.done)[0].contactChanged).toEqual({ kind: 'orders_changed', contactId });
    const after = (await ok(GET, { id: order.id }))['order'];
    expect(after.totals).toEqual({ total: '36.00', paid: '36.00', due: '0.00', paymentState: 'full' });
    expect(after.payments[0]).toMatchObject({ status: 'paid', paidAt: expect.any(String), link: { status: 'paid', amount: '36.00' } });
    expect(after.version).toBe(before + 1);

    // paying twice: the page says it is paid, nothing changes
    const twice = await payForm(link.url, { card: '4242424242424242' });
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain('data-outcome="already-paid"');
    const still = (await ok(GET, { id: order.id }))['order'];
    expect(still.version).toBe(after.version);
    expect(still.totals.paid).toBe('36.00');
    expect((await page(link.url).then((r) => r.text()))).toContain('data-outcome="already-paid"');
    // and a paid payment gets no new link
    expect(reason(await t.graphql(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'pay-again' } }, anna))).toBe('PAYMENT_NOT_PENDING');
    v.close();
  });

  it('declines the declined test card with a message and stays payable; a bad number is refused; unknown and expired links say so', async () => {
    const { v, conversationId, order } = await orderInChat();
    const link = (await ok(SEND, { i: { orderId: order.id, paymentId: order.payments[0].id, conversationId, clientId: 'decline-1' } }))['sendPaymentLink'].link;

    const declined = await payForm(link.url, { card: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('data-outcome="declined"');
    expect(html).toContain('Your card was declined');
    expect(html).toContain('role="alert"');
    const bad = await payForm(link.url, { card: '4242 4242 4242 4241' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('not valid');
    const junk = await payForm(link.url, { card: '<script>alert(1)</script>' });
    expect(junk.status).toBe(422);
    expect(await junk.text()).not.toContain('<script>alert');

    let state = (await ok(LINK, { p: order.payments[0].id }, olga))['paymentLink'];
    expect(state).toMatchObject({ status: 'pending', lastError: 'Your card was declined. Try another card.', paidAt: null });
    expect((await ok(GET, { id: order.id }))['order'].payments[0].status).toBe('pending');
    // still payable
    expect((await payForm(link.url, { card: '4242424242424242' })).status).toBe(200);
    state = (await ok(LINK, { p: order.payments[0].id }))['paymentLink'];
    expect(state).toMatchObject({ status: 'paid', lastError: null });

    // unknown token: 404; a well-formed but unknown one too; an expired link: 410, and no payment
    expect((await fetch(`${t.url}/pay/nope`)).status).toBe(404);
    const unknown = await fetch(`${t.url}/pay/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('data-outcome="not-found"');
    const second = await orderInChat();
    const l2 = (await ok(SEND, { i: { orderId: second.order.id, paymentId: second.order.payments[0].id, conversationId: second.conversationId, clientId: 'expire-1' } }))['sendPaymentLink'].link;
    await t.db.query(`UPDATE payment_links SET expires_at = now() - interval '1 minute' WHERE id = $1`, [l2.id]);
    const expired = await page(l2.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('data-outcome="expired"');
    expect((await payForm(l2.url, { card: '4242424242424242' })).status).toBe(410);
    expect((await ok(GET, { id: second.order.id }))['order'].payments[0].status).toBe('pending');
    // sending again makes a new link in place of the expired one
    const l3 = (await ok(SEND, { i: { orderId: second.order.id, paymentId: second.order.payments[0].id, conversationId: second.conversationId, clientId: 'expire-2' } }))['sendPaymentLink'].link;
    expect(l3.id).not.toBe(l2.id);
    expect((await page(l3.url)).status).toBe(200);
    // the payment's amount changed after the link was sent: the link no longer pays (410), a new send makes a new one
    await ok(SAVE, { i: { id: second.order.id, clientId: second.contactId, draft: false, expectedVersion: second.order.version, customer: { firstName: 'Jana', email: 'jana@example.com' }, items: [{ productId: mugId, quantity: '2' }], payments: [{ id: second.order.payments[0].id, type: 'card-online', status: 'pending', amount: '30.00' }] } });
    expect((await page(l3.url)).status).toBe(410);
    expect((await payForm(l3.url, { card: '4242424242424242' })).status).toBe(410);
    const l4 = (await ok(SEND, { i: { orderId: second.order.id, paymentId: second.order.payments[0].id, conversationId: second.conversationId, clientId: 'expire-3' } }))['sendPaymentLink'].link;
    expect(l4).toMatchObject({ amount: '30.00', status: 'pending' });
    expect(l4.id).not.toBe(l3.id);
    v.close();
    second.v.close();
  });

  it('refuses: no acquirer (with a reason), a draft, an observer, another workspace, a switched-off acquirer, bad input', async () => {
    const { v, conversationId, contactId, order } = await orderInChat('cash');
    const cash = order.payments[0];
    const r = await t.graphql(SEND, { i: { orderId: order.id, paymentId: cash.id, conversationId, clientId: 'cash-1' } }, anna);
    expect(code(r)).toBe('BAD_USER_INPUT');
    expect(reason(r)).toBe('PAYMENT_TYPE_HAS_NO_ACQUIRER');
    expect(code(await t.graphql(SEND, { i: { orderId: order.id, paymentId: '00000000-0000-4000-8000-000000000000', conversationId, clientId: 'x' } }, anna))).toBe('NOT_FOUND');
    expect(code(await t.graphql(SEND, { i: { orderId: order.id, paymentId: cash.id, conversationId, clientId: '' } }, anna))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(SEND, { i: { orderId: 'nope', paymentId: cash.id, conversationId, clientId: 'x' } }, anna))).toBe('BAD_USER_INPUT');

    const card = await orderInChat();
    // an observer cannot manage orders
    expect(code(await t.graphql(SEND, { i: { orderId: card.order.id, paymentId: card.order.payments[0].id, conversationId: card.conversationId, clientId: 'olga-1' } }, olga))).toBe('FORBIDDEN');
    // a draft
    const draft = (await ok(SAVE, { i: { clientId: contactId, conversationId, draft: true, items: [{ productId: mugId, quantity: '1' }], payments: [{ type: 'card-online', status: 'pending', amount: '18.00' }] } }))['saveOrder'];
    expect(reason(await t.graphql(SEND, { i: { orderId: draft.id, paymentId: draft.payments[0].id, conversationId, clientId: 'draft-1' } }, anna))).toBe('ORDER_IS_DRAFT');
    // another workspace's admin sees neither the order nor the payment
    const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Elsewhere', 'elsewhere-pay') RETURNING id`);
    const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
    await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@elsewhere-pay.test', $2, 'Boss', 'admin')`, [other.id, op.password_hash]);
    const boss = await t.login('boss@elsewhere-pay.test');
    expect(code(await t.graphql(SEND, { i: { orderId: card.order.id, paymentId: card.order.payments[0].id, conversationId: card.conversationId, clientId: 'boss-1' } }, boss))).toBe('NOT_FOUND');
    expect(code(await t.graphql(LINK, { p: card.order.payments[0].id }, boss))).toBe('NOT_FOUND');
    // the test acquirer switched off
    expect((await ok(UPDATE, { i: { kind: 'test', enabled: false } }, admin))['updateAcquirerSettings']).toMatchObject({ kind: 'test', enabled: false });
    expect(reason(await t.graphql(SEND, { i: { orderId: card.order.id, paymentId: card.order.payments[0].id, conversationId: card.conversationId, clientId: 'off-1' } }, anna))).toBe('ACQUIRER_DISABLED');
    await ok(UPDATE, { i: { kind: 'test', enabled: true } }, admin);
    // settings: configure_commerce only
    expect(code(await t.graphql(SETTINGS, {}, anna))).toBe('FORBIDDEN');
    expect(code(await t.graphql(UPDATE, { i: { kind: 'stripe', enabled: true } }, anna))).toBe('FORBIDDEN');
    expect(code(await t.graphql(UPDATE, { i: { kind: 'paypal', enabled: true } }, admin))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(UPDATE, { i: { kind: 'stripe', enabled: true, secretKey: 'not a key' } }, admin))).toBe('BAD_USER_INPUT');
    expect(code(await t.graphql(UPDATE, { i: { kind: 'stripe', enabled: true, webhookSecret: 'sk_live_wrong' } }, admin))).toBe('BAD_USER_INPUT');
    v.close();
    card.v.close();
  });

  it('Stripe Checkout: a session on the (local) Stripe API in minor units; the signed webhook pays it; a bad signature is 400 and changes nothing; a replay changes nothing', async () => {
    await ok(`query { paymentTypes { code } }`, {});
    await t.db.query(`INSERT INTO payment_types (workspace_id, code, name, acquirer, position) VALUES ($1, 'stripe-card', 'Card (Stripe)', 'stripe', 9)`, [workspaceId]);
    const { v, conversationId, contactId } = await orderInChat();
    const order = (await ok(SAVE, { i: { clientId: contactId, conversationId, draft: false, customer: { firstName: 'Jana', email: 'jana@example.com' }, items: [{ productId: mugId, quantity: '2' }, { name: 'Wrapping', unitPrice: '8.04', quantity: '1' }], payments: [{ type: 'stripe-card', status: 'pending', amount: '44.04' }] } }))['saveOrder'];
    const payment = order.payments[0];

    // off until an admin sets it up
    expect(reason(await t.graphql(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'stripe-0' } }, anna))).toBe('ACQUIRER_DISABLED');
    expect((await ok(UPDATE, { i: { kind: 'stripe', enabled: true } }, admin))['updateAcquirerSettings']).toMatchObject({ enabled: true, secretsSet: [], problem: expect.stringContaining('secret key') });
    expect(reason(await t.graphql(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'stripe-0' } }, anna))).toBe('ACQUIRER_NOT_CONFIGURED');
    const set = (await ok(UPDATE, { i: { kind: 'stripe', enabled: true, secretKey: 'sk_test_parley123', webhookSecret: WEBHOOK_SECRET } }, admin))['updateAcquirerSettings'];
    expect(set).toEqual({ kind: 'stripe', enabled: true, secretsSet: ['secretKey', 'webhookSecret'], webhookUrl: expect.stringMatching(new RegExp(`/api/webhooks/stripe/${workspaceId}$`)), problem: null });
    // write-only: never shown back, stored sealed
    const listed = (await ok(SETTINGS, {}, admin))['acquirerSettings'];
    expect(listed.map((s: any) => [s.kind, s.enabled])).toEqual([['test', true], ['stripe', true]]);
    expect(JSON.stringify(listed)).not.toContain('sk_test_parley123');
    const [stored] = await t.db.query(`SELECT secrets::text AS s FROM acquirer_settings WHERE workspace_id = $1 AND kind = 'stripe'`, [workspaceId]);
    expect(stored.s).not.toContain('sk_test_parley123');
    expect(stored.s).toContain('$sealed');
    // audited: which secrets changed, never their values
    const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'workspace.acquirer_settings_changed' AND details->>'kind' = 'stripe' ORDER BY created_at DESC LIMIT 1`);
    expect(audit.details).toEqual({ kind: 'stripe', enabled: true, secrets: { secretKey: 'replaced', webhookSecret: 'replaced' } });
    expect(JSON.stringify(audit.details)).not.toContain('sk_test');
    // an omitted secret is kept
    expect((await ok(UPDATE, { i: { kind: 'stripe', enabled: true } }, admin))['updateAcquirerSettings'].secretsSet).toEqual(['secretKey', 'webhookSecret']);

    const sent = await ok(SEND, { i: { orderId: order.id, paymentId: payment.id, conversationId, clientId: 'stripe-1' } });
    const link = sent['sendPaymentLink'].link;
    expect(link).toMatchObject({ acquirer: 'stripe', status: 'pending', amount: '44.04', url: 'https://checkout.stripe.test/c/pay/cs_test_1' });
    const req = stripe.requests.find((r) => r.path === '/v1/checkout/sessions')!;
    expect(req.auth).toBe('Bearer sk_test_parley123');
    expect(req.idempotencyKey).toBe(`parley-link-${(await t.db.query(`SELECT id FROM payment_links WHERE external_id = 'cs_test_1'`))[0].id}`);
    expect(req.form.get('mode')).toBe('payment');
    expect(req.form.get('line_items[0][price_data][unit_amount]')).toBe('4404');
    expect(req.form.get('line_items[0][price_data][currency]')).toBe('eur');
    expect(req.form.get('line_items[0][quantity]')).toBe('1');
    expect(req.form.get('success_url')).toMatch(/\/pay\/[A-Za-z0-9_-]{43}\?done=1$/);
    expect(req.form.get('cancel_url')).toMatch(/\/pay\/[A-Za-z0-9_-]{43}$/);
    const frame = await v.waitFor((f) => f.type === 'message' && /Pay here:/.test(f.message?.body ?? ''));
    expect(frame.message.body).toBe(`Payment for order #${order.number}: €44.04\nPay here: https://checkout.stripe.test/c/pay/cs_test_1`);
    // Parley's page of a Stripe link sends the client to the checkout
    const returnPage = await (await page(req.form.get('cancel_url')!)).text();
    expect(returnPage).toContain('href="https://checkout.stripe.test/c/pay/cs_test_1"');

    const event = (id: string, session = 'cs_test_1') => JSON.stringify({ id, object: 'event', type: 'checkout.session.completed', api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), data: { object: { id: session, object: 'checkout.session', payment_status: 'paid', status: 'complete', amount_total: 4404, currency: 'eur' } } });
    const payload = event('evt_paid_1');

    // a bad signature (another secret, a changed body, none at all): 400, nothing changes
    const wrong = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    expect((await webhook(payload, wrong)).status).toBe(400);
    const good = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await webhook(payload.replace('4404', '1'), good)).status).toBe(400);
    expect((await fetch(`${t.url}/api/webhooks/stripe/${workspaceId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status).toBe(400);
    expect((await webhook(payload, good, '00000000-0000-4000-8000-000000000000')).status).toBe(400);
    expect((await webhook(payload, good, 'not-a-workspace')).status).toBe(404);
    expect((await ok(GET, { id: order.id }))['order'].payments[0].status).toBe('pending');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM payment_webhook_events`))[0].n).toBe(0);

    const live = collect<any>(t.subscriptions(admin), CHANGES(contactId), 1, 8000);
    await live.ready;
    const res = await webhook(payload, good);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'paid' });
    expect((await live.done)[0].contactChanged.kind).toBe('orders_changed');
    const paid = (await ok(GET, { id: order.id }))['order'];
    expect(paid.totals).toMatchObject({ total: '44.04', paid: '44.04', due: '0.00', paymentState: 'full' });
    expect(paid.payments[0]).toMatchObject({ status: 'paid', link: { status: 'paid' } });

    // the same event again (Stripe retries), and another event for the same session: nothing doubles
    const replay = await webhook(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
    expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate' });
    const other = event('evt_paid_2');
    expect(await (await webhook(other, Stripe.webhooks.generateTestHeaderString({ payload: other, secret: WEBHOOK_SECRET }))).json()).toEqual({ received: true, outcome: 'ignored' });
    const still = (await ok(GET, { id: order.id }))['order'];
    expect(still.version).toBe(paid.version);
    expect(still.totals.paid).toBe('44.04');
    // an event that pays nothing (another type) is acknowledged
    const noise = JSON.stringify({ id: 'evt_other', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    expect(await (await webhook(noise, Stripe.webhooks.generateTestHeaderString({ payload: noise, secret: WEBHOOK_SECRET }))).json()).toEqual({ received: true, outcome: 'ignored' });

    // a session that expires: its link expires (a new send opens a new session)
    const signed = (p: string) => Stripe.webhooks.generateTestHeaderString({ payload: p, secret: WEBHOOK_SECRET });
    const more = (await ok(SAVE, { i: { clientId: contactId, conversationId, draft: false, customer: { firstName: 'Jana', email: 'jana@example.com' }, items: [{ productId: mugId, quantity: '1' }], payments: [{ type: 'stripe-card', status: 'pending', amount: '18.00' }] } }))['saveOrder'];
    const l2 = (await ok(SEND, { i: { orderId: more.id, paymentId: more.payments[0].id, conversationId, clientId: 'stripe-2' } }))['sendPaymentLink'].link;
    expect(l2.url).toBe('https://checkout.stripe.test/c/pay/cs_test_2');
    const expiredEvent = JSON.stringify({ id: 'evt_expired_2', object: 'event', type: 'checkout.session.expired', data: { object: { id: 'cs_test_2', object: 'checkout.session', payment_status: 'unpaid', status: 'expired' } } });
    expect(await (await webhook(expiredEvent, signed(expiredEvent))).json()).toEqual({ received: true, outcome: 'expired' });
    expect((await ok(LINK, { p: more.payments[0].id }))['paymentLink'].status).toBe('expired');
    // a session Parley does not know (or already expired) expires nothing
    const strayEvent = JSON.stringify({ id: 'evt_expired_3', object: 'event', type: 'checkout.session.expired', data: { object: { id: 'cs_test_unknown', object: 'checkout.session', payment_status: 'unpaid', status: 'expired' } } });
    expect(await (await webhook(strayEvent, signed(strayEvent))).json()).toEqual({ received: true, outcome: 'ignored' });
    const l3 = (await ok(SEND, { i: { orderId: more.id, paymentId: more.payments[0].id, conversationId, clientId: 'stripe-3' } }))['sendPaymentLink'].link;
    expect(l3.url).toBe('https://checkout.stripe.test/c/pay/cs_test_3');

    // paid after the operator changed the payment's amount: the link says what came in, the payment is not rewritten
    await ok(SAVE, { i: { id: more.id, clientId: contactId, draft: false, customer: { firstName: 'Jana', email: 'jana@example.com' }, items: [{ productId: mugId, quantity: '1' }], payments: [{ id: more.payments[0].id, type: 'stripe-card', status: 'pending', amount: '10.00' }, { type: 'cash', status: 'pending', amount: '8.00' }] } });
    const late = JSON.stringify({ id: 'evt_paid_3', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_test_3', object: 'checkout.session', payment_status: 'paid', status: 'complete' } } });
    expect(await (await webhook(late, signed(late))).json()).toEqual({ received: true, outcome: 'paid' });
    const settled = (await ok(GET, { id: more.id }))['order'];
    expect(settled.payments[0]).toMatchObject({ status: 'pending', link: { status: 'paid', amount: '18.00', lastError: expect.stringContaining('Paid 18.00 EUR, but the payment was changed') } });
    expect(settled.totals.paid).toBe('0.00');
    v.close();
  });
});
