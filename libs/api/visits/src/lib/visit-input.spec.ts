import { CART_LIMITS, ErrorCode, PAGE_LIMITS, TRACK_DATA_MAX_BYTES } from '@parley/shared/contracts';
import { cartLineTotal, cartTotals, readStoredCart } from './cart';
import { parseCart, parsePageView, parseTrackEvent, VisitInputException } from './visit-input';

const fieldOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(VisitInputException);
    expect((e as VisitInputException).code).toBe(ErrorCode.BadUserInput);
    expect((e as VisitInputException).details).toEqual({ field: (e as VisitInputException).field });
    return (e as VisitInputException).field;
  }
};

describe('visit input (untrusted widget frames)', () => {
  it('parses a page view: utm from the URL, texts cut to their limits, a sane screen only', () => {
    const page = parsePageView({ url: 'https://shop.example/p?utm_source=ad&utm_medium=cpc&utm_campaign=x', title: 't'.repeat(400), referrer: 'https://r.example', language: 'en-GB', screen: { width: 1920, height: 1080 } });
    expect(page).toEqual({
      url: 'https://shop.example/p?utm_source=ad&utm_medium=cpc&utm_campaign=x',
      title: 't'.repeat(PAGE_LIMITS.title),
      referrer: 'https://r.example',
      language: 'en-GB',
      screen: '1920x1080',
      utm: { source: 'ad', medium: 'cpc', campaign: 'x' },
    });
    expect(parsePageView({ url: 'http://a.example', screen: { width: 0, height: 10 }, title: 5 })).toMatchObject({ screen: null, title: null, utm: { source: null, medium: null, campaign: null } });
  });

  it('refuses a page view without an http(s) URL of at most PAGE_LIMITS.url characters', () => {
    expect(fieldOf(() => parsePageView({}))).toBe('url');
    expect(fieldOf(() => parsePageView({ url: 'javascript:alert(1)' }))).toBe('url');
    expect(fieldOf(() => parsePageView({ url: 'https://a.example/' + 'x'.repeat(PAGE_LIMITS.url) }))).toBe('url');
    expect(fieldOf(() => parsePageView({ url: 'http://[::1' }))).toBe('url');
  });

  it('parses and refuses track events', () => {
    expect(parseTrackEvent({ event: 'added_to_cart', data: { sku: 'A1' } })).toEqual({ event: 'added_to_cart', json: '{"sku":"A1"}' });
    expect(parseTrackEvent({ event: 'signup' })).toEqual({ event: 'signup', json: null });
    expect(fieldOf(() => parseTrackEvent({ event: 'has space' }))).toBe('event');
    expect(fieldOf(() => parseTrackEvent({ event: 7 }))).toBe('event');
    expect(fieldOf(() => parseTrackEvent({ event: 'e', data: [1] }))).toBe('data');
    expect(fieldOf(() => parseTrackEvent({ event: 'e', data: { x: 'y'.repeat(TRACK_DATA_MAX_BYTES) } }))).toBe('data');
  });

  it('parses a cart: items trimmed, optional fields kept only when given', () => {
    expect(
      JSON.parse(
        parseCart([
          { id: ' 1 ', name: ' Mug ', quantity: 2, price: 9.5, currency: 'EUR', url: 'https://shop.example/mug', sku: ' MUG-1 ', imageUrl: 'https://shop.example/mug.jpg' },
          { id: '2', name: 'Tea', quantity: 1 },
          { id: '3', name: 'Sushi', quantity: 1, price: '1500', currency: 'JPY' },
          { id: '4', name: 'Pen', quantity: 3, price: '2,5', currency: 'EUR' },
        ]),
      ),
    ).toEqual([
      { id: '1', name: 'Mug', quantity: 2, price: '9.50', currency: 'EUR', url: 'https://shop.example/mug', sku: 'MUG-1', imageUrl: 'https://shop.example/mug.jpg' },
      { id: '2', name: 'Tea', quantity: 1 },
      { id: '3', name: 'Sushi', quantity: 1, price: '1500', currency: 'JPY' },
      { id: '4', name: 'Pen', quantity: 3, price: '2.50', currency: 'EUR' },
    ]);
    expect(parseCart([])).toBe('[]');
  });

  it('refuses a bad cart naming the item field', () => {
    const ok = { id: '1', name: 'Mug', quantity: 1 };
    expect(fieldOf(() => parseCart('nope'))).toBe('items');
    expect(fieldOf(() => parseCart(Array.from({ length: CART_LIMITS.items + 1 }, () => ok)))).toBe('items');
    expect(fieldOf(() => parseCart([ok, 'x']))).toBe('items.1');
    expect(fieldOf(() => parseCart([{ ...ok, colour: 'red' }]))).toBe('items.0.colour');
    expect(fieldOf(() => parseCart([{ ...ok, id: ' ' }]))).toBe('items.0.id');
    expect(fieldOf(() => parseCart([{ ...ok, name: 'n'.repeat(CART_LIMITS.name + 1) }]))).toBe('items.0.name');
    expect(fieldOf(() => parseCart([{ ...ok, quantity: 0 }]))).toBe('items.0.quantity');
    expect(fieldOf(() => parseCart([{ ...ok, quantity: 1.5 }]))).toBe('items.0.quantity');
    const eur = { ...ok, currency: 'EUR' };
    expect(fieldOf(() => parseCart([{ ...eur, price: -1 }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: '-1.00' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: '9.99999' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: 0.1 + 0.2 }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: 'NaN' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: NaN }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: Infinity }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: '1e3' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...eur, price: '99999999999' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...ok, currency: 'JPY', price: '1.5' }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...ok, price: '1.00' }]))).toBe('items.0.currency');
    expect(fieldOf(() => parseCart([{ ...ok, currency: 'eur' }]))).toBe('items.0.currency');
    expect(fieldOf(() => parseCart([{ ...ok, currency: 'XYZ' }]))).toBe('items.0.currency');
    expect(fieldOf(() => parseCart([{ ...ok, url: 'ftp://x' }]))).toBe('items.0.url');
    expect(fieldOf(() => parseCart([{ ...ok, url: 'javascript:alert(1)' }]))).toBe('items.0.url');
    expect(fieldOf(() => parseCart([{ ...ok, url: 'https://' }]))).toBe('items.0.url');
    expect(fieldOf(() => parseCart([{ ...ok, imageUrl: 'data:image/png;base64,AAAA' }]))).toBe('items.0.imageUrl');
    expect(fieldOf(() => parseCart([{ ...ok, sku: '' }]))).toBe('items.0.sku');
    expect(fieldOf(() => parseCart([{ ...ok, sku: 's'.repeat(CART_LIMITS.sku + 1) }]))).toBe('items.0.sku');
    // within the item limit but over the byte limit
    const big = Array.from({ length: CART_LIMITS.items }, (_, i) => ({ id: `${i}`.padEnd(CART_LIMITS.id, 'x'), name: 'n'.repeat(CART_LIMITS.name), quantity: 1, url: `https://shop.example/${'p'.repeat(CART_LIMITS.url - 30)}` }));
    expect(fieldOf(() => parseCart(big))).toBe('items');
  });
});

describe('cart totals', () => {
  it('sums per currency with decimal arithmetic, line totals with the currency digits, and reads old number prices', () => {
    const items = readStoredCart([
      { id: '1', name: 'Mug', quantity: 3, price: '0.10', currency: 'EUR' },
      { id: '2', name: 'Tea', quantity: 1, price: 0.2, currency: 'EUR' },
      { id: '3', name: 'Sushi', quantity: 2, price: '1500', currency: 'JPY' },
      { id: '4', name: 'Free', quantity: 1 },
      { nonsense: true },
    ]);
    expect(items.map((i) => i.price)).toEqual(['0.10', '0.20', '1500', undefined]);
    expect(items.map(cartLineTotal)).toEqual(['0.30', '0.20', '3000', null]);
    expect(cartTotals(items)).toEqual([
      { currency: 'EUR', amount: '0.50', quantity: 4 },
      { currency: 'JPY', amount: '3000', quantity: 2 },
    ]);
    expect(cartTotals([])).toEqual([]);
    expect(readStoredCart(null)).toEqual([]);
  });
});
