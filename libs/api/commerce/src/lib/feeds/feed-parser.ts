import { SaxesParser, SaxesTagPlain } from 'saxes';
import { clip, normalizeCurrency, parsePrice, parseQuantity } from './feed-money';

/**
 * Issue #12 (E10): a streaming reader of catalogue feeds — YML (Yandex Market Language,
 * `<yml_catalog>`) and Google Merchant RSS 2.0 (`<rss>` with `g:` fields), told apart by the root
 * element. The bytes are read a slice at a time and the events of each slice handed out before the
 * next is read (an async iterator: the consumer's pace is the reader's), so a feed of any size is
 * read in bounded memory. Every field is length-capped; a bad offer is rejected with a reason and
 * the reading goes on; malformed XML, a DOCTYPE declaring entities (an XML bomb), too deep nesting
 * or too many bytes end the reading with a FeedError.
 */

export type ParsedFeedFormat = 'yml' | 'google';

export interface FeedCategory {
  /** YML: the category's id. */
  id: string;
  parentId: string | null;
  name: string;
}

export interface FeedOffer {
  /** The feed's offer id (YML `offer@id`, Google `g:id`): products.external_id and the SKU. */
  id: string;
  /** The line of the XML where the offer starts. */
  line: number;
  name: string;
  description: string | null;
  url: string | null;
  /** What the client pays now (decimal string). */
  price: string;
  currency: string;
  /** The price before a discount (YML `oldprice`, Google `g:price` beside a `g:sale_price`), higher than `price`; else null. */
  oldPrice: string | null;
  /** YML: the offer's `categoryId`. */
  categoryId: string | null;
  /** Google: `g:product_type` split at ">" (Home › Kitchen › Mugs). */
  categoryPath: string[] | null;
  images: string[];
  vendor: string | null;
  properties: Record<string, string>;
  /** null: not tracked. */
  stock: string | null;
  weightKg: string | null;
}

export interface FeedRejection {
  offerId: string | null;
  line: number;
  reason: string;
}

export type FeedEvent =
  | { type: 'format'; format: ParsedFeedFormat }
  | { type: 'categories'; categories: FeedCategory[] }
  | { type: 'offer'; offer: FeedOffer }
  | { type: 'rejected'; rejection: FeedRejection };

/** The feed cannot be read on (its reason is for people). */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

export interface FeedLimits {
  /** Bytes of XML at most. */
  maxBytes: number;
  /** Nesting depth at most. */
  maxDepth?: number;
  /** Characters of one element's text at most (an offer with a longer field is rejected). */
  maxElementChars?: number;
  maxCategories?: number;
}

/** The database's caps (apps/api/src/migrations/1766600000000-catalogue.ts). */
export const FEED_FIELD_LIMITS = {
  id: 200,
  name: 500,
  description: 20_000,
  url: 2000,
  vendor: 200,
  images: 20,
  propertyName: 100,
  propertyValue: 200,
  properties: 100,
  categoryName: 200,
  categoryDepth: 10,
} as const;

const SLICE_BYTES = 64 * 1024;
const DEFAULT_DEPTH = 32;
const DEFAULT_ELEMENT_CHARS = 100_000;
const DEFAULT_CATEGORIES = 20_000;

/** Entities common in feeds written by HTML tools; each expands to one character (nothing to bomb with). */
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×',
  euro: '€',
  bull: '•',
  middot: '·',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/** Google's field names (without the `g:` prefix) kept as properties, with their labels. */
const GOOGLE_PROPERTIES: ReadonlyArray<[string, string]> = [
  ['color', 'Colour'],
  ['size', 'Size'],
  ['material', 'Material'],
  ['pattern', 'Pattern'],
  ['gender', 'Gender'],
  ['age_group', 'Age group'],
  ['condition', 'Condition'],
  ['mpn', 'MPN'],
  ['gtin', 'GTIN'],
];

interface Param {
  name: string;
  unit: string;
  value: string;
}

/** An offer being read: its direct children's texts by local name. */
interface OpenOffer {
  attrs: Record<string, string>;
  line: number;
  depth: number;
  fields: Map<string, string[]>;
  params: Param[];
  problem: string | null;
}

