import { Injectable, inject, signal } from '@angular/core';
import { ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf } from '@parley/web/shared/util';
import { Channel, Conversation, ConversationView, Operator, Tag } from '@parley/web/shared/data-access';
import { compactFilter, InboxFilter } from './inbox-filter';
import { InboxStore } from './inbox-store';
import { matchesView } from './inbox-merge';
import { BulkAssignDocument, BulkCloseDocument, BulkTagDocument, CreateTagDocument, DeleteSavedFilterDocument, InboxChannelsDocument, InboxCountsDocument, InboxGroupsDocument, InboxOperatorsDocument, SaveFilterDocument, SavedFiltersDocument, SnoozeConversationDocument } from './generated/graphql';
import { TagsDocument } from '@parley/web/shared/data-access';

export interface SavedFilter {
  id: string;
  name: string;
  view: ConversationView;
  filter: InboxFilter;
}

export interface BulkResult {
  succeededIds: string[];
  failures: Array<{ conversationId: string; code: string; message: string }>;
}

/** How long live events are gathered before the badges are recounted. */
export const COUNTS_DEBOUNCE_MS = 300;

/**
 * What surrounds the inbox list (issue #4): unread badges per view (recounted on live events,
 * debounced), tags, channels and operators for the filter bar, saved filters, and the bulk
 * actions on the ticked rows. Provided by the workspace shell next to InboxStore.
 */
@Injectable()
export class InboxViewsStore {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private readonly inbox = inject(InboxStore);
  private countsTimer: ReturnType<typeof setTimeout> | null = null;

  readonly counts = signal<Partial<Record<ConversationView, number>>>({});
  readonly tags = signal<Tag[]>([]);
  readonly channels = signal<Channel[]>([]);
  /** Routing groups (SPEC B3) for the group filter. */
  readonly groups = signal<Array<{ id: string; name: string }>>([]);
  /** Assignable operators; loaded for admins and supervisors only (the API refuses agents). */
  readonly operators = signal<Array<Pick<Operator, 'id' | 'displayName' | 'role'>>>([]);
  readonly savedFilters = signal<SavedFilter[]>([]);
  /** The last action's outcome, shown in the list ("2 closed, 1 failed: …"). */
  readonly notice = signal<string | null>(null);
  readonly busy = signal(false);

  /** Loads everything once (the shell calls this at start). */
  async init(): Promise<void> {
    const role = this.session.role();
    await Promise.all([
      this.refreshCounts(),
      this.loadTags(),
      this.quiet(async () => this.channels.set((await this.api.request(InboxChannelsDocument)).channels)),
      this.quiet(async () => this.groups.set((await this.api.request(InboxGroupsDocument)).groups)),
      this.quiet(async () => this.savedFilters.set((await this.api.request(SavedFiltersDocument)).savedFilters.map(cleanSaved))),
      role === OperatorRole.admin || role === OperatorRole.supervisor
        ? this.quiet(async () => this.operators.set((await this.api.request(InboxOperatorsDocument)).operators.filter((o) => o.role !== OperatorRole.observer)))
        : Promise.resolve(),
    ]);
  }

  async refreshCounts(): Promise<void> {
    try {
      const data = await this.api.request(InboxCountsDocument);
      this.counts.set(Object.fromEntries(data.inboxCounts.map((c) => [c.view, c.unread])));
    } catch {
      // badges are a hint: keep the last ones; the next event recounts
    }
  }

  /**
   * This operator just read `before` (issue #17): the badges of the views it counts in drop at
   * once; the recount that follows (the read's live event) confirms them.
   */
  markedRead(before: Conversation, operatorReadSeq: number): void {
    if (before.lastSeq <= before.operatorReadSeq || operatorReadSeq < before.lastSeq || before.snoozedUntil) return;
    const meId = this.session.operator()?.id ?? null;
    this.counts.update((counts) => {
      const next = { ...counts };
      for (const view of Object.keys(counts) as ConversationView[]) {
        if (view !== 'snoozed' && matchesView(before, view, meId)) next[view] = Math.max(0, (counts[view] ?? 0) - 1);
      }
      return next;
    });
    this.scheduleCounts();
  }

  /** A live event arrived: recount once things settle. */
  scheduleCounts(): void {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(() => {
      this.countsTimer = null;
      void this.refreshCounts();
    }, COUNTS_DEBOUNCE_MS);
  }

  async loadTags(): Promise<void> {
    await this.quiet(async () => this.tags.set((await this.api.request(TagsDocument)).tags));
  }

