import { CatalogueFeedsService } from '@parley/api/commerce';
import { ErrorCode } from '@parley/shared/contracts';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { crmRoles } from '../testing/crm-roles';
import { collect, TestApp } from '../testing/test-app';
import { until } from '../testing/until';

/**
 * Issue #12 (E10): catalogue import from XML feeds. A local HTTP server serves YML and Google
 * Merchant feeds (and broken, hostile and oversized ones); admins add feeds, import, re-import
 * (updated in place, offers gone made inactive), read the rejections; agents are FORBIDDEN; the
 * default configuration refuses loopback and private addresses (a second app allows them, as a
 * self-hosted install may, to fetch from the local server); the upload route.
 */
const RUN = `id feedId state trigger format bytesRead bytesTotal offersSeen offersCreated offersUpdated offersUnchanged offersRejected productsDeactivated error startedAt finishedAt`;
const FEED = `id name source url uploadName uploadSize format scheduleHours nextRunAt lastRun { ${RUN} }`;
const CREATE = `mutation($i: CreateCatalogueFeedInput!) { createCatalogueFeed(input: $i) { ${FEED} } }`;
const UPDATE = `mutation($i: UpdateCatalogueFeedInput!) { updateCatalogueFeed(input: $i) { ${FEED} } }`;
const DELETE = `mutation($id: ID!) { deleteCatalogueFeed(id: $id) }`;
const IMPORT = `mutation($id: ID!) { importCatalogueFeed(id: $id) { ${RUN} } }`;
const FEEDS = `query { catalogueFeeds { ${FEED} } }`;
const RUN_Q = `query($id: ID!) { catalogueFeedRun(id: $id) { ${RUN} } }`;
const REJECTIONS = `query($id: ID!, $first: Int, $after: String) { catalogueFeedRejections(runId: $id, first: $first, after: $after) { items { seq offerId line reason } pageInfo { hasNextPage endCursor } totalCount } }`;
const EVENTS = `subscription { catalogueFeedEvents { kind feedId run { id state offersSeen bytesRead bytesTotal } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

const ymlOffer = (id: string, name: string, price: string, extra = '') =>
  `<offer id="${id}" available="true"><url>https://shop.test/${id}</url><price>${price}</price><currencyId>EUR</currencyId><categoryId>2</categoryId>` +
  `<picture>https://shop.test/${id}.jpg</picture><name>${name}</name><vendor>Acme</vendor><param name="Colour">Mint</param>${extra}</offer>`;
