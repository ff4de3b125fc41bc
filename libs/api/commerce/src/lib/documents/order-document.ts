import { badInput } from '@parley/api/platform/graphql';
import PDFDocument from 'pdfkit';
import { currencyDigits, isCurrency } from '../products/money';
import { LaidLine, layoutText } from './bidi-text';
import { documentFonts } from './document-fonts';
import { DocumentLabels, documentLabels } from './document-labels';

/** What `renderOrderDocument` returns: the bytes of a PDF. */
export const ORDER_DOCUMENT_MIME = 'application/pdf';

export type OrderDocumentKind = 'invoice' | 'order_form';

/** Limits on what one document prints; more is refused with BAD_USER_INPUT naming the field. */
export const ORDER_DOCUMENT_LIMITS = {
  items: 500,
  payments: 100,
  /** Any one name, address line, SKU, status… */
  text: 2000,
  addressLines: 10,
  notes: 5000,
} as const;

/**
 * Everything an invoice or order form prints, as plain display values: the orders code resolves
 * names (status, payment type, delivery service) and computes the totals; the renderer only checks
 * the shapes and formats. Amounts are decimal strings in `currency` ("1234.50"; no more decimals
 * than the currency has, never a float); quantities are decimal strings with at most 3 decimals.
 */
export interface OrderDocumentInput {
  kind: OrderDocumentKind;
  /**
   * BCP 47 locale for the labels and the number and date formats: labels exist for en, pl, ru, uk,
   * it, he (a region such as "pl-PL" is fine); other languages get English labels with their own formats.
   */
  locale: string;
  /** IANA time zone the order's date and time print in; UTC when absent. */
  timeZone?: string | null;
  /** ISO 4217 code of every amount in the document. */
  currency: string;
  shop: { name: string; addressLines?: string[] | null };
  order: {
    number: string;
    /** When the order was placed (a Date or an ISO 8601 instant). */
    createdAt: Date | string;
    statusName?: string | null;
  };
  customer: {
    name: string;
    phone?: string | null;
    email?: string | null;
    addressLines?: string[] | null;
  };
  items: Array<{
    sku?: string | null;
    name: string;
    quantity: string;
    unitPrice: string;
    lineTotal: string;
  }>;
  totals: {
    /** Sum of the lines before the order's discount. */
    goods: string;
    /** The order's discount as money (printed with a minus), with its percent when it was given as one ("10", "12.5"). */
    discount?: { amount: string; percent?: string | null } | null;
    total: string;
    paid: string;
    /** What is left to pay; may be negative when the customer overpaid. */
    amountDue: string;
  };
  delivery?: {
    /** Delivery type and service as shown to the operator ("Courier", "DPD"). */
    type?: string | null;
    service?: string | null;
    addressLines?: string[] | null;
    /** A calendar date "2026-12-24". */
    date?: string | null;
    /** A free time slot "10:00–14:00". */
    slot?: string | null;
    /** Printed in the totals when given. */
    cost?: string | null;
  } | null;
  payments?: Array<{
    /** The payment type's name ("Card", "Cash on delivery"). */
    type: string;
    /** A status code (pending, paid, failed, refunded, cancelled: translated) or a name printed as given. */
    status: string;
    /** A calendar date or an ISO 8601 instant. */
    date?: Date | string | null;
    /** May be negative (a refund). */
    amount: string;
  }> | null;
  notes?: string | null;
  /** The PDF's CreationDate (its file id derives from it): pass a fixed one for byte-identical output. Now by default. */
  pdfCreationDate?: Date | null;
}

// ---------------------------------------------------------------------------------------------
// Input checks

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });
// C0/C1 controls other than tab and line breaks would print as boxes
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function text(raw: unknown, field: string, opts: { required?: boolean; max?: number; multiline?: boolean } = {}): string {
  if (raw === null || raw === undefined || raw === '') {
    if (opts.required) throw fail(field, 'This is required');
    return '';
  }
  if (typeof raw !== 'string') throw fail(field, 'Must be text');
  const max = opts.max ?? ORDER_DOCUMENT_LIMITS.text;
  if (raw.length > max) throw fail(field, `At most ${max} characters`);
  const clean = raw.replace(CONTROLS, '');
  const result = opts.multiline ? clean : clean.replace(/[\r\n]+/g, ' ');
  if (opts.required && !result.trim()) throw fail(field, 'This is required');
  return result;
}

