import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { ClientCardDocument, ClientOrderDraftDocument, DeleteOrderDraftDocument, OrderDocument, OrdersContactChangedDocument, OrderQuery, PreviewOrderDocument, PreviewOrderQuery, SaveOrderDocument, SaveOrderInput, SendPaymentLinkDocument } from './generated/graphql';

export type EditedOrder = OrderQuery['order'];
export type OrderTotalsView = PreviewOrderQuery['previewOrder']['totals'];

/** What the drawer is asked to show: a client's order (null: a new one, or the client's draft). */
export interface OrderDrawerRequest {
  contactId: string;
  conversationId: string | null;
  orderId: string | null;
}

/** A product to add as a line (from the products widget, the cart or the popup). */
export interface OrderLineProduct {
  id: string;
  sku: string;
  name: string;
  price: string;
  images?: readonly string[];
  /** How many (a cart item's quantity); 1 when omitted. */
  quantity?: string;
}

/**
 * Which order the drawer beside the conversation shows, app-wide (the widget's number, "New
 * order", "Add to order" from the products widget or the cart). `pendingProducts` are lines to
 * add once the drawer has the order open.
 */
@Injectable({ providedIn: 'root' })
export class OrderDrawer {
  readonly request = signal<OrderDrawerRequest | null>(null);
  readonly pendingProducts = signal<OrderLineProduct[]>([]);
  /**
   * Set by the open drawer: asked before it shows another order, so unsaved changes are kept as the
   * draft or discarded only when the operator says so. Resolves false to stay on the open order.
   */
  leaveGuard: (() => Promise<boolean>) | null = null;

  /** Shows this order (or a new one); resolves false when the operator chose to keep editing the open one. */
  async open(request: OrderDrawerRequest): Promise<boolean> {
    const open = this.request();
    const same = open && open.contactId === request.contactId && open.orderId === request.orderId && request.orderId !== null;
    if (open && !same && this.leaveGuard && !(await this.leaveGuard())) return false;
    this.request.set(request);
    return true;
  }

  /** Adds the product to the client's current order: the open one, else the draft, else a new one. */
  async addProduct(contactId: string, conversationId: string | null, product: OrderLineProduct): Promise<void> {
    const open = this.request();
    if (!open || open.contactId !== contactId) {
      if (!(await this.open({ contactId, conversationId, orderId: null }))) return;
    }
    this.pendingProducts.update((list) => [...list, product]);
  }

  takePending(): OrderLineProduct[] {
    const list = this.pendingProducts();
    if (list.length) this.pendingProducts.set([]);
    return list;
  }

  close(): void {
    this.request.set(null);
    this.pendingProducts.set([]);
  }
}

export interface EditItem {
  key: string;
  productId: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  /** What the operator typed; '' = the list price. */
  unitPrice: string;
  listPrice: string | null;
  imageUrl: string | null;
}

export interface EditPayment {
  key: string;
  id: string | null;
  type: string;
  status: 'pending' | 'paid' | 'failed' | 'cancelled' | 'refunded';
  amount: string;
}

export interface EditForm {
  status: string | null;
  priceTypeId: string | null;
  customer: { firstName: string; lastName: string; phone: string; email: string };
  items: EditItem[];
  discountKind: 'amount' | 'percent';
  discountValue: string;
  delivery: { type: string; service: string; region: string; city: string; street: string; postalCode: string; date: string; slot: string; cost: string };
  payments: EditPayment[];
  extra: { country: string; orderType: string; orderMethod: string; store: string; managerId: string };
  /** Custom order fields' values by key, as strings ('' = empty; a checkbox 'true'/'false'). */
  custom: Record<string, string>;
  /** Keys of custom fields shown in this order besides the pinned ones (added through the Extra fields search). */
  shownFields: string[];
  comment: string;
}

const EMPTY_DELIVERY: EditForm['delivery'] = { type: '', service: '', region: '', city: '', street: '', postalCode: '', date: '', slot: '', cost: '' };
const PREVIEW_DEBOUNCE_MS = 300;
let keySeq = 0;
const key = () => `k${++keySeq}`;
const blank = (v: string) => (v.trim() === '' ? null : v.trim());