const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Picks the decoder from a BOM or the XML declaration (YML feeds are often windows-1251). */
function decoderFor(head: Uint8Array): TextDecoder {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return new TextDecoder('utf-8');
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be');
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(Buffer.from(head.subarray(0, 200)).toString('latin1'));
  if (decl) {
    try {
      return new TextDecoder(decl[1].toLowerCase());
    } catch {
      throw new FeedError(`The feed's encoding "${decl[1]}" is not one Parley reads`, 1);
    }
  }
  return new TextDecoder('utf-8');
}

const HTTP_URL = /^https?:\/\/[^\s<>"]+$/i;
const cleanUrl = (s: string | undefined): string | null => {
  const t = (s ?? '').trim();
  return t && t.length <= FEED_FIELD_LIMITS.url && HTTP_URL.test(t) ? t : null;
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const decodeHtmlEntities = (s: string) =>
  s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ...HTML_ENTITIES };
    return named[e.toLowerCase()] ?? all;
  });
/** Descriptions are often HTML inside CDATA: the tags go, the text stays (its entities decoded). */
const plainText = (s: string) =>
  decodeHtmlEntities(
    s
      .replace(/<(br|\/p|\/li|\/div)\b[^>]*>/gi, '\n')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();

/**
 * Reads the feed from `source` (bytes, any chunk size) and yields its events: the format first,
 * YML categories as one list when `</categories>` closes, then each offer or its rejection in
 * order. Throws FeedError when the feed cannot be read on.
 */
export async function* parseFeed(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limits: FeedLimits): AsyncGenerator<FeedEvent, void, undefined> {
  const maxDepth = limits.maxDepth ?? DEFAULT_DEPTH;
  const maxChars = limits.maxElementChars ?? DEFAULT_ELEMENT_CHARS;
  const maxCategories = limits.maxCategories ?? DEFAULT_CATEGORIES;
  const parser = new SaxesParser({ xmlns: false, position: true });
  Object.assign((parser as unknown as { ENTITIES: Record<string, string> }).ENTITIES, HTML_ENTITIES);

  const events: FeedEvent[] = [];
  const stack: string[] = [];
  let format: ParsedFeedFormat | null = null;
  let offer: OpenOffer | null = null;
  /** The text of the element being collected (an offer's child, a category), or null. */
  let text: string[] | null = null;
  let textLength = 0;
  let textTooLong = false;
  let categories: FeedCategory[] | null = null;
  let category: { id: string; parentId: string | null } | null = null;
  /** YML: the shop's currency with rate 1 (or its only one), for offers without currencyId. */
  const currencies: Array<{ id: string; rate: string }> = [];

  const startText = () => {
    text = [];
    textLength = 0;
    textTooLong = false;
  };
  const takeText = (): string => {
    const t = text ? text.join('') : '';
    text = null;
    return t;
  };
  const addText = (t: string) => {
    if (!text || textTooLong) return;
    if (textLength + t.length > maxChars) {
      textTooLong = true;
      return;
    }
    text.push(t);
    textLength += t.length;
  };

  parser.on('doctype', (doctype) => {
    if (/\[/.test(doctype) || /<!ENTITY/i.test(doctype)) {
      throw new FeedError('The feed declares entities in its DOCTYPE (how XML bombs are built); such feeds are refused', parser.line);
    }
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name;
    stack.push(name);
    const depth = stack.length;
    if (depth > maxDepth) throw new FeedError(`The feed nests elements deeper than ${maxDepth} levels`, parser.line);
    if (depth === 1) {
      if (name === 'yml_catalog') format = 'yml';
      else if (name === 'rss') format = 'google';
      else throw new FeedError(`This is not a YML catalogue (<yml_catalog>) or a Google Merchant feed (<rss>): its root element is <${clip(name, 40)}>`, parser.line);
      events.push({ type: 'format', format });
      return;
    }
    const parent = stack[depth - 2];
    if (offer) {
      if (depth === offer.depth + 1) {
        startText();
        if (format === 'yml' && name === 'param') offer.params.push({ name: tag.attributes['name'] ?? '', unit: tag.attributes['unit'] ?? '', value: '' });
      }
      return;
    }
    if (format === 'yml') {
      if (name === 'offer' && parent === 'offers') {
        offer = { attrs: { ...tag.attributes }, line: parser.line, depth, fields: new Map(), params: [], problem: null };
      } else if (name === 'categories' && parent === 'shop') {
        categories = [];
      } else if (name === 'category' && categories && parent === 'categories') {
        category = { id: (tag.attributes['id'] ?? '').trim(), parentId: (tag.attributes['parentId'] ?? '').trim() || null };
        startText();
      } else if (name === 'currency' && parent === 'currencies') {
        currencies.push({ id: (tag.attributes['id'] ?? '').trim(), rate: (tag.attributes['rate'] ?? '').trim() });
      }
    } else if (format === 'google' && name === 'item' && parent === 'channel') {
      offer = { attrs: {}, line: parser.line, depth, fields: new Map(), params: [], problem: null };
    }
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const depth = stack.length;
    stack.pop();
    if (offer) {
      if (depth === offer.depth + 1) {
        const key = localName(tag.name);
        if (textTooLong) offer.problem ??= `<${clip(tag.name, 40)}> is longer than ${maxChars} characters`;
        const value = takeText();
        if (format === 'yml' && tag.name === 'param') {
          const p = offer.params[offer.params.length - 1];
          if (p) p.value = value;
        } else {
          const list = offer.fields.get(key);
          if (list) {
            if (list.length < 50) list.push(value);
          } else offer.fields.set(key, [value]);
        }
      } else if (depth === offer.depth) {
        const done = offer;
        offer = null;
        events.push(format === 'yml' ? ymlOffer(done, defaultCurrency(currencies)) : googleOffer(done));
      }
      return;
    }
    if (category && tag.name === 'category') {
      const name = oneLine(takeText());
      const c = category;
      category = null;
      if (c.id && name && c.id.length <= FEED_FIELD_LIMITS.id && categories && categories.length < maxCategories) {
        categories.push({ id: c.id, parentId: c.parentId && c.parentId.length <= FEED_FIELD_LIMITS.id ? c.parentId : null, name: clip(name, FEED_FIELD_LIMITS.categoryName) });
      }
    } else if (categories && tag.name === 'categories') {
      events.push({ type: 'categories', categories });
      categories = null;
    }
  });

  let decoder: TextDecoder | null = null;
  /** The first bytes, until the XML declaration (and its encoding) can be read. */
  let head: Buffer | null = Buffer.alloc(0);
  let bytes = 0;
  /** Writes to saxes; on an error, what was read before it is still handed out (then the error). */
  let failure: FeedError | null = null;
  const write = (s: string) => {
    try {
      parser.write(s);
    } catch (e) {
      failure = asFeedError(e, parser.line);
    }
  };
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      const slice = chunk.subarray(at, at + SLICE_BYTES);
      bytes += slice.length;
      if (bytes > limits.maxBytes) throw new FeedError(`The feed is larger than ${formatBytes(limits.maxBytes)}`);
      let input: Uint8Array = slice;
      if (head) {
        head = Buffer.concat([head, slice]);
        if (head.length < 256 && !head.includes('?>') && !head.includes('<', 5)) continue;
        decoder = decoderFor(head);
        input = head;
        head = null;
      }
      if (decoder) write(decoder.decode(input, { stream: true }));
      if (events.length) yield* events.splice(0, events.length);
      if (failure) throw failure;
    }
  }
  if (head?.length) {
    decoder = decoderFor(head);
    write(decoder.decode(head, { stream: true }));
  }
  if (!decoder) throw new FeedError('The feed is empty');
  if (!failure) write(decoder.decode());
  if (!failure) {
    try {
      parser.close();
    } catch (e) {
      failure = asFeedError(e, parser.line);
    }
  }
  if (events.length) yield* events.splice(0, events.length);
  if (failure) throw failure;
  if (!format) throw new FeedError('The feed has no root element');
}

