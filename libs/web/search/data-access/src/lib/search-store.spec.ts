import { TestBed } from '@angular/core/testing';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { SearchHit } from '@parley/web/shared/data-access';
import { SearchStore, validateSearchQuery } from './search-store';

const hit = (id: string): SearchHit => ({
  kind: 'message',
  conversationId: 'c1',
  messageId: id,
  seq: 1,
  contactName: null,
  contactDisplayName: 'Visitor 1',
  at: '2026-01-01T10:00:00.000Z',
  segments: [{ text: 'zebra', match: true }],
});

function setup(handler: (variables: Record<string, unknown>) => Promise<unknown>) {
  const request = jest.fn((_query: string, variables: Record<string, unknown>) => handler(variables));
  TestBed.configureTestingModule({ providers: [SearchStore, { provide: ApiClient, useValue: { request } }] });
  const store = TestBed.inject(SearchStore);
  store.debounceMs = 0;
  return { store, request };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('validateSearchQuery', () => {
  it('treats blank text as no search and refuses text over the limit', () => {
    expect(validateSearchQuery('   ')).toEqual({ query: null, error: null });
    expect(validateSearchQuery('  zebra ')).toEqual({ query: 'zebra', error: null });
    expect(validateSearchQuery('z'.repeat(201)).error).toMatch(/at most 200/);
    expect(validateSearchQuery('z'.repeat(200)).query).toHaveLength(200);
  });
});

describe('SearchStore', () => {
  it('searches the trimmed text and pages with the cursor', async () => {
    const { store, request } = setup(async (v) =>
      v['after'] ? { search: { nodes: [hit('m2')], hasNextPage: false, endCursor: 'c2' } } : { search: { nodes: [hit('m1')], hasNextPage: true, endCursor: 'c1' } },
    );
    store.setText('  zebra ');
    await flush();
    expect(request.mock.calls[0][1]).toMatchObject({ query: 'zebra', after: null });
    expect(store.hits().map((h) => h.messageId)).toEqual(['m1']);
    expect(store.hasNextPage()).toBe(true);
    await store.loadMore();
    expect(request.mock.calls[1][1]).toMatchObject({ query: 'zebra', after: 'c1' });
    expect(store.hits().map((h) => h.messageId)).toEqual(['m1', 'm2']);
    expect(store.hasNextPage()).toBe(false);
  });

  it('does not call the API for blank text and shows an error for too long text', async () => {
    const { store, request } = setup(async () => ({ search: { nodes: [], hasNextPage: false, endCursor: null } }));
    store.setText('   ');
    store.setText('x'.repeat(300));
    await flush();
    expect(request).not.toHaveBeenCalled();
    expect(store.error()).toMatch(/at most 200/);
    store.setText('ok');
    await flush();
    expect(store.error()).toBeNull();
  });

  it('keeps only the newest answer when answers arrive out of order', async () => {
    const pending: Array<(v: unknown) => void> = [];
    const { store } = setup(() => new Promise((r) => pending.push(r)));
    store.setText('first');
    store.setText('second');
    await flush();
    pending[1]({ search: { nodes: [hit('new')], hasNextPage: false, endCursor: null } });
    pending[0]({ search: { nodes: [hit('old')], hasNextPage: false, endCursor: null } });
    await flush();
    expect(store.activeQuery()).toBe('second');
    expect(store.hits().map((h) => h.messageId)).toEqual(['new']);
  });

  it('shows the server error and clears everything on clear()', async () => {
    const { store } = setup(async () => {
      throw new GraphqlRequestError('BAD_USER_INPUT', 'Enter something to search for');
    });
    store.setText('zebra');
    await flush();
    expect(store.error()).toBe('Enter something to search for');
    store.clear();
    expect(store.text()).toBe('');
    expect(store.error()).toBeNull();
    expect(store.hits()).toEqual([]);
  });
});
