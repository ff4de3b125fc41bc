import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient, SendMessageDocument } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { afterReconnect } from './after-reconnect';
import { CartActivityDocument, CatalogueMatchesDocument, CatalogueMatchesQuery, VisitorCartDocument, VisitorCartQuery } from './generated/graphql';

export type VisitorCart = VisitorCartQuery['visitorCart'];
export type VisitorCartItem = VisitorCart['items'][number];
export type CartProductMatch = CatalogueMatchesQuery['catalogueMatches'][number]['product'];

/** Refetches closer together than this are merged (a shop updating its cart on every click). */
const REFETCH_COALESCE_MS = 250;

/** The code a cart item is matched to the catalogue by: its SKU, else the shop's own id. */
export const cartItemCode = (i: Pick<VisitorCartItem, 'id' | 'sku'>): string => i.sku || i.id;

/**
 * SPEC E9: the current cart of the web chat visitor behind the open conversation, for the Current
 * cart widget — loaded per conversation, read again when the site calls Parley.setCart
 * (conversationActivity `cart`) and after a reconnect; each item's catalogue product (matched by
 * SKU or the shop's id) so it can go out as a product card. Provided by the widget (one per panel).
 */
@Injectable()
export class VisitorCartStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private conversationId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;

  readonly cart = signal<VisitorCart | null>(null);
  /** The catalogue product of each matched item, by cartItemCode. */
  readonly matches = signal<ReadonlyMap<string, CartProductMatch>>(new Map());
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  /** Follows this conversation's cart (null: none). */
  open(conversationId: string | null): void {
    if (conversationId === this.conversationId) return;
    this.stop();
    this.conversationId = conversationId;
    this.cart.set(null);
    this.matches.set(new Map());
    this.error.set(null);
    this.loaded.set(!conversationId);
    if (!conversationId) return;
    this.unsubscribe = this.realtime.subscribe(
      CartActivityDocument,
      {
        next: (data) => {
          if (data.conversationActivity.kind === 'cart') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { conversationId },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    const generation = ++this.generation;
    try {
      const { visitorCart } = await this.api.request(VisitorCartDocument, { conversationId });
      if (generation !== this.generation) return;
      this.cart.set(visitorCart);
      this.error.set(null);
      this.loaded.set(true);
      await this.match(visitorCart, generation);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    }
  }

  /** A match failure only means items go out as text: the cart itself is shown. */
  private async match(cart: VisitorCart, generation: number): Promise<void> {
    const codes = [...new Set(cart.items.map(cartItemCode))];
    if (!codes.length) {
      this.matches.set(new Map());
      return;
    }
    try {
      const { catalogueMatches } = await this.api.request(CatalogueMatchesDocument, { codes });
      if (generation === this.generation) this.matches.set(new Map(catalogueMatches.map((m) => [m.code, m.product])));
    } catch {
      if (generation === this.generation) this.matches.set(new Map());
    }
  }

  /** The catalogue product the item names, if any. */
  productOf(item: VisitorCartItem): CartProductMatch | null {
    return this.matches().get(cartItemCode(item)) ?? null;
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

/** A cart item the catalogue does not know, as a short text message through the operator send path (name, price, link). */
export async function sendCartItemText(api: ApiClient, conversationId: string, body: string): Promise<void> {
  const clientId = `cart-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  await api.request(SendMessageDocument, { input: { conversationId, body, clientId } });
}