function lines(raw: unknown, field: string): string[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw fail(field, 'Must be a list of lines');
  if (raw.length > ORDER_DOCUMENT_LIMITS.addressLines) throw fail(field, `At most ${ORDER_DOCUMENT_LIMITS.addressLines} lines`);
  return raw.map((l, i) => text(l, `${field}[${i}]`)).filter((l) => l.trim());
}

function amount(raw: unknown, field: string, currency: string, opts: { allowNegative?: boolean } = {}): string {
  if (typeof raw !== 'string') throw fail(field, 'An amount must be a decimal string such as "18.50"');
  const value = raw.trim();
  if (!/^-?\d{1,15}(\.\d+)?$/.test(value)) throw fail(field, 'An amount must be a decimal string such as "18.50"');
  if (value.startsWith('-') && !opts.allowNegative) throw fail(field, 'An amount cannot be negative');
  const digits = currencyDigits(currency);
  const decimals = value.includes('.') ? value.split('.')[1].replace(/0+$/, '').length : 0;
  if (decimals > digits) throw fail(field, digits ? `${currency} amounts have at most ${digits} decimals` : `${currency} amounts have no decimals`);
  return value;
}

function quantity(raw: unknown, field: string): string {
  if (typeof raw !== 'string') throw fail(field, 'A quantity must be a decimal string such as "2" or "0.5"');
  const value = raw.trim();
  if (/^-/.test(value)) throw fail(field, 'A quantity cannot be negative');
  if (!/^\d{1,11}(\.\d{1,3})?$/.test(value)) throw fail(field, 'A quantity is a number with at most 3 decimals');
  return value;
}

function instant(raw: unknown, field: string, opts: { required?: boolean } = {}): Date | null {
  if (raw === null || raw === undefined || raw === '') {
    if (opts.required) throw fail(field, 'This is required');
    return null;
  }
  const d = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : null;
  if (!d || Number.isNaN(d.getTime())) throw fail(field, 'Must be a date (ISO 8601)');
  return d;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function calendarDate(raw: unknown, field: string): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !DATE_ONLY.test(raw) || Number.isNaN(new Date(`${raw}T00:00:00Z`).getTime())) throw fail(field, 'Must be a date such as 2026-12-24');
  return raw;
}

// ---------------------------------------------------------------------------------------------
// Formatting

interface Formats {
  labels: DocumentLabels;
  money(value: string): string;
  quantity(value: string): string;
  dateTime(d: Date): string;
  date(d: Date | string): string;
}

function formats(locale: string, timeZone: string, currency: string): Formats {
  const digits = currencyDigits(currency);
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  const qty = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dateInZone = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateUtc = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  // Intl.NumberFormat formats a decimal string exactly (no float in between: "12345678901234.57" stays so)
  type StringFormat = (value: string) => string;
  return {
    labels: documentLabels(locale),
    money: (v) => (money.format as unknown as StringFormat)(v),
    quantity: (v) => (qty.format as unknown as StringFormat)(v),
    dateTime: (d) => dateTime.format(d),
    date: (d) => (typeof d === 'string' ? dateUtc.format(new Date(`${d}T00:00:00Z`)) : dateInZone.format(d)),
  };
}

/** The checked input with every value as it prints. */
interface Printable {
  title: string;
  fileTitle: string;
  shopName: string;
  shopLines: string[];
  number: string;
  dateLine: string;
  statusLine: string;
  customer: string[];
  customerName: string;
  delivery: string[] | null;
  items: string[][];
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  payments: string[][];
  notes: string;
  labels: DocumentLabels;
  rtl: boolean;
  /** The canonical BCP 47 tag (the PDF's /Lang). */
  locale: string;
  creationDate: Date;
}

/** Languages written right to left: their documents are mirrored. */
const RTL_LANGUAGES = new Set(['he', 'iw', 'ar', 'fa', 'ur', 'yi', 'ps', 'dv', 'ug', 'ckb']);

