import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { CatalogueFeedEvent, CatalogueFeedsService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { CataloguePage, formatBytes, runPercent } from './catalogue-page';

const run = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  feedId: 'f1',
  state: 'queued',
  trigger: 'manual',
  format: null,
  bytesRead: 0,
  bytesTotal: null,
  offersSeen: 0,
  offersCreated: 0,
  offersUpdated: 0,
  offersUnchanged: 0,
  offersRejected: 0,
  productsDeactivated: 0,
  error: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  ...over,
});

async function render(opts: { feeds?: any[]; failCreate?: Error } = {}) {
  const feeds: any[] = opts.feeds ?? [];
  let listener: ((e: CatalogueFeedEvent) => void) | null = null;
  const service = {
    list: jest.fn(async () => feeds.map((f) => ({ ...f }))),
    create: jest.fn(async (input: any) => {
      if (opts.failCreate) throw opts.failCreate;
      const f = { id: `f${feeds.length + 1}`, uploadName: null, uploadSize: null, uploadedAt: null, format: null, scheduleHours: null, nextRunAt: null, createdAt: '2026-12-07T09:00:00.000Z', lastRun: null, url: null, ...input };
      feeds.push(f);
      return f;
    }),
    update: jest.fn(),
    remove: jest.fn(),
    importNow: jest.fn(async (id: string) => run({ feedId: id })),
    upload: jest.fn(),
    rejections: jest.fn(async () => ({
      items: [{ seq: 1, offerId: 'bad-1', line: 42, reason: 'price -5 is negative' }],
      pageInfo: { hasNextPage: false, endCursor: 'MQ' },
      totalCount: 1,
    })),
    events: jest.fn((l: (e: CatalogueFeedEvent) => void) => {
      listener = l;
      return () => (listener = null);
    }),
  };
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: CatalogueFeedsService, useValue: service }, { provide: Confirmer, useValue: { ask: jest.fn(async () => true) } }] });
  const fixture = TestBed.createComponent(CataloguePage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (id: string, value: string) => {
    const i = q<HTMLInputElement>(id)!;
    i.value = value;
    i.dispatchEvent(new Event('input'));
    await settle();
  };
  const submit = async () => {
    q<HTMLFormElement>('feed-form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const push = async (e: CatalogueFeedEvent) => {
    listener!(e);
    await settle();
  };
  return { fixture, el, q, type, submit, push, service, settle, destroy: () => fixture.destroy(), listening: () => listener !== null };
}

const urlFeed = { id: 'f1', name: 'Main shop', source: 'url', url: 'https://shop.test/yml.xml', uploadName: null, uploadSize: null, uploadedAt: null, format: null, scheduleHours: null, nextRunAt: null, createdAt: '2026-12-07T09:00:00.000Z', lastRun: null };

describe('CataloguePage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('says clearly when there is no feed, and adds one by URL', async () => {
    const p = await render();
    expect(p.q('feeds-empty')!.textContent).toContain('No feeds yet');
    await p.type('feed-name', 'Main shop');
    await p.type('feed-url', 'https://shop.test/yml.xml');
    await p.submit();
    expect(p.service.create).toHaveBeenCalledWith({ name: 'Main shop', source: 'url', url: 'https://shop.test/yml.xml', scheduleHours: null });
    expect(p.q('feeds-empty')).toBeNull();
    expect(p.el.querySelector('[data-testid="catalogue-feed"]')!.getAttribute('data-feed')).toBe('Main shop');
    expect(p.q('feed-saved')!.textContent).toContain('Press Import now');
  });

  it('checks the form before asking, and shows the server’s refusal under its field', async () => {
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', '127.0.0.1 is a private, loopback or link-local address: feeds are fetched from the public internet only', [
      { message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'url' } },
    ]);
    const p = await render({ failCreate: refusal });
    await p.submit();
    expect(p.q('feed-error-name')!.textContent).toContain('Give the feed a name');
    expect(p.q('feed-error-url')!.textContent).toContain('Give the address of the feed');
    expect(p.service.create).not.toHaveBeenCalled();
    await p.type('feed-name', 'Local');
    await p.type('feed-url', 'ftp://shop.test/f.xml');
    await p.submit();
    expect(p.q('feed-error-url')!.textContent).toContain('http:// or https://');
    await p.type('feed-url', 'http://127.0.0.1/feed.xml');
    await p.submit();
    expect(p.q('feed-error-url')!.textContent).toContain('private, loopback or link-local');
    expect(p.q('feed-form-error')).toBeNull();
  });

  it('imports now with a progress bar that moves live, then the figures and the rejected offers with their reasons', async () => {
    const p = await render({ feeds: [{ ...urlFeed }] });
    expect(p.el.textContent).toContain('Not imported yet');
    p.q<HTMLButtonElement>('feed-import')!.click();
    await p.settle();
    expect(p.service.importNow).toHaveBeenCalledWith('f1');
    expect(p.q('feed-run-status')!.textContent).toContain('Waiting to start');
    expect(p.q<HTMLButtonElement>('feed-import')!.disabled).toBe(true);

    await p.push({ kind: 'run_progress', feedId: 'f1', run: run({ state: 'running', bytesRead: 250, bytesTotal: 1000, offersSeen: 120 }) } as CatalogueFeedEvent);
    expect(p.q('feed-progress')!.getAttribute('aria-valuenow')).toBe('25');
    expect(p.q('feed-run-status')!.textContent).toContain('Importing… 120 offers read (250 bytes of 1000 bytes)');
    await p.push({ kind: 'run_progress', feedId: 'f1', run: run({ state: 'running', bytesRead: 750, bytesTotal: 1000, offersSeen: 400 }) } as CatalogueFeedEvent);
    expect(p.q('feed-progress')!.getAttribute('aria-valuenow')).toBe('75');

    await p.push({
      kind: 'run_progress',
      feedId: 'f1',
      run: run({ state: 'done', bytesRead: 1000, bytesTotal: 1000, offersSeen: 500, offersCreated: 480, offersUpdated: 19, offersUnchanged: 0, offersRejected: 1, productsDeactivated: 2, finishedAt: '2026-12-07T10:01:00.000Z' }),
    } as CatalogueFeedEvent);
    expect(p.q('feed-progress')).toBeNull();
    expect(p.q('feed-run-figures')!.textContent).toContain('480 new, 19 updated, 0 unchanged, 1 rejected, 2 made inactive');
    p.q<HTMLButtonElement>('feed-rejections-show')!.click();
    await p.settle();
    expect(p.service.rejections).toHaveBeenCalledWith('r1');
    expect(p.q('feed-rejection')!.textContent).toMatch(/Offer bad-1\s*line 42\s*price -5 is negative/);
  });

  it('shows a failed import’s reason; a late event of an older run does not replace the newer one', async () => {
    const p = await render({ feeds: [{ ...urlFeed, lastRun: run({ id: 'r2', state: 'failed', error: 'The feed is not well-formed XML (line 8: unexpected close tag)', createdAt: '2026-12-07T11:00:00.000Z' }) }] });
    expect(p.q('feed-run-error')!.textContent).toContain('line 8: unexpected close tag');
    await p.push({ kind: 'run_progress', feedId: 'f1', run: run({ id: 'r1', state: 'done' }) } as CatalogueFeedEvent);
    expect(p.q('feed-run')!.getAttribute('data-state')).toBe('failed');
  });

  it('stops listening when it goes', async () => {
    const p = await render();
    expect(p.listening()).toBe(true);
    p.destroy();
    expect(p.listening()).toBe(false);
  });

  it('formats sizes and the bar', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(runPercent({ state: 'running', bytesRead: 10, bytesTotal: null })).toBeNull();
    expect(runPercent({ state: 'running', bytesRead: 1, bytesTotal: 3 })).toBe(33);
    expect(runPercent({ state: 'done', bytesRead: 0, bytesTotal: null })).toBe(100);
  });
});
