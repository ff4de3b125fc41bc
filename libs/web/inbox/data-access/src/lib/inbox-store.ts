import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { Conversation, ConversationView, InboxEvent, PageInfo } from '@parley/web/shared/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { appendPage, applyInboxEvent, withReadMarks } from './inbox-merge';
import { compactFilter, InboxFilter, isFilterEmpty } from './inbox-filter';
import { operatorMaySee } from './client-visibility';
import { ConversationsDocument, ConversationsQueryVariables } from '@parley/web/shared/data-access';

export const INBOX_PAGE_SIZE = 30;

/** At most this many live events are kept to re-apply over a page that was on its way meanwhile. */
const MAX_EVENTS_DURING_LOAD = 500;
/** Where the last chosen inbox view is kept, so a reload opens the same one. */
export const INBOX_VIEW_KEY = 'parley.inbox.view';
const KNOWN_VIEWS: readonly ConversationView[] = ['mine', 'queue', 'all', 'pending', 'closed', 'snoozed'];

/** The view remembered in this browser, or 'all' when none (or an unknown one) is stored. */
export function rememberedView(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ConversationView {
  const stored = storage?.getItem(INBOX_VIEW_KEY) as ConversationView | null | undefined;
  return stored && KNOWN_VIEWS.includes(stored) ? stored : 'all';
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy mode): nothing is remembered
  }
}

function rememberView(view: ConversationView): void {
  try {
    safeStorage()?.setItem(INBOX_VIEW_KEY, view);
  } catch {
    // quota or privacy mode: the view is just not remembered
  }
}

/** The inbox list of the current view. Provided by the workspace shell (one per session). */
@Injectable()
export class InboxStore {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private generation = 0;
  /** Events seen while the newest load is in flight (bounded: a flood beyond it is in the page anyway). */
  private arrivedDuringLoad: InboxEvent[] | null = null;

  readonly view = signal<ConversationView>(rememberedView());
  readonly conversations = signal<Conversation[]>([]);
  readonly pageInfo = signal<PageInfo>({ hasNextPage: false, endCursor: null });
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  /** The conversation open in the middle column, if any. */
  readonly selectedId = signal<string | null>(null);
  readonly isEmpty = computed(() => !this.loading() && !this.error() && this.conversations().length === 0);
  /** Narrows the view (issue #4); empty fields are left out. */
  readonly filter = signal<InboxFilter>({});
  readonly hasFilter = computed(() => !isFilterEmpty(this.filter()));
  /** Rows ticked for a bulk action (`x`); only rows still in the list count. */
  private readonly ticked = signal<ReadonlySet<string>>(new Set());
  readonly checkedIds = computed(() => this.conversations().filter((c) => this.ticked().has(c.id)).map((c) => c.id));

  setView(view: ConversationView): void {
    if (view === this.view()) return;
    this.view.set(view);
    rememberView(view);
    this.ticked.set(new Set());
    void this.load();
  }

  setFilter(filter: InboxFilter): void {
    this.filter.set(compactFilter(filter));
    this.ticked.set(new Set());
    void this.load();
  }

  /** A saved filter: its view and filter at once, one load. */
  applySaved(view: ConversationView, filter: InboxFilter): void {
    this.view.set(view);
    rememberView(view);
    this.setFilter(filter);
  }

  isChecked(id: string): boolean {
    return this.ticked().has(id);
  }

  toggleChecked(id: string): void {
    this.ticked.update((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  clearChecked(): void {
    this.ticked.set(new Set());
  }

  private variables(after?: string | null): ConversationsQueryVariables {
    const filter = compactFilter(this.filter());
    return { view: this.view(), first: INBOX_PAGE_SIZE, ...(after ? { after } : {}), ...(isFilterEmpty(filter) ? {} : { filter }) };
  }

  /** (Re)loads the first page of the current view. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    // live events that arrive while the page is on its way: the page may predate them, so they are applied again on top of it
    const arrived: InboxEvent[] = [];
    this.arrivedDuringLoad = arrived;
    try {
      const data = await this.api.request(ConversationsDocument, this.variables());
      if (generation !== this.generation) return;
      this.conversations.set(appendPage([], data.conversations.nodes));
      this.pageInfo.set(data.conversations.pageInfo);
      this.arrivedDuringLoad = null;
      for (const event of arrived) this.apply(event);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) {
        this.loading.set(false);
        this.arrivedDuringLoad = null;
      }
    }
  }

  async loadMore(): Promise<void> {
    const { hasNextPage, endCursor } = this.pageInfo();
    if (!hasNextPage || this.loadingMore() || this.loading()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const data = await this.api.request(ConversationsDocument, this.variables(endCursor));
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
    if (this.arrivedDuringLoad && this.arrivedDuringLoad.length < MAX_EVENTS_DURING_LOAD) this.arrivedDuringLoad.push(event);
    const meId = this.session.operator()?.id ?? null;
    // transferred away or taken by someone else: gone from an agent's lists (SPEC B7)
    const gone = !operatorMaySee(event.conversation, this.session.role(), meId);
    this.conversations.update((list) => (gone ? list.filter((c) => c.id !== event.conversation.id) : applyInboxEvent(list, event, this.view(), meId, this.filter())));
  }

  /** The operator read a conversation (issue #17): its unread dot clears at once, before the event. */
  applyReadMarks(marks: Pick<Conversation, 'id' | 'visitorReadSeq' | 'operatorReadSeq'>): void {
    this.conversations.update((list) =>
      list.some((c) => c.id === marks.id && (c.operatorReadSeq < marks.operatorReadSeq || c.visitorReadSeq < marks.visitorReadSeq))
        ? list.map((c) => (c.id === marks.id ? withReadMarks({ ...c, ...marks }, c) : c))
        : list,
    );
  }

  /** A conversation changed by this operator (take, close): same path as a live event. */
  applyConversation(conversation: Conversation): void {
    this.apply({ kind: 'conversation_updated', conversation, message: null });
  }
}
