import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { InboxStore } from './inbox-store';
import { COUNTS_DEBOUNCE_MS, InboxViewsStore } from './inbox-views-store';

type Handler = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

function setup(handler: Handler, role = OperatorRole.agent) {
  const request = jest.fn(handler);
  TestBed.configureTestingModule({
    providers: [
      InboxStore,
      InboxViewsStore,
      { provide: ApiClient, useValue: { request } },
      { provide: SessionStore, useValue: { operator: signal({ id: 'me', displayName: 'Me' }), role: signal(role) } },
    ],
  });
  return { views: TestBed.inject(InboxViewsStore), inbox: TestBed.inject(InboxStore), request };
}

const counts = (mine: number) => ({ inboxCounts: [{ view: 'mine', unread: mine }, { view: 'queue', unread: 2 }, { view: 'all', unread: mine + 2 }] });
const empty = { conversations: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } };

/** Answers the start-up queries; `extra` answers the rest. */
function api(extra: Handler = async () => ({})): Handler {
  let mine = 1;
  return async (query, variables) => {
    if (query.includes('inboxCounts')) return counts(mine++);
    if (query.includes('tags {') && !query.includes('mutation')) return { tags: [{ id: 't1', name: 'VIP' }] };
    if (query.includes('channels {')) return { channels: [{ id: 'ch1', name: 'Web', type: 'webchat' }] };
    if (query.includes('groups {')) return { groups: [{ id: 'g1', name: 'Sales' }] };
    if (query.includes('savedFilters {')) return { savedFilters: [{ id: 's1', name: 'Urgent', view: 'mine', filter: { priority: 'urgent', tagId: null } }] };
    if (query.includes('operators {')) return { operators: [{ id: 'op1', displayName: 'Anna', role: 'agent' }, { id: 'op2', displayName: 'Olga', role: 'observer' }] };
    if (query.includes('conversations(')) return empty;
    return extra(query, variables);
  };
}

