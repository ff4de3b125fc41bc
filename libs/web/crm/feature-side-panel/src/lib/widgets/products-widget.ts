import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { Permission } from '@parley/shared/contracts';
import { ApiClient, Conversation, SessionStore } from '@parley/web/shared/data-access';
import { CatalogueProduct, ClientProductsStore, FoundProduct, OrderDrawer, ProductPicker, sendProductCard } from '@parley/web/crm/data-access';
import { describeError, formatMoney, GraphqlRequestError } from '@parley/web/shared/util';
import { ProductSearchDialog, ProductSearchDialogData } from './product-search-dialog';
import { WIDGET_STYLES } from './widget-styles';

/**
 * The side panel's Products widget (SPEC E3, seed 004): the products the client was interested in,
 * newest first — added through the product popup ("+", or "Find product" on text selected in the
 * client's message), each sent to the client as a card priced in the chosen price type, or removed.
 * Other operators' changes arrive live. "To order" adds one to the client's current order in the drawer.
 */
@Component({
  selector: 'pl-products-widget',
  imports: [MatButtonModule],
  providers: [ClientProductsStore],
  template: `
    <h3 id="products-title" class="head">
      <span>Products</span>
      @if (contactId()) {
        <button mat-icon-button type="button" class="plus" (click)="openSearch('')" aria-label="Find a product for the client" title="Find a product (the popup searches the catalogue)" data-testid="products-find">+</button>
      }
    </h3>
    @if (!contactId()) {
      <p class="none">Products are kept on a client: this conversation has none.</p>
    } @else {
      @if (priceTypes().length > 1) {
        <label class="price-type">Send with
          <select [value]="priceTypeId() ?? ''" (change)="priceTypeId.set($any($event.target).value || null)" data-testid="products-price-type">
            @for (t of priceTypes(); track t.id) {
              <option [value]="t.isBase ? '' : t.id">{{ t.name }} prices</option>
            }
          </select>
        </label>
      }
      @if (store.error(); as e) {
        <p class="error" role="alert">The products could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
      }
      @if (!store.loaded() && !store.error()) {
        <p class="none" aria-busy="true">Loading products…</p>
      } @else if (store.loaded() && !store.items().length) {
        <p class="none" data-testid="products-none">No products yet. Use + to find what the client asks about, or select words in their message and choose “Find product”.</p>
      }
      <ul aria-labelledby="products-title" data-testid="products-list">
        @for (i of store.items(); track i.product.id) {
          <li data-testid="client-product" [attr.data-sku]="i.product.sku">
            <div class="main">
              @if (i.product.url) {
                <a [href]="i.product.url" target="_blank" rel="noopener noreferrer" class="name">{{ i.product.name }}</a>
              } @else {
                <span class="name">{{ i.product.name }}</span>
              }
              <span class="meta">{{ priceOf(i.product) }} · {{ i.product.inStock ? 'in stock' : 'out of stock' }}</span>
            </div>
            <span class="actions">
              @if (canSend()) {
                <button type="button" class="link" (click)="send(i.product)" [disabled]="busy() === i.product.id" [attr.aria-label]="'Send ' + i.product.name + ' to the client'" data-testid="client-product-send">Send</button>
              }
              @if (canOrder()) {
                <button type="button" class="link" (click)="addToOrder(i.product)" [attr.aria-label]="'Add ' + i.product.name + ' to the order'" data-testid="client-product-order">To order</button>
              }
              @if (canEdit()) {
                <button type="button" class="link" (click)="remove(i.product)" [disabled]="busy() === i.product.id" [attr.aria-label]="'Remove ' + i.product.name" data-testid="client-product-remove">Remove</button>
              }
            </span>
          </li>
        }
      </ul>
      @if (status(); as s) {
        <p [class.error]="s.error" role="status" data-testid="products-status">{{ s.text }}</p>
      }
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .head { display: flex; align-items: center; justify-content: space-between; }
      .plus { font-size: 20px; line-height: 1; }
      .price-type { display: flex; gap: 6px; align-items: center; font: var(--mat-sys-body-small); margin-bottom: 6px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; justify-content: space-between; gap: 8px; padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
      .main { display: flex; flex-direction: column; min-width: 0; }
      .name { font: var(--mat-sys-label-large); overflow-wrap: anywhere; }
      .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
      .actions { display: flex; gap: 10px; align-items: center; }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductsWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientProductsStore);
  private readonly session = inject(SessionStore);
  private readonly dialog = inject(MatDialog);
  private readonly picker = inject(ProductPicker);
  private readonly api = inject(ApiClient);
  protected readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  protected readonly canEdit = computed(() => this.session.canReply() && this.session.permissions().has(Permission.edit_clients));
  protected readonly canSend = computed(() => this.session.canReply() && !!this.conversation());
  protected readonly canOrder = computed(() => this.session.canReply() && this.session.permissions().has(Permission.manage_orders) && !!this.contactId());
  private readonly drawer = inject(OrderDrawer);
  private readonly canCreate = computed(() => this.session.permissions().has(Permission.manage_catalogue));
  protected readonly busy = signal<string | null>(null);
  protected readonly status = signal<{ text: string; error: boolean } | null>(null);
  /** The price type cards are sent in (null: the base one). */
  protected readonly priceTypeId = signal<string | null>(null);
  protected readonly priceTypes = computed(() => {
    const first = this.store.items()[0]?.product.prices ?? [];
    return first.map((p) => p.priceType);
  });

  constructor() {
    const contact = computed(() => this.contactId());
    effect(() => {
      const id = contact();
      untracked(() => this.store.open(id));
    });
    // "Find product" on selected message text: the popup opens here, for the open client
    effect(() => {
      const r = this.picker.request();
      if (!r) return;
      untracked(() => {
        if (r.contactId && r.contactId !== this.contactId()) return;
        this.picker.take();
        this.openSearch(r.query);
      });
    });
  }

  protected priceOf(p: CatalogueProduct): string {
    const chosen = this.priceTypeId() ? p.prices.find((x) => x.priceType.id === this.priceTypeId()) : null;
    return chosen ? formatMoney(chosen.amount, chosen.currency) : formatMoney(p.price, p.currency);
  }

  openSearch(query: string): void {
    const data: ProductSearchDialogData = {
      query,
      canCreate: this.canCreate(),
      add: this.contactId() && this.canEdit() ? (p: FoundProduct) => this.store.add(p.id) : undefined,
      send: this.canSend() ? (p: FoundProduct) => this.sendCard(p.id) : undefined,
      addToOrder: this.canOrder() ? async (p: FoundProduct) => this.addToOrder(p) : undefined,
    };
    this.dialog.open(ProductSearchDialog, { data, autoFocus: 'first-tabbable', maxWidth: '95vw', ariaLabel: 'Find a product' });
  }

  protected async send(p: CatalogueProduct): Promise<void> {
    await this.run(p.id, () => this.sendCard(p.id), `Sent “${p.name}” to the client`);
  }

  /** Adds the product to the client's current order (the open one, the draft, or a new one) in the drawer. */
  protected addToOrder(p: CatalogueProduct | FoundProduct): void {
    const contactId = this.contactId();
    if (!contactId) return;
    void this.drawer.addProduct(contactId, this.conversation()?.id ?? null, { id: p.id, sku: p.sku, name: p.name, price: p.price, images: p.images });
    this.status.set({ text: `Added “${p.name}” to the order`, error: false });
  }

  protected async remove(p: CatalogueProduct): Promise<void> {
    await this.run(p.id, () => this.store.remove(p.id), `Removed “${p.name}”`);
  }

  private sendCard(productId: string): Promise<void> {
    const c = this.conversation();
    if (!c) return Promise.reject(new Error('No conversation is open'));
    return sendProductCard(this.api, c.id, productId, this.priceTypeId());
  }

  private async run(id: string, work: () => Promise<void>, done: string): Promise<void> {
    this.busy.set(id);
    try {
      await work();
      this.status.set({ text: done, error: false });
    } catch (e) {
      this.status.set({ text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e), error: true });
    } finally {
      this.busy.set(null);
    }
  }
}
