import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ConversationPriority, ConversationStatus, OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { aConversation, anEvent } from '@parley/web/shared/data-access/testing';
import { INBOX_VIEW_KEY, InboxStore, rememberedView } from './inbox-store';
import { matchesView } from './inbox-merge';

type Handler = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

function setup(handler: Handler) {
  const request = jest.fn(handler);
  TestBed.configureTestingModule({
    providers: [
      InboxStore,
      { provide: ApiClient, useValue: { request } },
      { provide: SessionStore, useValue: { operator: signal({ id: 'me', displayName: 'Me' }), role: signal(OperatorRole.admin) } },
    ],
  });
  return { store: TestBed.inject(InboxStore), request };
}

const page = (nodes = [aConversation({ id: 'a' }), aConversation({ id: 'b', lastMessageAt: '2026-01-01T09:00:00.000Z' })], endCursor: string | null = 'cur-1') => ({
  conversations: { nodes, pageInfo: { hasNextPage: endCursor !== null, endCursor } },
});

// the chosen view is remembered in localStorage (issue #17): every test starts from none
beforeEach(() => localStorage.clear());

describe('InboxStore (issue #4)', () => {
  it('sends the view and the compacted filter, and the cursor for the next page', async () => {
    const { store, request } = setup(async () => page());
    store.setFilter({ priority: ConversationPriority.urgent, tagId: '', channelId: null });
    await Promise.resolve();
    await store.load();
    expect(request).toHaveBeenLastCalledWith(expect.any(String), { view: 'all', first: 30, filter: { priority: 'urgent' } });
    await store.loadMore();
    expect(request).toHaveBeenLastCalledWith(expect.any(String), { view: 'all', first: 30, after: 'cur-1', filter: { priority: 'urgent' } });
    store.setFilter({});
    await store.load();
    expect(request).toHaveBeenLastCalledWith(expect.any(String), { view: 'all', first: 30 });
    expect(store.hasFilter()).toBe(false);
  });

  it('applies a saved filter: view and filter in one load', async () => {
    const { store, request } = setup(async () => page());
    store.applySaved('pending', { status: ConversationStatus.pending });
    expect(store.view()).toBe('pending');
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0][1]).toEqual({ view: 'pending', first: 30, filter: { status: 'pending' } });
  });

  it('ticks and unticks rows; only rows still listed count; a new view clears the selection', async () => {
    const { store } = setup(async () => page());
    await store.load();
    store.toggleChecked('a');
    store.toggleChecked('b');
    store.toggleChecked('b');
    expect(store.checkedIds()).toEqual(['a']);
    expect(store.isChecked('a')).toBe(true);
    // 'a' is snoozed by someone: it leaves the list and the selection
    store.apply(anEvent({ ...aConversation({ id: 'a' }), snoozedUntil: '2030-01-01T00:00:00.000Z' }));
    expect(store.checkedIds()).toEqual([]);
    store.toggleChecked('b');
    store.setView('mine');
    expect(store.checkedIds()).toEqual([]);
  });

  it('keeps live events to the filter', async () => {
    const { store } = setup(async () => page([]));
    store.setFilter({ tagId: 't1' });
    await store.load();
    store.apply(anEvent(aConversation({ id: 'untagged' })));
    store.apply(anEvent(aConversation({ id: 'tagged', tags: [{ id: 't1', name: 'VIP', color: '#e57373', pinned: false }] })));
    expect(store.conversations().map((c) => c.id)).toEqual(['tagged']);
  });

  it('a live event that arrives while a page is on its way is not lost when the older page lands', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const { store } = setup(() => new Promise((resolve) => (answer = resolve)));
    const loading = store.load();
    // a new chat arrives after the server read the page, before the page reached the browser
    store.apply(anEvent(aConversation({ id: 'new', lastMessageAt: '2026-06-01T10:00:00.000Z' })));
    // and one the page holds in an older state changes too
    store.apply(anEvent(aConversation({ id: 'a', lastSeq: 2, lastMessageAt: '2026-06-01T11:00:00.000Z', lastMessagePreview: 'newer' })));
    answer(page());
    await loading;
    expect(store.conversations().map((c) => c.id)).toEqual(['a', 'new', 'b']);
    expect(store.conversations()[0].lastMessagePreview).toBe('newer');
    // after the load, events are applied once as always (nothing kept from the load any more)
    store.apply(anEvent(aConversation({ id: 'later', lastMessageAt: '2026-06-01T12:00:00.000Z' })));
    expect(store.conversations().map((c) => c.id)).toEqual(['later', 'a', 'new', 'b']);
  });

  it('shows a bad filter as an error (e.g. an unknown tag)', async () => {
    const { store } = setup(async () => {
      throw new GraphqlRequestError('BAD_USER_INPUT', 'Unknown tag');
    });
    store.setFilter({ tagId: 'gone' });
    await store.load();
    expect(store.error()).toMatch(/Unknown tag/);
    expect(store.conversations()).toEqual([]);
  });
});

