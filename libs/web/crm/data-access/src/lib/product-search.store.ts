import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { CreateProductDocument, type ProductInput, ProductFiltersDocument, ProductFiltersQuery, ProductSearchDocument, ProductSearchQuery, type ProductSearchInput, type ProductSort } from './generated/graphql';

export type FoundProduct = ProductSearchQuery['products']['nodes'][number];
export type ProductFilterLists = ProductFiltersQuery['productFilters'];

/** The search popup asks for this many at a time (and as many more per "Show more"). */
export const PRODUCT_SEARCH_PAGE = 20;
const DEBOUNCE_MS = 200;

export interface ProductSearchState {
  query: string;
  categoryId: string | null;
  priceMin: string;
  priceMax: string;
  inStock: boolean;
  /** Property name → the values chosen (OR within a name, AND across names). */
  properties: Partial<Record<string, string[]>>;
  sort: ProductSort | null;
}

export const EMPTY_PRODUCT_SEARCH: ProductSearchState = { query: '', categoryId: null, priceMin: '', priceMax: '', inStock: false, properties: {}, sort: null };

/**
 * Issue #12 (E3): the product popup's state — the search text (typed or from selected message
 * text), the left column's filters, the sort, the results page by page ("Show more", keyset), the
 * filter lists, and creating a product (holders of "Manage catalogue"). A newer search makes an
 * older answer moot; typing is debounced. Provided by the popup.
 */
@Injectable()
export class ProductSearchStore {
  private readonly api = inject(ApiClient);
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private endCursor: string | null = null;

  readonly state = signal<ProductSearchState>(EMPTY_PRODUCT_SEARCH);
  readonly results = signal<FoundProduct[]>([]);
  readonly hasMore = signal(false);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** The server named a filter field as wrong (priceMin, priceMax…): shown under it. */
  readonly fieldError = signal<{ field: string; message: string } | null>(null);
  readonly lists = signal<ProductFilterLists | null>(null);
  readonly filtered = computed(() => {
    const s = this.state();
    return !!(s.categoryId || s.priceMin || s.priceMax || s.inStock || Object.values(s.properties).some((v) => !!v?.length));
  });

  /** Starts with this text (the selection's, or empty) and loads the filter lists. */
  start(query = ''): void {
    this.state.set({ ...EMPTY_PRODUCT_SEARCH, query });
    void this.loadLists();
    void this.run();
  }

  /** Changes part of the search; text is debounced, filters and sort apply at once. */
  update(patch: Partial<ProductSearchState>, debounce = false): void {
    this.state.update((s) => ({ ...s, ...patch }));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (debounce) this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
    else void this.run();
  }

  toggleProperty(name: string, value: string): void {
    const current = this.state().properties[name] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    this.update({ properties: { ...this.state().properties, [name]: next } });
  }

  clearFilters(): void {
    this.update({ categoryId: null, priceMin: '', priceMax: '', inStock: false, properties: {} });
  }

  async loadLists(): Promise<void> {
    try {
      this.lists.set((await this.api.request(ProductFiltersDocument, {})).productFilters);
    } catch (e) {
      this.error.set(describeError(e));
    }
  }

  async run(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    try {
      const { products } = await this.api.request(ProductSearchDocument, { filter: this.filter(), first: PRODUCT_SEARCH_PAGE });
      if (generation !== this.generation) return;
      this.results.set(products.nodes);
      this.hasMore.set(products.pageInfo.hasNextPage);
      this.endCursor = products.pageInfo.endCursor;
      this.error.set(null);
      this.fieldError.set(null);
    } catch (e) {
      if (generation !== this.generation) return;
      this.results.set([]);
      this.hasMore.set(false);
      const field = e instanceof GraphqlRequestError ? (e.errors[0]?.extensions?.['field'] as string | undefined) : undefined;
      if (field && field !== 'after') this.fieldError.set({ field, message: (e as Error).message });
      else this.error.set(describeError(e));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  async more(): Promise<void> {
    if (!this.hasMore() || this.loading()) return;
    const generation = this.generation;
    this.loading.set(true);
    try {
      const { products } = await this.api.request(ProductSearchDocument, { filter: this.filter(), first: PRODUCT_SEARCH_PAGE, after: this.endCursor });
      if (generation !== this.generation) return;
      const known = new Set(this.results().map((p) => p.id));
      this.results.update((list) => [...list, ...products.nodes.filter((p) => !known.has(p.id))]);
      this.hasMore.set(products.pageInfo.hasNextPage);
      this.endCursor = products.pageInfo.endCursor;
    } catch (e) {
      if (generation === this.generation) this.error.set(describeError(e));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** Creates a product; the server's field errors are thrown (GraphqlRequestError with extensions.fieldErrors). */
  async create(input: ProductInput): Promise<FoundProduct> {
    const { createProduct } = await this.api.request(CreateProductDocument, { input });
    void this.loadLists();
    return createProduct;
  }

  private filter(): ProductSearchInput {
    const s = this.state();
    const properties = Object.entries(s.properties)
      .flatMap(([name, values]) => (values?.length ? [{ name, values }] : []));
    return {
      query: s.query.trim() || null,
      categoryId: s.categoryId,
      priceMin: s.priceMin.trim() || null,
      priceMax: s.priceMax.trim() || null,
      inStock: s.inStock || null,
      properties: properties.length ? properties : null,
      sort: s.sort,
    };
  }
}