const yml = (offers: string) => `<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-12-07">
  <shop>
    <currencies><currency id="EUR" rate="1"/></currencies>
    <categories><category id="1">Home</category><category id="2" parentId="1">Kitchen</category></categories>
    <offers>
${offers}
    </offers>
  </shop>
</yml_catalog>`;
const google = `<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>
  <item><g:id>G-1</g:id><title>Blue mug</title><link>https://shop.test/g1</link><g:image_link>https://shop.test/g1.jpg</g:image_link>
    <g:price>15.00 EUR</g:price><g:sale_price>12.00 EUR</g:sale_price><g:availability>in_stock</g:availability>
    <g:product_type>Home &gt; Kitchen &gt; Mugs</g:product_type><g:brand>Acme</g:brand><g:color>Blue</g:color><g:size>L</g:size><g:shipping_weight>0.5 kg</g:shipping_weight></item>
  <item><g:id>G-2</g:id><title>Plate</title><g:price>7 EUR</g:price><g:availability>out_of_stock</g:availability><g:product_type>Home &gt; Kitchen &gt; Plates</g:product_type></item>
  <item><g:id>G-3</g:id><title>Bad</title><g:price>7.999 EUR</g:price></item>
</channel></rss>`;
const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<yml_catalog><shop><offers><offer id="1"><name>&lol3;</name><price>1</price></offer></offers></shop></yml_catalog>`;

describe('Catalogue feeds (integration)', () => {
  let server: http.Server;
  let base: string;
  const bodies: Record<string, string | Buffer> = {};

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (url === '/moved') return void res.writeHead(301, { location: '/google.xml' }).end();
      if (url === '/gone') return void res.writeHead(404).end('no');
      if (url === '/huge') {
        // no Content-Length: the cap is found while reading
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.write(yml(''.padEnd(10, ' ')).slice(0, 200));
        const chunk = Buffer.alloc(64 * 1024, ' ');
        let sent = 0;
        const pump = () => {
          while (sent < 3 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('</x>');
        };
        res.on('error', () => undefined);
        return pump();
      }
      if (url === '/gzip') {
        const packed = zlib.gzipSync(Buffer.from(String(bodies['/shop.yml'])));
        return void res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip', 'content-length': packed.length }).end(packed);
      }
      const body = bodies[url];
      if (body === undefined) return void res.writeHead(404).end();
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': buf.length }).end(buf);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  describe('with the default configuration (private addresses refused)', () => {
    let t: TestApp;
    let admin: string, anna: string, olga: string;
    beforeAll(async () => {
      t = await TestApp.start();
      ({ admin, anna, olga } = (await crmRoles(t)).tokens);
    });
    afterAll(() => t?.stop());

    it('refuses feed URLs at loopback, private and link-local addresses, and other than http(s), naming the field', async () => {
      for (const url of [`${base}/shop.yml`, 'http://10.0.0.7/feed.xml', 'http://172.16.3.4/f', 'http://192.168.1.1/f', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:8080/f', 'http://[fd00::1]/f', 'http://0.0.0.0/f', 'http://localhost/f', 'http://[::ffff:127.0.0.1]/f']) {
        const r = await t.graphql(CREATE, { i: { name: 'Shop', source: 'url', url } }, admin);
        expect([url, code(r), field(r)]).toEqual([url, ErrorCode.BadUserInput, 'url']);
        expect(r.errors?.[0]?.message).toMatch(/private, loopback or link-local/);
      }
      for (const url of ['ftp://shop.test/f.xml', 'file:///etc/passwd', 'not a url', 'http://user:pw@shop.test/f']) {
        const r = await t.graphql(CREATE, { i: { name: 'Shop', source: 'url', url } }, admin);
        expect([url, code(r), field(r)]).toEqual([url, ErrorCode.BadUserInput, 'url']);
      }
      const name = await t.graphql(CREATE, { i: { name: ' ', source: 'url', url: 'https://shop.test/f.xml' } }, admin);
      expect([code(name), field(name)]).toEqual([ErrorCode.BadUserInput, 'name']);
      const schedule = await t.graphql(CREATE, { i: { name: 'S', source: 'upload', scheduleHours: 3 } }, admin);
      expect([code(schedule), field(schedule)]).toEqual([ErrorCode.BadUserInput, 'scheduleHours']);
      const bad = await t.graphql(CREATE, { i: { name: 'S', source: 'ftp' } }, admin);
      expect([code(bad), field(bad)]).toEqual([ErrorCode.BadUserInput, 'source']);
      expect(Number((await t.db.query(`SELECT count(*) FROM product_feeds`))[0].count)).toBe(0);
    });

    it('refuses at fetch time too: a feed whose address became private fails its run', async () => {
      // written around the form's check (as if its DNS changed after it was saved)
      const [ws] = await t.db.query(`SELECT id FROM workspaces LIMIT 1`);
      const [feed] = await t.db.query(`INSERT INTO product_feeds (workspace_id, name, source, url) VALUES ($1, 'Sneaky', 'url', $2) RETURNING id`, [ws.id, `${base}/shop.yml`]);
      bodies['/shop.yml'] = yml(ymlOffer('a', 'A', '1'));
      const run = (await t.graphql(IMPORT, { id: feed.id }, admin)).data!['importCatalogueFeed'];
      const done = await until(async () => {
        const r = (await t.graphql(RUN_Q, { id: run.id }, admin)).data!['catalogueFeedRun'];
        return r.state === 'failed' && r;
      });
      expect(done.error).toMatch(/127\.0\.0\.1.*private, loopback or link-local/);
      expect(Number((await t.db.query(`SELECT count(*) FROM products WHERE feed_id = $1`, [feed.id]))[0].count)).toBe(0);
    });

    it('is for holders of “Manage catalogue” only', async () => {
      for (const token of [anna, olga]) {
        expect(code(await t.graphql(FEEDS, {}, token))).toBe(ErrorCode.Forbidden);
        expect(code(await t.graphql(CREATE, { i: { name: 'Shop', source: 'upload' } }, token))).toBe(ErrorCode.Forbidden);
      }
    });
  });

  describe('allowing private addresses (CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES=true, a small size cap)', () => {
    let t: TestApp;
    let admin: string, sam: string, anna: string;
    let ws: string;
    const MAX = 1024 * 1024;

    const waitRun = async (id: string, token = admin): Promise<any> =>
      until(
        async () => {
          const r = (await t.graphql(RUN_Q, { id }, token)).data?.['catalogueFeedRun'];
          return (r?.state === 'done' || r?.state === 'failed') && r;
        },
        60_000,
        `run ${id} ended`,
      );
    const createFeed = async (name: string, url: string, token = admin) => {
      const r = await t.graphql(CREATE, { i: { name, source: 'url', url } }, token);
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return r.data['createCatalogueFeed'];
    };
    const importFeed = async (feedId: string) => waitRun((await t.graphql(IMPORT, { id: feedId }, admin)).data!['importCatalogueFeed'].id);
    const propertyValues = async (): Promise<Array<{ name: string; value: string }>> =>
      t.db.query(`SELECT name, value FROM product_property_values WHERE workspace_id = $1 ORDER BY name, value`, [ws]);
    const categoryCount = async (): Promise<number> =>
      (await t.db.query(`SELECT count(*)::int AS n FROM product_categories WHERE workspace_id = $1`, [ws]))[0].n;
    const product = async (externalId: string) => (await t.db.query(`SELECT * FROM products WHERE workspace_id = $1 AND external_id = $2`, [ws, externalId]))[0];

    beforeAll(async () => {
      t = await TestApp.start({ CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES: 'true', CATALOGUE_FEED_MAX_BYTES: String(MAX) });
      const roles = await crmRoles(t);
      ({ admin, sam, anna } = roles.tokens);
      ws = roles.workspaceId;
    });
    afterAll(() => t?.stop());

    it('imports a YML feed with live progress; a re-import updates in place and makes offers gone inactive', async () => {
      const offers = Array.from({ length: 1200 }, (_, i) => ymlOffer(`o${i}`, `Mug ${i}`, `${i}.50`, i === 0 ? '<oldprice>9</oldprice><count>5</count><weight>0.3</weight>' : ''));
      offers.push('<offer id="bad"><name>Bad</name><price>-1</price></offer>', '<offer id="o5"><name>Duplicate</name><price>1</price></offer>');
      bodies['/shop.yml'] = yml(offers.join('\n'));
      const valuesBefore = await propertyValues();
      const categoriesBefore = await categoryCount();
      const feed = await createFeed('Main shop', `${base}/shop.yml`, sam);
      expect(feed).toMatchObject({ name: 'Main shop', source: 'url', url: `${base}/shop.yml`, lastRun: null });

      const sub = t.subscriptions(admin);
      const events = collect<any>(sub, EVENTS, 4, 30_000);
      await events.ready;
      const run = (await t.graphql(IMPORT, { id: feed.id }, admin)).data!['importCatalogueFeed'];
      expect(run).toMatchObject({ feedId: feed.id, state: 'queued', trigger: 'manual' });
      // asking again while it is queued or running returns the same run
      expect((await t.graphql(IMPORT, { id: feed.id }, admin)).data!['importCatalogueFeed'].id).toBe(run.id);
      const seen = await events.done;
      await sub.client.dispose();
      expect(seen.every((e) => e.catalogueFeedEvents.kind === 'run_progress' && e.catalogueFeedEvents.run.id === run.id)).toBe(true);
      expect(seen.some((e) => e.catalogueFeedEvents.run.state === 'running')).toBe(true);

      const done = await waitRun(run.id);
      expect(done).toMatchObject({ state: 'done', format: 'yml', offersSeen: 1202, offersCreated: 1200, offersUpdated: 0, offersRejected: 2, productsDeactivated: 0, error: null });
      expect(done.bytesRead).toBe(Buffer.byteLength(String(bodies['/shop.yml'])));
      expect(done.bytesTotal).toBe(done.bytesRead);

      const p0 = await product('o0');
      expect(p0).toMatchObject({ sku: 'o0', name: 'Mug 0', price: '0.50', currency: 'EUR', active: true, url: 'https://shop.test/o0', images: ['https://shop.test/o0.jpg'], properties: { Colour: 'Mint' }, stock: '5.000', weight_kg: '0.300', vendor: 'Acme', feed_id: feed.id });
      const [cat] = await t.db.query(`SELECT c.name, p.name AS parent FROM product_categories c LEFT JOIN product_categories p ON p.id = c.parent_id WHERE c.id = $1`, [p0.category_id]);
      expect(cat).toEqual({ name: 'Kitchen', parent: 'Home' });
      const [old] = await t.db.query(`SELECT pp.amount, pt.code, pt.is_base FROM product_prices pp JOIN product_price_types pt ON pt.id = pp.price_type_id WHERE pp.product_id = $1`, [p0.id]);
      expect(old).toEqual({ amount: '9.00', code: 'old', is_base: false });
      // 1,200 offers with the same colour add one value to the workspace's filter list (beside the demo catalogue's)
      const values = await propertyValues();
      expect(values.filter((v) => v.value === 'Mint')).toEqual([{ name: 'Colour', value: 'Mint' }]);
      expect(values.length).toBe(valuesBefore.length + 1);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM product_price_types WHERE workspace_id = $1 AND is_base`, [ws]))[0].n).toBe(1);

      const rej = (await t.graphql(REJECTIONS, { id: run.id, first: 1 }, admin)).data!['catalogueFeedRejections'];
      expect(rej.totalCount).toBe(2);
      expect(rej.items).toEqual([{ seq: 1, offerId: 'bad', line: expect.any(Number), reason: 'price -1 is negative' }]);
      expect(rej.pageInfo.hasNextPage).toBe(true);
      const next = (await t.graphql(REJECTIONS, { id: run.id, first: 10, after: rej.pageInfo.endCursor }, admin)).data!['catalogueFeedRejections'];
      expect(next.items).toEqual([{ seq: 2, offerId: 'o5', line: expect.any(Number), reason: 'the offer id appears twice in the feed; the first one was imported' }]);
      expect(next.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });

      const p3 = await product('o3');
      // a re-import: o1 renamed and repriced, o2 gone, o0 without its old price, stock and weight, one new offer; served gzipped
      const ids = Object.fromEntries((await t.db.query(`SELECT external_id, id FROM products WHERE feed_id = $1`, [feed.id])).map((r: any) => [r.external_id, r.id]));
      bodies['/shop.yml'] = yml(
        [ymlOffer('o0', 'Mug 0', '0.50'), ymlOffer('o1', 'Mug 1 renamed', '99.99'), ...Array.from({ length: 1197 }, (_, i) => ymlOffer(`o${i + 3}`, `Mug ${i + 3}`, `${i + 3}.50`)), ymlOffer('new', 'New mug', '4')].join('\n'),
      );
      await t.graphql(UPDATE, { i: { id: feed.id, url: `${base}/gzip` } }, admin);
      const again = await importFeed(feed.id);
      expect(again).toMatchObject({ state: 'done', offersSeen: 1200, offersCreated: 1, offersUpdated: 2, offersUnchanged: 1197, offersRejected: 0, productsDeactivated: 1 });
      // an unchanged product was not rewritten
      expect((await product('o3')).updated_at).toEqual(p3.updated_at);
      expect(await product('o1')).toMatchObject({ id: ids['o1'], name: 'Mug 1 renamed', price: '99.99', active: true });
      expect(await product('o2')).toMatchObject({ id: ids['o2'], active: false });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM products WHERE feed_id = $1`, [feed.id]))[0].n).toBe(1201);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM product_prices WHERE product_id = $1`, [ids['o0']]))[0].n).toBe(0);
      // the feed's two categories (Home › Kitchen) once, beside the demo catalogue's, after two imports
      expect(await categoryCount()).toBe(categoriesBefore + 2);

      const listed = (await t.graphql(FEEDS, {}, admin)).data!['catalogueFeeds'];
      expect(listed).toEqual([expect.objectContaining({ id: feed.id, format: 'yml', lastRun: expect.objectContaining({ id: again.id, state: 'done' }) })]);
      const [audit] = await t.db.query(`SELECT details FROM audit_log WHERE action = 'catalogue_feed.changed' AND target_id = $1 ORDER BY created_at LIMIT 1`, [feed.id]);
      expect(audit.details).toMatchObject({ op: 'created', name: 'Main shop', source: 'url' });
    });

    it('imports a Google Merchant feed (through a redirect): the product_type path is a category tree, the sale price the price', async () => {
      bodies['/google.xml'] = google;
      const feed = await createFeed('Google', `${base}/moved`);
      const run = await importFeed(feed.id);
      expect(run).toMatchObject({ state: 'done', format: 'google', offersSeen: 3, offersCreated: 2, offersRejected: 1 });
      const g1 = await product('G-1');
      expect(g1).toMatchObject({ name: 'Blue mug', price: '12.00', currency: 'EUR', stock: null, weight_kg: '0.500', vendor: 'Acme', properties: { Colour: 'Blue', Size: 'L' } });
      expect(await product('G-2')).toMatchObject({ stock: '0.000' });
      const path = await t.db.query(
        `WITH RECURSIVE up AS (SELECT id, parent_id, name, external_id, 0 AS d FROM product_categories WHERE id = $1
                               UNION ALL SELECT c.id, c.parent_id, c.name, c.external_id, up.d + 1 FROM product_categories c JOIN up ON c.id = up.parent_id)
         SELECT name, external_id FROM up ORDER BY d DESC`,
        [g1.category_id],
      );
      expect(path).toEqual([
        { name: 'Home', external_id: 'Home' },
        { name: 'Kitchen', external_id: 'Home > Kitchen' },
        { name: 'Mugs', external_id: 'Home > Kitchen > Mugs' },
      ]);
      const rej = (await t.graphql(REJECTIONS, { id: run.id }, admin)).data!['catalogueFeedRejections'];
      expect(rej.items.map((r: any) => [r.offerId, r.reason])).toEqual([['G-3', 'price 7.999 has more decimals than EUR allows (2)']]);
    });

    it('rejects an offer whose SKU a product added by hand has, and goes on', async () => {
      await t.db.query(`INSERT INTO products (workspace_id, sku, name, price, currency) VALUES ($1, 'hand-1', 'Made by hand', 3, 'EUR')`, [ws]);
      bodies['/clash.yml'] = yml([ymlOffer('hand-1', 'From the feed', '5'), ymlOffer('fine', 'Fine', '6')].join('\n'));
      const run = await importFeed((await createFeed('Clash', `${base}/clash.yml`)).id);
      expect(run).toMatchObject({ state: 'done', offersCreated: 1, offersRejected: 1 });
      const rej = (await t.graphql(REJECTIONS, { id: run.id }, admin)).data!['catalogueFeedRejections'];
      expect(rej.items[0]).toMatchObject({ offerId: 'hand-1', reason: 'the SKU hand-1 is already used by a product added by hand' });
      expect((await t.db.query(`SELECT name, external_id FROM products WHERE workspace_id = $1 AND sku = 'hand-1'`, [ws]))[0]).toEqual({ name: 'Made by hand', external_id: null });
    });

    it('ends a malformed, hostile, oversized or unreachable feed failed with a message (what came before stays)', async () => {
      bodies['/malformed.yml'] = yml([ymlOffer('m1', 'Good one', '1'), '<offer id="m2"><name>Broken</name><price>1</price></offr>'].join('\n'));
      bodies['/bomb.xml'] = bomb;
      bodies['/html'] = '<html><body>Not a feed</body></html>';
      const cases: Array<[string, RegExp]> = [
        ['/malformed.yml', /not well-formed XML \(line 8: unexpected close tag\)/],
        ['/bomb.xml', /declares entities/],
        ['/huge', /larger than 1 MB/],
        ['/html', /its root element is <html>/],
        ['/gone', /answered 404/],
        ['/loop', /redirected more than 5 times/],
      ];
      for (const [path, message] of cases) {
        const run = await importFeed((await createFeed(`Broken ${path}`, `${base}${path}`)).id);
        expect([path, run.state, run.error]).toEqual([path, 'failed', expect.stringMatching(message)]);
      }
      expect(await product('m1')).toMatchObject({ name: 'Good one', active: true });
      // a failed run makes nothing inactive
      expect(await product('o0')).toMatchObject({ active: true });
    });

    it('keeps every row in its workspace', async () => {
      const [op] = await t.db.query(`SELECT password_hash FROM operators WHERE email = 'admin@demo.test'`);
      const [other] = await t.db.query(`INSERT INTO workspaces (name, slug) VALUES ('Other', 'other') RETURNING id`);
      await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'boss@other.test', $2, 'Other Boss', 'admin')`, [other.id, op.password_hash]);
      const boss = await t.login('boss@other.test');
      expect((await t.graphql(FEEDS, {}, boss)).data!['catalogueFeeds']).toEqual([]);
      const [feed] = await t.db.query(`SELECT id FROM product_feeds WHERE workspace_id = $1 LIMIT 1`, [ws]);
      expect(code(await t.graphql(IMPORT, { id: feed.id }, boss))).toBe(ErrorCode.NotFound);
      expect(code(await t.graphql(DELETE, { id: feed.id }, boss))).toBe(ErrorCode.NotFound);
      const [run] = await t.db.query(`SELECT id FROM product_feed_runs WHERE workspace_id = $1 LIMIT 1`, [ws]);
      expect(code(await t.graphql(REJECTIONS, { id: run.id }, boss))).toBe(ErrorCode.NotFound);
    });

    it('uploads a file for an upload feed (authenticated, Manage catalogue only, size-capped) and imports it', async () => {
      const feed = (await t.graphql(CREATE, { i: { name: 'Uploaded', source: 'upload' } }, admin)).data!['createCatalogueFeed'];
      expect(code(await t.graphql(IMPORT, { id: feed.id }, admin))).toBe(ErrorCode.BadUserInput);
      const send = (body: string | Uint8Array, token?: string, type = 'application/xml') =>
        fetch(`${t.url}/api/catalogue/feeds/${feed.id}/file?name=catalogue.xml`, { method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body as BodyInit });
      const xml = yml([ymlOffer('u1', 'Uploaded mug', '2'), ymlOffer('u2', 'Uploaded cup', '3')].join('\n'));
      expect((await send(xml)).status).toBe(401);
      const agent = await send(xml, anna);
      expect([agent.status, (await agent.json()).code]).toEqual([403, ErrorCode.Forbidden]);
      // declared too large: refused before reading (the connection may close before the answer is read)
      const declared = await send(new Uint8Array(MAX + 1).fill(32), admin).catch((e) => e);
      if (!(declared instanceof Error)) expect(declared.status).toBe(413);
      // chunked, no Content-Length: cut at the cap, nothing kept
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${t.url}/api/catalogue/feeds/${feed.id}/file`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/xml', 'transfer-encoding': 'chunked' } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode as number, body }));
        });
        req.on('error', reject);
        const chunk = Buffer.alloc(32 * 1024, ' ');
        let sent = 0;
        const pump = () => {
          while (sent <= MAX + chunk.length * 4) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect([chunked.status, JSON.parse(chunked.body).code]).toEqual([413, ErrorCode.FileTooLarge]);
      expect((await t.db.query(`SELECT uploaded_at FROM product_feeds WHERE id = $1`, [feed.id]))[0].uploaded_at).toBeNull();
      expect((await send(xml, admin, 'multipart/form-data; boundary=x')).status).toBe(415);
      const ok = await send(xml, admin);
      expect(ok.status).toBe(201);
      const body = await ok.json();
      expect(body.feed).toMatchObject({ id: feed.id, uploadName: 'catalogue.xml', uploadSize: Buffer.byteLength(xml) });
      expect(body.run).toMatchObject({ trigger: 'upload', state: 'queued' });
      const run = await waitRun(body.run.id);
      expect(run).toMatchObject({ state: 'done', offersCreated: 2, bytesTotal: Buffer.byteLength(xml), bytesRead: Buffer.byteLength(xml) });
      expect(await product('u1')).toMatchObject({ name: 'Uploaded mug', feed_id: feed.id });
      // "Import now" reads the stored file again
      expect(await importFeed(feed.id)).toMatchObject({ state: 'done', offersUpdated: 0, offersUnchanged: 2 });
    });

    it('re-imports on a schedule through the maintenance sweep; deleting a feed keeps its products', async () => {
      bodies['/scheduled.yml'] = yml(ymlOffer('s1', 'Scheduled', '1'));
      const feed = (await t.graphql(CREATE, { i: { name: 'Scheduled', source: 'url', url: `${base}/scheduled.yml`, scheduleHours: 6 } }, admin)).data!['createCatalogueFeed'];
      expect(feed.scheduleHours).toBe(6);
      expect(new Date(feed.nextRunAt).getTime()).toBeGreaterThan(Date.now() + 5.9 * 3600_000);
      const bad = await t.graphql(UPDATE, { i: { id: feed.id, scheduleHours: 0 } }, admin);
      expect([code(bad), field(bad)]).toEqual([ErrorCode.BadUserInput, 'scheduleHours']);
      await t.db.query(`UPDATE product_feeds SET next_run_at = now() - interval '1 minute' WHERE id = $1`, [feed.id]);
      expect(await t.app.get(CatalogueFeedsService).sweep()).toBe(1);
      const [run] = await t.db.query(`SELECT id, trigger FROM product_feed_runs WHERE feed_id = $1`, [feed.id]);
      expect(run.trigger).toBe('schedule');
      expect(await waitRun(run.id)).toMatchObject({ state: 'done', offersCreated: 1 });
      expect(await t.app.get(CatalogueFeedsService).sweep()).toBe(0);

      expect((await t.graphql(DELETE, { id: feed.id }, admin)).data!['deleteCatalogueFeed']).toBe(true);
      expect(await product('s1')).toMatchObject({ name: 'Scheduled', feed_id: null, active: true });
    });
  });
});