describe('the inbox view across reloads (issue #17)', () => {
  it('remembers the chosen view and a saved filter\'s view, and opens it in the next store', async () => {
    const { store } = setup(async () => page([], null));
    expect(store.view()).toBe('all');
    store.setView('pending');
    expect(localStorage.getItem(INBOX_VIEW_KEY)).toBe('pending');
    store.applySaved('closed', {});
    expect(localStorage.getItem(INBOX_VIEW_KEY)).toBe('closed');
    TestBed.resetTestingModule();
    expect(setup(async () => page([], null)).store.view()).toBe('closed');
  });

  it('ignores an unknown or missing stored view', () => {
    expect(rememberedView({ getItem: () => 'bogus' })).toBe('all');
    expect(rememberedView({ getItem: () => null })).toBe('all');
    expect(rememberedView(null)).toBe('all');
    expect(rememberedView({ getItem: () => 'snoozed' })).toBe('snoozed');
  });
});

describe('Mine for an invited operator (issue #17, SPEC B7)', () => {
  it('holds the open chats the operator was invited into, not the closed ones nor others\'', () => {
    const invited = aConversation({ id: 'i', status: ConversationStatus.open, assignee: { id: 'other', displayName: 'Other' }, participants: [{ id: 'me', displayName: 'Me' }] });
    expect(matchesView(invited, 'mine', 'me')).toBe(true);
    expect(matchesView({ ...invited, status: ConversationStatus.closed }, 'mine', 'me')).toBe(false);
    expect(matchesView({ ...invited, participants: [] }, 'mine', 'me')).toBe(false);
  });
});

describe('read marks in the list (issue #17)', () => {
  it('applyReadMarks clears the unread dot of that row at once, and never moves it back', () => {
    const { store } = setup(async () => ({}));
    store.conversations.set([aConversation({ id: 'a', lastSeq: 2, operatorReadSeq: 0 }), aConversation({ id: 'b', lastSeq: 1, operatorReadSeq: 0 })]);
    store.applyReadMarks({ id: 'a', visitorReadSeq: 0, operatorReadSeq: 2 });
    expect(store.conversations().map((c) => [c.id, c.operatorReadSeq])).toEqual([['a', 2], ['b', 0]]);
    store.applyReadMarks({ id: 'a', visitorReadSeq: 0, operatorReadSeq: 1 });
    expect(store.conversations()[0].operatorReadSeq).toBe(2);
  });

  it('another tab’s read (a live event) clears it too', () => {
    const { store } = setup(async () => ({}));
    store.conversations.set([aConversation({ id: 'a', lastSeq: 2, operatorReadSeq: 0 })]);
    store.apply(anEvent(aConversation({ id: 'a', lastSeq: 2, operatorReadSeq: 2 })));
    expect(store.conversations()[0].operatorReadSeq).toBe(2);
  });
});
