import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { countryName, formatDuration, safeHref, VisitWidget } from './visit-widget';

const aVisit = (over: Record<string, unknown> = {}) => ({
  id: 'v1',
  conversationId: 'c1',
  startedAt: new Date(Date.now() - 125_000).toISOString(),
  lastSeenAt: new Date().toISOString(),
  durationSeconds: 120,
  onSiteNow: true,
  visitNumber: 3,
  pageViews: 7,
  currentUrl: 'https://shop.example.com/p/oak-table',
  currentTitle: 'Oak table',
  landingUrl: 'https://shop.example.com/',
  referrer: 'https://news.example.com/',
  pages: Array.from({ length: 7 }, (_, i) => ({ url: `https://shop.example.com/p/${i}`, title: `Page ${i}`, viewedAt: new Date(Date.now() - i * 10_000).toISOString() })),
  browser: 'Chrome 120',
  os: 'Windows 10',
  language: 'pl-PL',
  screen: '1920x1080',
  country: 'PL',
  city: 'Gdańsk',
  utmSource: 'news',
  utmMedium: 'email',
  utmCampaign: 'spring',
  ...over,
});

async function render(answer: (conversationId: string) => Promise<unknown>) {
  let live: ((data: unknown) => void) | null = null;
  const subscriptions: unknown[] = [];
  const reconnections = signal(0);
  const request = jest.fn(async (_doc: unknown, vars: { conversationId: string }) => ({ visitorVisit: await answer(vars.conversationId) }));
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      {
        provide: RealtimeClient,
        useValue: {
          reconnections,
          subscribe: (_q: unknown, sink: { next: (d: unknown) => void }, vars: unknown) => {
            subscriptions.push(vars);
            live = sink.next;
            return () => (live = null);
          },
        },
      },
    ],
  });
  const fixture = TestBed.createComponent(VisitWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1' }));
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  return { fixture, el, text, settle, request, subscriptions, reconnections, push: (d: unknown) => live?.(d) };
}

describe('VisitWidget', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  it('shows where the visitor is, the visit, system, location and campaign', async () => {
    const { el, text } = await render(async () => aVisit());
    expect(text('visit-on-site')).toBe('On site now');
    expect(el.querySelector<HTMLAnchorElement>('[data-testid="visit-current-page"]')?.href).toBe('https://shop.example.com/p/oak-table');
    expect(el.querySelector('[data-testid="visit-current-page"]')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(text('visit-number')).toBe('Visit 3');
    expect(text('visit-os')).toBe('Windows 10');
    expect(text('visit-browser')).toBe('Chrome 120');
    expect(text('visit-location')).toMatch(/^Gdańsk, (Poland|PL)$/);
    expect(text('visit-utm')).toBe('source news · medium email · campaign spring');
    // on the site now: the duration counts from the start, not the last stored figure
    expect(text('visit-duration')).toMatch(/^2 min [3-9] s$/);
  });

  it('lists 5 pages, then all on demand', async () => {
    const { el, settle } = await render(async () => aVisit());
    const pages = () => el.querySelectorAll('[data-testid="visit-pages"] li').length;
    expect(pages()).toBe(5);
    (el.querySelector('[data-testid="visit-pages-toggle"]') as HTMLButtonElement).click();
    await settle();
    expect(pages()).toBe(7);
  });

  it('follows the visitor live: a "visit" activity reads the visit again (merged when pages come fast); other kinds do not', async () => {
    let url = 'https://shop.example.com/p/oak-table';
    const { text, push, settle, request, subscriptions } = await render(async () => aVisit({ currentUrl: url, currentTitle: null }));
    expect(subscriptions).toEqual([{ conversationId: 'c1' }]);
    const calls = request.mock.calls.length;
    push({ conversationActivity: { kind: 'typing', conversationId: 'c1' } });
    url = 'https://shop.example.com/cart';
    push({ conversationActivity: { kind: 'visit', conversationId: 'c1' } });
    push({ conversationActivity: { kind: 'visit', conversationId: 'c1' } });
    await new Promise((r) => setTimeout(r, 500));
    await settle();
    expect(request.mock.calls.length).toBe(calls + 1);
    expect(text('visit-current-page')).toBe('https://shop.example.com/cart');
  });

  it('reads it again after a reconnect', async () => {
    const { request, reconnections, settle } = await render(async () => aVisit());
    const calls = request.mock.calls.length;
    reconnections.set(1);
    await settle();
    expect(request.mock.calls.length).toBe(calls + 1);
  });

  it('says when there is no visit, when the visitor left, and shows a load error with a retry', async () => {
    const none = await render(async () => null);
    expect(none.text('visit-empty')).toContain('No website visit is known');
    TestBed.resetTestingModule();

    const left = await render(async () => aVisit({ onSiteNow: false, durationSeconds: 3725, visitNumber: 1 }));
    expect(left.el.querySelector('[data-testid="visit-on-site"]')).toBeNull();
    expect(left.text('visit-current')).toMatch(/^Left /);
    expect(left.text('visit-duration')).toBe('1 h 02 min');
    expect(left.text('visit-number')).toBe('First visit');
    TestBed.resetTestingModule();

    let fail = true;
    const broken = await render(async () => {
      if (fail) throw new GraphqlRequestError('UNAVAILABLE', 'The database is not answering');
      return aVisit();
    });
    expect(broken.text('visit-error')).toContain('could not be loaded');
    fail = false;
    (broken.el.querySelector('[data-testid="visit-error"] button') as HTMLButtonElement).click();
    await broken.settle();
    expect(broken.text('visit-on-site')).toBe('On site now');
  });

  it('never makes a link of what is not http(s), and shows the text escaped', async () => {
    const { el, text } = await render(async () => aVisit({ currentUrl: 'javascript:alert(1)', currentTitle: '<img src=x onerror=alert(1)>' }));
    expect(el.querySelector('a[data-testid="visit-current-page"]')).toBeNull();
    expect(text('visit-current-page')).toBe('<img src=x onerror=alert(1)>');
    expect(el.querySelector('img')).toBeNull();
  });
});

describe('visit helpers', () => {
  it('formats durations, countries and safe links', () => {
    expect(formatDuration(35)).toBe('35 s');
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(-4)).toBe('0 s');
    expect(countryName('de', 'en')).toBe('Germany');
    expect(countryName(null)).toBeNull();
    expect(countryName('not a code', 'en')).toBe('not a code');
    expect(safeHref('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