function asFeedError(e: unknown, line: number): FeedError {
  if (e instanceof FeedError) return e;
  // saxes: "1:34: undefined entity." → the part after the position
  const message = ((e as Error)?.message ?? String(e)).replace(/^[^:]*:?\d+:\d+:\s*/, '').replace(/\.$/, '');
  return new FeedError(`The feed is not well-formed XML (line ${line}: ${clip(message, 200)})`, line);
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

function defaultCurrency(currencies: Array<{ id: string; rate: string }>): string | null {
  const base = currencies.find((c) => c.rate === '1') ?? (currencies.length === 1 ? currencies[0] : undefined);
  return base ? base.id : null;
}

const first = (o: OpenOffer, key: string): string => (o.fields.get(key)?.[0] ?? '').trim();

function reject(o: OpenOffer, offerId: string | null, reason: string): FeedEvent {
  return { type: 'rejected', rejection: { offerId: offerId ? clip(offerId, FEED_FIELD_LIMITS.id) : null, line: o.line, reason } };
}

function checkId(o: OpenOffer, raw: string): string | FeedEvent {
  const id = raw.trim();
  if (!id) return reject(o, null, 'no offer id');
  if (id.length > FEED_FIELD_LIMITS.id) return reject(o, id, `the offer id is longer than ${FEED_FIELD_LIMITS.id} characters`);
  if (o.problem) return reject(o, id, o.problem);
  return id;
}

function addProperty(props: Record<string, string>, name: string, value: string): void {
  const n = clip(oneLine(name), FEED_FIELD_LIMITS.propertyName);
  const v = clip(oneLine(value), FEED_FIELD_LIMITS.propertyValue);
  if (!n || !v || Object.keys(props).length >= FEED_FIELD_LIMITS.properties || n in props) return;
  props[n] = v;
}

function images(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const u = cleanUrl(v);
    if (u && !out.includes(u)) out.push(u);
    if (out.length >= FEED_FIELD_LIMITS.images) break;
  }
  return out;
}

