import { DomainException, isCurrency, parseAmount } from '@parley/api/platform/graphql';
import { CART_LIMITS, CartItem, ErrorCode, PAGE_LIMITS, TRACK_DATA_MAX_BYTES, TRACK_EVENT_PATTERN } from '@parley/shared/contracts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A bad value from the widget (page view, track event, cart), naming the field; the web chat
 * answers it with an `error` frame carrying `field`.
 */
export class VisitInputException extends DomainException {
  constructor(readonly field: string, message: string, code: ErrorCode = ErrorCode.BadUserInput) {
    super(code, message, { field });
  }
}

const bad = (field: string, message: string) => new VisitInputException(field, message);

/** A page view as stored: the URL checked, texts cut to their limits. */
export interface PageViewInput {
  url: string;
  title: string | null;
  referrer: string | null;
  language: string | null;
  /** `WIDTHxHEIGHT`, or null when the page sent none (or nonsense) */
  screen: string | null;
  utm: { source: string | null; medium: string | null; campaign: string | null };
}

/** A Parley.track event: its name and its data as JSON text (null without data). */
export interface TrackEventInput {
  event: string;
  json: string | null;
}

/** The widget's `page` frame (untrusted): an http(s) URL of at most PAGE_LIMITS.url characters and optional extras. */
export function parsePageView(frame: Obj): PageViewInput {
  const url = frame['url'];
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > PAGE_LIMITS.url) throw bad('url', `An http(s) URL of at most ${PAGE_LIMITS.url} characters`);
  const text = (k: string, max: number): string | null => (typeof frame[k] === 'string' ? (frame[k] as string).slice(0, max) : null);
  const title = text('title', PAGE_LIMITS.title);
  const referrer = text('referrer', PAGE_LIMITS.referrer);
  const language = text('language', PAGE_LIMITS.language);
  const scr = frame['screen'];
  const screen =
    isObj(scr) && Number.isInteger(scr['width']) && Number.isInteger(scr['height']) && (scr['width'] as number) > 0 && (scr['width'] as number) < 20000 && (scr['height'] as number) > 0 && (scr['height'] as number) < 20000
      ? `${scr['width']}x${scr['height']}`
      : null;
  let utm: PageViewInput['utm'];
  try {
    const p = new URL(url).searchParams;
    utm = { source: p.get('utm_source')?.slice(0, 200) ?? null, medium: p.get('utm_medium')?.slice(0, 200) ?? null, campaign: p.get('utm_campaign')?.slice(0, 200) ?? null };
  } catch {
    throw bad('url', 'Not a valid URL');
  }
  return { url, title, referrer, language, screen, utm };
}

/** The widget's `track` frame (untrusted): an event name matching TRACK_EVENT_PATTERN and an optional object of at most TRACK_DATA_MAX_BYTES. */
export function parseTrackEvent(frame: Obj): TrackEventInput {
  const event = frame['event'];
  if (typeof event !== 'string' || !TRACK_EVENT_PATTERN.test(event)) throw bad('event', 'An event name of 1–64 letters, digits or _ . : -');
  const data = frame['data'];
  if (data !== undefined && data !== null && !isObj(data)) throw bad('data', 'data must be an object');
  const json = data ? JSON.stringify(data) : null;
  if (json && Buffer.byteLength(json) > TRACK_DATA_MAX_BYTES) throw bad('data', `data is larger than ${TRACK_DATA_MAX_BYTES} bytes`);
  return { event, json };
}

/** Parley.setCart's items (untrusted): at most CART_LIMITS.items valid items, CART_LIMITS.bytes of JSON. Returns the JSON to store. */
export function parseCart(items: unknown): string {
  if (!Array.isArray(items)) throw bad('items', 'setCart needs a list of items');
  if (items.length > CART_LIMITS.items) throw bad('items', `At most ${CART_LIMITS.items} items`);
  const clean: CartItem[] = items.map((raw: unknown, i) => cartItem(raw, i));
  const json = JSON.stringify(clean);
  if (Buffer.byteLength(json) > CART_LIMITS.bytes) throw bad('items', `The cart is larger than ${CART_LIMITS.bytes / 1024} KB`);
  return json;
}

const CART_FIELDS = ['id', 'name', 'quantity', 'price', 'currency', 'url', 'sku', 'imageUrl'];
/** An absolute http(s) URL (never javascript: or data:), at most CART_LIMITS.url characters. */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > CART_LIMITS.url || !/^https?:\/\/\S+$/i.test(v)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

function cartItem(raw: unknown, i: number): CartItem {
  const at = (f: string) => `items.${i}.${f}`;
  if (!isObj(raw)) throw bad(`items.${i}`, 'Each item must be an object');
  for (const key of Object.keys(raw)) {
    if (!CART_FIELDS.includes(key)) throw bad(at(key.slice(0, 40)), `Unknown field "${key.slice(0, 40)}"`);
  }
  const { id, name, quantity, price, currency, url, sku, imageUrl } = raw;
  if (typeof id !== 'string' || !id.trim() || id.length > CART_LIMITS.id) throw bad(at('id'), `Text of 1 to ${CART_LIMITS.id} characters`);
  if (typeof name !== 'string' || !name.trim() || name.length > CART_LIMITS.name) throw bad(at('name'), `Text of 1 to ${CART_LIMITS.name} characters`);
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > CART_LIMITS.quantityMax) throw bad(at('quantity'), `A whole number from 1 to ${CART_LIMITS.quantityMax}`);
  const item: CartItem = { id: id.trim(), name: name.trim(), quantity };
  if (currency !== undefined && currency !== null) {
    if (!isCurrency(currency)) throw bad(at('currency'), 'A three-letter currency code like EUR');
    item.currency = currency;
  }
  if (price !== undefined && price !== null) {
    if (!item.currency) throw bad(at('currency'), 'A price needs its currency, e.g. EUR');
    try {
      // a decimal string ("18.50") or a number (18.5); no more decimals than the currency has; never through a float sum
      item.price = parseAmount(price, item.currency, at('price'));
    } catch (e) {
      throw bad(at('price'), e instanceof Error ? e.message : 'Not an amount');
    }
  }
  if (url !== undefined && url !== null) {
    if (!isHttpUrl(url)) throw bad(at('url'), `An http(s) URL of at most ${CART_LIMITS.url} characters`);
    item.url = url;
  }
  if (imageUrl !== undefined && imageUrl !== null) {
    if (!isHttpUrl(imageUrl)) throw bad(at('imageUrl'), `An http(s) URL of at most ${CART_LIMITS.url} characters`);
    item.imageUrl = imageUrl;
  }
  if (sku !== undefined && sku !== null) {
    if (typeof sku !== 'string' || !sku.trim() || sku.length > CART_LIMITS.sku) throw bad(at('sku'), `Text of 1 to ${CART_LIMITS.sku} characters`);
    item.sku = sku.trim();
  }
  return item;
}
