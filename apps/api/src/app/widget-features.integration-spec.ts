import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { TestApp, VisitorClient } from '../testing/test-app';

const CHANNEL = `query { channels { id publicKey webchat { defaultLanguage texts { language header welcome } inputPlaceholder companyName avatarUrl radius launcherIcon launcherShape hideLauncher position showOperatorIdentity botEnabled colors { header launcher operatorBubble visitorBubble text } preChat { enabled skipKnownContacts fields { field required } } displayRules { hideOnMobile defaultAction rules { domains urlContains urlNotContains urlPattern countries action teaserText openAfterSeconds } } } name active } }`;
const UPDATE = `mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id webchat { preChat { enabled fields { field required } } displayRules { defaultAction rules { action urlPattern countries } } } } }`;
const VISIT = `query($id: ID!) { visitorVisit(conversationId: $id) { unverifiedEmail pageViews currentUrl utmSource utmMedium utmCampaign browser os language screen country city identityVerified visitNumber onSiteNow pages { url title } cart { id name quantity price currency } } }`;

const rule = (over: Record<string, unknown> = {}) => ({ domains: [], urlContains: '', urlNotContains: '', urlPattern: '', countries: [], action: 'show', teaserText: '', openAfterSeconds: 0, ...over });

describe('web chat widget features (integration)', () => {
  let t: TestApp;
  let admin: string;
  let channelId: string;
  let base: Record<string, any>;

  const save = (settings: Record<string, unknown>) => t.graphql(UPDATE, { i: { id: channelId, name: 'Website chat', active: true, settings: { ...base, ...settings } } }, admin);

  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: '1' });
    admin = await t.login('admin@demo.test');
    const r = await t.graphql(CHANNEL, {}, admin);
    const ch = r.data?.['channels'].find((c: any) => c.publicKey === 'demo-webchat');
    channelId = ch.id;
    const { preChat: _p, displayRules: _d, ...rest } = ch.webchat;
    base = rest;
  });
  afterAll(async () => t?.stop());

  it('validates display rules and pre-chat settings field by field, and keeps them when a save omits them', async () => {
    const bad = await save({
      preChat: { enabled: true, skipKnownContacts: true, fields: [{ field: 'shoeSize', required: true }] },
      displayRules: { hideOnMobile: false, defaultAction: 'maybe', rules: [rule({ domains: ['not a domain'], countries: ['Poland'], action: 'explode', openAfterSeconds: 99999, urlPattern: 'x'.repeat(300) })] },
    });
    expect(bad.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    const fields = (bad.errors?.[0].extensions?.['fieldErrors'] as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'preChat.fields.0.field',
        'displayRules.defaultAction',
        'displayRules.rules.0.domains.0',
        'displayRules.rules.0.countries.0',
        'displayRules.rules.0.action',
        'displayRules.rules.0.openAfterSeconds',
        'displayRules.rules.0.urlPattern',
      ]),
    );
    const teaserWithoutText = await save({ displayRules: { hideOnMobile: false, defaultAction: 'show', rules: [rule({ action: 'teaser' })] } });
    expect(teaserWithoutText.errors?.[0].extensions?.['field']).toBe('displayRules.rules.0.teaserText');

    const ok = await save({
      preChat: { enabled: true, skipKnownContacts: false, fields: [{ field: 'name', required: true }, { field: 'email', required: true }] },
      displayRules: { hideOnMobile: false, defaultAction: 'show', rules: [rule({ urlPattern: '*/checkout*', action: 'hide' }), rule({ countries: ['PL'], action: 'teaser', teaserText: 'Cześć!' })] },
    });
    expect(ok.errors).toBeUndefined();
    // a save from an older form without the new sections keeps them
    const again = await save({});
    expect(again.errors).toBeUndefined();
    expect(again.data?.['updateWebchatChannel'].webchat.preChat.fields).toEqual([{ field: 'name', required: true }, { field: 'email', required: true }]);
    expect(again.data?.['updateWebchatChannel'].webchat.displayRules.rules.map((r: any) => r.action)).toEqual(['hide', 'teaser']);

    const v = await t.visitor();
    const welcome = await v.welcome();
    expect(welcome.settings.displayRules.rules[0]).toMatchObject({ urlPattern: '*/checkout*', action: 'hide' });
    v.close();
  });

  it('pre-chat: asks only for missing fields, validates values server-side and stores them on the contact', async () => {
    const v = await t.visitor();
    const info = await v.waitFor((f) => f.type === 'visitor');
    expect(info).toMatchObject({ country: null, known: false, askFields: [{ field: 'name', required: true }, { field: 'email', required: true }] });

    const answer = async (values: unknown) => {
      const before = v.frames.length;
      v.sendFrame({ type: 'contact', values });
      return v.waitFor((f) => v.frames.indexOf(f) >= before && (f.type === 'contact_saved' || f.type === 'error'));
    };
    expect(await answer({ name: 'Ewa', email: 'not-an-email' })).toMatchObject({ type: 'error', code: 'BAD_USER_INPUT', field: 'email', frame: 'contact' });
    expect(await answer({ name: 'Ewa', email: 'ewa@example.com', shoeSize: '38' })).toMatchObject({ type: 'error', field: 'shoeSize' });
    expect(await answer({ name: 'x'.repeat(101), email: 'ewa@example.com' })).toMatchObject({ type: 'error', field: 'name' });
    expect(await answer({ email: 'ewa@example.com' })).toMatchObject({ type: 'error', field: 'name', message: 'Required' });
    expect(await answer('ewa')).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
    expect(await answer({ name: '  Ewa Kowalska ', email: 'ewa@example.com' })).toEqual({ type: 'contact_saved', askFields: [] });

    // the contact is the conversation's contact once the visitor writes
    const ack = await v.ack(v.send('Hello'));
    const [row] = await t.db.query(`SELECT c.name, c.email FROM conversations cv JOIN contacts c ON c.id = cv.contact_id WHERE cv.id = $1`, [ack.message.conversationId]);
    expect(row).toEqual({ name: 'Ewa Kowalska', email: 'ewa@example.com' });

    // a returning visitor with the same token is not asked again
    const again = await t.visitor('demo-webchat', { visitorToken: (await v.welcome()).visitorToken });
    expect(await again.waitFor((f) => f.type === 'visitor')).toMatchObject({ askFields: [], known: true });
    v.close();
    again.close();
  });

  it('identify: a valid hash links the visitor to the known contact; a bad one is refused; no hash stores unverified data', async () => {
    const secret = (await t.graphql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channelId }, admin)).data?.['webchatIdentitySecret'];
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const agent = await t.login('anna@demo.test');
    const denied = await t.graphql(`query($id: ID!) { webchatIdentitySecret(channelId: $id) }`, { id: channelId }, agent);
    expect(denied.errors?.[0].extensions?.['code']).toBe('FORBIDDEN');

    const [known] = await t.db.query(`INSERT INTO contacts (workspace_id, name, email, external_id) SELECT workspace_id, 'Known Buyer', 'buyer@example.com', 'cust-42' FROM channels WHERE id = $1 RETURNING id`, [channelId]);
    const hash = createHmac('sha256', secret).update('cust-42').digest('hex');

    const v = await t.visitor();
    await v.waitFor((f) => f.type === 'visitor');
    const ask = async (frame: Record<string, unknown>) => {
      const before = v.frames.length;
      v.sendFrame({ type: 'identify', ...frame });
      return v.waitFor((f) => v.frames.indexOf(f) >= before && (f.type === 'identified' || f.type === 'error'));
    };
    expect(await ask({ externalId: 'cust-42', hash: 'f'.repeat(64) })).toMatchObject({ type: 'error', code: 'FORBIDDEN', field: 'hash' });
    expect(await ask({ externalId: 'cust-42', hash: 'nothex' })).toMatchObject({ type: 'error', code: 'BAD_USER_INPUT', field: 'hash' });
    expect(await ask({ email: 'broken@', name: 'X' })).toMatchObject({ type: 'error', field: 'email' });
    expect(await ask({ email: 'a@b.co', admin: true })).toMatchObject({ type: 'error', field: 'admin' });
    expect(await ask({ name: 'Maybe Me', email: 'maybe@example.com' })).toEqual({ type: 'identified', verified: false, askFields: expect.any(Array) });
    const [unverified] = await t.db.query(`SELECT verified, contact_id, unverified_identity FROM visitors WHERE unverified_identity IS NOT NULL ORDER BY created_at DESC LIMIT 1`);
    expect(unverified).toMatchObject({ verified: false, contact_id: null, unverified_identity: { name: 'Maybe Me', email: 'maybe@example.com' } });

    expect(await ask({ externalId: 'cust-42', hash })).toEqual({ type: 'identified', verified: true, askFields: [] });
    const ack = await v.ack(v.send('I am a known buyer'));
    const [conv] = await t.db.query(`SELECT contact_id FROM conversations WHERE id = $1`, [ack.message.conversationId]);
    expect(conv.contact_id).toBe(known.id);

    // regenerating the secret (audited) makes the old hash invalid
    const regen = await t.graphql(`mutation($id: ID!) { regenerateWebchatIdentitySecret(channelId: $id) }`, { id: channelId }, admin);
    expect(regen.data?.['regenerateWebchatIdentitySecret']).not.toBe(secret);
    const [audit] = await t.db.query(`SELECT action, target_id FROM audit_log WHERE action = 'webchat.identity_secret_regenerated'`);
    expect(audit.target_id).toBe(channelId);
    expect(await ask({ externalId: 'cust-42', hash })).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    v.close();
  });

  it('cart, track and page views: validated, size-limited, rate-limited; visitorVisit shows the visit with country from X-Forwarded-For', async () => {
    // TRUST_PROXY=1: the address the (one) proxy saw is believed
    const v = new VisitorClient(`${t.wsUrl}/ws/visitor`);
    const ws = new WebSocket(`${t.wsUrl}/ws/visitor`, { headers: { 'x-forwarded-for': '81.2.69.142', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36' } });
    (v as any).ws = ws;
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      v.frames.push(f);
      (v as any).waiters = (v as any).waiters.filter((w: any) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
    await new Promise((r) => ws.once('open', r));
    v.sendFrame({ type: 'hello', channelKey: 'demo-webchat' });
    let info: any;
    try {
      info = await v.waitFor((f) => f.type === 'visitor' || f.type === 'error');
    } catch {
      info = { frames: v.frames.map((f) => f.type + ':' + (f.message ?? '')) };
    }
    expect(info).toMatchObject({ type: 'visitor', country: 'GB' });
    const errorFor = (frame: string, after: number) => v.waitFor((f) => v.frames.indexOf(f) >= after && f.type === 'error' && f.frame === frame, 3000);

    let n = v.frames.length;
    v.sendFrame({ type: 'page', url: 'https://shop.example.com/p/1?utm_source=news&utm_medium=email&utm_campaign=spring', title: 'Product 1', referrer: 'https://google.com/', language: 'pl-PL', screen: { width: 1920, height: 1080 } });
    v.sendFrame({ type: 'page', url: 'javascript:alert(1)' });
    expect(await errorFor('page', n)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });

    n = v.frames.length;
    v.sendFrame({ type: 'cart', items: Array.from({ length: 51 }, (_, i) => ({ id: `p${i}`, name: 'Thing', quantity: 1 })) });
    expect(await errorFor('cart', n)).toMatchObject({ field: 'items' });
    n = v.frames.length;
    v.sendFrame({ type: 'cart', items: Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, name: 'x'.repeat(200), quantity: 1, url: `https://shop.example.com/${'y'.repeat(250)}` })) });
    expect(await errorFor('cart', n)).toMatchObject({ field: 'items', message: expect.stringContaining('larger than') });
    n = v.frames.length;
    v.sendFrame({ type: 'cart', items: [{ id: 'p1', name: 'Shoe', quantity: -1 }] });
    expect(await errorFor('cart', n)).toMatchObject({ field: 'items.0.quantity' });
    v.sendFrame({ type: 'cart', items: [{ id: 'p1', name: 'Shoe', quantity: 2, price: 49.9, currency: 'EUR' }] });

    n = v.frames.length;
    v.sendFrame({ type: 'track', event: 'bad event name!' });
    expect(await errorFor('track', n)).toMatchObject({ field: 'event' });
    await new Promise((r) => setTimeout(r, 1100));
    v.sendFrame({ type: 'track', event: 'added_to_cart', data: { sku: 'p1' } });

    // a flood of page views is refused, not stored
    await new Promise((r) => setTimeout(r, 1100));
    n = v.frames.length;
    for (let i = 0; i < 40; i++) v.sendFrame({ type: 'page', url: `https://shop.example.com/flood/${i}`, title: 'Flood' });
    expect(await errorFor('page', n)).toMatchObject({ code: 'RATE_LIMITED' });

    n = v.frames.length;
    v.sendFrame({ type: 'identify', email: 'claims@example.com' });
    await v.waitFor((f) => v.frames.indexOf(f) >= n && f.type === 'identified');
    const ack = await v.ack(v.send('Where is my order?'));
    const anna = await t.login('anna@demo.test');
    const visit = await t.graphql(VISIT, { id: ack.message.conversationId }, anna);
    expect(visit.errors).toBeUndefined();
    const data = visit.data?.['visitorVisit'];
    expect(data).toMatchObject({
      utmSource: 'news',
      utmMedium: 'email',
      utmCampaign: 'spring',
      browser: 'Chrome 120',
      os: 'Windows 10',
      language: 'pl-PL',
      screen: '1920x1080',
      country: 'GB',
      visitNumber: 1,
      onSiteNow: true,
      identityVerified: false,
      unverifiedEmail: 'claims@example.com',
      cart: [{ id: 'p1', name: 'Shoe', quantity: 2, price: '49.90', currency: 'EUR' }],
    });
    expect(data.pageViews).toBeGreaterThanOrEqual(2);
    expect(data.pageViews).toBeLessThan(20);
    expect(data.pages[data.pages.length - 1]).toEqual({ url: 'https://shop.example.com/p/1?utm_source=news&utm_medium=email&utm_campaign=spring', title: 'Product 1' });
    const [events] = await t.db.query(`SELECT count(*)::int AS n FROM visit_events WHERE kind = 'event' AND name = 'added_to_cart'`);
    expect(events.n).toBe(1);

    // an unknown conversation, no sign-in
    const missing = await t.graphql(VISIT, { id: '00000000-0000-0000-0000-000000000000' }, anna);
    expect(missing.errors?.[0].extensions?.['code']).toBe('NOT_FOUND');
    const anonymous = await t.graphql(VISIT, { id: ack.message.conversationId });
    expect(anonymous.errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
    ws.close();
  });

  it('a page the visitor opens during the chat reaches the agents’ open panels (conversationActivity "visit")', async () => {
    const { v, conversationId } = await t.visitorWithConversation('Do you have this in blue?');
    const anna = await t.login('anna@demo.test');
    const sub = t.subscriptions(anna);
    const seen: any[] = [];
    sub.client.subscribe(
      { query: `subscription($id: ID!) { conversationActivity(conversationId: $id) { kind conversationId } }`, variables: { id: conversationId } },
      { next: (x) => seen.push((x.data as any).conversationActivity), error: () => undefined, complete: () => undefined },
    );
    await sub.connected;
    await new Promise((r) => setTimeout(r, 250));
    v.sendFrame({ type: 'page', url: 'https://shop.example.com/p/blue-sofa', title: 'Blue sofa' });
    const end = Date.now() + 5000;
    while (!seen.some((e) => e.kind === 'visit') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(seen.find((e) => e.kind === 'visit')).toEqual({ kind: 'visit', conversationId });
    const visit = await t.graphql(VISIT, { id: conversationId }, anna);
    expect(visit.data?.['visitorVisit']).toMatchObject({ currentUrl: 'https://shop.example.com/p/blue-sofa' });
    // a bad page frame is refused to the visitor and announces nothing
    const before = seen.length;
    const n = v.frames.length;
    v.sendFrame({ type: 'page', url: 'javascript:alert(1)' });
    expect(await v.waitFor((f) => v.frames.indexOf(f) >= n && f.type === 'error')).toMatchObject({ code: 'BAD_USER_INPUT' });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(before);
    await sub.client.dispose();
    v.close();
  });

  it('ignores X-Forwarded-For without TRUST_PROXY and refuses extras before hello', async () => {
    const plain = await TestApp.start();
    try {
      const ws = new WebSocket(`${plain.wsUrl}/ws/visitor`, { headers: { 'x-forwarded-for': '81.2.69.142' } });
      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'cart', items: [] }));
      ws.send(JSON.stringify({ type: 'hello', channelKey: 'demo-webchat' }));
      for (let i = 0; i < 50 && !frames.some((f) => f.type === 'visitor'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(frames.find((f) => f.type === 'error')).toMatchObject({ code: 'NOT_READY', frame: 'cart' });
      expect(frames.find((f) => f.type === 'visitor')).toMatchObject({ country: null });
      ws.close();
    } finally {
      await plain.stop();
    }
  });
});