  // ---- saved filters --------------------------------------------------------------------------

  async saveCurrent(name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.notice.set('Enter a name for the filter');
      return false;
    }
    return this.run(async () => {
      const data = await this.api.request(SaveFilterDocument, {
        input: { name: trimmed, view: this.inbox.view(), filter: compactFilter(this.inbox.filter()) },
      });
      this.savedFilters.update((list) => [...list, cleanSaved(data.saveFilter)].sort((a, b) => a.name.localeCompare(b.name)));
      this.notice.set(`Saved “${trimmed}”`);
    }, (error) => (errorCodeOf(error) === ErrorCode.Conflict ? `You already have a saved filter named “${trimmed}”` : describeError(error)));
  }

  apply(saved: SavedFilter): void {
    this.inbox.applySaved(saved.view, saved.filter);
  }

  async deleteSaved(saved: SavedFilter): Promise<boolean> {
    return this.run(async () => {
      await this.api.request(DeleteSavedFilterDocument, { id: saved.id });
      this.savedFilters.update((list) => list.filter((f) => f.id !== saved.id));
    });
  }

  // ---- bulk actions (the ticked rows, or the given ones) ---------------------------------------

  closeMany(ids: string[]): Promise<boolean> {
    return this.bulk(ids, 'closed', (conversationIds) => this.api.request(BulkCloseDocument, { input: { conversationIds } }).then((d) => d.bulkCloseConversations));
  }

  assignMany(ids: string[], assigneeId: string): Promise<boolean> {
    return this.bulk(ids, 'assigned', (conversationIds) => this.api.request(BulkAssignDocument, { input: { conversationIds, assigneeId } }).then((d) => d.bulkAssignConversations));
  }

  /** Tags the rows with the tag of this name, creating it when missing. */
  async tagMany(ids: string[], tagName: string): Promise<boolean> {
    const name = tagName.trim();
    if (!name) {
      this.notice.set('Enter a tag name');
      return false;
    }
    let tag: Tag | null = null;
    const created = await this.run(async () => {
      tag = (await this.api.request(CreateTagDocument, { input: { name } })).createTag;
    });
    if (!created || !tag) return false;
    const tagId = (tag as Tag).id;
    if (!this.tags().some((t) => t.id === tagId)) this.tags.update((list) => [...list, tag as Tag].sort((a, b) => a.name.localeCompare(b.name)));
    // the rows stay in the list, so they stay ticked for the next bulk action (close, assign…)
    return this.bulk(ids, `tagged “${name}”`, (conversationIds) => this.api.request(BulkTagDocument, { input: { conversationIds, tagId } }).then((d) => d.bulkTagConversations), true);
  }

  /** Snoozes each row until `until` (one request per row; failures are reported by row). */
  async snoozeMany(ids: string[], until: Date): Promise<boolean> {
    return this.bulk(ids, 'snoozed', async (conversationIds) => {
      const result: BulkResult = { succeededIds: [], failures: [] };
      for (const conversationId of conversationIds) {
        try {
          const data = await this.api.request(SnoozeConversationDocument, { input: { conversationId, until: until.toISOString() } });
          this.inbox.applyConversation(data.snoozeConversation);
          result.succeededIds.push(conversationId);
        } catch (error) {
          result.failures.push({ conversationId, code: 'ERROR', message: describeError(error) });
        }
      }
      return result;
    });
  }

  private async bulk(ids: string[], verb: string, call: (ids: string[]) => Promise<BulkResult>, keepSelection = false): Promise<boolean> {
    if (ids.length === 0) {
      this.notice.set('Select conversations first (x)');
      return false;
    }
    return this.run(async () => {
      const result = await call(ids);
      const done = result.succeededIds.length;
      const failed = result.failures.length;
      this.notice.set(failed ? `${done} ${verb}, ${failed} not: ${result.failures[0].message}` : `${done} ${verb}`);
      if (!keepSelection) this.inbox.clearChecked();
      this.scheduleCounts();
    });
  }

  private async run(fn: () => Promise<void>, describe: (error: unknown) => string = describeError): Promise<boolean> {
    this.busy.set(true);
    try {
      await fn();
      return true;
    } catch (error) {
      this.notice.set(describe(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private async quiet(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch {
      // optional data for the filter bar: the list works without it
    }
  }
}

function cleanSaved(saved: SavedFilter): SavedFilter {
  return { ...saved, filter: compactFilter(saved.filter) };
}
