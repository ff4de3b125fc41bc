import { Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import {
  ClientFilterChoicesDocument,
  ClientFilterChoicesQuery,
  ClientFilterInput,
  ClientListDocument,
  ClientListQuery,
  ClientRowDocument,
  ClientsChangedDocument,
} from './generated/graphql';

export type ClientRow = ClientListQuery['clients']['nodes'][number];
export type ClientFilterChoices = ClientFilterChoicesQuery;

/** Rows per page (the API allows up to 100). */
export const CLIENT_PAGE_SIZE = 30;

/**
 * Issue #11 (E2): the Clients page's list — the first page for a filter, "Load more" by cursor,
 * and live rows: a client another operator edits is read again in place (a merged-away or deleted
 * one leaves the list). A response for an older filter is dropped. Provided by the page.
 */
@Injectable()
export class ClientListStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private generation = 0;
  private endCursor: string | null = null;
  private unsubscribe: (() => void) | null = null;

  readonly rows = signal<ClientRow[]>([]);
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly hasNextPage = signal(false);
  /** The first page's error (the list is replaced by it). */
  readonly error = signal<string | null>(null);
  /** The error of "Load more" or of a filter the server refused (shown beside the rows kept). */
  readonly moreError = signal<string | null>(null);
  readonly filter = signal<ClientFilterInput>({});
  readonly choices = signal<ClientFilterChoices | null>(null);

  /** Starts following changes and loads the filter choices (tags, owners, custom fields). */
  start(): void {
    if (!this.unsubscribe) {
      this.unsubscribe = this.realtime.subscribe(ClientsChangedDocument, {
        next: (d) => void this.refreshRow(d.clientsChanged.contactId),
        error: () => undefined,
      });
    }
    void this.api
      .request(ClientFilterChoicesDocument)
      .then((c) => this.choices.set(c))
      .catch(() => this.choices.set({ tags: [], teammates: [], customFields: [] }));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.generation++;
  }

  /** The first page for `filter` (the rows shown so far are replaced). */
  async load(filter: ClientFilterInput = this.filter()): Promise<void> {
    const gen = ++this.generation;
    this.filter.set(filter);
    this.loading.set(true);
    this.error.set(null);
    this.moreError.set(null);
    try {
      const { clients } = await this.api.request(ClientListDocument, { filter, first: CLIENT_PAGE_SIZE, after: null });
      if (gen !== this.generation) return;
      this.rows.set(clients.nodes);
      this.endCursor = clients.pageInfo.endCursor;
      this.hasNextPage.set(clients.pageInfo.hasNextPage);
    } catch (e) {
      if (gen !== this.generation) return;
      this.rows.set([]);
      this.hasNextPage.set(false);
      this.error.set(describeError(e));
    } finally {
      if (gen === this.generation) this.loading.set(false);
    }
  }

  /** The next page after the last row (no duplicates: the order never changes under edits). */
  async loadMore(): Promise<void> {
    if (!this.hasNextPage() || this.loadingMore() || this.loading()) return;
    const gen = this.generation;
    this.loadingMore.set(true);
    this.moreError.set(null);
    try {
      const { clients } = await this.api.request(ClientListDocument, { filter: this.filter(), first: CLIENT_PAGE_SIZE, after: this.endCursor });
      if (gen !== this.generation) return;
      const seen = new Set(this.rows().map((r) => r.id));
      this.rows.update((rows) => [...rows, ...clients.nodes.filter((n) => !seen.has(n.id))]);
      this.endCursor = clients.pageInfo.endCursor;
      this.hasNextPage.set(clients.pageInfo.hasNextPage);
    } catch (e) {
      if (gen === this.generation) this.moreError.set(describeError(e));
    } finally {
      if (gen === this.generation) this.loadingMore.set(false);
    }
  }

  /** Reads one shown client again (a live change); one that is gone leaves the list. */
  async refreshRow(contactId: string): Promise<void> {
    if (!this.rows().some((r) => r.id === contactId)) return;
    try {
      const { contact } = await this.api.request(ClientRowDocument, { id: contactId });
      this.rows.update((rows) => rows.map((r) => (r.id === contactId ? { ...r, ...pickRow(contact) } : r)));
    } catch (e) {
      if ((e as { code?: string }).code === 'NOT_FOUND' || /not found/i.test(describeError(e))) this.rows.update((rows) => rows.filter((r) => r.id !== contactId));
    }
  }
}

function pickRow(c: ClientRow & Record<string, unknown>): ClientRow {
  const { id, displayName, avatarColor, name, email, phone, createdAt, updatedAt, owner, tags } = c;
  return { id, displayName, avatarColor, name, email, phone, createdAt, updatedAt, owner, tags };
}
