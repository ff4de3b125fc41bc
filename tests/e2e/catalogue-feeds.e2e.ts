import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useParley } from './harness';

const OFFERS = 3000;

/** A YML feed of OFFERS offers, one of them with a negative price. */
function feed(): Buffer {
  const offers: string[] = [];
  for (let i = 0; i < OFFERS; i++) {
    const price = i === 1234 ? '-5' : `${10 + (i % 90)}.50`;
    offers.push(
      `<offer id="sku-${i}" available="true"><url>https://shop.example/p/${i}</url><price>${price}</price><currencyId>EUR</currencyId><categoryId>2</categoryId>` +
        `<picture>https://shop.example/img/${i}.jpg</picture><name>Mug number ${i}</name><vendor>Acme</vendor><param name="Colour">${['Green', 'Blue', 'Red'][i % 3]}</param>` +
        `<description>A sturdy stoneware mug, dishwasher safe.</description></offer>`,
    );
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-12-07"><shop><name>Shop</name><currencies><currency id="EUR" rate="1"/></currencies>` +
      `<categories><category id="1">Home</category><category id="2" parentId="1">Kitchen</category></categories><offers>\n${offers.join('\n')}\n</offers></shop></yml_catalog>`,
  );
}

/**
 * Issue #12 (E10) in Chromium: an admin adds a feed by its URL in Settings › Catalogue, presses
 * Import now and watches the progress bar move while the feed arrives (served slowly by a local
 * server: the server under test allows private addresses for it), then reads the figures and the
 * rejected offer's reason.
 */
describe('catalogue feeds (Chromium)', () => {
  let shop: http.Server;
  let shopUrl = '';
  const body = feed();

  beforeAll(async () => {
    shop = http.createServer((req, res) => {
      if (req.url !== '/yml.xml') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length });
      // about 4 s for the whole feed: the import's progress is visible
      const step = Math.ceil(body.length / 40);
      let at = 0;
      const timer = setInterval(() => {
        res.write(body.subarray(at, at + step));
        at += step;
        if (at >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/yml.xml`;
  });
  afterAll(async () => {
    shop.closeAllConnections();
    await new Promise((r) => shop.close(r));
  });

  const parley = useParley({ CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES: 'true' });

  it('adds a feed by URL, imports it with live progress and shows a rejected offer’s reason', async () => {
    const ctx = await parley.browser.newContext();
    const admin = await ctx.newPage();
    await parley.signIn(admin, 'admin@demo.test');
    await admin.goto(`${parley.server.url}/admin`);
    await admin.getByTestId('admin-nav-catalogue').click();
    await admin.waitForURL(/\/admin\/catalogue$/);
    await admin.getByTestId('feeds-empty').waitFor();

    await admin.getByTestId('feed-name').fill('Main shop');
    await admin.getByTestId('feed-url').fill(shopUrl);
    await admin.getByTestId('feed-save').click();
    await admin.getByTestId('feed-saved').filter({ hasText: '“Main shop” added' }).waitFor();
    const row = admin.locator('[data-testid="catalogue-feed"][data-feed="Main shop"]');
    await row.waitFor();
    await row.getByText('Not imported yet').waitFor();

    await row.getByTestId('feed-import').click();
    const bar = row.getByTestId('feed-progress');
    await bar.waitFor();
    // the bar moves: at least two different values between 1 and 99 while the feed arrives
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await row.getByTestId('feed-run').getAttribute('data-state')) !== 'done') {
      const v = await bar.getAttribute('aria-valuenow', { timeout: 500 }).catch(() => null);
      if (v && Number(v) > 0 && Number(v) < 100) seen.add(v);
      await admin.waitForTimeout(100);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(await row.getByTestId('feed-run-status').isVisible()).toBe(false);

    await row.locator('[data-testid="feed-run"][data-state="done"]').waitFor();
    await row.getByTestId('feed-run-figures').filter({ hasText: `${OFFERS - 1} new, 0 updated, 0 unchanged, 1 rejected, 0 made inactive` }).waitFor();
    await row.getByText('YML (Yandex Market)').waitFor();
    await row.getByTestId('feed-rejections-show').click();
    const rejection = row.getByTestId('feed-rejection');
    await rejection.filter({ hasText: 'Offer sku-1234' }).waitFor();
    expect(await rejection.innerText()).toMatch(/price -5 is negative/);
    await ctx.close();
  });
});
