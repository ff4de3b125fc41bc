import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { afterReconnect } from './after-reconnect';
import { ClientOrdersDocument, ClientOrdersQuery, OrderSettingsDocument, OrderSettingsEventsDocument, OrderSettingsQuery, OrdersContactChangedDocument, SendOrderSummaryDocument, SetOrderStatusDocument } from './generated/graphql';

export type ClientOrder = ClientOrdersQuery['clientOrders']['nodes'][number];
export type OrderSettings = OrderSettingsQuery;
export type OrderStatusOption = OrderSettingsQuery['orderStatuses'][number];
export type PaymentTypeOption = OrderSettingsQuery['paymentTypes'][number];
export type OrderCustomFieldOption = OrderSettingsQuery['orderCustomFields'][number];

const PAGE = 10;
const REFETCH_COALESCE_MS = 250;

/**
 * Issue #12 (E5): one client's orders for the Orders widget — the newest placed orders (Show
 * more pages on), the draft to resume, status changes; live for other operators' changes
 * (`contactChanged` orders_changed) and after a reconnect. Provided by the widget.
 */
@Injectable()
export class ClientOrdersStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;
  private shown = PAGE;

  readonly orders = signal<ClientOrder[]>([]);
  readonly draft = signal<ClientOrder | null>(null);
  readonly hasMore = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.shown = PAGE;
    this.orders.set([]);
    this.draft.set(null);
    this.hasMore.set(false);
    this.error.set(null);
    this.loaded.set(!contactId);
    if (!contactId) return;
    this.unsubscribe = this.realtime.subscribe(
      OrdersContactChangedDocument,
      {
        next: (data) => {
          if (data.contactChanged.kind === 'orders_changed') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  /** Re-reads as many orders as are shown (a live change may reorder or add one). */
  async reload(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const generation = ++this.generation;
    try {
      const r = await this.api.request(ClientOrdersDocument, { contactId, first: Math.min(this.shown, 50) });
      if (generation !== this.generation) return;
      this.orders.set(r.clientOrders.nodes);
      this.hasMore.set(r.clientOrders.pageInfo.hasNextPage);
      this.draft.set(r.clientOrderDraft);
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    }
  }

  async more(): Promise<void> {
    this.shown = Math.min(this.shown + PAGE, 50);
    await this.reload();
  }

  /** Changes a placed order's status; the server's refusal is thrown for the widget to show. */
  async setStatus(orderId: string, status: string): Promise<void> {
    const { setOrderStatus } = await this.api.request(SetOrderStatusDocument, { input: { orderId, status } });
    this.generation++;
    this.orders.update((list) => list.map((o) => (o.id === orderId ? setOrderStatus : o)));
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      void this.reload();
    }, REFETCH_COALESCE_MS);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.refetchTimer) clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
    this.generation++;
  }
}

/**
 * The workspace's statuses, payment types, price types, custom order fields, Main-field suggestions and manager choices: read once, then refetched when an
 * admin changes them (Settings › Orders publishes `orderSettingsEvents`), so every status menu and
 * payment type list follows without a reload.
 */
@Injectable({ providedIn: 'root' })
export class OrderSettingsStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private pending: Promise<OrderSettings> | null = null;
  private following = false;
  readonly settings = signal<OrderSettings | null>(null);

  load(): Promise<OrderSettings> {
    this.follow();
    this.pending ??= this.fetch();
    return this.pending;
  }

  private fetch(): Promise<OrderSettings> {
    return this.api.request(OrderSettingsDocument, {}).then(
      (s) => {
        this.settings.set(s);
        return s;
      },
      (e) => {
        this.pending = null;
        throw e;
      },
    );
  }

  private follow(): void {
    if (this.following) return;
    this.following = true;
    this.realtime.subscribe(OrderSettingsEventsDocument, {
      next: () => {
        const next = this.fetch();
        this.pending = next;
        next.catch(() => undefined);
      },
      error: () => {
        this.following = false;
      },
    });
  }
}

/** "Send order": the order's summary into the conversation (a fresh idempotency key per click). */
export async function sendOrderSummary(api: ApiClient, orderId: string, conversationId: string): Promise<void> {
  const clientId = `order-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  await api.request(SendOrderSummaryDocument, { input: { orderId, conversationId, clientId } });
}
