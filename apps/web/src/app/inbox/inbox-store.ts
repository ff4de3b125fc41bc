import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient } from '../core/api-client';
import { describeError } from '../core/graphql-error';
import { Conversation, ConversationView, InboxEvent, PageInfo } from '../core/models';
import { CONVERSATIONS } from '../core/operations';
import { SessionStore } from '../auth/session-store';
import { appendPage, applyInboxEvent } from './inbox-merge';
import { operatorMaySee } from '../tools/client-visibility';

export const INBOX_PAGE_SIZE = 30;

interface ConversationsData {
  conversations: { nodes: Conversation[]; pageInfo: PageInfo };
}

/** The inbox list of the current view. Provided by the workspace shell (one per session). */
@Injectable()
export class InboxStore {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private generation = 0;

  readonly view = signal<ConversationView>('all');
  readonly conversations = signal<Conversation[]>([]);
  readonly pageInfo = signal<PageInfo>({ hasNextPage: false, endCursor: null });
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  /** The conversation open in the middle column, if any. */
  readonly selectedId = signal<string | null>(null);
  readonly isEmpty = computed(() => !this.loading() && !this.error() && this.conversations().length === 0);

  setView(view: ConversationView): void {
    if (view === this.view()) return;
    this.view.set(view);
    void this.load();
  }

  /** (Re)loads the first page of the current view. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    try {
      const data = await this.api.request<ConversationsData>(CONVERSATIONS, { view: this.view(), first: INBOX_PAGE_SIZE });
      if (generation !== this.generation) return;
      this.conversations.set(appendPage([], data.conversations.nodes));
      this.pageInfo.set(data.conversations.pageInfo);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  async loadMore(): Promise<void> {
    const { hasNextPage, endCursor } = this.pageInfo();
    if (!hasNextPage || this.loadingMore() || this.loading()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const data = await this.api.request<ConversationsData>(CONVERSATIONS, {
        view: this.view(),
        first: INBOX_PAGE_SIZE,
        after: endCursor,
      });
      if (generation !== this.generation) return;
      this.conversations.update((list) => appendPage(list, data.conversations.nodes));
      this.pageInfo.set(data.conversations.pageInfo);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  apply(event: InboxEvent): void {
    const meId = this.session.operator()?.id ?? null;
    // transferred away or taken by someone else: gone from an agent's lists (SPEC B7)
    const gone = !operatorMaySee(event.conversation, this.session.role(), meId);
    this.conversations.update((list) => (gone ? list.filter((c) => c.id !== event.conversation.id) : applyInboxEvent(list, event, this.view(), meId)));
  }

  /** A conversation changed by this operator (take, close): same path as a live event. */
  applyConversation(conversation: Conversation): void {
    this.apply({ kind: 'conversation_updated', conversation, message: null });
  }
}
