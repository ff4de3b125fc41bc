import { badInput } from './domain.exception';
import Decimal from 'decimal.js';

/** The largest amount `numeric(12, 2)` holds. */
export const MAX_AMOUNT = new Decimal('9999999999.99');

// Node 20 has Intl.supportedValuesOf; the API's lib setting (es2021) does not declare it
const CURRENCIES = new Set((Intl as unknown as { supportedValuesOf(k: 'currency'): string[] }).supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency this runtime knows. */
export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);
}

/** The currency's minor units (2 for EUR, 0 for JPY), capped at the 2 the database keeps. */
export function currencyDigits(currency: string): number {
  try {
    return Math.min(2, new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
  } catch {
    return 2;
  }
}

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/**
 * An amount of money typed by a person or sent by a shop: a decimal string ("18", "18.5",
 * "18.50"; a comma as the decimal mark is accepted), never negative, no more decimals than the
 * currency has, at most 9,999,999,999.99. Returns it with the currency's digits ("18.50").
 * BAD_USER_INPUT naming `field` otherwise. Never goes through a float.
 */
export function parseAmount(raw: unknown, currency: string, field: string): string {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim().replace(',', '.') : null;
  if (text === null || !/^\d{1,10}(\.\d+)?$/.test(text)) {
    if (typeof text === 'string' && /^-/.test(text)) throw fail(field, 'An amount cannot be negative');
    throw fail(field, 'Enter an amount such as 18.50');
  }
  const digits = currencyDigits(currency);
  const decimals = text.includes('.') ? text.split('.')[1].replace(/0+$/, '').length : 0;
  if (decimals > digits) throw fail(field, digits ? `${currency} amounts have at most ${digits} decimals` : `${currency} amounts have no decimals`);
  const d = new Decimal(text);
  if (d.gt(MAX_AMOUNT)) throw fail(field, 'The amount is too large');
  return d.toFixed(digits);
}

/** A stored amount ("18.00" from numeric) with its currency's digits ("18.00", JPY "1500"). */
export function formatAmount(stored: string, currency: string): string {
  return new Decimal(stored).toFixed(currencyDigits(currency));
}

/** A quantity (stock, weight): a non-negative decimal with at most 3 decimals, or null for empty. */
export function parseQuantity(raw: unknown, field: string, opts: { allowNegative?: boolean } = {}): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim().replace(',', '.') : null;
  if (text === null || !/^-?\d{1,11}(\.\d{1,3})?$/.test(text)) throw fail(field, 'Enter a number with at most 3 decimals');
  if (!opts.allowNegative && text.startsWith('-')) throw fail(field, 'This cannot be negative');
  return new Decimal(text).toFixed();
}
