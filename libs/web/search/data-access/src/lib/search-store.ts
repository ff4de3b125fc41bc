import { Injectable, inject, signal } from '@angular/core';
import { MAX_SEARCH_QUERY_LENGTH, messageLength } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { SearchHit } from '@parley/web/shared/data-access';
import { SearchDocument } from '@parley/web/shared/data-access';

export const SEARCH_PAGE_SIZE = 20;

/** What the input holds, checked before any request: empty means "no search", too long is an error. */
export function validateSearchQuery(text: string): { query: string | null; error: string | null } {
  const query = text.trim();
  if (!query) return { query: null, error: null };
  if (messageLength(query) > MAX_SEARCH_QUERY_LENGTH) {
    return { query: null, error: `Search text can be at most ${MAX_SEARCH_QUERY_LENGTH} characters.` };
  }
  return { query, error: null };
}

/** The top bar search: debounced queries, newest answer wins, keyset "more results". */
@Injectable()
export class SearchStore {
  private readonly api = inject(ApiClient);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** Milliseconds of typing pause before a request (tests set 0). */
  debounceMs = 250;

  readonly text = signal('');
  readonly activeQuery = signal<string | null>(null);
  readonly hits = signal<SearchHit[]>([]);
  readonly hasNextPage = signal(false);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  private endCursor: string | null = null;

  /** Called on every keystroke. */
  setText(text: string): void {
    this.text.set(text);
    clearTimeout(this.timer);
    const { query, error } = validateSearchQuery(text);
    if (query === null) {
      this.generation++;
      this.reset();
      this.error.set(error);
      return;
    }
    this.error.set(null);
    if (this.debounceMs <= 0) void this.run(query);
    else this.timer = setTimeout(() => void this.run(query), this.debounceMs);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.text.set('');
    this.reset();
    this.error.set(null);
  }

  async loadMore(): Promise<void> {
    const query = this.activeQuery();
    if (!query || !this.hasNextPage() || this.loading()) return;
    await this.fetch(query, this.endCursor, this.generation);
  }

  private async run(query: string): Promise<void> {
    const generation = ++this.generation;
    this.activeQuery.set(query);
    this.hits.set([]);
    this.hasNextPage.set(false);
    this.endCursor = null;
    await this.fetch(query, null, generation);
  }

  private async fetch(query: string, after: string | null, generation: number): Promise<void> {
    this.loading.set(true);
    try {
      const data = await this.api.request(SearchDocument, { query, first: SEARCH_PAGE_SIZE, after });
      if (generation !== this.generation) return;
      this.hits.update((existing) => [...existing, ...data.search.nodes]);
      this.hasNextPage.set(data.search.hasNextPage);
      this.endCursor = data.search.endCursor;
      this.error.set(null);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  private reset(): void {
    this.activeQuery.set(null);
    this.hits.set([]);
    this.hasNextPage.set(false);
    this.loading.set(false);
    this.endCursor = null;
  }
}
