/**
 * Web chat widget features shared by the API (validation, storage), the operator app (admin forms)
 * and the widget (evaluation): the progressive pre-chat form (SPEC C3), display rules (C4), the
 * public JS API's identify/setCart/track frames and page views for the Visit widget (E8).
 *
 * Extra visitor frames (see visitor-protocol.ts for the base protocol):
 * - client `page` `{ url, title?, referrer?, language?, screen? }`: one page view (also on each
 *   page load of a returning visitor). UTM parameters are read from the URL by the server, the
 *   browser and OS from the socket's User-Agent, the country/city from the IP (GeoIP).
 * - client `contact` `{ values: { name?, email?, phone? } }`: the pre-chat form. Answered by
 *   `contact_saved` (with the fields still to ask) or an `error` frame with `field`.
 * - client `identify` `{ email?, name?, phone?, externalId?, hash? }` (Parley.identify): with a
 *   valid `hash` = hex HMAC-SHA256(externalId || email, channel identity secret) the visitor is
 *   linked to the known contact; without one the data is kept as unverified. Answered by
 *   `identified` `{ verified, askFields }` or an `error` frame.
 * - client `cart` `{ items }` (Parley.setCart): the visitor's cart, validated and size-limited.
 * - client `track` `{ event, data? }` (Parley.track): a custom event stored with the visit.
 * - server `visitor` `{ country, askFields, known }` right after `welcome`: the country the server
 *   resolved from the IP (display rules) and the pre-chat fields it does not know yet.
 */

// ---------- pre-chat form (C3) ----------
export const PRECHAT_FIELDS = ['name', 'email', 'phone'] as const;
export type PreChatField = (typeof PRECHAT_FIELDS)[number];

export interface PreChatFieldSetting {
  field: PreChatField;
  required: boolean;
}
export interface PreChatSettings {
  enabled: boolean;
  fields: PreChatFieldSetting[];
  /** Contacts the workspace already knows (identified, or who gave any data) are not asked at all. */
  skipKnownContacts: boolean;
}
export const DEFAULT_PRECHAT: PreChatSettings = { enabled: false, fields: [], skipKnownContacts: true };

export const CONTACT_LIMITS = { name: 100, email: 254, phone: 20, externalId: 200, hash: 128 } as const;
/** A practical e-mail check: one @, a dot in the domain, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;
/** Digits with optional + prefix and spaces, dashes, dots or parentheses; 5–15 digits. */
export const PHONE_PATTERN = /^\+?[0-9 ().-]{5,20}$/;

export type ContactValues = Partial<Record<PreChatField, string>>;

/** An error message for one contact value (null when valid); used by the widget and the server. */
export function contactValueError(field: PreChatField, value: unknown): string | null {
  if (typeof value !== 'string') return 'Must be text';
  const v = value.trim();
  if (!v) return 'Required';
  if (v.length > CONTACT_LIMITS[field]) return `At most ${CONTACT_LIMITS[field]} characters`;
  if (field === 'email' && !EMAIL_PATTERN.test(v)) return 'Enter a valid e-mail address';
  if (field === 'phone') {
    const digits = v.replace(/\D/g, '').length;
    if (!PHONE_PATTERN.test(v) || digits < 5 || digits > 15) return 'Enter a valid phone number';
  }
  return null;
}

// ---------- display rules (C4) ----------
export const DISPLAY_ACTIONS = ['show', 'teaser', 'open', 'hide'] as const;
export type DisplayAction = (typeof DISPLAY_ACTIONS)[number];

/** One rule: every condition that is set must match; the first matching rule decides. */
export interface DisplayRule {
  /** Host names (`shop.example.com`) or `*.example.com`; empty = any domain. */
  domains: string[];
  /** The page URL contains this text (case-insensitive); empty = any. */
  urlContains: string;
  /** The page URL does not contain this text; empty = no condition. */
  urlNotContains: string;
  /** A glob on the whole URL: `*` any text, `?` one character; empty = any. */
  urlPattern: string;
  /** ISO 3166-1 alpha-2 codes of the visitor's country (from the IP); empty = any. */
  countries: string[];
  action: DisplayAction;
  /** Shown next to the launcher with action `teaser`. */
  teaserText: string;
  /** With action `open`: open the chat after this many seconds. */
  openAfterSeconds: number;
}
export interface DisplayRules {
  /** Hide the widget on phones (narrow touch screens). */
  hideOnMobile: boolean;
  rules: DisplayRule[];
  /** What happens when no rule matches. */
  defaultAction: 'show' | 'hide';
}
export const DEFAULT_DISPLAY_RULES: DisplayRules = { hideOnMobile: false, rules: [], defaultAction: 'show' };