describe('InboxViewsStore', () => {
  afterEach(() => jest.useRealTimers());

  it('loads badges, tags, channels and saved filters; operators only for admins and supervisors', async () => {
    const { views, request } = setup(api());
    await views.init();
    expect(views.counts()).toEqual({ mine: 1, queue: 2, all: 3 });
    expect(views.tags().map((t) => t.name)).toEqual(['VIP']);
    expect(views.channels().map((c) => c.id)).toEqual(['ch1']);
    expect(views.groups()).toEqual([{ id: 'g1', name: 'Sales' }]);
    expect(views.savedFilters()).toEqual([{ id: 's1', name: 'Urgent', view: 'mine', filter: { priority: 'urgent' } }]);
    expect(views.operators()).toEqual([]);
    expect(request.mock.calls.some(([q]) => q.includes('operators {'))).toBe(false);

    TestBed.resetTestingModule();
    const admin = setup(api(), OperatorRole.admin);
    await admin.views.init();
    expect(admin.views.operators().map((o) => o.id)).toEqual(['op1']);
  });

  it('recounts once after a burst of live events', async () => {
    jest.useFakeTimers();
    const { views, request } = setup(api());
    for (let i = 0; i < 5; i++) views.scheduleCounts();
    expect(request).not.toHaveBeenCalled();
    jest.advanceTimersByTime(COUNTS_DEBOUNCE_MS);
    await Promise.resolve();
    expect(request.mock.calls.filter(([q]) => q.includes('inboxCounts'))).toHaveLength(1);
  });

  it('keeps the last badges when a recount fails', async () => {
    let fail = false;
    const { views } = setup(async (q) => {
      if (fail) throw GraphqlRequestError.network(new Error('down'));
      return q.includes('inboxCounts') ? counts(4) : {};
    });
    await views.refreshCounts();
    fail = true;
    await views.refreshCounts();
    expect(views.counts()['mine']).toBe(4);
  });

  it('bulk-closes and reports rows that failed, then clears the selection', async () => {
    const { views, inbox, request } = setup(
      api(async (q) => (q.includes('bulkClose') ? { bulkCloseConversations: { succeededIds: ['a'], failures: [{ conversationId: 'b', code: 'FORBIDDEN', message: 'This conversation belongs to another operator' }] } } : {})),
    );
    inbox.conversations.set([aConversation({ id: 'a' }), aConversation({ id: 'b' })]);
    inbox.toggleChecked('a');
    inbox.toggleChecked('b');
    expect(await views.closeMany(inbox.checkedIds())).toBe(true);
    expect(request).toHaveBeenCalledWith(expect.stringContaining('bulkCloseConversations'), { input: { conversationIds: ['a', 'b'] } });
    expect(views.notice()).toBe('1 closed, 1 not: This conversation belongs to another operator');
    expect(inbox.checkedIds()).toEqual([]);
  });

  it('asks for a selection before a bulk action, and shows a refused action', async () => {
    const { views } = setup(api(async () => {
      throw new GraphqlRequestError('FORBIDDEN', 'Observers can read conversations but not change them');
    }));
    expect(await views.closeMany([])).toBe(false);
    expect(views.notice()).toMatch(/Select conversations/);
    expect(await views.closeMany(['a'])).toBe(false);
    expect(views.notice()).toBe('You do not have permission to do that.');
  });

  it('tags by name: creates the tag, then tags the rows', async () => {
    const { views, request } = setup(
      api(async (q, v) => {
        if (q.includes('createTag')) return { createTag: { id: 't9', name: (v['input'] as { name: string }).name } };
        if (q.includes('bulkTag')) return { bulkTagConversations: { succeededIds: ['a'], failures: [] } };
        return {};
      }),
    );
    expect(await views.tagMany(['a'], '   ')).toBe(false);
    expect(views.notice()).toMatch(/tag name/);
    expect(await views.tagMany(['a'], ' Refund ')).toBe(true);
    expect(request).toHaveBeenCalledWith(expect.stringContaining('bulkTagConversations'), { input: { conversationIds: ['a'], tagId: 't9' } });
    expect(views.tags().map((t) => t.name)).toContain('Refund');
    expect(views.notice()).toBe('1 tagged “Refund”');
  });

  it('keeps the ticked rows after a bulk tag, so the next bulk action can follow (issue #17)', async () => {
    const { views, inbox } = setup(
      api(async (q) => {
        if (q.includes('createTag')) return { createTag: { id: 't9', name: 'VIP' } };
        if (q.includes('bulkTag')) return { bulkTagConversations: { succeededIds: ['a'], failures: [] } };
        return {};
      }),
    );
    inbox.conversations.set([aConversation({ id: 'a' }), aConversation({ id: 'b' })]);
    inbox.toggleChecked('a');
    expect(await views.tagMany(['a'], 'VIP')).toBe(true);
    expect(inbox.checkedIds()).toEqual(['a']);
  });

  it('saves the current view and filter, applies and deletes saved filters', async () => {
    const { views, inbox, request } = setup(
      api(async (q, v) => {
        if (q.includes('saveFilter')) {
          const input = v['input'] as { name: string; view: string; filter: object };
          return { saveFilter: { id: 's2', name: input.name, view: input.view, filter: { ...input.filter, tagId: null } } };
        }
        if (q.includes('deleteSavedFilter')) return { deleteSavedFilter: v['id'] };
        return {};
      }),
    );
    expect(await views.saveCurrent('  ')).toBe(false);
    inbox.view.set('pending');
    inbox.filter.set({ channelId: 'ch1', priority: null });
    expect(await views.saveCurrent('Web pending')).toBe(true);
    expect(request).toHaveBeenCalledWith(expect.stringContaining('saveFilter'), { input: { name: 'Web pending', view: 'pending', filter: { channelId: 'ch1' } } });
    const saved = views.savedFilters().find((f) => f.id === 's2')!;
    expect(saved.filter).toEqual({ channelId: 'ch1' });
    inbox.view.set('all');
    inbox.filter.set({});
    views.apply(saved);
    expect(inbox.view()).toBe('pending');
    expect(inbox.filter()).toEqual({ channelId: 'ch1' });
    expect(await views.deleteSaved(saved)).toBe(true);
    expect(views.savedFilters().some((f) => f.id === 's2')).toBe(false);
  });

  it('shows a duplicate name as an error', async () => {
    const { views } = setup(api(async () => {
      throw new GraphqlRequestError('CONFLICT', 'You already have a saved filter with this name');
    }));
    expect(await views.saveCurrent('Urgent')).toBe(false);
    expect(views.notice()).toBe('You already have a saved filter named “Urgent”');
  });

  it('drops the badges of the views a conversation counts in as soon as it is read, then recounts (issue #17)', async () => {
    jest.useFakeTimers();
    try {
      const { views, request } = setup(api());
      views.counts.set({ mine: 2, queue: 3, all: 5, pending: 1 });
      const queued = aConversation({ id: 'q', lastSeq: 4, operatorReadSeq: 1 });
      views.markedRead(queued, 4);
      expect(views.counts()).toEqual({ mine: 2, queue: 2, all: 4, pending: 1 });
      // already read, or not read up to the end: no change
      views.markedRead(aConversation({ lastSeq: 4, operatorReadSeq: 4 }), 4);
      views.markedRead(aConversation({ lastSeq: 4, operatorReadSeq: 1 }), 3);
      expect(views.counts()).toEqual({ mine: 2, queue: 2, all: 4, pending: 1 });
      jest.advanceTimersByTime(COUNTS_DEBOUNCE_MS);
      expect(request).toHaveBeenCalledWith(expect.stringContaining('inboxCounts'));
    } finally {
      jest.useRealTimers();
    }
  });
});
