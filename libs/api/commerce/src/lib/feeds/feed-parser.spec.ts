import { FeedError, FeedEvent, FeedLimits, FeedOffer, parseFeed, weightInKg } from './feed-parser';
import { currencyDecimals, normalizeCurrency, parsePrice } from './feed-money';

const LIMITS: FeedLimits = { maxBytes: 10 * 1024 * 1024 };

async function read(xml: string | Buffer, limits = LIMITS, chunk = 7): Promise<FeedEvent[]> {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  // small chunks: elements and characters split across writes
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  };
  const out: FeedEvent[] = [];
  for await (const e of parseFeed(chunks(), limits)) out.push(e);
  return out;
}
const offers = (events: FeedEvent[]): FeedOffer[] => events.flatMap((e) => (e.type === 'offer' ? [e.offer] : []));
const rejections = (events: FeedEvent[]) => events.flatMap((e) => (e.type === 'rejected' ? [e.rejection] : []));
async function failure(xml: string | Buffer, limits = LIMITS): Promise<FeedError> {
  try {
    await read(xml, limits, 4096);
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('the feed was read to its end');
}

const yml = (offersXml: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE yml_catalog SYSTEM "shops.dtd">
<yml_catalog date="2026-12-01 10:00">
  <shop>
    <name>Shop</name>
    <currencies><currency id="EUR" rate="1"/><currency id="USD" rate="CBRF"/></currencies>
    <categories>
      <category id="1">Home</category>
      <category id="2" parentId="1">Kitchen &amp; dining</category>
    </categories>
    ${extra}
    <offers>${offersXml}</offers>
  </shop>
</yml_catalog>`;

const google = (items: string) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
  <channel>
    <title>Shop</title>
    <link>https://shop.test</link>
    ${items}
  </channel>
</rss>`;

describe('feed money', () => {
  it('knows currencies and their decimals', () => {
    expect(normalizeCurrency('eur')).toBe('EUR');
    expect(normalizeCurrency('RUR')).toBe('RUB');
    expect(normalizeCurrency('XQZ')).toBeNull();
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('EUR')).toBe(2);
  });

  it('reads prices as decimal strings', () => {
    expect(parsePrice('15', 'EUR')).toEqual({ ok: true, amount: '15.00', reason: '' });
    expect(parsePrice('1 234,5', 'EUR')).toEqual({ ok: true, amount: '1234.50', reason: '' });
    expect(parsePrice('1,234.56', 'USD')).toEqual({ ok: true, amount: '1234.56', reason: '' });
    expect(parsePrice('1.234,56', 'PLN')).toEqual({ ok: true, amount: '1234.56', reason: '' });
    expect(parsePrice('0.10', 'UAH')).toEqual({ ok: true, amount: '0.10', reason: '' });
    expect(parsePrice('1500', 'JPY')).toEqual({ ok: true, amount: '1500', reason: '' });
    expect(parsePrice('15.001', 'EUR')).toMatchObject({ ok: false, reason: expect.stringContaining('more decimals than EUR allows (2)') });
    expect(parsePrice('1500.5', 'JPY')).toMatchObject({ ok: false, reason: expect.stringContaining('JPY allows (0)') });
    expect(parsePrice('-3', 'EUR')).toMatchObject({ ok: false, reason: 'price -3 is negative' });
    expect(parsePrice('abc', 'EUR')).toMatchObject({ ok: false, reason: 'price "abc" is not a number' });
    expect(parsePrice('', 'EUR')).toMatchObject({ ok: false, reason: 'no price' });
    expect(parsePrice('12345678901', 'EUR')).toMatchObject({ ok: false, reason: expect.stringContaining('too large') });
  });

  it('converts shipping weights to kilograms', () => {
    expect(weightInKg('0.5 kg')).toBe('0.5');
    expect(weightInKg('500 g')).toBe('0.5');
    expect(weightInKg('2 lb')).toBe('0.907');
    expect(weightInKg('heavy')).toBeNull();
  });
});

describe('parseFeed: YML', () => {
  it('reads categories and good offers with every field', async () => {
    const events = await read(
      yml(`
      <offer id="mug-1" available="true">
        <url>https://shop.test/mug</url>
        <price>12.50</price>
        <oldprice>15</oldprice>
        <currencyId>EUR</currencyId>
        <categoryId>2</categoryId>
        <picture>https://shop.test/mug.jpg</picture>
        <picture>https://shop.test/mug-2.jpg</picture>
        <picture>javascript:alert(1)</picture>
        <name>Green mug</name>
        <vendor>Acme</vendor>
        <vendorCode>AC-77</vendorCode>
        <description><![CDATA[<p>A <b>big</b> mug&nbsp;for tea.</p>]]></description>
        <param name="Colour">Green</param>
        <param name="Volume" unit="ml">350</param>
        <weight>0.4</weight>
        <count>17</count>
      </offer>
      <offer id="kettle" available="false" type="vendor.model">
        <price>40</price>
        <typePrefix>Kettle</typePrefix><vendor>Acme</vendor><model>K2</model>
      </offer>`),
    );
    expect(events[0]).toEqual({ type: 'format', format: 'yml' });
    expect(events[1]).toEqual({
      type: 'categories',
      categories: [
        { id: '1', parentId: null, name: 'Home' },
        { id: '2', parentId: '1', name: 'Kitchen & dining' },
      ],
    });
    const [mug, kettle] = offers(events);
    expect(mug).toEqual({
      id: 'mug-1',
      line: expect.any(Number),
      name: 'Green mug',
      description: 'A big mug\u00a0for tea.'.replace('\u00a0', ' '),
      url: 'https://shop.test/mug',
      price: '12.50',
      currency: 'EUR',
      oldPrice: '15.00',
      categoryId: '2',
      categoryPath: null,
      images: ['https://shop.test/mug.jpg', 'https://shop.test/mug-2.jpg'],
      vendor: 'Acme',
      properties: { Colour: 'Green', Volume: '350 ml', 'Vendor code': 'AC-77' },
      stock: '17',
      weightKg: '0.4',
    });
    expect(mug.line).toBe(13);
    // the shop's currency with rate 1; the name from typePrefix + vendor + model; not available: no stock
    expect(kettle).toMatchObject({ id: 'kettle', name: 'Kettle Acme K2', currency: 'EUR', price: '40.00', stock: '0', oldPrice: null });
  });

  it('rejects bad offers with their reasons and reads on', async () => {
    const events = await read(
      yml(`
      <offer><name>No id</name><price>1</price></offer>
      <offer id="no-name"><price>1</price></offer>
      <offer id="no-price"><name>A</name></offer>
      <offer id="negative"><name>A</name><price>-5</price></offer>
      <offer id="words"><name>A</name><price>cheap</price></offer>
      <offer id="precise"><name>A</name><price>1.005</price></offer>
      <offer id="yen"><name>A</name><price>100.5</price><currencyId>JPY</currencyId></offer>
      <offer id="unknown-currency"><name>A</name><price>1</price><currencyId>ZZZ</currencyId></offer>
      <offer id="${'x'.repeat(201)}"><name>A</name><price>1</price></offer>
      <offer id="ok"><name>Fine</name><price>3</price></offer>`),
    );
    expect(rejections(events).map((r) => [r.offerId, r.reason])).toEqual([
      [null, 'no offer id'],
      ['no-name', 'no name'],
      ['no-price', 'no price'],
      ['negative', 'price -5 is negative'],
      ['words', 'price "cheap" is not a number'],
      ['precise', 'price 1.005 has more decimals than EUR allows (2)'],
      ['yen', 'price 100.5 has more decimals than JPY allows (0)'],
      ['unknown-currency', 'unknown currency "ZZZ"'],
      [expect.stringMatching(/^x+…$/), 'the offer id is longer than 200 characters'],
    ]);
    expect(rejections(events)[0].line).toBeGreaterThan(10);
    expect(offers(events).map((o) => o.id)).toEqual(['ok']);
  });

  it('rejects an offer without a currency when the shop has no base currency', async () => {
    const xml = `<yml_catalog><shop><offers><offer id="a"><name>A</name><price>1</price></offer></offers></shop></yml_catalog>`;
    expect(rejections(await read(xml))[0].reason).toContain('no currency');
  });

  it('caps fields: an oversized element rejects its offer, long texts are clipped', async () => {
    const events = await read(
      yml(`
      <offer id="huge"><name>A</name><price>1</price><description>${'d'.repeat(2000)}</description></offer>
      <offer id="long"><name>${'n'.repeat(700)}</name><price>1</price><param name="${'p'.repeat(150)}">${'v'.repeat(300)}</param></offer>`),
      { ...LIMITS, maxElementChars: 1000 },
      4096,
    );
    expect(rejections(events)).toEqual([{ offerId: 'huge', line: expect.any(Number), reason: '<description> is longer than 1000 characters' }]);
    const [long] = offers(events);
    expect(long.name).toHaveLength(500);
    const [[k, v]] = Object.entries(long.properties);
    expect(k).toHaveLength(100);
    expect(v).toHaveLength(200);
  });

  it('reads a windows-1251 feed', async () => {
    const head = '<?xml version="1.0" encoding="windows-1251"?><yml_catalog><shop><currencies><currency id="RUR" rate="1"/></currencies><offers><offer id="1"><name>';
    const tail = '</name><price>100</price></offer></offers></shop></yml_catalog>';
    // "Чай" in windows-1251
    const bytes = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0xd7, 0xe0, 0xe9]), Buffer.from(tail, 'latin1')]);
    expect(offers(await read(bytes))[0]).toMatchObject({ name: 'Чай', currency: 'RUB', price: '100.00' });
  });
});

