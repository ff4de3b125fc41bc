import { currencyDigits } from '@parley/api/platform/graphql';
import { CartItem } from '@parley/shared/contracts';
import Decimal from 'decimal.js';

/** One currency's sum over the cart's priced items. */
export interface CartTotal {
  currency: string;
  /** A decimal string with the currency's digits ("27.50"). */
  amount: string;
  /** The number of units (sum of quantities) it covers. */
  quantity: number;
}

/**
 * The stored cart (`visitors.cart` jsonb) as items: prices as decimal strings. Carts stored before
 * prices were strings hold JSON numbers; those are read through their shortest decimal text
 * (18.5 → "18.50"), never summed as floats. Anything malformed in a row is skipped.
 */
export function readStoredCart(stored: unknown): CartItem[] {
  if (!Array.isArray(stored)) return [];
  const out: CartItem[] = [];
  for (const raw of stored) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    if (typeof r['id'] !== 'string' || typeof r['name'] !== 'string' || typeof r['quantity'] !== 'number') continue;
    const item: CartItem = { id: r['id'], name: r['name'], quantity: r['quantity'] };
    const currency = typeof r['currency'] === 'string' ? r['currency'] : undefined;
    if (currency) item.currency = currency;
    const price = r['price'];
    if ((typeof price === 'string' || (typeof price === 'number' && Number.isFinite(price))) && currency) {
      try {
        item.price = new Decimal(String(price)).toFixed(currencyDigits(currency));
      } catch {
        // not a number: shown without a price
      }
    }
    for (const k of ['url', 'sku', 'imageUrl'] as const) if (typeof r[k] === 'string') item[k] = r[k] as string;
    out.push(item);
  }
  return out;
}

/** price × quantity with the currency's digits, or null for an item without a price. */
export function cartLineTotal(item: CartItem): string | null {
  if (item.price === undefined || !item.currency) return null;
  return new Decimal(item.price).times(item.quantity).toFixed(currencyDigits(item.currency));
}

/** The cart's total in each currency its priced items use (decimal.js; in order of first appearance). */
export function cartTotals(items: readonly CartItem[]): CartTotal[] {
  const sums = new Map<string, { amount: Decimal; quantity: number }>();
  for (const item of items) {
    if (item.price === undefined || !item.currency) continue;
    const s = sums.get(item.currency) ?? { amount: new Decimal(0), quantity: 0 };
    s.amount = s.amount.plus(new Decimal(item.price).times(item.quantity));
    s.quantity += item.quantity;
    sums.set(item.currency, s);
  }
  return [...sums].map(([currency, s]) => ({ currency, amount: s.amount.toFixed(currencyDigits(currency)), quantity: s.quantity }));
}
