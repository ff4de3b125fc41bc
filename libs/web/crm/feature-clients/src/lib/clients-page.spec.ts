import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ClientFilterChoicesDocument, ClientListDocument, ClientRowDocument, ContactConversationsDocument } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ClientsPage, EMPTY_FILTER, toClientFilter } from './clients-page';

const row = (i: number, over: Record<string, unknown> = {}) => ({
  id: `c${i}`,
  displayName: `Client ${i}`,
  avatarColor: '#336699',
  name: `Client ${i}`,
  email: `client${i}@example.com`,
  phone: null,
  createdAt: new Date(Date.UTC(2025, 0, 30 - i)).toISOString(),
  updatedAt: '2025-02-01T00:00:00.000Z',
  owner: null,
  tags: i === 1 ? [{ id: 't1', name: 'vip' }] : [],
  ...over,
});

interface Setup {
  list?: (vars: { filter: unknown; first: number; after: string | null }) => Promise<unknown>;
  contact?: (id: string) => Promise<unknown>;
  /** Where the router is when the page opens. */
  url?: string;
}

async function render(s: Setup = {}) {
  let live: ((d: unknown) => void) | null = null;
  const request = jest.fn(async (doc: unknown, vars: any) => {
    if (doc === ClientFilterChoicesDocument) return { tags: [{ id: 't1', name: 'vip' }], teammates: [{ id: 'o1', displayName: 'Anna', role: 'agent' }], customFields: [] };
    if (doc === ClientListDocument) return { clients: await (s.list ?? (async () => ({ nodes: [row(1), row(2)], pageInfo: { hasNextPage: false, endCursor: 'e2' } })))(vars) };
    if (doc === ClientRowDocument) return { contact: await (s.contact ?? (async (id: string) => ({ ...row(Number(id.slice(1))), customFields: [] })))(vars.id) };
    if (doc === ContactConversationsDocument) return { contactConversations: { nodes: [{ id: 'v1', status: 'open', lastMessageAt: null, lastMessagePreview: 'Hello <b>there</b>', channel: { id: 'ch', name: 'Web chat', type: 'webchat' }, assignee: null }], pageInfo: { hasNextPage: false, endCursor: null } } };
    throw new Error('unexpected request');
  });
  TestBed.configureTestingModule({
    imports: [ClientsPage],
    providers: [
      provideRouter([]),
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
    ],
  });
  if (s.url) await TestBed.inject(Router).navigateByUrl(s.url);
  const fixture = TestBed.createComponent(ClientsPage);
  fixture.detectChanges();
  await fixture.whenStable();
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  await settle();
  return { fixture, el, request, settle, push: (d: unknown) => live?.(d), page: fixture.componentInstance };
}

const names = (el: HTMLElement) => [...el.querySelectorAll('[data-testid="client-name"]')].map((n) => n.textContent?.trim());