/** Two quantities as typed (≤ 3 decimals) added exactly in thousandths; null when one is not a number. */
export function addQuantities(a: string, b: string): string | null {
  const milli = (q: string) => (/^\d{1,9}(\.\d{1,3})?$/.test(q.trim()) ? Math.round(Number(q.trim()) * 1000) : null);
  const x = milli(a);
  const y = milli(b);
  if (x === null || y === null) return null;
  const s = String(x + y).padStart(4, '0');
  return `${s.slice(0, -3)}.${s.slice(-3)}`.replace(/\.?0+$/, '');
}

export function emptyForm(): EditForm {
  return {
    status: null,
    priceTypeId: null,
    customer: { firstName: '', lastName: '', phone: '', email: '' },
    items: [],
    discountKind: 'amount',
    discountValue: '',
    delivery: { ...EMPTY_DELIVERY },
    payments: [],
    extra: { country: '', orderType: '', orderMethod: '', store: '', managerId: '' },
    custom: {},
    shownFields: [],
    comment: '',
  };
}

export function formOf(o: EditedOrder): EditForm {
  return {
    status: o.status.code,
    priceTypeId: o.priceTypeId,
    customer: { firstName: o.customer.firstName ?? '', lastName: o.customer.lastName ?? '', phone: o.customer.phone ?? '', email: o.customer.email ?? '' },
    items: o.items.map((i) => ({ key: key(), productId: i.productId, sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: i.listPrice !== null && i.unitPrice === i.listPrice ? '' : i.unitPrice, listPrice: i.listPrice, imageUrl: i.imageUrl })),
    discountKind: o.discount?.kind ?? 'amount',
    discountValue: o.discount?.value ?? '',
    delivery: {
      type: o.delivery.type ?? '',
      service: o.delivery.service ?? '',
      region: o.delivery.region ?? '',
      city: o.delivery.city ?? '',
      street: o.delivery.street ?? '',
      postalCode: o.delivery.postalCode ?? '',
      date: o.delivery.date ?? '',
      slot: o.delivery.slot ?? '',
      cost: o.delivery.costManual ? o.delivery.cost : '',
    },
    payments: o.payments.map((p) => ({ key: key(), id: p.id, type: p.type.code, status: p.status, amount: p.amount })),
    extra: { country: o.extra.country ?? '', orderType: o.extra.orderType ?? '', orderMethod: o.extra.orderMethod ?? '', store: o.extra.store ?? '', managerId: o.extra.managerId ?? '' },
    custom: Object.fromEntries((o.custom ?? []).map((c) => [c.key, c.value])),
    shownFields: (o.custom ?? []).map((c) => c.key),
    comment: o.comment ?? '',
  };
}

/** The form as the API's SaveOrderInput (empty texts as null; prices as typed — the server parses and refuses). */
export function inputOf(form: EditForm, r: { contactId: string; conversationId: string | null; id: string | null; version: number | null }, draft: boolean): SaveOrderInput {
  const d = form.delivery;
  return {
    id: r.id,
    clientId: r.contactId,
    conversationId: r.conversationId,
    expectedVersion: r.version,
    draft,
    status: form.status,
    priceTypeId: form.priceTypeId,
    customer: { firstName: blank(form.customer.firstName), lastName: blank(form.customer.lastName), phone: blank(form.customer.phone), email: blank(form.customer.email) },
    items: form.items.map((i) => ({ productId: i.productId, name: i.productId ? null : i.name, sku: i.productId ? null : i.sku, quantity: i.quantity.trim(), unitPrice: blank(i.unitPrice) })),
    discount: blank(form.discountValue) ? { kind: form.discountKind, value: form.discountValue.trim() } : null,
    delivery: { type: blank(d.type), service: blank(d.service), region: blank(d.region), city: blank(d.city), street: blank(d.street), postalCode: blank(d.postalCode), date: blank(d.date), slot: blank(d.slot), cost: blank(d.cost) },
    payments: form.payments.map((p) => ({ id: p.id, type: p.type, status: p.status, amount: p.amount.trim() })),
    extra: { country: blank(form.extra.country), orderType: blank(form.extra.orderType), orderMethod: blank(form.extra.orderMethod), store: blank(form.extra.store), managerId: blank(form.extra.managerId) },
    // every value the form holds (a switched-off field's stored one too: the server keeps it); '' clears
    custom: Object.entries(form.custom).map(([k, v]) => ({ key: k, value: v.trim() === '' ? null : v })),
    comment: blank(form.comment),
  };
}

