import Decimal from 'decimal.js';
import { currencyDigits } from '../products/money';

/** Exact decimal arithmetic for money: 40 significant digits, half-up rounding to the currency's minor units. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type D = InstanceType<typeof Money>;

export type DiscountKind = 'amount' | 'percent';
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'refunded';
export type PaymentState = 'none' | 'partial' | 'full';

export interface TotalsInput {
  currency: string;
  /** Decimal strings, already validated (quantity > 0 with ≤ 3 decimals; prices ≥ 0 in the currency's digits). */
  items: ReadonlyArray<{ quantity: string; unitPrice: string; weightKg?: string | null }>;
  /** An amount in the currency, or a percent of the goods (0–100, two decimals). */
  discount?: { kind: DiscountKind; value: string } | null;
  deliveryCost?: string | null;
  payments?: ReadonlyArray<{ status: PaymentStatus; amount: string }>;
}

export interface OrderTotals {
  /** Each item's quantity × unit price, rounded half-up to the currency's minor units. */
  lineTotals: string[];
  goods: string;
  /** The discount in money (a percent one rounded half-up; never more than the goods). */
  discount: string;
  delivery: string;
  /** goods − discount + delivery. */
  total: string;
  /** The sum of the paid payments. */
  paid: string;
  /** total − paid (negative when overpaid). */
  due: string;
  paymentState: PaymentState;
  weightKg: string;
}

const money = (d: D, digits: number) => d.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP).toFixed(digits);

/**
 * An order's totals, computed the one way the server and every screen show them: each line
 * rounded to the currency's minor units first, then summed, so the total is always the sum of
 * the printed lines (never a cent apart). No floats anywhere. The discount is capped at the goods
 * here; order validation refuses an amount discount above the goods before it gets here.
 */
export function computeTotals(input: TotalsInput): OrderTotals {
  const digits = currencyDigits(input.currency);
  const lines = input.items.map((i) => new Money(i.quantity).times(i.unitPrice).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP));
  const goods = lines.reduce((s, l) => s.plus(l), new Money(0));
  let discount = new Money(0);
  if (input.discount) {
    const v = new Money(input.discount.value);
    discount = input.discount.kind === 'percent' ? goods.times(v).dividedBy(100).toDecimalPlaces(digits, Decimal.ROUND_HALF_UP) : v;
    if (discount.greaterThan(goods)) discount = goods;
  }
  const delivery = new Money(input.deliveryCost || 0);
  const total = goods.minus(discount).plus(delivery);
  const paid = (input.payments ?? []).filter((p) => p.status === 'paid').reduce((s, p) => s.plus(p.amount), new Money(0));
  const weight = input.items.reduce((s, i) => (i.weightKg ? s.plus(new Money(i.weightKg).times(i.quantity)) : s), new Money(0));
  return {
    lineTotals: lines.map((l) => money(l, digits)),
    goods: money(goods, digits),
    discount: money(discount, digits),
    delivery: money(delivery, digits),
    total: money(total, digits),
    paid: money(paid, digits),
    due: money(total.minus(paid), digits),
    paymentState: paid.isZero() ? 'none' : paid.greaterThanOrEqualTo(total) ? 'full' : 'partial',
    weightKg: weight.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toFixed(3),
  };
}