describe('ClientsPage', () => {
  afterEach(() => jest.useRealTimers());

  it('maps the filter form to the API filter (empty parts out, a short search not sent)', () => {
    expect(toClientFilter(EMPTY_FILTER)).toEqual({});
    expect(toClientFilter({ ...EMPTY_FILTER, query: ' ab ' })).toEqual({});
    expect(toClientFilter({ ...EMPTY_FILTER, query: ' anna ', tagIds: ['t1', 't2'], tagMatch: 'all', owner: 'none', createdFrom: '2025-01-01' })).toEqual({
      query: 'anna', tagIds: ['t1', 't2'], tagMatch: 'all', unassigned: true, createdFrom: '2025-01-01',
    });
    expect(toClientFilter({ ...EMPTY_FILTER, owner: 'o1', fieldId: 'f', fieldType: 'number', min: '5', max: '' })).toEqual({ ownerId: 'o1', customFields: [{ fieldId: 'f', min: '5' }] });
    expect(toClientFilter({ ...EMPTY_FILTER, fieldId: 'f', fieldType: 'multi_select', contains: ['Shoes'] })).toEqual({ customFields: [{ fieldId: 'f', contains: ['Shoes'] }] });
    expect(toClientFilter({ ...EMPTY_FILTER, fieldId: 'f', fieldType: 'select', equals: '' })).toEqual({});
    expect(toClientFilter({ ...EMPTY_FILTER, fieldId: 'f', fieldType: 'boolean', equals: 'false' })).toEqual({ customFields: [{ fieldId: 'f', equals: 'false' }] });
  });

  it('lists the clients with their tags, filters by a tag, and says when nothing matches', async () => {
    const list = jest.fn(async (v: { filter: any }) => (v.filter?.tagIds ? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } : { nodes: [row(1), row(2)], pageInfo: { hasNextPage: false, endCursor: 'e2' } }));
    const { el, settle } = await render({ list });
    expect(names(el)).toEqual(['Client 1', 'Client 2']);
    expect(el.querySelector('.tag')?.textContent).toBe('vip');
    expect(el.querySelector('[data-testid="clients-load-more"]')).toBeNull();
    (el.querySelector('[data-testid="clients-tag-vip"] input') as HTMLInputElement).click();
    await settle();
    expect(list).toHaveBeenLastCalledWith({ filter: { tagIds: ['t1'], tagMatch: 'any' }, first: 30, after: null });
    expect(el.querySelector('[data-testid="clients-empty"]')?.textContent).toContain('No clients match');
  });

  it('loads more by cursor without duplicates', async () => {
    const list = jest.fn(async (v: { after: string | null }) =>
      v.after ? { nodes: [row(2), row(3)], pageInfo: { hasNextPage: false, endCursor: 'e3' } } : { nodes: [row(1), row(2)], pageInfo: { hasNextPage: true, endCursor: 'e2' } },
    );
    const { el, settle } = await render({ list });
    (el.querySelector('[data-testid="clients-load-more"]') as HTMLButtonElement).click();
    await settle();
    expect(list).toHaveBeenLastCalledWith({ filter: {}, first: 30, after: 'e2' });
    expect(names(el)).toEqual(['Client 1', 'Client 2', 'Client 3']);
    expect(el.querySelector('[data-testid="clients-load-more"]')).toBeNull();
  });

  it('shows a loading state, then the error with a retry', async () => {
    let fail = true;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const list = jest.fn(async () => {
      await gate;
      if (fail) throw new GraphqlRequestError('BAD_USER_INPUT', 'Invalid cursor');
      return { nodes: [row(1)], pageInfo: { hasNextPage: false, endCursor: 'e1' } };
    });
    const { el, settle } = await render({ list });
    expect(el.querySelector('[data-testid="clients-loading"]')).not.toBeNull();
    release();
    await settle();
    expect(el.querySelector('[data-testid="clients-error"]')?.textContent).toContain('Invalid cursor');
    fail = false;
    (el.querySelector('[data-testid="clients-error"] button') as HTMLButtonElement).click();
    await settle();
    expect(names(el)).toEqual(['Client 1']);
  });

  it('updates a row live when another operator edits the client, and drops a merged one', async () => {
    let renamed = false;
    const contact = jest.fn(async (id: string) => {
      if (id === 'c2') throw new GraphqlRequestError('NOT_FOUND', 'Contact not found');
      return { ...row(1, renamed ? { displayName: 'Renamed <img>', updatedAt: '2025-02-02T00:00:00.000Z' } : {}), customFields: [] };
    });
    const { el, settle, push } = await render({ contact });
    renamed = true;
    push({ clientsChanged: { kind: 'updated', contactId: 'c1', survivorId: null } });
    await settle();
    expect(names(el)).toEqual(['Renamed <img>', 'Client 2']);
    expect(el.querySelector('img')).toBeNull();
    push({ clientsChanged: { kind: 'merged', contactId: 'c2', survivorId: 'c1' } });
    await settle();
    expect(names(el)).toEqual(['Renamed <img>']);
    push({ clientsChanged: { kind: 'updated', contactId: 'c-unknown', survivorId: null } });
    await settle();
    expect(contact).toHaveBeenCalledTimes(2);
  });

  it('opens the card a link names (/clients?client=…), says when that client is gone, and drops the link on close', async () => {
    const contact = jest.fn(async (id: string) => {
      if (id === 'gone') throw new GraphqlRequestError('NOT_FOUND', 'Contact not found');
      return { ...row(2), customFields: [] };
    });
    const { el, settle, fixture } = await render({ contact, url: '/?client=c2' });
    expect(contact).toHaveBeenCalledWith('c2');
    expect(el.querySelector('[data-testid="client-card-name"]')?.textContent).toContain('Client 2');
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/?client=gone');
    await settle();
    expect(el.querySelector('[data-testid="client-card-error"]')?.textContent).toContain('This client no longer exists');
    (el.querySelector('[data-testid="client-card"] .close') as HTMLButtonElement).click();
    await settle();
    await fixture.whenStable();
    expect(router.url).toBe('/');
    expect(el.querySelector('[data-testid="client-card"]')).toBeNull();
  });

  it('opens a client: its card with its conversations, each a link into the inbox', async () => {
    const { el, settle } = await render();
    (el.querySelectorAll('[data-testid="client-open"]')[0] as HTMLButtonElement).click();
    await settle();
    expect(el.querySelector('[data-testid="client-card-name"]')?.textContent).toBe('Client 1');
    const link = el.querySelector('[data-testid="client-card-conversation"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/inbox/v1');
    expect(link.textContent).toContain('Hello <b>there</b>');
    expect(link.querySelector('b')).toBeNull();
  });

  it('the open card follows a live change of its client', async () => {
    let renamed = false;
    const contact = jest.fn(async () => ({ ...row(1, renamed ? { displayName: 'Renamed', updatedAt: '2025-02-03T00:00:00.000Z' } : {}), customFields: [] }));
    const { el, settle, push } = await render({ contact });
    (el.querySelectorAll('[data-testid="client-open"]')[0] as HTMLButtonElement).click();
    await settle();
    renamed = true;
    push({ clientsChanged: { kind: 'updated', contactId: 'c1', survivorId: null } });
    await settle();
    await settle();
    expect(el.querySelector('[data-testid="client-card-name"]')?.textContent).toBe('Renamed');
  });
});
