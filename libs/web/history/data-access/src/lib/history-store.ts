import { Injectable, computed, inject, signal } from '@angular/core';
import { ConversationStatus } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { Conversation } from '@parley/web/shared/data-access';
import { DeleteConversationsDocument, HistoryDocument } from '@parley/web/shared/data-access';

export const HISTORY_PAGE_SIZE = 30;
export type HistoryFilter = ConversationStatus | 'all';

/** The history table's rows, filter, selection and deletion. */
@Injectable()
export class HistoryStore {
  private readonly api = inject(ApiClient);
  private generation = 0;
  private endCursor: string | null = null;

  readonly filter = signal<HistoryFilter>(ConversationStatus.closed);
  readonly rows = signal<Conversation[]>([]);
  readonly hasNextPage = signal(false);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly deleting = signal(false);
  readonly notice = signal<string | null>(null);
  readonly selectedCount = computed(() => this.selected().size);
  readonly allSelected = computed(() => this.rows().length > 0 && this.rows().every((r) => this.selected().has(r.id)));

  async load(filter: HistoryFilter = this.filter()): Promise<void> {
    const generation = ++this.generation;
    this.filter.set(filter);
    this.rows.set([]);
    this.selected.set(new Set());
    this.endCursor = null;
    await this.fetch(generation);
  }

  async loadMore(): Promise<void> {
    if (!this.hasNextPage() || this.loading()) return;
    await this.fetch(this.generation);
  }

  toggle(id: string): void {
    this.selected.update((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.rows().map((r) => r.id)));
  }

  async deleteSelected(): Promise<void> {
    const ids = [...this.selected()];
    if (!ids.length || this.deleting()) return;
    this.deleting.set(true);
    this.error.set(null);
    try {
      const data = await this.api.request(DeleteConversationsDocument, { input: { conversationIds: ids } });
      const gone = new Set([...data.deleteConversations.deletedIds, ...ids]);
      this.rows.update((rows) => rows.filter((r) => !gone.has(r.id)));
      this.selected.set(new Set());
      const n = data.deleteConversations.deletedIds.length;
      this.notice.set(`${n} conversation${n === 1 ? '' : 's'} deleted.`);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.deleting.set(false);
    }
  }

  private async fetch(generation: number): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const filter = this.filter();
      const data = await this.api.request(HistoryDocument, {
        status: filter === 'all' ? null : filter,
        first: HISTORY_PAGE_SIZE,
        after: this.endCursor,
      });
      if (generation !== this.generation) return;
      const seen = new Set(this.rows().map((r) => r.id));
      this.rows.update((rows) => [...rows, ...data.conversations.nodes.filter((c) => !seen.has(c.id))]);
      this.hasNextPage.set(data.conversations.pageInfo.hasNextPage);
      this.endCursor = data.conversations.pageInfo.endCursor;
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }
}