describe('parseFeed: Google Merchant', () => {
  it('reads items: price and sale price, category path, images, properties, availability, weight', async () => {
    const events = await read(
      google(`
      <item>
        <g:id>G-1</g:id>
        <title>Blue mug</title>
        <description>Stoneware</description>
        <link>https://shop.test/g1</link>
        <g:image_link>https://shop.test/g1.jpg</g:image_link>
        <g:additional_image_link>https://shop.test/g1b.jpg</g:additional_image_link>
        <g:price>15.00 EUR</g:price>
        <g:sale_price>12.00 EUR</g:sale_price>
        <g:availability>out_of_stock</g:availability>
        <g:product_type>Home &gt; Kitchen &gt; Mugs</g:product_type>
        <g:brand>Acme</g:brand>
        <g:gtin>4006381333931</g:gtin>
        <g:color>Blue</g:color>
        <g:size>L</g:size>
        <g:material>Clay</g:material>
        <g:shipping_weight>0.5 kg</g:shipping_weight>
        <g:shipping><g:country>DE</g:country><g:price>4.95 EUR</g:price></g:shipping>
      </item>
      <item><g:id>G-2</g:id><g:title>Plate</g:title><g:price>USD 7</g:price><g:availability>in_stock</g:availability></item>`),
    );
    expect(events[0]).toEqual({ type: 'format', format: 'google' });
    const [mug, plate] = offers(events);
    expect(mug).toEqual({
      id: 'G-1',
      line: 7,
      name: 'Blue mug',
      description: 'Stoneware',
      url: 'https://shop.test/g1',
      price: '12.00',
      currency: 'EUR',
      oldPrice: '15.00',
      categoryId: null,
      categoryPath: ['Home', 'Kitchen', 'Mugs'],
      images: ['https://shop.test/g1.jpg', 'https://shop.test/g1b.jpg'],
      vendor: 'Acme',
      properties: { Colour: 'Blue', Size: 'L', Material: 'Clay', GTIN: '4006381333931' },
      stock: '0',
      weightKg: '0.5',
    });
    expect(plate).toMatchObject({ id: 'G-2', name: 'Plate', price: '7.00', currency: 'USD', stock: null, categoryPath: null });
  });

  it('rejects items with their reasons', async () => {
    const events = await read(
      google(`
      <item><title>No id</title><g:price>1 EUR</g:price></item>
      <item><g:id>a</g:id><g:price>1 EUR</g:price></item>
      <item><g:id>b</g:id><title>B</title></item>
      <item><g:id>c</g:id><title>C</title><g:price>15.00</g:price></item>
      <item><g:id>d</g:id><title>D</title><g:price>15.00 XYZ</g:price></item>
      <item><g:id>e</g:id><title>E</title><g:price>-1.00 EUR</g:price></item>
      <item><g:id>f</g:id><title>F</title><g:price>1.999 USD</g:price></item>`),
    );
    expect(rejections(events).map((r) => [r.offerId, r.reason])).toEqual([
      [null, 'no offer id'],
      ['a', 'no name (title)'],
      ['b', 'no price'],
      ['c', 'price "15.00" has no currency (e.g. "15.00 EUR")'],
      ['d', 'unknown currency "XYZ"'],
      ['e', 'price -1.00 is negative'],
      ['f', 'price 1.999 has more decimals than USD allows (2)'],
    ]);
  });
});