function ymlOffer(o: OpenOffer, shopCurrency: string | null): FeedEvent {
  const id = checkId(o, o.attrs['id'] ?? '');
  if (typeof id !== 'string') return id;
  const typeName = oneLine([first(o, 'typePrefix'), first(o, 'vendor'), first(o, 'model')].filter(Boolean).join(' '));
  const name = oneLine(first(o, 'name')) || (first(o, 'model') ? typeName : '');
  if (!name) return reject(o, id, 'no name');
  const rawCurrency = first(o, 'currencyId') || shopCurrency;
  if (!rawCurrency) return reject(o, id, 'no currency (no currencyId and no shop currency with rate 1)');
  const currency = normalizeCurrency(rawCurrency);
  if (!currency) return reject(o, id, `unknown currency "${clip(rawCurrency, 20)}"`);
  const price = parsePrice(first(o, 'price'), currency);
  if (!price.ok) return reject(o, id, price.reason);
  const old = first(o, 'oldprice') ? parsePrice(first(o, 'oldprice'), currency, 'oldprice') : null;
  const properties: Record<string, string> = {};
  for (const p of o.params) addProperty(properties, p.name, p.unit.trim() ? `${p.value.trim()} ${p.unit.trim()}` : p.value);
  if (first(o, 'vendorCode')) addProperty(properties, 'Vendor code', first(o, 'vendorCode'));
  const count = first(o, 'count') || first(o, 'stock_quantity');
  const available = (o.attrs['available'] ?? '').trim().toLowerCase();
  const stock = count ? parseQuantity(count, 3, 11) : available === 'false' ? '0' : null;
  const description = plainText(first(o, 'description'));
  return {
    type: 'offer',
    offer: {
      id,
      line: o.line,
      name: clip(name, FEED_FIELD_LIMITS.name),
      description: description ? clip(description, FEED_FIELD_LIMITS.description) : null,
      url: cleanUrl(first(o, 'url')),
      price: price.amount,
      currency,
      oldPrice: old?.ok && Number(old.amount) > Number(price.amount) ? old.amount : null,
      categoryId: first(o, 'categoryId') ? clip(first(o, 'categoryId'), FEED_FIELD_LIMITS.id) : null,
      categoryPath: null,
      images: images(o.fields.get('picture') ?? []),
      vendor: first(o, 'vendor') ? clip(oneLine(first(o, 'vendor')), FEED_FIELD_LIMITS.vendor) : null,
      properties,
      stock,
      weightKg: parseQuantity(first(o, 'weight')),
    },
  };
}