/**
 * The order drawer's state (SPEC E5, seed 004): the order being edited as a form, its totals and
 * delivery rule computed by the server as the operator types (previewOrder, debounced), saved
 * whole (saveOrder) with the server's errors put under their fields and the order-level ones on
 * top. A new order resumes the client's draft or is prefilled from the client (name, phone,
 * e-mail, address); closing a new, half-filled order keeps it as the draft.
 */
@Injectable()
export class OrderEditor {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly session = inject(SessionStore);
  private unsubscribe: (() => void) | null = null;
  private previewTimer: ReturnType<typeof setTimeout> | null = null;
  private previewSeq = 0;
  private loadSeq = 0;
  private lastSaveDraft = false;

  readonly request = signal<OrderDrawerRequest | null>(null);
  readonly order = signal<EditedOrder | null>(null);
  readonly form = signal<EditForm>(emptyForm());
  readonly dirty = signal(false);
  readonly loading = signal(false);
  readonly saving = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly totals = signal<OrderTotalsView | null>(null);
  readonly lineTotals = signal<string[]>([]);
  readonly deliveryRule = signal<string | null>(null);
  readonly previewing = signal(false);
  /** Field → message, from the last save the server refused. */
  readonly errors = signal<ReadonlyMap<string, string>>(new Map());
  /** Errors not under one field (the order as a whole, the items list, the payments list). */
  readonly topErrors = computed(() => [...this.errors().entries()].filter(([f]) => f === 'order' || f === 'items' || f === 'payments' || f === 'clientId').map(([, m]) => m));
  readonly currency = computed(() => this.order()?.currency ?? this.fallbackCurrency());
  private readonly fallbackCurrency = signal('EUR');

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      if (this.previewTimer) clearTimeout(this.previewTimer);
      this.unsubscribe?.();
    });
  }

  /** Another operator's save, status change or payment of the open order shows here when this operator has not changed it (an edit in progress is kept; a save over the newer version is then refused). */
  private follow(contactId: string): void {
    this.unsubscribe?.();
    this.unsubscribe = this.realtime.subscribe(
      OrdersContactChangedDocument,
      {
        next: (data) => {
          const o = this.order();
          if (data.contactChanged.kind !== 'orders_changed' || !o || this.dirty() || this.saving()) return;
          if (data.contactChanged.actorId && data.contactChanged.actorId === this.session.operator()?.id) return;
          void this.refresh(o.id);
        },
        error: () => undefined,
      },
      { contactId },
    );
  }

  private async refresh(id: string): Promise<void> {
    try {
      const { order } = await this.api.request(OrderDocument, { id });
      if (this.order()?.id !== id || this.dirty()) return;
      this.order.set(order);
      this.form.set(formOf(order));
      this.totals.set(order.totals);
      this.lineTotals.set(order.items.map((i) => i.lineTotal));
      this.deliveryRule.set(order.delivery.ruleName);
    } catch {
      // gone (a draft deleted elsewhere) or offline: the form stays as it is
    }
  }

  setCurrency(currency: string): void {
    this.fallbackCurrency.set(currency);
  }

  /** Opens the request's order: the given one, else the client's draft, else a new one prefilled from the client. */
  async load(request: OrderDrawerRequest): Promise<void> {
    const seq = ++this.loadSeq;
    if (this.request()?.contactId !== request.contactId) this.follow(request.contactId);
    this.request.set(request);
    this.loading.set(true);
    this.loadError.set(null);
    this.errors.set(new Map());
    this.dirty.set(false);
    try {
      let order: EditedOrder | null = null;
      if (request.orderId) order = (await this.api.request(OrderDocument, { id: request.orderId })).order;
      else order = (await this.api.request(ClientOrderDraftDocument, { contactId: request.contactId })).clientOrderDraft;
      if (seq !== this.loadSeq) return;
      if (order) {
        this.order.set(order);
        this.form.set(formOf(order));
        this.totals.set(order.totals);
        this.lineTotals.set(order.items.map((i) => i.lineTotal));
        this.deliveryRule.set(order.delivery.ruleName);
      } else {
        const { contact } = await this.api.request(ClientCardDocument, { id: request.contactId });
        if (seq !== this.loadSeq) return;
        const f = emptyForm();
        const phone = contact.phones.find((p) => p.primary)?.value ?? contact.phone ?? '';
        const email = contact.emails.find((e) => e.primary)?.value ?? contact.email ?? '';
        const a = contact.address;
        const street = a ? [a.street, a.house, a.flat ? `flat ${a.flat}` : null].filter(Boolean).join(' ') : '';
        f.customer = { firstName: contact.firstName ?? (contact.lastName ? '' : (contact.name ?? '')), lastName: contact.lastName ?? '', phone, email };
        f.delivery = { ...EMPTY_DELIVERY, region: a?.region ?? '', city: a?.city ?? '', street: a?.split ? street : (a?.street ?? a?.line ?? ''), postalCode: a?.postalCode ?? '' };
        f.extra.country = a?.country ?? '';
        this.order.set(null);
        this.form.set(f);
        this.totals.set(null);
        this.lineTotals.set([]);
        this.deliveryRule.set(null);
      }
      this.schedulePreview(0);
    } catch (e) {
      if (seq === this.loadSeq) this.loadError.set(describeError(e));
    } finally {
      if (seq === this.loadSeq) this.loading.set(false);
    }
  }

  /** Changes the form (the totals follow, from the server). */
  update(change: (f: EditForm) => EditForm): void {
    this.form.update(change);
    this.dirty.set(true);
    this.schedulePreview(PREVIEW_DEBOUNCE_MS);
  }

  addProduct(p: OrderLineProduct): void {
    this.update((f) => {
      const add = p.quantity ?? '1';
      const same = f.items.findIndex((i) => i.productId === p.id && i.unitPrice === '');
      if (same >= 0) {
        const items = [...f.items];
        const sum = addQuantities(items[same].quantity, add);
        items[same] = { ...items[same], quantity: sum ?? items[same].quantity };
        return { ...f, items };
      }
      return { ...f, items: [...f.items, { key: key(), productId: p.id, sku: p.sku, name: p.name, quantity: add, unitPrice: '', listPrice: p.price, imageUrl: p.images?.[0] ?? null }] };
    });
  }

  addFreeLine(): void {
    this.update((f) => ({ ...f, items: [...f.items, { key: key(), productId: null, sku: null, name: '', quantity: '1', unitPrice: '', listPrice: null, imageUrl: null }] }));
  }

  addPayment(type: string): void {
    const due = this.totals()?.due;
    this.update((f) => ({ ...f, payments: [...f.payments, { key: key(), id: null, type, status: 'pending', amount: due && Number(due) > 0 ? due : '' }] }));
  }

  /** Shows a custom field in this order (the Extra fields search); not a change of the order itself. */
  showField(fieldKey: string): void {
    this.form.update((f) => (f.shownFields.includes(fieldKey) ? f : { ...f, shownFields: [...f.shownFields, fieldKey] }));
  }

  clearAddress(): void {
    this.update((f) => ({ ...f, delivery: { ...f.delivery, region: '', city: '', street: '', postalCode: '' } }));
  }

  error(field: string): string | null {
    return this.errors().get(field) ?? null;
  }

  /** Saves the order (draft: keep it as the client's draft). Returns the saved order, or null when refused (errors set). */
  async save(draft = false): Promise<EditedOrder | null> {
    const r = this.request();
    if (!r) return null;
    this.saving.set(true);
    this.lastSaveDraft = draft;
    try {
      const current = this.order();
      const { saveOrder } = await this.api.request(SaveOrderDocument, { input: inputOf(this.form(), { ...r, id: current?.id ?? null, version: current?.version ?? null }, draft) });
      this.order.set(saveOrder);
      this.request.set({ ...r, orderId: saveOrder.id });
      this.form.set(formOf(saveOrder));
      this.totals.set(saveOrder.totals);
      this.lineTotals.set(saveOrder.items.map((i) => i.lineTotal));
      this.deliveryRule.set(saveOrder.delivery.ruleName);
      this.errors.set(new Map());
      this.dirty.set(false);
      return saveOrder;
    } catch (e) {
      const map = new Map<string, string>();
      if (e instanceof GraphqlRequestError) {
        const list = e.errors[0]?.extensions?.['fieldErrors'];
        if (Array.isArray(list)) for (const fe of list as Array<{ field: string; message: string }>) if (!map.has(fe.field)) map.set(fe.field, fe.message);
        if (!map.size) map.set('order', e.code === 'NETWORK' ? describeError(e) : e.message);
      } else map.set('order', describeError(e));
      this.errors.set(map);
      return null;
    } finally {
      this.saving.set(false);
    }
  }

  /**
   * "Send payment link" for the form's payment `index`: an order with unsaved changes is saved
   * first (a refused save sends nothing); then the payment's link is posted into the conversation
   * and the order is read again (the row shows "Link sent" and the link's state). Returns an error
   * message, or null when sent.
   */
  async sendPaymentLink(index: number, conversationId: string): Promise<string | null> {
    const open = this.order();
    if (this.dirty() || !open || open.isDraft) {
      const saved = await this.save(false);
      if (!saved) return 'Not sent: the order could not be saved (see the errors)';
    }
    const order = this.order();
    const payment = order?.payments[index];
    if (!order || !payment) return 'Not sent: save the payment first';
    try {
      const clientId = `pay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      await this.api.request(SendPaymentLinkDocument, { input: { orderId: order.id, paymentId: payment.id, conversationId, clientId } });
    } catch (e) {
      return e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e);
    }
    await this.refresh(order.id);
    return null;
  }

  /** Drops the client's draft. */
  async discardDraft(): Promise<void> {
    const o = this.order();
    if (o?.isDraft) await this.api.request(DeleteOrderDraftDocument, { orderId: o.id });
    this.order.set(null);
    this.dirty.set(false);
  }

  /** Whether closing should keep the half-filled new order as the client's draft. */
  shouldKeepDraft(): boolean {
    const o = this.order();
    const f = this.form();
    return this.dirty() && (!o || o.isDraft) && (f.items.length > 0 || f.payments.length > 0);
  }

  private schedulePreview(ms: number): void {
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      this.previewTimer = null;
      void this.preview();
    }, ms);
  }

  private async preview(): Promise<void> {
    const r = this.request();
    if (!r) return;
    const seq = ++this.previewSeq;
    this.previewing.set(true);
    try {
      const current = this.order();
      const { previewOrder } = await this.api.request(PreviewOrderDocument, { input: inputOf(this.form(), { ...r, id: current?.id ?? null, version: null }, this.errors().size ? this.lastSaveDraft : false) });
      if (seq !== this.previewSeq) return;
      this.totals.set(previewOrder.totals);
      this.lineTotals.set(previewOrder.lineTotals);
      this.deliveryRule.set(previewOrder.deliveryRuleName);
      // once a save was refused, the errors follow the form as it is fixed
      if (this.errors().size) this.errors.set(new Map(previewOrder.errors.map((e) => [e.field, e.message])));
    } catch {
      // the totals stay as they were; a save reports the problem
    } finally {
      if (seq === this.previewSeq) this.previewing.set(false);
    }
  }
}
