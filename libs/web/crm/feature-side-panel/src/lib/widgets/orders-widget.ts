import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Permission } from '@parley/shared/contracts';
import { ClientOrder, ClientOrdersStore, OrderDrawer, OrderSettingsStore, OrderStatusOption } from '@parley/web/crm/data-access';
import { Conversation, SessionStore } from '@parley/web/shared/data-access';
import { describeError, formatMoney, GraphqlRequestError } from '@parley/web/shared/util';
import { WIDGET_STYLES } from './widget-styles';

const GROUP_LABELS: Record<string, string> = { new: 'New', approval: 'Approval', assembling: 'Assembling', delivery: 'Delivery', complete: 'Complete', cancelled: 'Cancelled' };
const PAYMENT_LABELS: Record<string, string> = { none: 'not paid', partial: 'partly paid', full: 'paid' };

/**
 * The side panel's Orders widget (SPEC E5, seed 004): the client's orders — number, status, amount
 * due in the order's currency coloured by payment state (none / partial / full); the status is
 * changed right there (saved, the server's refusal shown on the row); the number opens the order
 * in the drawer, "New order" starts one (or resumes the client's draft); a click on the delivery
 * cost shows the delivery, on the amount due the payments. Live for other operators.
 */
@Component({
  selector: 'pl-orders-widget',
  imports: [MatButtonModule],
  providers: [ClientOrdersStore],
  template: `
    <h3 id="orders-title" class="head">
      <span>Orders</span>
      @if (contactId() && canManage()) {
        <button mat-stroked-button type="button" (click)="openNew()" data-testid="orders-new" title="Start an order for this client (resumes the draft)">New order</button>
      }
    </h3>
    @if (!contactId()) {
      <p class="none">Orders are kept on a client: this conversation has none.</p>
    } @else {
      @if (store.error(); as e) {
        <p class="error" role="alert">The orders could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
      }
      @if (!store.loaded() && !store.error()) {
        <p class="none" aria-busy="true">Loading orders…</p>
      }
      @if (store.draft(); as d) {
        <p class="draft" data-testid="order-draft">
          <span>Draft · {{ d.items.length }} {{ d.items.length === 1 ? 'item' : 'items' }} · {{ money(d.totals.total, d.currency) }}</span>
          <button type="button" class="link" (click)="open(d)" data-testid="order-draft-resume">Resume</button>
        </p>
      }
      @if (store.loaded() && !store.orders().length && !store.draft()) {
        <p class="none" data-testid="orders-none">No orders yet.@if (canManage()) { “New order” starts one from this chat; products and cart items can be added to it.}</p>
      }
      <ul aria-labelledby="orders-title" data-testid="orders-list">
        @for (o of store.orders(); track o.id) {
          <li data-testid="order-row" [attr.data-number]="o.number">
            <div class="line">
              <button type="button" class="link number" (click)="open(o)" [attr.aria-label]="'Open order ' + o.number" data-testid="order-open">#{{ o.number }}</button>
              <label class="sr-only" [for]="'status-' + o.id">Status of order {{ o.number }}</label>
              <select [id]="'status-' + o.id" class="status" [disabled]="!canManage() || busy() === o.id" (change)="setStatus(o, $any($event.target))" data-testid="order-status">
                @for (g of groups(); track g.group) {
                  <optgroup [label]="g.label">
                    @for (s of g.statuses; track s.id) {
                      <option [value]="s.code" [selected]="s.code === o.status.code" [disabled]="!s.active && s.code !== o.status.code">{{ s.name }}</option>
                    }
                  </optgroup>
                }
                @if (!known(o.status.code)) {
                  <option [value]="o.status.code" selected>{{ o.status.name }}</option>
                }
              </select>
              <button
                type="button"
                class="due"
                [class]="'state-' + o.totals.paymentState"
                (click)="toggle(o.id, 'payments')"
                [attr.aria-expanded]="shown()?.id === o.id && shown()?.what === 'payments'"
                [attr.aria-label]="'Due ' + money(o.totals.due, o.currency) + ', ' + paymentLabel(o) + ': show the payments'"
                data-testid="order-due"
              >
                {{ money(o.totals.due, o.currency) }}
              </button>
            </div>
            <div class="sub">
              <span>{{ o.createdAt.slice(0, 10) }} · {{ o.items.length }} {{ o.items.length === 1 ? 'item' : 'items' }} · total {{ money(o.totals.total, o.currency) }}</span>
              <button type="button" class="link" (click)="toggle(o.id, 'delivery')" [attr.aria-expanded]="shown()?.id === o.id && shown()?.what === 'delivery'" data-testid="order-delivery">
                Delivery {{ money(o.totals.delivery, o.currency) }}
              </button>
            </div>
            @if (shown()?.id === o.id) {
              @if (shown()?.what === 'delivery') {
                <dl class="detail" data-testid="order-delivery-detail">
                  <dt>Type</dt><dd>{{ o.delivery.type || '—' }}@if (o.delivery.service) { · {{ o.delivery.service }} }</dd>
                  <dt>Address</dt><dd>{{ address(o) || '—' }}</dd>
                  <dt>When</dt><dd>{{ o.delivery.date || '—' }} {{ o.delivery.slot || '' }}</dd>
                  <dt>Cost</dt><dd>{{ money(o.delivery.cost, o.currency) }} ({{ o.delivery.costManual ? 'typed' : o.delivery.ruleName ? 'rule “' + o.delivery.ruleName + '”' : 'no rule' }})</dd>
                </dl>
              } @else {
                <div class="detail" data-testid="order-payments-detail">
                  @for (p of o.payments; track p.id) {
                    <p>{{ p.type.name }} · {{ p.status }} · {{ money(p.amount, o.currency) }}</p>
                  } @empty {
                    <p class="none">No payments yet.</p>
                  }
                  <p>Paid {{ money(o.totals.paid, o.currency) }} of {{ money(o.totals.total, o.currency) }} ({{ paymentLabel(o) }})</p>
                </div>
              }
            }
            @if (rowError()?.id === o.id) {
              <p class="error" role="alert" data-testid="order-row-error">{{ rowError()!.text }}</p>
            }
          </li>
        }
      </ul>
      @if (store.hasMore()) {
        <button type="button" class="link" (click)="store.more()" data-testid="orders-more">Show more orders</button>
      }
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .head { display: flex; align-items: center; justify-content: space-between; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
      .line { display: flex; align-items: center; gap: 8px; }
      .number { font: var(--mat-sys-label-large); }
      .status { flex: 1; min-width: 0; }
      .due { border: 0; border-radius: 10px; padding: 2px 8px; cursor: pointer; font: var(--mat-sys-label-medium); }
      .state-none { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
      .state-partial { background: #fff0c2; color: #5c4300; }
      .state-full { background: #d6f5d6; color: #0b4d0b; }
      .sub { display: flex; justify-content: space-between; gap: 8px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
      .detail { margin: 6px 0 0; padding: 6px 8px; background: var(--mat-sys-surface-container); border-radius: 6px; font: var(--mat-sys-body-small); }
      .detail p { margin: 2px 0; }
      .draft { display: flex; justify-content: space-between; gap: 8px; margin: 0 0 6px; padding: 6px 8px; border: 1px dashed var(--mat-sys-outline); border-radius: 6px; }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrdersWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientOrdersStore);
  private readonly session = inject(SessionStore);
  private readonly drawer = inject(OrderDrawer);
  private readonly settings = inject(OrderSettingsStore);
  protected readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  protected readonly canManage = computed(() => this.session.canReply() && this.session.permissions().has(Permission.manage_orders));
  protected readonly busy = signal<string | null>(null);
  protected readonly rowError = signal<{ id: string; text: string } | null>(null);
  protected readonly shown = signal<{ id: string; what: 'delivery' | 'payments' } | null>(null);
  protected readonly groups = computed(() => {
    const statuses = this.settings.settings()?.orderStatuses ?? [];
    const by = new Map<string, OrderStatusOption[]>();
    for (const s of statuses) (by.get(s.group) ?? by.set(s.group, []).get(s.group))?.push(s);
    return [...by.entries()].map(([group, list]) => ({ group, label: GROUP_LABELS[group] ?? group, statuses: list }));
  });

  constructor() {
    effect(() => {
      const id = this.contactId();
      untracked(() => this.store.open(id));
    });
    void this.settings.load().catch(() => undefined);
  }

  protected money(amount: string, currency: string): string {
    return formatMoney(amount, currency);
  }

  protected paymentLabel(o: ClientOrder): string {
    return PAYMENT_LABELS[o.totals.paymentState] ?? o.totals.paymentState;
  }

  protected known(code: string): boolean {
    return (this.settings.settings()?.orderStatuses ?? []).some((s) => s.code === code);
  }

  protected address(o: ClientOrder): string {
    return [o.delivery.street, o.delivery.city, o.delivery.postalCode, o.delivery.region].filter(Boolean).join(', ');
  }

  protected toggle(id: string, what: 'delivery' | 'payments'): void {
    const s = this.shown();
    this.shown.set(s?.id === id && s.what === what ? null : { id, what });
  }

  protected open(o: ClientOrder): void {
    const contactId = this.contactId();
    if (contactId) void this.drawer.open({ contactId, conversationId: this.conversation()?.id ?? null, orderId: o.id });
  }

  openNew(): void {
    const contactId = this.contactId();
    if (contactId) void this.drawer.open({ contactId, conversationId: this.conversation()?.id ?? null, orderId: null });
  }

  protected async setStatus(o: ClientOrder, select: HTMLSelectElement): Promise<void> {
    const code = select.value;
    this.busy.set(o.id);
    this.rowError.set(null);
    try {
      await this.store.setStatus(o.id, code);
    } catch (e) {
      select.value = o.status.code;
      this.rowError.set({ id: o.id, text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e) });
    } finally {
      this.busy.set(null);
    }
  }
}