/** "15.00 EUR", "EUR 15.00" → amount and currency. */
function splitGooglePrice(raw: string): { amount: string; currency: string | null } {
  const t = oneLine(raw);
  const m = /^([A-Za-z]{3})\s+(.+)$/.exec(t) ?? /^(.+?)\s+([A-Za-z]{3})$/.exec(t);
  if (!m) return { amount: t, currency: null };
  return /^[A-Za-z]{3}$/.test(m[1]) ? { amount: m[2], currency: m[1] } : { amount: m[1], currency: m[2] };
}

/** "0.5 kg", "500 g", "1.2 lb", "8 oz" → kilograms, or null. */
export function weightInKg(raw: string): string | null {
  const m = /^([\d.,]+)\s*(kg|g|lb|lbs|oz)?$/i.exec(oneLine(raw));
  if (!m) return null;
  const unit = (m[2] ?? 'kg').toLowerCase();
  const value = parseQuantity(m[1], 6, 9);
  if (value === null) return null;
  if (unit === 'kg') return parseQuantity(value);
  const factor = unit === 'g' ? 0.001 : unit === 'oz' ? 0.028349523125 : 0.45359237;
  return parseQuantity((Number(value) * factor).toFixed(3));
}

function googleOffer(o: OpenOffer): FeedEvent {
  const id = checkId(o, first(o, 'id'));
  if (typeof id !== 'string') return id;
  const name = oneLine(first(o, 'title'));
  if (!name) return reject(o, id, 'no name (title)');
  const rawPrice = first(o, 'price');
  if (!rawPrice) return reject(o, id, 'no price');
  const regular = splitGooglePrice(rawPrice);
  if (!regular.currency) return reject(o, id, `price "${clip(rawPrice, 40)}" has no currency (e.g. "15.00 EUR")`);
  const currency = normalizeCurrency(regular.currency);
  if (!currency) return reject(o, id, `unknown currency "${clip(regular.currency, 20)}"`);
  const price = parsePrice(regular.amount, currency);
  if (!price.ok) return reject(o, id, price.reason);
  let now = price.amount;
  let oldPrice: string | null = null;
  if (first(o, 'sale_price')) {
    const sale = splitGooglePrice(first(o, 'sale_price'));
    const parsed = normalizeCurrency(sale.currency ?? currency) === currency ? parsePrice(sale.amount, currency, 'sale_price') : null;
    if (parsed?.ok && Number(parsed.amount) < Number(price.amount)) {
      now = parsed.amount;
      oldPrice = price.amount;
    }
  }
  const properties: Record<string, string> = {};
  for (const [key, label] of GOOGLE_PROPERTIES) if (first(o, key)) addProperty(properties, label, first(o, key));
  const path = (first(o, 'product_type') || (/\D/.test(first(o, 'google_product_category')) ? first(o, 'google_product_category') : ''))
    .split(/\s*>\s*/)
    .map((s) => clip(oneLine(s), FEED_FIELD_LIMITS.categoryName))
    .filter(Boolean)
    .slice(0, FEED_FIELD_LIMITS.categoryDepth);
  const availability = first(o, 'availability').toLowerCase().replace(/\s+/g, '_');
  const description = plainText(first(o, 'description'));
  return {
    type: 'offer',
    offer: {
      id,
      line: o.line,
      name: clip(name, FEED_FIELD_LIMITS.name),
      description: description ? clip(description, FEED_FIELD_LIMITS.description) : null,
      url: cleanUrl(first(o, 'link')),
      price: now,
      currency,
      oldPrice,
      categoryId: null,
      categoryPath: path.length ? path : null,
      images: images([...(o.fields.get('image_link') ?? []), ...(o.fields.get('additional_image_link') ?? [])]),
      vendor: first(o, 'brand') ? clip(oneLine(first(o, 'brand')), FEED_FIELD_LIMITS.vendor) : null,
      properties,
      stock: availability === 'out_of_stock' ? '0' : null,
      weightKg: first(o, 'shipping_weight') ? weightInKg(first(o, 'shipping_weight')) : null,
    },
  };
}
