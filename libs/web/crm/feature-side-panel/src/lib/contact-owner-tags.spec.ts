import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorCode, OperatorRole, Permission } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient, RealtimeClient, TagEventsStore } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { Contact } from '@parley/web/shared/data-access';
import { TeammatesStore } from '@parley/web/tools/data-access';
import { SET_CONTACT_OWNER, TAG_CONTACT, UNTAG_CONTACT } from '@parley/web/crm/data-access';
import { checkTagName, ContactOwnerTags } from './contact-owner-tags';

const team = [
  { id: 'a', displayName: 'Anna Nowak', role: OperatorRole.agent, avatarUrl: null },
  { id: 'b', displayName: 'Boris Petrov', role: OperatorRole.agent, avatarUrl: null },
];
const contact = (over: Partial<Contact> = {}): Contact => ({ id: 'k1', name: 'Ewa', email: null, phone: null, owner: { id: 'b', displayName: 'Boris Petrov' }, tags: [{ id: 't1', name: 'Web chat lead', color: '#64b5f6', pinned: false }], ...over });

async function render(opts: { canReply?: boolean; permissions?: Permission[]; contact?: Contact; request?: jest.Mock } = {}) {
  const request = opts.request ?? jest.fn();
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: SessionStore, useValue: { canReply: signal(opts.canReply ?? true), isAuthenticated: signal(true), permissions: signal(new Set(opts.permissions ?? [Permission.edit_clients])) } },
      { provide: RealtimeClient, useValue: { subscribe: jest.fn(() => () => undefined) } },
      { provide: TeammatesStore, useValue: { items: signal(team), ensureLoaded: () => Promise.resolve() } },
    ],
  });
  const fixture = TestBed.createComponent(ContactOwnerTags);
  fixture.componentRef.setInput('conversationId', 'c1');
  fixture.componentRef.setInput('contact', opts.contact ?? contact());
  const changed: Contact[] = [];
  fixture.componentInstance.changed.subscribe((c) => {
    changed.push(c);
    fixture.componentRef.setInput('contact', c);
  });
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends Element = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  const addTag = async (name: string) => {
    const input = q<HTMLInputElement>('new-tag')!;
    input.value = name;
    input.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>('add-tag')!.click();
    await settle();
  };
  const tags = () => Array.from(el.querySelectorAll('[data-testid="contact-tag"] .name')).map((s) => s.textContent?.trim());
  return { fixture, el, q, request, changed, addTag, tags, settle };
}

