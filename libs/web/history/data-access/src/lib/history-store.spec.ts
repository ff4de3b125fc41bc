import { TestBed } from '@angular/core/testing';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { parseSeq } from '@parley/web/shared/util';
import { ConversationStatus } from '@parley/shared/contracts';
import { HistoryStore } from './history-store';

function setup(handler: (query: string, variables: Record<string, unknown>) => Promise<unknown>) {
  const request = jest.fn(handler);
  TestBed.configureTestingModule({ providers: [HistoryStore, { provide: ApiClient, useValue: { request } }] });
  return { store: TestBed.inject(HistoryStore), request };
}

const pageOf = (ids: string[], hasNextPage: boolean) => ({
  conversations: { nodes: ids.map((id) => aConversation({ id, status: ConversationStatus.closed })), pageInfo: { hasNextPage, endCursor: hasNextPage ? `after-${ids.at(-1)}` : null } },
});

describe('HistoryStore', () => {
  it('loads closed conversations by default and pages with the cursor', async () => {
    const { store, request } = setup(async (_q, v) => (v['after'] ? pageOf(['c3'], false) : pageOf(['c1', 'c2'], true)));
    await store.load();
    expect(request.mock.calls[0][1]).toMatchObject({ status: 'closed', after: null });
    await store.loadMore();
    expect(request.mock.calls[1][1]).toMatchObject({ status: 'closed', after: 'after-c2' });
    expect(store.rows().map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);
    expect(store.hasNextPage()).toBe(false);
    await store.load('all');
    expect(request.mock.calls[2][1]).toMatchObject({ status: null });
  });

  it('deletes the selected rows and reports how many', async () => {
    const { store, request } = setup(async (q) => (q.includes('deleteConversations') ? { deleteConversations: { deletedIds: ['c1', 'c2'] } } : pageOf(['c1', 'c2', 'c3'], false)));
    await store.load();
    store.toggleAll();
    store.toggle('c3');
    expect(store.selectedCount()).toBe(2);
    await store.deleteSelected();
    expect(request.mock.calls[1][1]).toEqual({ input: { conversationIds: ['c1', 'c2'] } });
    expect(store.rows().map((r) => r.id)).toEqual(['c3']);
    expect(store.notice()).toBe('2 conversations deleted.');
  });

  it('keeps the rows and shows the error when the server refuses', async () => {
    const { store } = setup(async (q) => {
      if (q.includes('deleteConversations')) throw new GraphqlRequestError('FORBIDDEN', 'Only admins can delete conversations');
      return pageOf(['c1'], false);
    });
    await store.load();
    store.toggle('c1');
    await store.deleteSelected();
    expect(store.rows()).toHaveLength(1);
    expect(store.error()).toBe('You do not have permission to do that.');
  });
});

describe('parseSeq', () => {
  it.each([
    ['12', 12],
    [undefined, null],
    ['0', null],
    ['-3', null],
    ['1e3', null],
    ['abc', null],
    ['9999999999', null],
  ])('%p → %p', (input, expected) => expect(parseSeq(input as string | undefined)).toBe(expected));
});