describe('parseFeed: hostile and broken feeds', () => {
  it('refuses a billion-laughs feed without expanding anything', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<yml_catalog><shop><offers><offer id="1"><name>&lol9;</name><price>1</price></offer></offers></shop></yml_catalog>`;
    const before = process.memoryUsage().heapUsed;
    const e = await failure(bomb);
    expect(e.message).toContain('declares entities');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an undeclared entity (an external entity reference) as malformed', async () => {
    const e = await failure(`<yml_catalog><shop><offers><offer id="1"><name>&xxe;</name><price>1</price></offer></offers></shop></yml_catalog>`);
    expect(e.message).toMatch(/not well-formed XML \(line 1: undefined entity\)/);
  });

  it('fails a malformed feed with its line', async () => {
    const e = await failure(yml(`<offer id="1"><name>A</name><price>1</price></offr>`));
    expect(e.message).toContain('not well-formed XML (line 12: unexpected close tag)');
    expect(e.line).toBe(12);
    const cut = await failure(yml('<offer id="1"><name>A</name>').slice(0, -30));
    expect(cut.message).toContain('not well-formed XML');
  });

  it('refuses other XML, an empty feed, too deep nesting and too many bytes', async () => {
    expect((await failure('<html><body/></html>')).message).toContain('its root element is <html>');
    expect((await failure('')).message).toBe('The feed is empty');
    expect((await failure(`<rss>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</rss>`)).message).toContain('deeper than 32 levels');
    const big = google(`<item><g:id>1</g:id><title>${'t'.repeat(5000)}</title><g:price>1 EUR</g:price></item>`);
    expect((await failure(big, { maxBytes: 2048 })).message).toBe('The feed is larger than 2 KB');
  });

  it('reads the source only as fast as offers are taken (bounded memory)', async () => {
    const n = 5000;
    let pulled = 0;
    async function* source() {
      yield Buffer.from('<rss xmlns:g="http://base.google.com/ns/1.0"><channel>');
      for (let i = 0; i < n; i++) {
        pulled++;
        yield Buffer.from(`<item><g:id>${i}</g:id><title>Item ${i}</title><g:price>${i}.50 EUR</g:price></item>`);
      }
      yield Buffer.from('</channel></rss>');
    }
    let count = 0;
    let pulledAtFirst = -1;
    for await (const e of parseFeed(source(), LIMITS)) {
      if (e.type !== 'offer') continue;
      if (count++ === 0) pulledAtFirst = pulled;
    }
    expect(count).toBe(n);
    expect(pulledAtFirst).toBeLessThanOrEqual(2);
  });
});
