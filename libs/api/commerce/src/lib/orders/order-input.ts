import { FieldError } from '@parley/api/platform/graphql';
import { normalizeEmail, normalizePhone } from '@parley/api/contacts';
import { DomainException } from '@parley/api/platform/graphql';
import { currencyDigits, MAX_AMOUNT, parseAmount } from '../products/money';
import { OrderDiscountKind, OrderPaymentStatus, SaveOrderInput } from './order.object';
import { Money } from './order-totals';

/** The most items an order holds (the drawer and the printable document stay usable). */
export const ORDER_ITEMS_MAX = 500;
export const ORDER_PAYMENTS_MAX = 20;
const QUANTITY_MAX = new Money('999999999');

/** A catalogue product as an order line sees it: priced in the order's price type. */
export interface CatalogueLine {
  id: string;
  sku: string;
  name: string;
  active: boolean;
  weightKg: string | null;
  price: string;
  currency: string;
}

export interface ParsedItem {
  /** Its place in the input's items. */
  index: number;
  productId: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  listPrice: string | null;
  unitPrice: string;
  weightKg: string | null;
}

export interface ParsedPayment {
  id: string | null;
  typeId: string;
  status: OrderPaymentStatus;
  amount: string;
}

export interface ParsedOrder {
  items: ParsedItem[];
  discount: { kind: OrderDiscountKind; value: string } | null;
  customer: { firstName: string | null; lastName: string | null; phone: string | null; email: string | null };
  delivery: { type: string | null; service: string | null; region: string | null; city: string | null; street: string | null; postalCode: string | null; date: string | null; slot: string | null; cost: string | null };
  payments: ParsedPayment[];
  extra: { country: string | null; orderType: string | null; orderMethod: string | null; store: string | null; managerId: string | null };
  comment: string | null;
}

export interface OrderContext {
  currency: string;
  products: ReadonlyMap<string, CatalogueLine>;
  paymentTypes: ReadonlyMap<string, { id: string; active: boolean }>;
  /** Payments the order has now (an input payment with another id is refused). */
  paymentIds: ReadonlySet<string>;
  /** Placing or saving a placed order: items, the customer's name and a way to reach them are required. */
  complete: boolean;
}

/** Runs a validator that throws a field's DomainException; records its message under `field` instead. */
function attempt<T>(errors: FieldError[], field: string, fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DomainException) {
      errors.push({ field, message: e.message });
      return null;
    }
    throw e;
  }
}

function text(errors: FieldError[], raw: unknown, field: string, max: number): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') {
    errors.push({ field, message: 'Text expected' });
    return null;
  }
  const v = raw.trim();
  if (v.length > max) {
    errors.push({ field, message: `At most ${max} characters` });
    return null;
  }
  return v || null;
}

/** A quantity typed by a person: a decimal string > 0 with at most 3 decimals ("2", "1.5", "0,250"). */
export function parseOrderQuantity(raw: unknown, field: string, errors: FieldError[]): string | null {
  const t = typeof raw === 'string' ? raw.trim().replace(',', '.') : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : '';
  if (/^-/.test(t)) {
    errors.push({ field, message: 'A quantity cannot be negative' });
    return null;
  }
  if (!/^\d{1,9}(\.\d+)?$/.test(t)) {
    errors.push({ field, message: 'Enter a quantity such as 2 or 1.5' });
    return null;
  }
  const q = new Money(t);
  if (q.decimalPlaces() > 3) {
    errors.push({ field, message: 'At most 3 decimals' });
    return null;
  }
  if (q.isZero()) {
    errors.push({ field, message: 'The quantity must be more than 0' });
    return null;
  }
  if (q.greaterThan(QUANTITY_MAX)) {
    errors.push({ field, message: 'That quantity is too large' });
    return null;
  }
  return q.toFixed(3);
}

/**
 * The order as typed, checked field by field: every error is collected (under `items.2.quantity`,
 * `discount.value`, `delivery.cost`, `payments.0.amount`, `customer.phone`… or `order`) so the
 * drawer shows them all at once; nothing is saved while there is one. Amounts go through
 * decimal strings only.
 */