export const DISPLAY_LIMITS = { rules: 20, domains: 20, countries: 50, text: 200, teaser: 200, openAfterMax: 600 } as const;
const DOMAIN = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const COUNTRY = /^[A-Z]{2}$/;

export interface RuleFieldError {
  field: string;
  message: string;
}

/** Every problem of an admin's display rules (empty when valid), field paths like `rules.0.domains.1`. */
export function validateDisplayRules(input: unknown, prefix = 'displayRules'): RuleFieldError[] {
  const errors: RuleFieldError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field: `${prefix}.${field}`, message });
  };
  if (!isObj(input)) return [{ field: prefix, message: 'Must be an object' }];
  if (typeof input['hideOnMobile'] !== 'boolean') add('hideOnMobile', 'Must be true or false');
  if (input['defaultAction'] !== 'show' && input['defaultAction'] !== 'hide') add('defaultAction', 'show or hide');
  const rules = input['rules'];
  if (!Array.isArray(rules)) {
    add('rules', 'Must be a list');
    return errors;
  }
  if (rules.length > DISPLAY_LIMITS.rules) add('rules', `At most ${DISPLAY_LIMITS.rules} rules`);
  rules.slice(0, DISPLAY_LIMITS.rules).forEach((r: unknown, i) => {
    const at = (f: string) => `rules.${i}.${f}`;
    if (!isObj(r)) {
      add(`rules.${i}`, 'Must be an object');
      return;
    }
    const list = (f: 'domains' | 'countries', max: number, check: (s: string) => boolean, message: string) => {
      const v = r[f];
      if (!Array.isArray(v)) {
        add(at(f), 'Must be a list');
        return;
      }
      if (v.length > max) add(at(f), `At most ${max} entries`);
      v.slice(0, max).forEach((s: unknown, j) => {
        if (typeof s !== 'string' || !check(s)) add(`${at(f)}.${j}`, message);
      });
    };
    list('domains', DISPLAY_LIMITS.domains, (s) => s.length <= 253 && DOMAIN.test(s), 'A host name like shop.example.com or *.example.com');
    list('countries', DISPLAY_LIMITS.countries, (s) => COUNTRY.test(s), 'A two-letter country code like PL');
    for (const f of ['urlContains', 'urlNotContains', 'urlPattern'] as const) {
      if (typeof r[f] !== 'string') add(at(f), 'Must be text');
      else if ((r[f] as string).length > DISPLAY_LIMITS.text) add(at(f), `At most ${DISPLAY_LIMITS.text} characters`);
    }
    if (typeof r['urlPattern'] === 'string' && /\*{3,}/.test(r['urlPattern'])) add(at('urlPattern'), 'Use * for any text (not ***)');
    if (!(DISPLAY_ACTIONS as readonly unknown[]).includes(r['action'])) add(at('action'), `One of: ${DISPLAY_ACTIONS.join(', ')}`);
    if (typeof r['teaserText'] !== 'string') add(at('teaserText'), 'Must be text');
    else if (r['teaserText'].length > DISPLAY_LIMITS.teaser) add(at('teaserText'), `At most ${DISPLAY_LIMITS.teaser} characters`);
    else if (r['action'] === 'teaser' && !r['teaserText'].trim()) add(at('teaserText'), 'A teaser needs its text');
    const n = r['openAfterSeconds'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > DISPLAY_LIMITS.openAfterMax) add(at('openAfterSeconds'), `A whole number of seconds from 0 to ${DISPLAY_LIMITS.openAfterMax}`);
  });
  return errors;
}

/**
 * Glob match in linear-ish time without regular expressions (so no catastrophic backtracking):
 * `*` matches any text, `?` one character; case-insensitive.
 */
export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export function domainMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/^www\./, '');
  if (p.startsWith('*.')) return h === p.slice(2) || h.endsWith(p.slice(1));
  return h === p.replace(/^www\./, '');
}

export interface DisplayContext {
  url: string;
  /** ISO code from the server, or null while unknown. */
  country: string | null;
  mobile: boolean;
}
export interface DisplayDecision {
  visible: boolean;
  teaser: string | null;
  openAfterSeconds: number | null;
}

