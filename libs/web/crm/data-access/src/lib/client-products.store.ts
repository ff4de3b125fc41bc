import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { afterReconnect } from './after-reconnect';
import { AddClientProductDocument, ClientProductsDocument, ClientProductsQuery, ProductsContactChangedDocument, RemoveClientProductDocument, SendProductCardDocument } from './generated/graphql';

export type ClientProduct = ClientProductsQuery['clientProducts'][number];
export type CatalogueProduct = ClientProduct['product'];

const REFETCH_COALESCE_MS = 250;

/**
 * Issue #12 (E3): the products one client was interested in, for the Products widget — newest
 * first; add (from the product popup) and remove; live for
 * other operators' changes (`contactChanged` products_changed) and after a reconnect. Cards go
 * out through `sendProductCard`. Provided by the widget (one per panel).
 */
@Injectable()
export class ClientProductsStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;

  readonly items = signal<ClientProduct[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  /** Follows this client's products (null: none). */
  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.items.set([]);
    this.error.set(null);
    this.loaded.set(!contactId);
    if (!contactId) return;
    this.unsubscribe = this.realtime.subscribe(
      ProductsContactChangedDocument,
      {
        next: (data) => {
          if (data.contactChanged.kind === 'products_changed') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const generation = ++this.generation;
    try {
      const { clientProducts } = await this.api.request(ClientProductsDocument, { contactId });
      if (generation !== this.generation) return;
      this.items.set(clientProducts);
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    }
  }

  /** Adds the product to the client's list; the server's error is thrown for the caller to show. */
  async add(productId: string): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) throw new Error('No client is open');
    const { addClientProduct } = await this.api.request(AddClientProductDocument, { input: { contactId, productId } });
    if (contactId === this.contactId) {
      this.generation++;
      this.items.set(addClientProduct);
    }
  }

  async remove(productId: string): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) throw new Error('No client is open');
    const { removeClientProduct } = await this.api.request(RemoveClientProductDocument, { input: { contactId, productId } });
    if (contactId === this.contactId) {
      this.generation++;
      this.items.set(removeClientProduct);
    }
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

/** One product card into a conversation (a fresh idempotency key per click). */
export async function sendProductCard(api: ApiClient, conversationId: string, productId: string, priceTypeId: string | null): Promise<void> {
  const clientId = `card-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  await api.request(SendProductCardDocument, { input: { conversationId, productId, priceTypeId, clientId } });
}
