import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { CART_ITEM_ACTIONS, CartItemAction, CartItemActionContext, cartItemCode, sendCartItemText, sendProductCard, VisitorCartItem, VisitorCartStore } from '@parley/web/crm/data-access';
import { ApiClient, Conversation, SessionStore } from '@parley/web/shared/data-access';
import { Clock, describeError, formatMoney, GraphqlRequestError } from '@parley/web/shared/util';
import { safeHref } from './visit-widget';
import { WIDGET_STYLES } from './widget-styles';

/** "Updated just now", "Updated 2 min ago", "Updated 3 h ago", "Updated on 4 Dec, 14:05". */
export function updatedAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const min = Math.floor(Math.max(0, now - at) / 60_000);
  if (min < 1) return 'Updated just now';
  if (min < 60) return `Updated ${min} min ago`;
  if (min < 24 * 60) return `Updated ${Math.floor(min / 60)} h ago`;
  return `Updated on ${new Date(at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;
}

/** The text an item the catalogue does not know goes out as: name, unit price, link (every channel reads text). */
export function cartItemMessage(item: VisitorCartItem): string {
  const price = item.price && item.currency ? ` — ${formatMoney(item.price, item.currency, 'en')}` : '';
  const link = safeHref(item.url);
  return [`${item.name}${price}`, link].filter(Boolean).join('\n');
}

/**
 * The side panel's Current cart widget (SPEC E9, seed 004): what the visitor has in the shop's
 * cart as the site reports it (Parley.setCart) — items with image, name, quantity, price and line
 * total, the total per currency, when it was last updated; live as the visitor changes it. Per
 * item "Send to client": the catalogue's product card when the item names a catalogue product (by
 * SKU or the shop's id), else a short text with name, price and link. More per-item actions
 * (the orders' "Add to order") come from CART_ITEM_ACTIONS. Observers read only.
 */
@Component({
  selector: 'pl-cart-widget',
  providers: [VisitorCartStore],
  template: `
    <h3 id="cart-title" class="head">
      <span>Current cart</span>
      @if (updatedAt(); as at) {
        <time class="updated" [attr.datetime]="at" [title]="exactTime(at)" data-testid="cart-updated">{{ ago(at) }}</time>
      }
    </h3>
    @if (!isWebchat()) {
      <p class="none" data-testid="cart-not-webchat">A cart comes from the web chat on your site (Parley.setCart); this conversation is on another channel.</p>
    }
    @if (store.error(); as e) {
      <p class="error" role="alert">The cart could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
    }
    @if (!store.loaded() && !store.error()) {
      <p class="none" aria-busy="true">Loading the cart…</p>
    } @else if (store.loaded() && !items().length && isWebchat()) {
      <p class="none" data-testid="cart-empty">The visitor's cart is empty; it fills when your site calls Parley.setCart.</p>
    }
    @if (items().length) {
      <ul aria-labelledby="cart-title" data-testid="cart-items">
        @for (i of items(); track i.id) {
          <li data-testid="cart-item" [attr.data-id]="i.id" [attr.data-sku]="i.sku">
            @if (imageOf(i); as src) {
              <img [src]="src" alt="" width="40" height="40" loading="lazy" referrerpolicy="no-referrer" />
            }
            <div class="main">
              @if (linkOf(i); as href) {
                <a [href]="href" target="_blank" rel="noopener noreferrer" class="name" data-testid="cart-item-link">{{ i.name }}</a>
              } @else {
                <span class="name">{{ i.name }}</span>
              }
              <span class="meta" data-testid="cart-item-meta">
                <span data-testid="cart-item-quantity">{{ i.quantity }}</span> ×
                {{ i.price && i.currency ? money(i.price, i.currency) : 'no price' }}
                @if (i.lineTotal && i.currency) {
                  = <span class="line-total" data-testid="cart-item-total">{{ money(i.lineTotal, i.currency) }}</span>
                }
              </span>
              @if (canSend()) {
                <span class="actions">
                  <button type="button" class="link" (click)="send(i)" [disabled]="busy() === i.id" [attr.aria-label]="'Send ' + i.name + ' to the client'" [title]="store.productOf(i) ? 'Sends the catalogue’s product card' : 'Sends the name, price and link as a message'" data-testid="cart-item-send">Send to client</button>
                  @for (a of actionsFor(i); track a.id) {
                    <button type="button" class="link" (click)="runAction(a, i)" [disabled]="busy() === i.id" [attr.aria-label]="a.ariaLabel(i)" [attr.data-testid]="'cart-item-' + a.id">{{ a.label }}</button>
                  }
                </span>
              }
            </div>
          </li>
        }
      </ul>
      <dl class="totals" data-testid="cart-totals">
        @for (t of totals(); track t.currency) {
          <dt>Total{{ totals().length > 1 ? ' (' + t.currency + ')' : '' }}</dt>
          <dd data-testid="cart-total" [attr.data-currency]="t.currency">{{ money(t.amount, t.currency) }}</dd>
        }
      </dl>
    }
    @if (status(); as s) {
      <p [class.error]="s.error" role="status" data-testid="cart-status">{{ s.text }}</p>
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; }
      .updated { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; gap: 8px; padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
      img { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; flex: none; }
      .main { display: flex; flex-direction: column; min-width: 0; gap: 2px; }
      .name { font: var(--mat-sys-label-large); overflow-wrap: anywhere; }
      .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
      .line-total { color: var(--mat-sys-on-surface); }
      .actions { display: flex; gap: 10px; flex-wrap: wrap; }
      .totals { margin-top: 8px; font: var(--mat-sys-label-large); }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CartWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(VisitorCartStore);
  private readonly session = inject(SessionStore);
  private readonly api = inject(ApiClient);
  private readonly clock = inject(Clock);
  private readonly actions = inject(CART_ITEM_ACTIONS);
  /** Only web chat visitors have a cart (no conversation: nothing to show either). */
  protected readonly isWebchat = computed(() => !this.conversation() || this.conversation()?.channel?.type === 'webchat');
  protected readonly items = computed(() => this.store.cart()?.items ?? []);
  protected readonly totals = computed(() => this.store.cart()?.totals ?? []);
  protected readonly updatedAt = computed(() => this.store.cart()?.updatedAt ?? null);
  /** Observers (and anyone who may not reply here) read only: the server refuses their sends too. */
  protected readonly canSend = computed(() => this.session.canReply() && !!this.conversation());
  protected readonly busy = signal<string | null>(null);
  protected readonly status = signal<{ text: string; error: boolean } | null>(null);

  constructor() {
    const id = computed(() => (this.isWebchat() ? (this.conversation()?.id ?? null) : null));
    effect(() => {
      const conversationId = id();
      untracked(() => {
        this.status.set(null);
        this.store.open(conversationId);
      });
    });
  }

  protected money(amount: string, currency: string): string {
    return formatMoney(amount, currency);
  }

  /** Ticks with the clock (every 30 s). */
  protected ago(iso: string): string {
    return updatedAgo(iso, this.clock.now());
  }

  protected exactTime(iso: string): string {
    return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  }

  protected linkOf(i: VisitorCartItem): string | null {
    return safeHref(i.url);
  }

  protected imageOf(i: VisitorCartItem): string | null {
    return safeHref(i.imageUrl);
  }

  protected actionsFor(i: VisitorCartItem): CartItemAction[] {
    const ctx = this.context(i);
    return ctx ? this.actions.filter((a) => (a.available ? a.available(ctx) : true)) : [];
  }

  protected async send(i: VisitorCartItem): Promise<void> {
    const c = this.conversation();
    if (!c) return;
    const product = this.store.productOf(i);
    await this.run(i.id, async () => {
      if (product) await sendProductCard(this.api, c.id, product.id, null);
      else await sendCartItemText(this.api, c.id, cartItemMessage(i));
      return product ? `Sent the product card of “${product.name}” to the client` : `Sent “${i.name}” to the client`;
    });
  }

  protected async runAction(a: CartItemAction, i: VisitorCartItem): Promise<void> {
    const ctx = this.context(i);
    if (ctx) await this.run(i.id, () => a.run(ctx));
  }

  private context(item: VisitorCartItem): CartItemActionContext | null {
    const conversation = this.conversation();
    return conversation ? { conversation, contactId: conversation.contact?.id ?? null, item, product: this.store.matches().get(cartItemCode(item)) ?? null } : null;
  }

  private async run(id: string, work: () => Promise<string>): Promise<void> {
    this.busy.set(id);
    try {
      this.status.set({ text: await work(), error: false });
    } catch (e) {
      this.status.set({ text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e), error: true });
    } finally {
      this.busy.set(null);
    }
  }
}
