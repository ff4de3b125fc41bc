import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { FoundProduct, ProductSearchStore, type ProductSort } from '@parley/web/crm/data-access';
import { describeError, formatMoney, GraphqlRequestError } from '@parley/web/shared/util';

export interface ProductSearchDialogData {
  query: string;
  /** Adds the product to the client's list (absent without a client or the right to edit clients). */
  add?: (product: FoundProduct) => Promise<void>;
  /** Sends the product as a card into the open conversation (absent when the operator cannot reply there). */
  send?: (product: FoundProduct) => Promise<void>;
  /** Adds the product as a line of the client's current order (holders of "Manage orders"; the drawer's "Add"). */
  addToOrder?: (product: FoundProduct) => Promise<void>;
  /** "Create" is offered (holders of "Manage catalogue"). */
  canCreate: boolean;
}

type RowState = { id: string; text: string; error: boolean };

const SORTS: Array<{ value: ProductSort | ''; label: string }> = [
  { value: '', label: 'Best match' },
  { value: 'NAME', label: 'Name' },
  { value: 'PRICE_ASC', label: 'Price: low to high' },
  { value: 'PRICE_DESC', label: 'Price: high to low' },
];

/**
 * Issue #12 (E3, seed 004): the product popup — a search box (prefilled with selected message
 * text), filters in a left column (category tree, price range, in stock, properties), sort by
 * relevance, name or price, results with "Add to client" and "Send to chat", "Show more", and
 * "Create" (a product or service, for holders of "Manage catalogue") whose field errors come from
 * the server. Enter in the search box searches at once; Escape closes.
 */
