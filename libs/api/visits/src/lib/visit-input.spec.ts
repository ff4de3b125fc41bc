import { CART_LIMITS, ErrorCode, PAGE_LIMITS, TRACK_DATA_MAX_BYTES } from '@parley/shared/contracts';
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
    expect(JSON.parse(parseCart([{ id: ' 1 ', name: ' Mug ', quantity: 2, price: 9.5, currency: 'EUR', url: 'https://shop.example/mug' }, { id: '2', name: 'Tea', quantity: 1 }]))).toEqual([
      { id: '1', name: 'Mug', quantity: 2, price: 9.5, currency: 'EUR', url: 'https://shop.example/mug' },
      { id: '2', name: 'Tea', quantity: 1 },
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
    expect(fieldOf(() => parseCart([{ ...ok, price: -1 }]))).toBe('items.0.price');
    expect(fieldOf(() => parseCart([{ ...ok, currency: 'eur' }]))).toBe('items.0.currency');
    expect(fieldOf(() => parseCart([{ ...ok, url: 'ftp://x' }]))).toBe('items.0.url');
    // within the item limit but over the byte limit
    const big = Array.from({ length: CART_LIMITS.items }, (_, i) => ({ id: `${i}`.padEnd(CART_LIMITS.id, 'x'), name: 'n'.repeat(CART_LIMITS.name), quantity: 1 }));
    expect(fieldOf(() => parseCart(big))).toBe('items');
  });
});
