import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole } from '@parley/shared/contracts';
import { ClientCardStore } from '@parley/web/crm/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ClientFields } from './client-fields';

const rules = { min: null, max: null, minLength: null, maxLength: null, pattern: null, scale: null };
const field = (id: string, name: string, type: string, over: Record<string, unknown> = {}) => ({ id, name, type, options: [], required: false, pinned: true, position: 0, rules, ...over });
const company = field('f1', 'Company', 'text');
const vip = field('f2', 'VIP', 'boolean', { position: 1 });
const size = field('f3', 'Size', 'select', { options: ['S', 'M', 'L'], position: 2 });
const birthday = field('f4', 'Birthday', 'date', { pinned: false });
const channels = field('f5', 'Channels', 'multi_select', { pinned: false, options: ['web', 'phone', 'mail'] });

@Component({
  imports: [ClientFields],
  template: `<pl-client-fields [card]="card()" [canEdit]="canEdit()" />`,
})
class Host {
  readonly card = signal<any>({ id: 'k1', customFields: [{ field: { id: 'f1' }, value: 'Ewa Ltd', values: [] }] });
  readonly canEdit = signal(true);
}

async function render(opts: { role?: OperatorRole; canEdit?: boolean; fail?: Error } = {}) {
  const pinnedFields = signal<any[]>([company, vip, size]);
  const calls: Array<[string, ...unknown[]]> = [];
  const ref: { host: Host | null } = { host: null };
  const store = {
    pinnedFields,
    searchFields: jest.fn(async (q: string) => [company, vip, size, birthday, channels].filter((f) => f.name.toLowerCase().startsWith(q.toLowerCase()))),
    setCustomField: jest.fn(async (fieldId: string, value: string | null, values?: string[] | null) => {
      calls.push(['set', fieldId, value, values]);
      if (opts.fail) throw opts.fail;
      const host = ref.host as Host;
      const card = host.card();
      host.card.set({ ...card, customFields: [...card.customFields.filter((v: any) => v.field.id !== fieldId), { field: { id: fieldId }, value, values: values ?? [] }] });
      return host.card();
    }),
    pinField: jest.fn(async (id: string, pinned: boolean) => {
      calls.push(['pin', id, pinned]);
      const f = [company, vip, size, birthday, channels].find((x) => x.id === id)!;
      pinnedFields.set(pinned ? [...pinnedFields(), { ...f, pinned }] : pinnedFields().filter((x) => x.id !== id));
    }),
    reorderPinned: jest.fn(async (ids: string[]) => {
      calls.push(['order', ids]);
      pinnedFields.set(ids.map((id) => pinnedFields().find((f) => f.id === id)));
    }),
  };
  // the widget provides the store; here the test module does (ClientFields finds it up the injector tree)
  TestBed.configureTestingModule({ providers: [{ provide: SessionStore, useValue: { role: signal(opts.role ?? OperatorRole.agent) } }, { provide: ClientCardStore, useValue: store }] });
  const fixture = TestBed.createComponent(Host);
  const host = fixture.componentInstance;
  ref.host = host;
  host.canEdit.set(opts.canEdit ?? true);
  const settle = async (ms = 0) => {
    for (let i = 0; i < 2; i++) {
      fixture.detectChanges();
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r, ms));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = el) => root.querySelector<T>(`[data-testid="${id}"]`);
  const row = (name: string) => el.querySelector<HTMLElement>(`[data-testid="client-field"][data-field="${name}"]`)!;
  const names = () => [...el.querySelectorAll('[data-testid="client-field"]')].map((r) => r.getAttribute('data-field'));
  const submit = async () => {
    q('field-form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  return { fixture, el, q, row, names, settle, submit, calls, store, host };
}

describe('ClientFields', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the pinned fields in order with the client’s values; a click edits a text value, Enter saves', async () => {
    const w = await render();
    expect(w.names()).toEqual(['Company', 'VIP', 'Size']);
    expect(w.q('field-value', w.row('Company'))!.textContent!.trim()).toBe('Ewa Ltd');
    expect(w.q('field-value', w.row('Size'))!.textContent!.trim()).toBe('Add');
    w.q('field-value', w.row('Company'))!.click();
    await w.settle();
    const input = w.q<HTMLInputElement>('field-input')!;
    expect(input.value).toBe('Ewa Ltd');
    input.value = 'Ewa Sp. z o.o.';
    await w.submit();
    expect(w.calls.at(-1)).toEqual(['set', 'f1', 'Ewa Sp. z o.o.', undefined]);
    expect(w.q('field-form')).toBeNull();
    expect(w.q('field-value', w.row('Company'))!.textContent!.trim()).toBe('Ewa Sp. z o.o.');
  });

  it('a yes / no field saves on its switch; a select saves its choice', async () => {
    const w = await render();
    const toggle = w.q<HTMLInputElement>('field-toggle', w.row('VIP'))!;
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    await w.settle();
    expect(w.calls.at(-1)).toEqual(['set', 'f2', 'true', undefined]);
    expect(w.row('VIP').textContent).toContain('Yes');
    w.q('field-value', w.row('Size'))!.click();
    await w.settle();
    w.q<HTMLSelectElement>('field-input')!.value = 'M';
    await w.submit();
    expect(w.calls.at(-1)).toEqual(['set', 'f3', 'M', undefined]);
  });

  it('the search finds any field and shows it for this client, opened; a multi-select saves its ticks', async () => {
    const w = await render();
    const search = w.q<HTMLInputElement>('field-search')!;
    search.value = 'ch';
    search.dispatchEvent(new Event('input'));
    await w.settle(200);
    expect([...w.el.querySelectorAll('[data-testid="field-result"]')].map((r) => r.textContent!.trim())).toEqual(['Channels']);
    w.q('field-result')!.click();
    await w.settle();
    expect(w.names()).toEqual(['Company', 'VIP', 'Size', 'Channels']);
    const choices = [...w.el.querySelectorAll<HTMLInputElement>('[data-testid="field-choice"]')];
    choices[0].checked = true;
    choices[2].checked = true;
    await w.submit();
    expect(w.calls.at(-1)).toEqual(['set', 'f5', null, ['web', 'mail']]);
    expect(w.q('field-value', w.row('Channels'))!.textContent!.trim()).toBe('web, mail');
    search.value = 'zzz';
    search.dispatchEvent(new Event('input'));
    await w.settle(200);
    expect(w.q('field-results')!.textContent).toContain('No field is called that');
  });

  it('says the server’s refusal under the field and keeps the editor open', async () => {
    const w = await render({ fail: new GraphqlRequestError('BAD_USER_INPUT', 'Birthday must be a date (YYYY-MM-DD)') });
    w.q('field-value', w.row('Company'))!.click();
    await w.settle();
    await w.submit();
    expect(w.q('field-error', w.row('Company'))!.textContent!.trim()).toBe('Birthday must be a date (YYYY-MM-DD)');
    expect(w.q('field-form')).not.toBeNull();
  });

  it('admins pin and unpin a field and move a pinned one with Alt+↓; agents have neither', async () => {
    const agent = await render();
    expect(agent.q('field-pin')).toBeNull();
    expect(agent.q('field-handle')).toBeNull();
    TestBed.resetTestingModule();
    const w = await render({ role: OperatorRole.admin });
    w.q('field-handle', w.row('Company'))!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true }));
    await w.settle();
    expect(w.calls.at(-1)).toEqual(['order', ['f2', 'f1', 'f3']]);
    expect(w.names()).toEqual(['VIP', 'Company', 'Size']);
    w.q('field-pin', w.row('Size'))!.click();
    await w.settle();
    expect(w.calls.at(-1)).toEqual(['pin', 'f3', false]);
    // unpinned, it stays on this client's list until another opens
    expect(w.names()).toEqual(['VIP', 'Company', 'Size']);
    expect(w.q('field-pin', w.row('Size'))!.getAttribute('aria-pressed')).toBe('false');
  });

  it('reads only without the right to edit: values as text, no editor', async () => {
    const w = await render({ canEdit: false });
    expect(w.q('field-value', w.row('Company'))!.tagName).toBe('SPAN');
    expect(w.q<HTMLInputElement>('field-toggle', w.row('VIP'))!.disabled).toBe(true);
  });
});
