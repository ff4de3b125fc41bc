import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient, SessionStore, TagEventsStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ClientBasicsWidget } from './client-basics-widget';

const vip = { id: 't1', name: 'VIP', color: '#d32f2f', pinned: true };
const lead = { id: 't2', name: 'lead', color: '#1976d2', pinned: false };
const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const emptyAddress = { line: null, split: false, postalCode: null, country: null, region: null, city: null, street: null, house: null, flat: null, building: null, entrance: null, floor: null, block: null, metro: null };
const bad = (message: string, field: string) => new GraphqlRequestError('BAD_USER_INPUT', message, [{ message, extensions: { code: 'BAD_USER_INPUT', field } }]);

/** A server keeping client k1's card; phones must start with + and be 8+ digits, e-mails need an @. */
async function render(contact: Record<string, unknown> = {}, opts: { role?: OperatorRole; permissions?: Permission[]; duplicate?: any; others?: Array<{ id: string; displayName: string; phone: string | null; email: string | null }> } = {}) {
  let n = 0;
  const card: any = { id: 'k1', name: null, displayName: 'Teal Otter #4F2A', firstName: null, lastName: null, middleName: null, email: null, phone: null, phones: [], emails: [], address: { ...emptyAddress }, owner: null, tags: [vip, lead], updatedAt: null, ...contact };
  const sync = () => {
    card.phone = card.phones.find((p: any) => p.primary)?.value ?? null;
    card.email = card.emails.find((p: any) => p.primary)?.value ?? null;
    card.name = [card.firstName, card.middleName, card.lastName].filter(Boolean).join(' ') || null;
    return { ...JSON.parse(JSON.stringify(card)) };
  };
  const calls: { op: string; vars: any }[] = [];
  let merged = false;
  let live: ((d: unknown) => void) | null = null;
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    const i = vars?.input;
    switch (op) {
      case 'ClientCard':
        if (vars.id !== 'k1') return { contact: JSON.parse(JSON.stringify(opts.duplicate)) };
        return { contact: sync() };
      case 'ClientDuplicates':
        return { clientDuplicates: opts.duplicate && !merged ? [{ shared: ['+48600100200'], contact: { id: opts.duplicate.id, displayName: opts.duplicate.displayName } }] : [] };
      case 'MergeClients':
        merged = true;
        for (const f of i.take) card[f] = opts.duplicate[f];
        return { mergeClients: sync() };
      case 'SetContactName':
        Object.assign(card, { firstName: i.firstName, lastName: i.lastName, middleName: i.middleName });
        return { setContactName: sync() };
      case 'AddContactPhone':
        if (!/^\+\d{8,}$/.test(i.phone.replace(/\s/g, ''))) throw bad('This is not a valid phone number', 'phone');
        card.phones.push({ id: `p${++n}`, value: i.phone.replace(/\s/g, ''), primary: card.phones.length === 0 });
        return { addContactPhone: sync() };
      case 'UpdateContactPhone':
        card.phones.find((p: any) => p.id === i.phoneId).value = i.phone;
        return { updateContactPhone: sync() };
      case 'RemoveContactPhone':
        card.phones = card.phones.filter((p: any) => p.id !== i.phoneId);
        if (card.phones.length && !card.phones.some((p: any) => p.primary)) card.phones[0].primary = true;
        return { removeContactPhone: sync() };
      case 'MakeContactPhonePrimary':
        for (const p of card.phones) p.primary = p.id === i.phoneId;
        card.phones.sort((a: any, b: any) => Number(b.primary) - Number(a.primary));
        return { makeContactPhonePrimary: sync() };
      case 'AddContactEmail':
        if (!i.email.includes('@')) throw bad('This is not a valid e-mail address', 'email');
        card.emails.push({ id: `e${++n}`, value: i.email, primary: card.emails.length === 0 });
        return { addContactEmail: sync() };
      case 'SetContactAddress': {
        const { contactId: _, split, line, ...parts } = i;
        card.address = { ...card.address, ...parts, split: !!split };
        card.address.line = split ? Object.values(parts).filter(Boolean).join(', ') : line ?? null;
        return { setContactAddress: sync() };
      }
      case 'ClientMatches':
        return { clientMatches: (opts.others ?? []).filter((o) => (vars.phone && o.phone === vars.phone.replace(/\s/g, '')) || (vars.email && o.email === vars.email)) };
      case 'LinkConversationToContact': {
        const o = opts.others!.find((x) => x.id === i.contactId)!;
        return { linkConversationToContact: { id: i.conversationId, contact: { id: o.id, name: o.displayName, email: o.email, phone: o.phone, owner: null, tags: [] } } };
      }
    }
    throw new Error(`unexpected ${op}`);
  });
  const role = opts.role ?? OperatorRole.agent;
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      {
        provide: RealtimeClient,
        useValue: {
          reconnections: signal(0),
          subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => {
            live = sink.next;
            return () => (live = null);
          },
        },
      },
      { provide: SessionStore, useValue: { isAuthenticated: signal(true), role: signal(role), canReply: signal(role !== OperatorRole.observer), permissions: signal(new Set(opts.permissions ?? [Permission.edit_clients])) } },
    ],
  });
  const fixture = TestBed.createComponent(ClientBasicsWidget);
  fixture.componentRef.setInput('conversation', aConversation({ contact: { id: 'k1', name: card.name, email: null, phone: null, tags: [vip, lead] } as any }));
  const settle = async (ms = 0) => {
    for (let k = 0; k < 3; k++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r, ms));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)].map((e) => e.textContent!.trim());
  const fill = async (id: string, value: string) => {
    const input = q<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  const submit = async (formId: string) => {
    q<HTMLFormElement>(formId)!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const pinned = () => all('pinned-tag');
  return { fixture, el, q, all, fill, submit, settle, calls, card, pinned, push: (d: unknown) => live?.(d) };
}

describe('ClientBasicsWidget', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows pinned tags (not the others) beside the name, also beside a pseudonym, and follows a rename or delete live', async () => {
    const { fixture, el, pinned } = await render();
    expect(el.textContent).toContain('has not shared a name');
    expect(pinned()).toEqual(['VIP']);
    const events = TestBed.inject(TagEventsStore);
    events.receive({ kind: 'tag_updated', tag: { ...vip, name: 'Key client' }, job: null } as any);
    await fixture.whenStable();
    expect(pinned()).toEqual(['Key client']);
    events.receive({ kind: 'tag_deleted', tag: vip, job: null } as any);
    await fixture.whenStable();
    expect(pinned()).toEqual([]);
  });

  it('edits the name with the pencil: first, last and middle name; Escape cancels', async () => {
    const w = await render({ firstName: 'Ewa' });
    w.q('contact-name-edit')!.click();
    await w.settle();
    expect(w.q<HTMLInputElement>('contact-first-name')!.value).toBe('Ewa');
    w.q('contact-name-form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await w.settle();
    expect(w.q('contact-name-form')).toBeNull();
    w.q('contact-name-edit')!.click();
    await w.settle();
    w.q<HTMLInputElement>('contact-last-name')!.value = 'Kowalska';
    w.q<HTMLInputElement>('contact-middle-name')!.value = 'Maria';
    await w.submit('contact-name-form');
    expect(w.calls.at(-1)).toEqual({ op: 'SetContactName', vars: { input: { contactId: 'k1', firstName: 'Ewa', lastName: 'Kowalska', middleName: 'Maria' } } });
    expect(w.q('contact-name-form')).toBeNull();
  });

  it('adds phones, refuses an invalid one under the field, edits, makes one primary and removes one', async () => {
    const w = await render();
    w.q('contact-phone-add')!.click();
    await w.settle();
    await w.fill('contact-phone-input', '12');
    await w.submit('contact-phone-form');
    expect(w.q('contact-edit-error')!.textContent!.trim()).toBe('This is not a valid phone number');
    expect(w.q('contact-phone-form')).not.toBeNull();
    await w.fill('contact-phone-input', '+48 600 100 200');
    expect(w.q('contact-edit-error')).toBeNull();
    await w.submit('contact-phone-form');
    expect(w.all('contact-phone-value')).toEqual(['+48600100200']);
    w.q('contact-phone-add')!.click();
    await w.settle();
    await w.fill('contact-phone-input', '+48600300400');
    await w.submit('contact-phone-form');
    expect(w.all('contact-phone-value')).toEqual(['+48600100200', '+48600300400']);
    // the second is not primary: it can be made so
    w.q('contact-phone-primary')!.click();
    await w.settle();
    expect(w.all('contact-phone-value')).toEqual(['+48600300400', '+48600100200']);
    // a click on a value edits it in place
    (w.el.querySelectorAll('[data-testid="contact-phone-value"]')[1] as HTMLElement).click();
    await w.settle();
    expect(w.q<HTMLInputElement>('contact-phone-input')!.value).toBe('+48600100200');
    await w.fill('contact-phone-input', '+48600100201');
    await w.submit('contact-phone-form');
    expect(w.calls.at(-1)!.op).toBe('UpdateContactPhone');
    expect(w.all('contact-phone-value')).toEqual(['+48600300400', '+48600100201']);
    (w.el.querySelectorAll('[data-testid="contact-phone-remove"]')[0] as HTMLElement).click();
    await w.settle();
    expect(w.all('contact-phone-value')).toEqual(['+48600100201']);
    // an empty value is said without asking the server
    w.q('contact-phone-add')!.click();
    await w.settle();
    const before = w.calls.length;
    await w.submit('contact-phone-form');
    expect(w.q('contact-edit-error')!.textContent).toMatch(/Enter a phone number/);
    expect(w.calls.length).toBe(before);
  });

  it('while a phone another client has is typed, offers that client and links the conversation to them', async () => {
    const w = await render({}, { others: [{ id: 'k2', displayName: 'Jan Nowak', phone: '+48600999888', email: null }] });
    w.q('contact-phone-add')!.click();
    await w.settle();
    await w.fill('contact-phone-input', '+48 600');
    await w.settle(350);
    expect(w.q('contact-match')).toBeNull();
    await w.fill('contact-phone-input', '+48 600 999 888');
    await w.settle(350);
    expect(w.q('contact-match')!.textContent).toMatch(/Jan Nowak already has this number/);
    expect(w.calls.find((c) => c.op === 'ClientMatches')!.vars).toEqual({ phone: '+48 600 999 888', exceptContactId: 'k1' });
    w.q('contact-match-link')!.click();
    await w.settle();
    expect(w.calls.find((c) => c.op === 'LinkConversationToContact')!.vars).toEqual({ input: { conversationId: 'c1', contactId: 'k2' } });
    expect(w.q('contact-phone-form')).toBeNull();
  });

  it('e-mails: an invalid one is refused; the address as one line, then split into its fields', async () => {
    const w = await render();
    w.q('contact-email-add')!.click();
    await w.settle();
    await w.fill('contact-email-input', 'ewa-at-example');
    await w.submit('contact-email-form');
    expect(w.q('contact-edit-error')!.textContent!.trim()).toBe('This is not a valid e-mail address');
    await w.fill('contact-email-input', 'ewa@example.com');
    await w.submit('contact-email-form');
    expect(w.all('contact-email-value')).toEqual(['ewa@example.com']);

    expect(w.q('contact-address-value')!.textContent!.trim()).toBe('Add an address');
    w.q('contact-address-value')!.click();
    await w.settle();
    // before splitting: the line and the five parts the seed keeps apart from it
    expect(w.q('contact-address-street')).toBeNull();
    w.q<HTMLInputElement>('contact-address-line')!.value = 'ul. Długa 5, Kraków';
    w.q<HTMLInputElement>('contact-address-city')!.value = 'Kraków';
    await w.submit('contact-address-form');
    expect(w.calls.at(-1)!.vars.input).toEqual({ contactId: 'k1', split: false, line: 'ul. Długa 5, Kraków', postalCode: null, city: 'Kraków', country: null, region: null, metro: null });
    expect(w.q('contact-address-value')!.textContent!.trim()).toBe('ul. Długa 5, Kraków');
    w.q('contact-address-value')!.click();
    await w.settle();
    const split = w.q<HTMLInputElement>('contact-address-split')!;
    split.checked = true;
    split.dispatchEvent(new Event('change'));
    await w.settle();
    expect(w.q('contact-address-line')).toBeNull();
    w.q<HTMLInputElement>('contact-address-street')!.value = 'Długa';
    w.q<HTMLInputElement>('contact-address-house')!.value = '5';
    await w.submit('contact-address-form');
    expect(w.calls.at(-1)!.vars.input).toMatchObject({ split: true, street: 'Długa', house: '5', city: 'Kraków' });
  });

  it('a row action’s refusal is said under the list', async () => {
    const w = await render({ phones: [{ id: 'p1', value: '+48600100200', primary: true }] });
    const request = TestBed.inject(ApiClient).request as jest.Mock;
    request.mockRejectedValueOnce(new GraphqlRequestError('FORBIDDEN', 'You cannot edit clients'));
    w.q('contact-phone-remove')!.click();
    await w.settle();
    expect(w.q('contact-row-error')!.textContent!.trim()).toBe('You cannot edit clients');
    expect(w.all('contact-phone-value')).toEqual(['+48600100200']);
  });

  it('reads only without "Edit clients" or as an observer: no pencil, no add, values as text', async () => {
    const w = await render({ emails: [{ id: 'e1', value: 'ewa@example.com', primary: true }] }, { permissions: [] });
    expect(w.q('contact-name-edit')).toBeNull();
    expect(w.q('contact-phone-add')).toBeNull();
    expect(w.q('contact-email-value')!.tagName).toBe('A');
    TestBed.resetTestingModule();
    const o = await render({}, { role: OperatorRole.observer });
    expect(o.q('contact-email-add')).toBeNull();
  });

  it('reads the card again when another operator edits the client', async () => {
    const w = await render();
    w.card.phones.push({ id: 'p9', value: '+48600555444', primary: true });
    w.push({ contactChanged: { kind: 'updated', contactId: 'k1', survivorId: null, actorId: 'other' } });
    await w.settle(200);
    expect(w.all('contact-phone-value')).toEqual(['+48600555444']);
  });

  it('lists duplicates; Merge… shows the values that differ, the operator picks, and the merge takes the picked ones', async () => {
    const eva = { id: 'k2', displayName: 'Eva', name: 'Eva', firstName: 'Eva', lastName: 'Kowalska', middleName: null, email: 'eva@b.pl', phone: '+48600100200', phones: [], emails: [], address: { ...emptyAddress }, owner: null, tags: [], updatedAt: null };
    const w = await render({ firstName: 'Ewa', lastName: 'Kowalska', phones: [{ id: 'p1', value: '+48600100200', primary: true }], emails: [{ id: 'e1', value: 'ewa@a.pl', primary: true }] }, { duplicate: eva, permissions: [Permission.edit_clients, Permission.merge_clients] });
    expect(w.all('contact-duplicate')[0]).toMatch(/^Eva\s*shares \+48600100200/);
    w.q('contact-merge-open')!.click();
    await w.settle();
    // only what both have and differs: first name and e-mail (last name and phone are the same)
    expect([...w.el.querySelectorAll('[data-testid^="merge-row-"]')].map((e) => e.getAttribute('data-testid'))).toEqual(['merge-row-firstName', 'merge-row-email']);
    expect(w.q<HTMLInputElement>('merge-keep-firstName')!.checked).toBe(true);
    w.q<HTMLInputElement>('merge-take-email')!.click();
    await w.settle();
    w.q('contact-merge-confirm')!.click();
    await w.settle();
    expect(w.calls.find((c) => c.op === 'MergeClients')!.vars).toEqual({ input: { survivorId: 'k1', mergedId: 'k2', take: ['email'] } });
    expect(w.q('contact-merge-form')).toBeNull();
    expect(w.q('contact-duplicates')).toBeNull();
    // the card and its duplicates are read again after the merge
    expect(w.calls.filter((c) => c.op === 'ClientCard' && c.vars.id === 'k1').length).toBe(2);
  });

  it('without "Merge clients" the duplicates are listed without Merge…', async () => {
    const eva = { id: 'k2', displayName: 'Eva', phone: '+48600100200' };
    const w = await render({}, { duplicate: eva });
    expect(w.all('contact-duplicate')).toHaveLength(1);
    expect(w.q('contact-merge-open')).toBeNull();
  });

  it('keeps an open editor when the conversation changes but its client does not (a new message, a saved value)', async () => {
    const w = await render();
    w.q('contact-phone-add')!.click();
    await w.settle();
    w.fixture.componentRef.setInput('conversation', aConversation({ lastMessagePreview: 'a new message', contact: { id: 'k1', name: null, email: null, phone: null, tags: [] } as any }));
    await w.settle();
    expect(w.q('contact-phone-form')).not.toBeNull();
  });
});