describe('ContactOwnerTags (client side panel, SPEC C6)', () => {
  it('shows the owner and tags; an observer gets no controls', async () => {
    const { q, tags, el } = await render({ canReply: false });
    expect(q('contact-owner')?.textContent).toContain('Boris Petrov');
    expect(tags()).toEqual(['Web chat lead']);
    expect(q('contact-owner-select')).toBeNull();
    expect(q('new-tag')).toBeNull();
    expect(el.querySelector('[data-testid="remove-tag"]')).toBeNull();
  });

  it('an operator without the "Edit clients" right only reads', async () => {
    const { q } = await render({ permissions: [] });
    expect(q('contact-owner')?.textContent).toContain('Boris Petrov');
    expect(q('new-tag')).toBeNull();
  });

  it('says what to do when there are no tags', async () => {
    const { q } = await render({ contact: contact({ tags: [], owner: null }) });
    expect(q('no-tags')?.textContent).toContain('Add one below');
    const select = q<HTMLSelectElement>('contact-owner-select')!;
    expect(select.value).toBe('');
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual(['Nobody', 'Anna Nowak', 'Boris Petrov']);
  });

  it('adds a tag by name, removes one, and changes the owner through the API', async () => {
    const request = jest.fn(async (query: string, vars: { input: Record<string, unknown> }) => {
      if (query === TAG_CONTACT) return { tagContact: contact({ tags: [{ id: 't2', name: 'VIP', color: '#e57373', pinned: false }, { id: 't1', name: 'Web chat lead', color: '#64b5f6', pinned: false }] }) };
      if (query === UNTAG_CONTACT) return { untagContact: contact({ tags: [{ id: 't2', name: 'VIP', color: '#e57373', pinned: false }] }) };
      if (query === SET_CONTACT_OWNER) return { setContactOwner: contact({ owner: vars.input['ownerId'] ? { id: 'a', displayName: 'Anna Nowak' } : null, tags: [{ id: 't2', name: 'VIP', color: '#e57373', pinned: false }] }) };
      return { tags: [], searchTags: [] };
    });
    const { addTag, tags, el, q, changed, settle } = await render({ request });
    await addTag('  VIP ');
    expect(request).toHaveBeenCalledWith(TAG_CONTACT, { input: { conversationId: 'c1', name: 'VIP' } });
    expect(tags()).toEqual(['VIP', 'Web chat lead']);
    expect(q<HTMLInputElement>('new-tag')!.value).toBe('');

    const remove = Array.from(el.querySelectorAll<HTMLButtonElement>('[data-testid="remove-tag"]')).find((b) => b.getAttribute('aria-label') === 'Remove tag Web chat lead')!;
    remove.click();
    await settle();
    expect(request).toHaveBeenCalledWith(UNTAG_CONTACT, { input: { conversationId: 'c1', tagId: 't1' } });
    expect(tags()).toEqual(['VIP']);

    const select = q<HTMLSelectElement>('contact-owner-select')!;
    select.value = 'a';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(request).toHaveBeenCalledWith(SET_CONTACT_OWNER, { input: { conversationId: 'c1', ownerId: 'a' } });
    expect(changed.at(-1)?.owner).toEqual({ id: 'a', displayName: 'Anna Nowak' });
  });

  it('refuses empty, over-long and repeated tags without calling the API', async () => {
    const { addTag, q, request } = await render();
    await addTag('   ');
    expect(q('contact-edit-error')?.textContent).toContain('Enter a tag name.');
    await addTag('x'.repeat(41));
    expect(q('contact-edit-error')?.textContent).toContain('at most 40 characters');
    await addTag('web CHAT lead');
    expect(q('contact-edit-error')?.textContent).toContain('already has the tag');
    expect(request.mock.calls.filter(([query]) => query !== undefined && query.includes('mutation'))).toEqual([]);
  });

  it("shows the server's refusal and puts the owner list back", async () => {
    const request = jest.fn(async (query: string) => {
      if (query === SET_CONTACT_OWNER) throw new GraphqlRequestError(ErrorCode.BadUserInput, 'Anna Nowak is deactivated; choose an active operator');
      if (query === TAG_CONTACT) throw new GraphqlRequestError(ErrorCode.Forbidden, 'This conversation belongs to another operator');
      return { tags: [], searchTags: [] };
    });
    const { q, addTag, settle, changed } = await render({ request });
    const select = q<HTMLSelectElement>('contact-owner-select')!;
    select.value = 'a';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(q('contact-edit-error')?.textContent).toContain('Anna Nowak is deactivated');
    expect(select.value).toBe('b');
    await addTag('VIP');
    expect(q('contact-edit-error')?.textContent).toContain('You do not have permission');
    expect(changed).toEqual([]);
  });

  it('checkTagName normalizes like the API', () => {
    expect(checkTagName('  a   b ', [])).toEqual({ name: 'a b' });
    expect(checkTagName('😀'.repeat(40), [])).toEqual({ name: '😀'.repeat(40) });
  });

  describe('E1: typeahead, creation right, pinning, live renames', () => {
    const typeInto = async (r: Awaited<ReturnType<typeof render>>, text: string) => {
      const input = r.q<HTMLInputElement>('new-tag')!;
      input.focus();
      input.dispatchEvent(new Event('focusin'));
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await new Promise((res) => setTimeout(res, 200));
      await r.settle();
      r.fixture.detectChanges();
    };
    const options = (testid: string) => Array.from(document.querySelectorAll(`[data-testid="${testid}"]`)).map((o) => o.textContent?.trim());
    const serverTags = [
      { id: 't3', name: 'Gold', color: '#ffd54f', pinned: false },
      { id: 't1', name: 'Web chat lead', color: '#64b5f6', pinned: false },
    ];

    it('asks the server for matches, hides the tags the client has, offers to create a new name with the right', async () => {
      const request = jest.fn(async (query: string, vars: any) => (query.includes('searchTags') ? { searchTags: vars.query === 'go' ? serverTags : [] } : { tags: [] }));
      const r = await render({ request, permissions: [Permission.edit_clients, Permission.create_tags] });
      await typeInto(r, 'go');
      expect(request).toHaveBeenCalledWith(expect.stringContaining('searchTags'), { query: 'go', first: 8 });
      expect(options('tag-option')).toEqual(['Gold']);
      expect(options('create-tag-option')).toEqual(['Create tag “go”']);
      await typeInto(r, 'gold');
      expect(options('create-tag-option')).toEqual(['Create tag “gold”']); // the server found nothing for "gold" in this fake
    });

    it('without "Create tags" the list says nothing matches instead of offering creation', async () => {
      const request = jest.fn(async (query: string) => (query.includes('searchTags') ? { searchTags: [] } : { tags: [] }));
      const r = await render({ request, permissions: [Permission.edit_clients] });
      await typeInto(r, 'Brand new');
      expect(options('create-tag-option')).toEqual([]);
      expect(options('no-tag-match')).toEqual(['No tags match “Brand new”']);
    });

    it('a tag clicked is pinned (sorted first, pressed) and clicked again unpinned', async () => {
      const two = [
        { id: 't1', name: 'Web chat lead', color: '#64b5f6', pinned: false },
        { id: 't2', name: 'Zed', color: '#e57373', pinned: false },
      ];
      const request = jest.fn(async (query: string, vars: any) => {
        if (query.includes('pinContactTag')) {
          const tags = two.map((t) => ({ ...t, pinned: t.id === vars.input.tagId && vars.input.pinned }));
          return { pinContactTag: contact({ tags: [...tags].sort((a, b) => Number(b.pinned) - Number(a.pinned)) }) };
        }
        return { tags: [], searchTags: [] };
      });
      const r = await render({ request, contact: contact({ tags: two }) });
      const pins = () => Array.from(r.el.querySelectorAll<HTMLButtonElement>('[data-testid="pin-tag"]'));
      pins()[1].click();
      await r.settle();
      expect(request).toHaveBeenCalledWith(expect.stringContaining('pinContactTag'), { input: { conversationId: 'c1', tagId: 't2', pinned: true } });
      expect(r.tags()).toEqual(['Zed', 'Web chat lead']);
      expect(pins()[0].getAttribute('aria-pressed')).toBe('true');
      expect(pins()[0].getAttribute('aria-label')).toBe('Unpin tag Zed');
      pins()[0].click();
      await r.settle();
      expect(request).toHaveBeenLastCalledWith(expect.stringContaining('pinContactTag'), { input: { conversationId: 'c1', tagId: 't2', pinned: false } });
    });

    it("an admin's rename, recolour and delete show at once (tag events)", async () => {
      const r = await render({ contact: contact({ tags: [{ id: 't1', name: 'Web chat lead', color: '#64b5f6', pinned: false }, { id: 't2', name: 'VIP', color: '#e57373', pinned: false }] }) });
      const store = TestBed.inject(TagEventsStore);
      store.receive({ kind: 'tag_updated', tag: { id: 't1', name: 'Chat lead', color: '#000000', pinned: false }, job: null });
      await r.settle();
      expect(r.tags()).toEqual(['Chat lead', 'VIP']);
      expect((r.el.querySelector('[data-testid="contact-tag"]') as HTMLElement).style.background).toBe('rgb(0, 0, 0)');
      store.receive({ kind: 'tag_deleted', tag: { id: 't2', name: 'VIP', color: '#e57373', pinned: false }, job: null });
      await r.settle();
      expect(r.tags()).toEqual(['Chat lead']);
    });
  });
});
