/**
 * Money in feeds, as exact decimal strings (never floats): "1 234,50" → "1234.50". The currency's
 * decimals come from Intl (EUR 2, JPY 0…), capped at the 2 that products.price (numeric(12, 2))
 * keeps; the largest amount is 10 integer digits.
 */

/** Yandex's aliases for ISO 4217 codes. */
const CURRENCY_ALIASES: Readonly<Record<string, string>> = { RUR: 'RUB' };

let known: ReadonlySet<string> | null = null;
function knownCurrencies(): ReadonlySet<string> {
  // Intl.supportedValuesOf is ES2022 (Node 18+); the lib this project compiles with may not declare it
  known ??= new Set((Intl as unknown as { supportedValuesOf(key: 'currency'): string[] }).supportedValuesOf('currency'));
  return known;
}

/** The ISO 4217 code a feed's currency means (RUR → RUB), or null when it is not a currency Intl knows. */
export function normalizeCurrency(raw: string | null | undefined): string | null {
  const code = (raw ?? '').trim().toUpperCase();
  const iso = CURRENCY_ALIASES[code] ?? code;
  return /^[A-Z]{3}$/.test(iso) && knownCurrencies().has(iso) ? iso : null;
}

const digitsCache = new Map<string, number>();
/** Decimals the currency allows (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDecimals(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** The most decimals products.price keeps. */
export const STORED_PRICE_DECIMALS = 2;
const MAX_INTEGER_DIGITS = 10;

/** `amount` when ok, else `reason` (plain fields: also read by projects compiled without strictNullChecks). */
export interface PriceResult {
  ok: boolean;
  amount: string;
  reason: string;
}
const refused = (reason: string): PriceResult => ({ ok: false, amount: '', reason });

/**
 * "15", "15.5", "1 234,50", "1,234.50" → a decimal string with the currency's decimals. Refuses
 * negative, empty, unparseable, too large and too precise prices, each with a reason for people.
 */
export function parsePrice(raw: string | null | undefined, currency: string, what = 'price'): PriceResult {
  let s = (raw ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return refused(`no ${what}`);
  if (s.startsWith('-')) return refused(`${what} ${s} is negative`);
  if (s.startsWith('+')) s = s.slice(1);
  // thousands separators: "1,234.50" or "1.234,50"; a lone comma is the decimal mark
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return refused(`${what} "${clip(raw ?? '', 40)}" is not a number`);
  const int = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const allowed = Math.min(currencyDecimals(currency), STORED_PRICE_DECIMALS);
  if (frac.length > allowed) {
    return refused(`${what} ${s} has more decimals than ${currency} allows (${allowed})`);
  }
  if (int.length > MAX_INTEGER_DIGITS) return refused(`${what} ${s} is too large`);
  return { ok: true, amount: allowed ? `${int}.${frac.padEnd(allowed, '0')}` : int, reason: '' };
}

/** A quantity or weight ("12", "0.5", "0,250") as a decimal string with at most `scale` decimals, or null. */
export function parseQuantity(raw: string | null | undefined, scale = 3, maxIntegerDigits = 9): string | null {
  const s = (raw ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^\+?(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const int = m[1].replace(/^0+(?=\d)/, '');
  if (int.length > maxIntegerDigits) return null;
  const frac = (m[2] ?? '').slice(0, scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
