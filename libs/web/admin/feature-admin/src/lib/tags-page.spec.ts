import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorCode } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient, SessionStore, TagEventsStore } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { TagsPage } from './tags-page';

const job = (over: Record<string, unknown> = {}) => ({
  id: 'j1', tagId: 't1', kind: 'update', state: 'running', oldName: 'VIP', oldColor: '#e57373', name: 'Gold', color: null,
  clients: 20000, conversations: 3, processed: 0, total: 20003, error: null, actorName: 'Admin', createdAt: '2026-12-06T00:00:00Z', finishedAt: null, ...over,
});

async function render(mutate: (doc: string, vars: any) => unknown = () => ({ updateTag: job() })) {
  const request = jest.fn(async (document: unknown, vars?: any) => {
    const q = String(document);
    if (q.includes('tagImpact')) return { tagImpact: { tag: { id: vars.tagId, name: 'VIP', color: '#e57373' }, clients: 20000, conversations: 3 } };
    if (q.includes('mutation')) return mutate(q, vars);
    return { tags: [{ id: 't1', name: 'VIP', color: '#e57373', pinned: false }, { id: 't2', name: 'Old', color: '#81c784', pinned: false }], runningTagJob: null };
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { subscribe: () => () => undefined } },
      { provide: SessionStore, useValue: { isAuthenticated: signal(true) } },
    ],
  });
  const fixture = TestBed.createComponent(TagsPage);
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  await settle();
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  return { fixture, el, q, all, settle, request, store: TestBed.inject(TagEventsStore) };
}

describe('TagsPage (Settings › Tags, E1)', () => {
  it('rename: confirmation with the counts, then the job with a progress bar that follows the events; the new name shows at the end', async () => {
    const r = await render();
    expect(r.all('admin-tag-name').map((e) => e.textContent?.trim())).toEqual(['VIP', 'Old']);
    r.all('tag-edit')[0].click();
    await r.settle();
    const name = r.q('tag-name-input') as HTMLInputElement;
    name.value = 'Gold';
    name.dispatchEvent(new Event('input'));
    r.q('tag-save')!.click();
    await r.settle();
    expect(r.q('tag-confirm-text')?.textContent).toContain('20000 clients and 3 conversations');
    r.q('tag-confirm-ok')!.click();
    await r.settle();
    expect(r.request).toHaveBeenCalledWith(expect.stringContaining('updateTag'), { input: { tagId: 't1', name: 'Gold', color: null } });
    expect(r.q('tag-job-text')?.textContent).toContain('0 of 20003');
    r.store.receive({ kind: 'job_progress', tag: null, job: job({ processed: 10000 }) as never });
    await r.settle();
    expect(r.q('tag-job-text')?.textContent).toContain('10000 of 20003');
    expect(r.q('tag-job-progress')?.getAttribute('aria-valuenow')).toBe('50');
    // other edits wait while it runs
    expect((r.all('tag-delete')[1] as HTMLButtonElement).disabled).toBe(true);
    r.store.receive({ kind: 'tag_updated', tag: { id: 't1', name: 'Gold', color: '#e57373', pinned: false }, job: job({ state: 'done', processed: 20003 }) as never });
    r.store.receive({ kind: 'job_progress', tag: null, job: job({ state: 'done', processed: 20003 }) as never });
    await r.settle();
    expect(r.all('admin-tag-name').map((e) => e.textContent?.trim())).toEqual(['Gold', 'Old']);
    expect(r.q('tag-job-text')?.textContent).toContain('for 20000 clients and 3 conversations');
    expect((r.all('tag-delete')[1] as HTMLButtonElement).disabled).toBe(false);
  });

  it('bad names are refused before any call; the server refusal (another job running) is shown', async () => {
    const r = await render(() => {
      throw new GraphqlRequestError(ErrorCode.TagJobRunning, 'A tag change is running for every client; other tag edits wait until it finishes');
    });
    r.all('tag-edit')[0].click();
    await r.settle();
    const name = r.q('tag-name-input') as HTMLInputElement;
    name.value = '   ';
    name.dispatchEvent(new Event('input'));
    r.q('tag-save')!.click();
    await r.settle();
    expect(r.q('tags-error')?.textContent).toContain('Enter a tag name');
    expect(r.request.mock.calls.some(([d]) => String(d).includes('tagImpact'))).toBe(false);
    r.all('tag-delete')[0].click();
    await r.settle();
    r.q('tag-confirm-ok')!.click();
    await r.settle();
    expect(r.q('tags-error')?.textContent).toContain('other tag edits wait until it finishes');
  });

  it('delete: confirmation, then the tag disappears when the job ends', async () => {
    const r = await render(() => ({ deleteTag: job({ kind: 'delete', name: null }) }));
    r.all('tag-delete')[1].click();
    await r.settle();
    expect(r.q('tag-confirm')?.textContent).toContain('Delete “VIP”?'.replace('VIP', 'Old'));
    r.q('tag-confirm-ok')!.click();
    await r.settle();
    expect(r.request).toHaveBeenCalledWith(expect.stringContaining('deleteTag'), { input: { tagId: 't2' } });
    r.store.receive({ kind: 'tag_deleted', tag: { id: 't2', name: 'Old', color: '#81c784', pinned: false }, job: null });
    await r.settle();
    expect(r.all('admin-tag-name').map((e) => e.textContent?.trim())).toEqual(['VIP']);
  });
});