/** Which rule applies to this page and visitor: hide on mobile first, then the first matching rule, else the default. */
export function evaluateDisplayRules(rules: DisplayRules | undefined, ctx: DisplayContext): DisplayDecision {
  const hidden: DisplayDecision = { visible: false, teaser: null, openAfterSeconds: null };
  const shown: DisplayDecision = { visible: true, teaser: null, openAfterSeconds: null };
  if (!rules) return shown;
  if (rules.hideOnMobile && ctx.mobile) return hidden;
  let host = '';
  try {
    host = new URL(ctx.url).hostname;
  } catch {
    host = '';
  }
  const url = ctx.url.toLowerCase();
  for (const r of rules.rules) {
    if (r.domains.length && !r.domains.some((d) => domainMatches(d, host))) continue;
    if (r.urlContains && !url.includes(r.urlContains.toLowerCase())) continue;
    if (r.urlNotContains && url.includes(r.urlNotContains.toLowerCase())) continue;
    if (r.urlPattern && !globMatch(r.urlPattern, ctx.url)) continue;
    if (r.countries.length && (!ctx.country || !r.countries.includes(ctx.country))) continue;
    switch (r.action) {
      case 'hide':
        return hidden;
      case 'teaser':
        return { visible: true, teaser: r.teaserText, openAfterSeconds: null };
      case 'open':
        return { visible: true, teaser: null, openAfterSeconds: r.openAfterSeconds };
      default:
        return shown;
    }
  }
  return rules.defaultAction === 'hide' ? hidden : shown;
}

/** Whether display rules need the visitor's country before deciding. */
export const rulesNeedCountry = (rules: DisplayRules | undefined): boolean => !!rules?.rules.some((r) => r.countries.length > 0);

// ---------- identify, cart, track, page views (E8) ----------
/**
 * One item of Parley.setCart as the site may send it: `price` a decimal string ("18.50") or a
 * number (18.5), with `currency` (ISO 4217) whenever there is a price; `sku` matches the
 * catalogue's SKU (else `id` is tried as the product's external id); `url` and `imageUrl` http(s).
 */
export interface CartItemInput {
  id: string;
  name: string;
  quantity: number;
  price?: string | number;
  currency?: string;
  url?: string;
  sku?: string;
  imageUrl?: string;
}
/** A cart item as stored and sent on: `price` a decimal string with the currency's digits ("18.50"). */
export interface CartItem {
  id: string;
  name: string;
  quantity: number;
  price?: string;
  currency?: string;
  url?: string;
  sku?: string;
  imageUrl?: string;
}
export const CART_LIMITS = { items: 50, id: 100, name: 200, sku: 100, url: 1000, quantityMax: 9999, bytes: 24 * 1024 } as const;
export const TRACK_EVENT_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const TRACK_DATA_MAX_BYTES = 2048;
export const PAGE_LIMITS = { url: 2000, title: 300, referrer: 2000, language: 35 } as const;
/** Page views and events stored per visit; beyond it they are counted but not stored. */
export const MAX_EVENTS_PER_VISIT = 500;
/** A visit ends after this long without a page view. */
export const VISIT_IDLE_MS = 30 * 60 * 1000;

export interface PageFrame {
  type: 'page';
  url: string;
  title?: string;
  referrer?: string;
  language?: string;
  screen?: { width: number; height: number };
}
export interface ContactFrame {
  type: 'contact';
  values: ContactValues;
  /** SPEC C8: the marketing consent box of the pre-chat form was ticked (double opt-in e-mail). */
  consent?: boolean;
}
export interface IdentifyFrame {
  type: 'identify';
  email?: string;
  name?: string;
  phone?: string;
  externalId?: string;
  hash?: string;
}
export interface CartFrame {
  type: 'cart';
  items: CartItemInput[];
}
export interface TrackFrame {
  type: 'track';
  event: string;
  data?: Record<string, unknown>;
}
export type WidgetFeatureClientFrame = PageFrame | ContactFrame | IdentifyFrame | CartFrame | TrackFrame;

export interface VisitorInfoFrame {
  type: 'visitor';
  /** ISO 3166-1 alpha-2, or null when unknown (local address, no match). */
  country: string | null;
  /** Pre-chat fields to ask before the first message (empty: no form). */
  askFields: PreChatFieldSetting[];
  /** The visitor is linked to a contact the workspace knows. */
  known: boolean;
}
export interface ContactSavedFrame {
  type: 'contact_saved';
  askFields: PreChatFieldSetting[];
}
export interface IdentifiedFrame {
  type: 'identified';
  verified: boolean;
  /** The pre-chat fields still to ask now that the contact may be known. */
  askFields: PreChatFieldSetting[];
}
export type WidgetFeatureServerFrame = VisitorInfoFrame | ContactSavedFrame | IdentifiedFrame;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