export function parseOrder(input: SaveOrderInput, ctx: OrderContext): { order: ParsedOrder; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const { currency } = ctx;
  const rawItems = Array.isArray(input.items) ? input.items : [];
  if (rawItems.length > ORDER_ITEMS_MAX) errors.push({ field: 'items', message: `An order holds at most ${ORDER_ITEMS_MAX} items` });
  const items: ParsedItem[] = [];
  rawItems.slice(0, ORDER_ITEMS_MAX).forEach((raw, i) => {
    const at = (f: string) => `items.${i}.${f}`;
    const quantity = parseOrderQuantity(raw?.quantity, at('quantity'), errors);
    let product: CatalogueLine | undefined;
    if (raw?.productId) {
      product = ctx.products.get(raw.productId);
      if (!product) errors.push({ field: at('productId'), message: 'This product is not in the catalogue' });
      else if (product.currency !== currency) errors.push({ field: at('productId'), message: `“${product.name}” is priced in ${product.currency} in this price type; the order is in ${currency}` });
    }
    const name = product ? product.name : text(errors, raw?.name, at('name'), 500);
    if (!product && !raw?.productId && !name) errors.push({ field: at('name'), message: 'Name the item' });
    const override = raw?.unitPrice === null || raw?.unitPrice === undefined || raw?.unitPrice === '' ? null : attempt(errors, at('unitPrice'), () => parseAmount(raw.unitPrice, currency, at('unitPrice')));
    if (!product && !raw?.productId && override === null && !errors.some((e) => e.field === at('unitPrice'))) errors.push({ field: at('unitPrice'), message: 'Enter the price' });
    const listPrice = product && product.currency === currency ? product.price : null;
    const unitPrice = override ?? listPrice;
    if (quantity && unitPrice !== null && name) {
      items.push({ index: i, productId: product?.id ?? null, sku: product ? product.sku : text(errors, raw?.sku, at('sku'), 100), name, quantity, listPrice, unitPrice, weightKg: product?.weightKg ?? null });
    }
  });
  if (ctx.complete && rawItems.length === 0) errors.push({ field: 'items', message: 'Add at least one item' });

  let discount: ParsedOrder['discount'] = null;
  if (input.discount && input.discount.value !== '' && input.discount.value !== null && input.discount.value !== undefined) {
    const kind = input.discount.kind;
    if (kind === OrderDiscountKind.percent) {
      const q = String(input.discount.value).trim().replace(',', '.');
      if (/^-/.test(q)) errors.push({ field: 'discount.value', message: 'A discount cannot be negative' });
      else if (!/^\d{1,3}(\.\d{1,2})?$/.test(q) || new Money(q).greaterThan(100)) errors.push({ field: 'discount.value', message: 'A percent from 0 to 100, at most 2 decimals' });
      else discount = { kind, value: new Money(q).toFixed(2) };
    } else if (kind === OrderDiscountKind.amount) {
      const v = attempt(errors, 'discount.value', () => parseAmount(input.discount?.value, currency, 'discount.value'));
      if (v !== null) discount = { kind, value: v };
    } else errors.push({ field: 'discount.kind', message: 'amount or percent' });
  }

  const c = input.customer ?? {};
  const phoneText = text(errors, c.phone, 'customer.phone', 50);
  const emailText = text(errors, c.email, 'customer.email', 320);
  const customer = {
    firstName: text(errors, c.firstName, 'customer.firstName', 200),
    lastName: text(errors, c.lastName, 'customer.lastName', 200),
    phone: phoneText ? attempt(errors, 'customer.phone', () => normalizePhone(phoneText, null, 'customer.phone')) : null,
    email: emailText ? attempt(errors, 'customer.email', () => normalizeEmail(emailText, 'customer.email')) : null,
  };
  if (ctx.complete) {
    if (!customer.firstName && !customer.lastName) errors.push({ field: 'customer.firstName', message: 'The customer’s name is required' });
    if (!customer.phone && !customer.email && !errors.some((e) => e.field.startsWith('customer.phone') || e.field.startsWith('customer.email'))) errors.push({ field: 'customer.phone', message: 'A phone or an e-mail is required' });
  }

  const d = input.delivery ?? {};
  let date: string | null = null;
  if (d.date) {
    const ok = typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date) && !Number.isNaN(Date.parse(`${d.date}T00:00:00Z`)) && new Date(`${d.date}T00:00:00Z`).toISOString().startsWith(d.date);
    if (ok) date = d.date;
    else errors.push({ field: 'delivery.date', message: 'A date such as 2026-12-24' });
  }
  const delivery = {
    type: text(errors, d.type, 'delivery.type', 40),
    service: text(errors, d.service, 'delivery.service', 100),
    region: text(errors, d.region, 'delivery.region', 200),
    city: text(errors, d.city, 'delivery.city', 200),
    street: text(errors, d.street, 'delivery.street', 300),
    postalCode: text(errors, d.postalCode, 'delivery.postalCode', 20),
    date,
    slot: text(errors, d.slot, 'delivery.slot', 40),
    cost: d.cost === null || d.cost === undefined || d.cost === '' ? null : attempt(errors, 'delivery.cost', () => parseAmount(d.cost, currency, 'delivery.cost')),
  };

  const rawPayments = Array.isArray(input.payments) ? input.payments : [];
  if (rawPayments.length > ORDER_PAYMENTS_MAX) errors.push({ field: 'payments', message: `At most ${ORDER_PAYMENTS_MAX} payments` });
  const payments: ParsedPayment[] = [];
  rawPayments.slice(0, ORDER_PAYMENTS_MAX).forEach((p, i) => {
    const at = (f: string) => `payments.${i}.${f}`;
    const type = ctx.paymentTypes.get(p?.type);
    if (!type) errors.push({ field: at('type'), message: 'Choose a payment type' });
    else if (!type.active) errors.push({ field: at('type'), message: 'This payment type is switched off' });
    if (!Object.values(OrderPaymentStatus).includes(p?.status)) errors.push({ field: at('status'), message: 'Choose a status' });
    if (p?.id && !ctx.paymentIds.has(p.id)) errors.push({ field: at('id'), message: 'This payment is not on this order' });
    const amount = attempt(errors, at('amount'), () => parseAmount(p?.amount, currency, at('amount')));
    if (amount !== null && new Money(amount).isZero()) errors.push({ field: at('amount'), message: 'A payment must be more than 0' });
    else if (type && amount !== null && Object.values(OrderPaymentStatus).includes(p.status)) payments.push({ id: p.id ?? null, typeId: type.id, status: p.status, amount });
  });

  const x = input.extra ?? {};
  const extra = {
    country: text(errors, x.country, 'extra.country', 100),
    orderType: text(errors, x.orderType, 'extra.orderType', 100),
    orderMethod: text(errors, x.orderMethod, 'extra.orderMethod', 100),
    store: text(errors, x.store, 'extra.store', 100),
    managerId: x.managerId || null,
  };
  const comment = text(errors, input.comment, 'comment', 4000);
  return { order: { items, discount, customer, delivery, payments, extra, comment }, errors };
}

/** After the totals: a discount above the goods, payments above the total, a total out of range. */
export function checkTotals(order: ParsedOrder, totals: { goods: string; total: string; paid: string }, currency: string, errors: FieldError[]): void {
  const digits = currencyDigits(currency);
  if (order.discount?.kind === OrderDiscountKind.amount && new Money(order.discount.value).greaterThan(totals.goods)) {
    errors.push({ field: 'discount.value', message: `The discount is more than the goods (${new Money(totals.goods).toFixed(digits)} ${currency})` });
  }
  if (new Money(totals.total).greaterThan(MAX_AMOUNT)) errors.push({ field: 'order', message: 'The order total is too large' });
  if (new Money(totals.paid).greaterThan(totals.total) && order.payments.some((p) => p.status === OrderPaymentStatus.paid)) {
    errors.push({ field: 'payments', message: `The paid payments exceed the total by ${new Money(totals.paid).minus(totals.total).toFixed(digits)} ${currency}` });
  }
}