@Component({
  selector: 'pl-product-search-dialog',
  imports: [MatDialogModule, MatButtonModule],
  providers: [ProductSearchStore],
  template: `
    <h2 mat-dialog-title>Find a product</h2>
    <mat-dialog-content class="content">
      <div class="top">
        <label class="sr-only" for="product-query">Search products</label>
        <input
          id="product-query"
          type="search"
          class="query"
          placeholder="Name, SKU or words of the description"
          maxlength="200"
          [value]="store.state().query"
          (input)="store.update({ query: $any($event.target).value }, true)"
          (keydown.enter)="$event.preventDefault(); store.update({ query: $any($event.target).value })"
          cdkFocusInitial
          data-testid="product-query"
        />
        <label class="sort">Sort
          <select [value]="store.state().sort ?? ''" (change)="store.update({ sort: $any($event.target).value || null })" data-testid="product-sort">
            @for (s of sorts; track s.value) {
              <option [value]="s.value">{{ s.label }}</option>
            }
          </select>
        </label>
        @if (data.canCreate) {
          <button mat-stroked-button type="button" (click)="creating.set(!creating())" [attr.aria-expanded]="creating()" data-testid="product-create-toggle">Create</button>
        }
      </div>
      @if (creating()) {
        <form class="create" (submit)="$event.preventDefault(); create()" data-testid="product-create-form" aria-label="New product or service">
          <label>Kind
            <select [value]="draft().kind" (change)="patch('kind', $any($event.target).value)" data-testid="product-new-kind">
              <option value="product">Product</option>
              <option value="service">Service</option>
            </select>
          </label>
          @for (f of createFields; track f.key) {
            <label>{{ f.label }}
              <input [value]="draft()[f.key]" (input)="patch(f.key, $any($event.target).value)" [attr.aria-invalid]="!!createErrors()[f.key]" [attr.data-testid]="'product-new-' + f.key" />
              @if (createErrors()[f.key]; as e) {
                <span class="error" role="alert" [attr.data-testid]="'product-new-' + f.key + '-error'">{{ e }}</span>
              }
            </label>
          }
          <div class="row">
            @if (createErrors()['_']; as e) {
              <span class="error" role="alert">{{ e }}</span>
            }
            <button mat-button type="button" (click)="creating.set(false)">Cancel</button>
            <button mat-flat-button type="submit" [disabled]="saving()" data-testid="product-new-save">{{ saving() ? 'Saving…' : 'Save product' }}</button>
          </div>
        </form>
      }
      <div class="body">
        <aside class="filters" aria-label="Filters">
          @if (store.lists(); as l) {
            <fieldset>
              <legend>Category</legend>
              <button type="button" class="cat" [class.on]="!store.state().categoryId" (click)="store.update({ categoryId: null })">All categories</button>
              @for (c of tree(); track c.id) {
                <button type="button" class="cat" [style.padding-left.px]="8 + c.depth * 14" [class.on]="store.state().categoryId === c.id" [attr.aria-pressed]="store.state().categoryId === c.id" (click)="store.update({ categoryId: c.id })" data-testid="product-category">{{ c.name }}</button>
              }
            </fieldset>
            <fieldset>
              <legend>Price ({{ l.currency }})</legend>
              <div class="range">
                <label class="sr-only" for="price-min">Price from</label>
                <input id="price-min" inputmode="decimal" [placeholder]="l.priceMin ?? 'from'" [value]="store.state().priceMin" (change)="store.update({ priceMin: $any($event.target).value })" [attr.aria-invalid]="store.fieldError()?.field === 'priceMin'" data-testid="price-min" />
                <span aria-hidden="true">–</span>
                <label class="sr-only" for="price-max">Price to</label>
                <input id="price-max" inputmode="decimal" [placeholder]="l.priceMax ?? 'to'" [value]="store.state().priceMax" (change)="store.update({ priceMax: $any($event.target).value })" [attr.aria-invalid]="store.fieldError()?.field === 'priceMax'" data-testid="price-max" />
              </div>
              @if (store.fieldError(); as fe) {
                @if (fe.field === 'priceMin' || fe.field === 'priceMax') {
                  <p class="error" role="alert" data-testid="price-error">{{ fe.message }}</p>
                }
              }
            </fieldset>
            <label class="check"><input type="checkbox" [checked]="store.state().inStock" (change)="store.update({ inStock: $any($event.target).checked })" data-testid="in-stock" /> In stock</label>
            @for (p of l.properties; track p.name) {
              <fieldset>
                <legend>{{ p.name }}</legend>
                @for (v of p.values; track v) {
                  <label class="check"><input type="checkbox" [checked]="(store.state().properties[p.name] ?? []).includes(v)" (change)="store.toggleProperty(p.name, v)" [attr.data-testid]="'property-' + p.name + '-' + v" /> {{ v }}</label>
                }
              </fieldset>
            }
            @if (store.filtered()) {
              <button type="button" class="link" (click)="store.clearFilters()" data-testid="filters-clear">Clear filters</button>
            }
          } @else {
            <p class="none" aria-busy="true">Loading filters…</p>
          }
        </aside>
        <section class="results" aria-label="Products found" aria-live="polite" [attr.aria-busy]="store.loading()">
          @if (store.error(); as e) {
            <p class="error" role="alert" data-testid="product-search-error">{{ e }} <button type="button" class="link" (click)="store.run()">Try again</button></p>
          }
          @if (!store.loading() && !store.results().length && !store.error()) {
            <p class="none" data-testid="product-none">{{ store.state().query || store.filtered() ? 'No products match. Try fewer words or clear the filters.' : 'The catalogue is empty.' }}{{ data.canCreate ? ' You can create one.' : '' }}</p>
          }
          <ul>
            @for (p of store.results(); track p.id) {
              <li data-testid="product-result" [attr.data-sku]="p.sku">
                <div class="main">
                  <span class="name">{{ p.name }}</span>
                  <span class="meta">SKU {{ p.sku }}@if (p.category) { · {{ p.category.name }} }@if (p.kind === 'service') { · service }</span>
                </div>
                <span class="price">{{ money(p.price, p.currency) }}</span>
                <span class="stock" [class.out]="!p.inStock">{{ p.inStock ? (p.stock === null ? '' : p.stock + ' in stock') : 'Out of stock' }}</span>
                <span class="actions">
                  @if (data.add) {
                    <button mat-stroked-button type="button" (click)="act(p, 'add')" [disabled]="busy() === p.id" [attr.aria-label]="'Add ' + p.name + ' to the client'" data-testid="product-add">Add</button>
                  }
                  @if (data.addToOrder) {
                    <button mat-stroked-button type="button" (click)="act(p, 'order')" [disabled]="busy() === p.id" [attr.aria-label]="'Add ' + p.name + ' to the order'" data-testid="product-add-order">Add to order</button>
                  }
                  @if (data.send) {
                    <button mat-flat-button type="button" (click)="act(p, 'send')" [disabled]="busy() === p.id" [attr.aria-label]="'Send ' + p.name + ' to the chat'" data-testid="product-send">Send</button>
                  }
                </span>
                @if (row()?.id === p.id) {
                  <span class="row-state" [class.error]="row()!.error" role="status" data-testid="product-row-state">{{ row()!.text }}</span>
                }
              </li>
            }
          </ul>
          @if (store.hasMore()) {
            <button mat-button type="button" (click)="store.more()" [disabled]="store.loading()" data-testid="product-more">{{ store.loading() ? 'Loading…' : 'Show more' }}</button>
          }
          @if (store.loading()) {
            <p class="none" aria-hidden="true">Searching…</p>
          }
        </section>
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="product-dialog-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .content { display: flex; flex-direction: column; gap: 12px; min-width: min(860px, 90vw); }
    .top { display: flex; gap: 12px; align-items: center; }
    .query { flex: 1; font: var(--mat-sys-body-large); padding: 8px 10px; border-radius: 6px; border: 1px solid var(--mat-sys-outline); }
    .sort select, .create select, .create input, .range input { font: inherit; padding: 4px 6px; }
    .body { display: grid; grid-template-columns: 220px 1fr; gap: 16px; min-height: 320px; }
    .filters { display: flex; flex-direction: column; gap: 10px; border-right: 1px solid var(--mat-sys-outline-variant); padding-right: 12px; overflow: auto; max-height: 60vh; }
    fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 2px; }
    legend { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); margin-bottom: 4px; }
    .cat { text-align: left; border: 0; background: none; padding: 3px 8px; border-radius: 4px; cursor: pointer; font: var(--mat-sys-body-medium); }
    .cat.on { background: var(--mat-sys-secondary-container); font-weight: 600; }
    .range { display: flex; gap: 4px; align-items: center; }
    .range input { width: 70px; }
    .check { display: flex; gap: 6px; align-items: center; font: var(--mat-sys-body-medium); }
    .results { overflow: auto; max-height: 60vh; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: grid; grid-template-columns: 1fr auto auto auto; gap: 4px 12px; align-items: center; padding: 8px 4px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .main { display: flex; flex-direction: column; min-width: 0; }
    .name { font: var(--mat-sys-label-large); }
    .meta, .stock { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .stock.out { color: var(--mat-sys-error); }
    .price { font-weight: 600; }
    .actions { display: flex; gap: 6px; }
    .row-state { grid-column: 1 / -1; font: var(--mat-sys-body-small); color: var(--mat-sys-primary); }
    .create { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px 12px; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .create label { display: flex; flex-direction: column; gap: 2px; font: var(--mat-sys-label-medium); }
    .create .row { grid-column: 1 / -1; display: flex; justify-content: flex-end; gap: 8px; align-items: center; }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
    .none { color: var(--mat-sys-on-surface-variant); }
    .link { border: 0; background: none; padding: 0; color: var(--mat-sys-primary); cursor: pointer; text-align: left; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductSearchDialog {
  protected readonly data = inject<ProductSearchDialogData>(MAT_DIALOG_DATA);
  protected readonly store = inject(ProductSearchStore);
  private readonly ref = inject(MatDialogRef, { optional: true });
  protected readonly sorts = SORTS;
  protected readonly busy = signal<string | null>(null);
  protected readonly row = signal<RowState | null>(null);
  protected readonly creating = signal(false);
  protected readonly saving = signal(false);
  protected readonly draft = signal<Record<'kind' | 'sku' | 'name' | 'price' | 'stock' | 'description', string>>({ kind: 'product', sku: '', name: '', price: '', stock: '', description: '' });
  protected readonly createErrors = signal<Record<string, string>>({});
  protected readonly createFields = [
    { key: 'name', label: 'Name' },
    { key: 'sku', label: 'SKU' },
    { key: 'price', label: 'Price' },
    { key: 'stock', label: 'Stock (empty: not tracked)' },
    { key: 'description', label: 'Description' },
  ] as const;
  protected readonly money = formatMoney;

  /** The categories as a tree, depth-first, each with its depth. */
  protected readonly tree = computed(() => {
    const all = this.store.lists()?.categories ?? [];
    const children = new Map<string | null, typeof all>();
    for (const c of all) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
    const out: Array<{ id: string; name: string; depth: number }> = [];
    const walk = (parent: string | null, depth: number) => {
      for (const c of children.get(parent) ?? []) {
        out.push({ id: c.id, name: c.name, depth });
        if (depth < 6) walk(c.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  });

  constructor() {
    this.store.start(this.data.query);
  }

  protected patch(key: string, value: string): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
    if (this.createErrors()[key]) this.createErrors.update((e) => ({ ...e, [key]: '' }));
  }

  protected async act(p: FoundProduct, what: 'add' | 'send' | 'order'): Promise<void> {
    const run = what === 'add' ? this.data.add : what === 'order' ? this.data.addToOrder : this.data.send;
    if (!run) return;
    this.busy.set(p.id);
    try {
      await run(p);
      this.row.set({ id: p.id, text: what === 'add' ? 'Added to the client’s products' : what === 'order' ? 'Added to the order' : 'Sent to the chat', error: false });
    } catch (e) {
      this.row.set({ id: p.id, text: e instanceof GraphqlRequestError && e.message && e.code !== 'NETWORK' ? e.message : describeError(e), error: true });
    } finally {
      this.busy.set(null);
    }
  }

  protected async create(): Promise<void> {
    const d = this.draft();
    this.saving.set(true);
    this.createErrors.set({});
    try {
      const made = await this.store.create({ kind: d.kind as 'product' | 'service', sku: d.sku, name: d.name, price: d.price, stock: d.stock || null, description: d.description || null });
      this.creating.set(false);
      this.draft.set({ kind: 'product', sku: '', name: '', price: '', stock: '', description: '' });
      this.store.results.update((list) => [made, ...list.filter((p) => p.id !== made.id)]);
      this.row.set({ id: made.id, text: `Created “${made.name}”`, error: false });
    } catch (e) {
      const list = e instanceof GraphqlRequestError ? (e.errors[0]?.extensions?.['fieldErrors'] as Array<{ field: string; message: string }> | undefined) : undefined;
      this.createErrors.set(list?.length ? Object.fromEntries(list.map((x) => [x.field, x.message])) : { _: e instanceof GraphqlRequestError ? e.message : describeError(e) });
    } finally {
      this.saving.set(false);
    }
  }

  close(): void {
    this.ref?.close();
  }
}