/** A value inside a labelled line keeps its own direction (a phone number stays "+972 50…" in a Hebrew line): a first-strong isolate. */
const isolate = (value: string) => `\u2068${value}\u2069`;

function printable(input: OrderDocumentInput): Printable {
  if (!input || typeof input !== 'object') throw fail('input', 'An order document needs its input');
  if (input.kind !== 'invoice' && input.kind !== 'order_form') throw fail('kind', 'kind is invoice or order_form');
  const localeRaw = text(input.locale, 'locale', { required: true, max: 35 });
  let locale: string;
  try {
    locale = Intl.getCanonicalLocales(localeRaw)[0];
  } catch {
    throw fail('locale', 'Not a locale (use a BCP 47 tag such as "pl" or "he-IL")');
  }
  const timeZone = text(input.timeZone, 'timeZone', { max: 64 }) || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw fail('timeZone', 'Not a time zone (use an IANA name such as "Europe/Warsaw")');
  }
  if (!isCurrency(input.currency)) throw fail('currency', 'Not an ISO 4217 currency code');
  const currency = input.currency;
  const f = formats(locale, timeZone, currency);
  const L = f.labels;

  const shop = input.shop ?? ({} as OrderDocumentInput['shop']);
  const order = input.order ?? ({} as OrderDocumentInput['order']);
  const customer = input.customer ?? ({} as OrderDocumentInput['customer']);
  const totals = input.totals ?? ({} as OrderDocumentInput['totals']);

  if (!Array.isArray(input.items)) throw fail('items', 'items must be a list');
  if (input.items.length > ORDER_DOCUMENT_LIMITS.items) throw fail('items', `A document prints at most ${ORDER_DOCUMENT_LIMITS.items} items`);
  const payments = input.payments ?? [];
  if (!Array.isArray(payments)) throw fail('payments', 'payments must be a list');
  if (payments.length > ORDER_DOCUMENT_LIMITS.payments) throw fail('payments', `A document prints at most ${ORDER_DOCUMENT_LIMITS.payments} payments`);

  const title = input.kind === 'invoice' ? L.invoice : L.orderForm;
  const number = text(order.number, 'order.number', { required: true, max: 64 });
  const createdAt = instant(order.createdAt, 'order.createdAt', { required: true }) as Date;
  const status = text(order.statusName, 'order.statusName');

  const customerName = text(customer.name, 'customer.name', { required: true });
  const phone = text(customer.phone, 'customer.phone', { max: 64 });
  const email = text(customer.email, 'customer.email', { max: 320 });
  const customerLines = [
    ...(phone ? [`${L.phone}: ${isolate(phone)}`] : []),
    ...(email ? [`${L.email}: ${isolate(email)}`] : []),
    ...lines(customer.addressLines, 'customer.addressLines'),
  ];

  const items = input.items.map((item, i) => {
    const at = `items[${i}]`;
    if (!item || typeof item !== 'object') throw fail(at, 'An item must be an object');
    return [
      String(i + 1),
      text(item.sku, `${at}.sku`, { max: 200 }),
      text(item.name, `${at}.name`, { required: true }),
      f.quantity(quantity(item.quantity, `${at}.quantity`)),
      f.money(amount(item.unitPrice, `${at}.unitPrice`, currency)),
      f.money(amount(item.lineTotal, `${at}.lineTotal`, currency)),
    ];
  });

  const rows: Printable['totals'] = [{ label: L.goods, value: f.money(amount(totals.goods, 'totals.goods', currency)) }];
  if (totals.discount) {
    const discount = amount(totals.discount.amount, 'totals.discount.amount', currency);
    const percentRaw = totals.discount.percent;
    let percent = '';
    if (percentRaw !== null && percentRaw !== undefined && percentRaw !== '') {
      if (typeof percentRaw !== 'string' || !/^\d{1,3}(\.\d{1,2})?$/.test(percentRaw.trim()) || Number(percentRaw) > 100) {
        throw fail('totals.discount.percent', 'A percent is a decimal string from 0 to 100');
      }
      percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(Number(percentRaw) / 100);
    }
    if (!/^0*(\.0*)?$/.test(discount)) rows.push({ label: percent ? `${L.discount} (${percent})` : L.discount, value: f.money(`-${discount}`) });
  }

  let delivery: string[] | null = null;
  if (input.delivery) {
    const d = input.delivery;
    const kind = [text(d.type, 'delivery.type'), text(d.service, 'delivery.service')].filter(Boolean).join(' · ');
    const date = calendarDate(d.date, 'delivery.date');
    const slot = text(d.slot, 'delivery.slot', { max: 100 });
    const when = [date ? f.date(date) : '', slot].filter(Boolean).join(', ');
    delivery = [...(kind ? [kind] : []), ...lines(d.addressLines, 'delivery.addressLines'), ...(when ? [`${L.deliveryDate}: ${isolate(when)}`] : [])];
    if (d.cost !== null && d.cost !== undefined && d.cost !== '') rows.push({ label: L.deliveryCost, value: f.money(amount(d.cost, 'delivery.cost', currency)) });
    if (!delivery.length) delivery = null;
  }
  rows.push({ label: L.total, value: f.money(amount(totals.total, 'totals.total', currency)), strong: true });
  rows.push({ label: L.paid, value: f.money(amount(totals.paid, 'totals.paid', currency)) });
  rows.push({ label: L.amountDue, value: f.money(amount(totals.amountDue, 'totals.amountDue', currency, { allowNegative: true })), strong: true });

  const paymentRows = payments.map((p, i) => {
    const at = `payments[${i}]`;
    if (!p || typeof p !== 'object') throw fail(at, 'A payment must be an object');
    const statusCode = text(p.status, `${at}.status`, { required: true, max: 200 });
    const date = typeof p.date === 'string' && DATE_ONLY.test(p.date) ? calendarDate(p.date, `${at}.date`) : instant(p.date, `${at}.date`);
    return [
      text(p.type, `${at}.type`, { required: true }),
      L.paymentStatuses[statusCode.toLowerCase()] ?? statusCode,
      date ? f.date(date) : '',
      f.money(amount(p.amount, `${at}.amount`, currency, { allowNegative: true })),
    ];
  });

  const creationDate = input.pdfCreationDate ? instant(input.pdfCreationDate, 'pdfCreationDate') ?? new Date() : new Date();
  return {
    title,
    fileTitle: `${title} ${L.number} ${number}`,
    shopName: text(shop.name, 'shop.name', { required: true }),
    shopLines: lines(shop.addressLines, 'shop.addressLines'),
    number: `${L.number} ${isolate(number)}`,
    dateLine: `${L.date}: ${isolate(f.dateTime(createdAt))}`,
    statusLine: status ? `${L.status}: ${isolate(status)}` : '',
    customer: customerLines,
    customerName,
    delivery,
    items,
    totals: rows,
    payments: paymentRows,
    notes: text(input.notes, 'notes', { max: ORDER_DOCUMENT_LIMITS.notes, multiline: true }),
    labels: L,
    rtl: RTL_LANGUAGES.has(locale.toLowerCase().split('-')[0]),
    locale,
    creationDate,
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_HEIGHT = 26;
const BOTTOM = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT;
const INK = '#1a1a1a';
const MUTED = '#666666';
const RULE = '#cccccc';
const HEADER_FILL = '#f0f0f0';
const CELL_PAD = 4;
/** Table rows laid out between two turns of the event loop (a row takes about a millisecond). */
const ROWS_PER_SLICE = 20;

interface Style {
  bold?: boolean;
  size: number;
  color?: string;
  /**
   * start (default): left, or right for a right-to-left line or document; end: right, or left in a
   * right-to-left document; right: always right (numbers in a column).
   */
  align?: 'start' | 'end' | 'right';
}

interface Column {
  label: string;
  width: number;
  align?: 'start' | 'end' | 'right';
}

class Writer {
  y = MARGIN;
  private readonly widths = new Map<string, number>();
  private fontKey = '';

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly fonts: { regular: string; bold: string },
    private readonly runningHeader: string,
    /** A right-to-left document (Hebrew, Arabic labels): the layout is mirrored and lines align right. */
    readonly rtl: boolean,
  ) {}

  /** Where a box starting at `x` (in left-to-right terms) goes: mirrored in a right-to-left document. */
  x(x: number, width: number): number {
    return this.rtl ? PAGE_WIDTH - x - width : x;
  }

  private use(style: Style): void {
    const key = `${style.bold ? 'b' : 'r'}${style.size}`;
    if (key !== this.fontKey) {
      this.doc.font(style.bold ? this.fonts.bold : this.fonts.regular).fontSize(style.size);
      this.fontKey = key;
    }
  }

  private readonly measure = (s: string): number => {
    const key = `${this.fontKey}\u0000${s}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = this.doc.widthOfString(s, { features: [] });
      this.widths.set(key, w);
    }
    return w;
  };

  lineHeight = (style: Style) => style.size * 1.3;

  lay(value: string, width: number, style: Style): LaidLine[] {
    this.use(style);
    return value ? layoutText(this.printable(value), width, this.measure) : [];
  }

  private readonly covered = new Map<string, string>();

  /** Characters the font has no glyph for are replaced by their compatibility form when it has one (the full-width ￥ of ja → ¥). */
  private printable(value: string): string {
    const font = (this.doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?(c: number): boolean } } })._font?.font;
    if (!font?.hasGlyphForCodePoint || /^[\u0020-\u024F\s]*$/.test(value)) return value;
    let out = '';
    for (const ch of value) {
      let mapped = this.covered.get(ch);
      if (mapped === undefined) {
        const cp = ch.codePointAt(0) as number;
        const compat = ch.normalize('NFKC');
        mapped = font.hasGlyphForCodePoint(cp) || compat === ch || ![...compat].every((c) => font.hasGlyphForCodePoint?.(c.codePointAt(0) as number)) ? ch : compat;
        this.covered.set(ch, mapped);
      }
      out += mapped;
    }
    return out;
  }

  /** Draws laid lines from `y`; returns the height used. */
  draw(laid: LaidLine[], x: number, y: number, width: number, style: Style): number {
    this.use(style);
    const lh = this.lineHeight(style);
    this.doc.fillColor(style.color ?? INK);
    laid.forEach((line, i) => {
      const align = style.align ?? 'start';
      const right = align === 'right' || (align === 'start' ? line.rtl || this.rtl : !this.rtl);
      let cx = right ? x + width - line.width : x;
      for (const run of line.runs) {
        // features: [] makes pdfkit lay the run out whole (so fontkit orders a Hebrew run right, not word by word)
        this.doc.text(run, cx, y + i * lh, { lineBreak: false, features: [] });
        cx += this.measure(run);
      }
    });
    return laid.length * lh;
  }

  /** Writes a block of text at the cursor, breaking to a new page between lines as needed. */
  paragraph(value: string, x: number, width: number, style: Style): void {
    const lh = this.lineHeight(style);
    for (const line of this.lay(value, width, style)) {
      if (this.y + lh > BOTTOM) this.newPage();
      this.draw([line], x, this.y, width, style);
      this.y += lh;
    }
  }

  rule(y = this.y, color = RULE): void {
    this.doc.moveTo(MARGIN, y).lineTo(PAGE_WIDTH - MARGIN, y).lineWidth(0.6).strokeColor(color).stroke();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
    const style = { size: 8, color: MUTED };
    const laid = this.lay(this.runningHeader, CONTENT_WIDTH, style);
    this.y += this.draw(laid.slice(0, 1), MARGIN, this.y, CONTENT_WIDTH, style) + 4;
    this.rule();
    this.y += 8;
  }

  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  /** A table whose header row is repeated on each page it continues on; a row taller than the rest of the page goes on the next one (or is split, when taller than a page). */
  async table(columns: Column[], rows: string[][], style: Style): Promise<void> {
    const header: Style = { size: style.size - 0.5, bold: true, color: INK };
    const lh = this.lineHeight(style);
    const drawHeader = () => {
      const laid = columns.map((c) => this.lay(c.label, c.width - 2 * CELL_PAD, header));
      const height = Math.max(...laid.map((l) => l.length)) * this.lineHeight(header) + 2 * CELL_PAD;
      this.doc.rect(MARGIN, this.y, CONTENT_WIDTH, height).fill(HEADER_FILL);
      let x = MARGIN;
      columns.forEach((c, i) => {
        this.draw(laid[i], this.x(x, c.width) + CELL_PAD, this.y + CELL_PAD, c.width - 2 * CELL_PAD, { ...header, align: c.align });
        x += c.width;
      });
      this.y += height;
    };
    if (this.y + 3 * lh + 2 * CELL_PAD > BOTTOM) this.newPage();
    drawHeader();
    // fresh: nothing drawn on this page since its header row, so a row that still does not fit is split
    let fresh = false;
    for (const [index, row] of rows.entries()) {
      // a long document is laid out in slices, so the API's event loop keeps serving meanwhile
      if (index && index % ROWS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const cells = columns.map((c, i) => this.lay(row[i] ?? '', c.width - 2 * CELL_PAD, style));
      const total = Math.max(1, ...cells.map((l) => l.length));
      let from = 0;
      while (from < total) {
        const fit = Math.floor((BOTTOM - this.y - 2 * CELL_PAD) / lh);
        const remaining = total - from;
        if (fit < remaining && !fresh) {
          this.newPage();
          drawHeader();
          fresh = true;
          continue;
        }
        const n = Math.min(fit, remaining);
        let x = MARGIN;
        columns.forEach((c, i) => {
          this.draw(cells[i].slice(from, from + n), this.x(x, c.width) + CELL_PAD, this.y + CELL_PAD, c.width - 2 * CELL_PAD, { ...style, align: c.align });
          x += c.width;
        });
        this.y += n * lh + 2 * CELL_PAD;
        this.doc.moveTo(MARGIN, this.y).lineTo(PAGE_WIDTH - MARGIN, this.y).lineWidth(0.4).strokeColor(RULE).stroke();
        from += n;
        fresh = false;
      }
    }
  }
}

async function layout(w: Writer, p: Printable): Promise<void> {
  const L = p.labels;
  const doc = w.doc;

  // Header: the shop at the start side, the document's title, number, date and status at the end side
  const leftWidth = 270;
  const rightX = MARGIN + 290;
  const rightWidth = CONTENT_WIDTH - 290;
  const shopStyle: Style = { bold: true, size: 15 };
  const shopLineStyle: Style = { size: 9, color: MUTED };
  let left = w.y;
  left += w.draw(w.lay(p.shopName, leftWidth, shopStyle), w.x(MARGIN, leftWidth), left, leftWidth, shopStyle);
  for (const line of p.shopLines) left += w.draw(w.lay(line, leftWidth, shopLineStyle), w.x(MARGIN, leftWidth), left, leftWidth, shopLineStyle);
  let right = w.y;
  const rx = w.x(rightX, rightWidth);
  const titleStyle: Style = { bold: true, size: 18, align: 'end' };
  right += w.draw(w.lay(p.title, rightWidth, titleStyle), rx, right, rightWidth, titleStyle);
  const numberStyle: Style = { bold: true, size: 11, align: 'end' };
  right += w.draw(w.lay(p.number, rightWidth, numberStyle), rx, right, rightWidth, numberStyle);
  const small: Style = { size: 9, color: MUTED, align: 'end' };
  for (const line of [p.dateLine, p.statusLine].filter(Boolean)) right += w.draw(w.lay(line, rightWidth, small), rx, right, rightWidth, small);
  w.y = Math.max(left, right) + 10;
  w.rule();
  w.y += 12;

  // Customer and delivery side by side
  const heading: Style = { bold: true, size: 10 };
  const body: Style = { size: 9.5 };
  const colWidth = (CONTENT_WIDTH - 20) / 2;
  const block = (x: number, title: string, first: string | null, rest: string[]) => {
    let y = w.y;
    const bx = w.x(x, colWidth);
    y += w.draw(w.lay(title, colWidth, heading), bx, y, colWidth, { ...heading, color: MUTED }) + 2;
    if (first) y += w.draw(w.lay(first, colWidth, { ...body, bold: true }), bx, y, colWidth, { ...body, bold: true });
    for (const line of rest) y += w.draw(w.lay(line, colWidth, body), bx, y, colWidth, body);
    return y;
  };
  const customerEnd = block(MARGIN, L.customer, p.customerName, p.customer);
  const deliveryEnd = p.delivery ? block(MARGIN + colWidth + 20, L.delivery, null, p.delivery) : w.y;
  w.y = Math.max(customerEnd, deliveryEnd) + 16;

  // Items
  const fixed = 22 + 72 + 52 + 84 + 90;
  await w.table(
    [
      { label: '#', width: 22, align: 'end' },
      { label: L.sku, width: 72 },
      { label: L.name, width: CONTENT_WIDTH - fixed },
      { label: L.quantity, width: 52, align: 'end' },
      { label: L.unitPrice, width: 84, align: 'end' },
      { label: L.lineTotal, width: 90, align: 'end' },
    ],
    p.items,
    { size: 9 },
  );
  w.y += 12;

  // Totals, kept together at the end side
  const totalsWidth = 320;
  const totalsX = PAGE_WIDTH - MARGIN - totalsWidth;
  const labelWidth = 150;
  const laidTotals = p.totals.map((r) => {
    const style: Style = { size: r.strong ? 11 : 9.5, bold: r.strong };
    return { style, label: w.lay(r.label, labelWidth, style), value: w.lay(r.value, totalsWidth - labelWidth, style) };
  });
  const rowHeight = (r: (typeof laidTotals)[number]) => Math.max(r.label.length, r.value.length) * w.lineHeight(r.style) + 4;
  w.ensure(laidTotals.reduce((s, r) => s + rowHeight(r), 0));
  for (const r of laidTotals) {
    w.draw(r.label, w.x(totalsX, labelWidth), w.y, labelWidth, r.style);
    w.draw(r.value, w.x(totalsX + labelWidth, totalsWidth - labelWidth), w.y, totalsWidth - labelWidth, { ...r.style, align: 'end' });
    w.y += rowHeight(r);
  }
  w.y += 14;

  // Payments
  if (p.payments.length) {
    w.ensure(40);
    w.y += w.draw(w.lay(L.payments, CONTENT_WIDTH, heading), MARGIN, w.y, CONTENT_WIDTH, heading) + 4;
    await w.table(
      [
        { label: L.paymentType, width: CONTENT_WIDTH - 110 - 110 - 110 },
        { label: L.paymentStatus, width: 110 },
        { label: L.paymentDate, width: 110 },
        { label: L.amount, width: 110, align: 'end' },
      ],
      p.payments,
      { size: 9 },
    );
    w.y += 14;
  }

  // Notes
  if (p.notes.trim()) {
    w.ensure(40);
    w.y += w.draw(w.lay(L.notes, CONTENT_WIDTH, heading), MARGIN, w.y, CONTENT_WIDTH, heading) + 4;
    w.paragraph(p.notes, MARGIN, CONTENT_WIDTH, body);
  }

  // Footer on every page: the document at the start side, "page / pages" at the end side
  const range = doc.bufferedPageRange();
  const footer: Style = { size: 8, color: MUTED };
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const y = PAGE_HEIGHT - MARGIN - 12;
    w.rule(y - 6);
    const pageNo = `${i + 1} / ${range.count}`;
    w.draw(w.lay(`${p.shopName} · ${p.fileTitle}`, CONTENT_WIDTH - 80, footer).slice(0, 1), w.x(MARGIN, CONTENT_WIDTH - 80), y, CONTENT_WIDTH - 80, footer);
    w.draw(w.lay(pageNo, 80, footer), w.x(PAGE_WIDTH - MARGIN - 80, 80), y, 80, { ...footer, align: 'end' });
  }
}

/**
 * Renders an invoice or order form as an A4 PDF with DejaVu Sans embedded (Latin, Polish, Cyrillic,
 * Hebrew and Arabic print as written; right-to-left lines are reordered and right-aligned). Checks
 * the input first: a bad or oversized value is refused with BAD_USER_INPUT naming the field
 * (`items[3].quantity`), before any drawing.
 */
export async function renderOrderDocument(input: OrderDocumentInput): Promise<Buffer> {
  const p = printable(input);
  const fonts = documentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    font: fonts.regular,
    info: { Title: p.fileTitle, Author: p.shopName, Subject: p.fileTitle, Creator: 'Parley', Producer: 'Parley', CreationDate: p.creationDate },
    lang: p.locale,
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    await layout(new Writer(doc, fonts, `${p.shopName} · ${p.fileTitle}`, p.rtl), p);
  } finally {
    doc.end();
  }
  return done;
}
