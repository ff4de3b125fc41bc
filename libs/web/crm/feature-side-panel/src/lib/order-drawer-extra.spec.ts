import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { Permission } from '@parley/shared/contracts';
import { formOf, inputOf, OrderDrawer } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { OrderDrawerComponent } from './order-drawer';

/** Issue #12 (E5): the order drawer's Extra fields — custom order fields (pinned, added through the search), typed inputs, the server's errors, the Main fields with the manager. */

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const FIELDS = [
  { id: 'f1', key: 'gift-wrap', name: 'Gift wrap', type: 'checkbox', options: [], required: false, pinned: true, position: 0, active: true },
  { id: 'f2', key: 'floor', name: 'Floor', type: 'number', options: [], required: false, pinned: false, position: 1, active: true },
  { id: 'f3', key: 'channel', name: 'Sales channel', type: 'select', options: ['Web', 'Shop'], required: true, pinned: false, position: 2, active: true },
  { id: 'f4', key: 'deliver-after', name: 'Deliver after', type: 'date', options: [], required: false, pinned: false, position: 3, active: true },
  { id: 'f5', key: 'old-code', name: 'Old code', type: 'text', options: [], required: false, pinned: true, position: 4, active: false },
];
const settingsWith = (fields: unknown[]) => ({
  orderStatuses: [{ id: 's1', code: 'new', name: 'New', group: 'new', position: 0, active: true }],
  paymentTypes: [{ id: 't1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true }],
  productPriceTypes: [{ id: 'pt-r', code: 'retail', name: 'Retail', currency: 'EUR', isBase: true }],
  orderCustomFields: fields,
  orderExtraSuggestions: { countries: ['Poland', 'Czechia'], orderTypes: ['Retail'], orderMethods: [], stores: ['Kraków'] },
  orderManagerOptions: [
    { id: 'op-a', displayName: 'Anna' },
    { id: 'op-z', displayName: 'Zofia' },
  ],
});
const order = (over: Record<string, unknown> = {}) => ({
  id: 'o1', number: 7, isDraft: false, clientId: 'k1', conversationId: 'c1', version: 1, currency: 'EUR', priceTypeId: null, status: { id: 's1', code: 'new', name: 'New', group: 'new' },
  customer: { firstName: 'Marta', lastName: 'Nowak', phone: '+48601234567', email: null },
  items: [{ id: 'i1', productId: 'p-mug', sku: 'mug', name: 'Stoneware Mug', quantity: '2', listPrice: '18.00', unitPrice: '18.00', weightKg: null, lineTotal: '36.00', imageUrl: null }],
  discount: null, totals: { goods: '36.00', discount: '0.00', delivery: '0.00', total: '36.00', paid: '0.00', due: '36.00', paymentState: 'none', weightKg: '0.000' },
  delivery: { type: null, service: null, region: null, city: 'Kraków', street: 'Floriańska 1', postalCode: '31-019', date: null, slot: null, cost: '0.00', costManual: false, ruleId: null, ruleName: null },
  payments: [], extra: { country: 'Poland', orderType: null, orderMethod: null, store: null, managerId: 'op-a', managerName: 'Anna' },
  custom: [{ key: 'gift-wrap', value: 'true' }, { key: 'old-code', value: 'A-17' }],
  comment: null, createdByName: 'Anna', createdAt: '2026-12-07T08:00:00Z', updatedAt: '2026-12-07T08:00:00Z', placedAt: '2026-12-07T08:00:00Z',
  ...over,
});

async function render(opts: { fields?: unknown[]; saveFails?: GraphqlRequestError[] } = {}) {
  const calls: Array<{ op: string; vars: any }> = [];
  const saveFails = [...(opts.saveFails ?? [])];
  const settings = settingsWith(opts.fields ?? FIELDS);
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    if (op === 'OrderSettings') return settings;
    if (op === 'Order') return { order: order() };
    if (op === 'PreviewOrder') return { previewOrder: { totals: order().totals, lineTotals: ['36.00'], deliveryCost: '0.00', deliveryRuleId: null, deliveryRuleName: null, errors: [] } };
    if (op === 'SaveOrder') {
      const e = saveFails.shift();
      if (e) throw e;
      return { saveOrder: order() };
    }
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: () => () => undefined } },
      { provide: SessionStore, useValue: { operator: signal({ id: 'me' }), canReply: signal(true), permissions: signal(new Set([Permission.manage_orders])) } },
      { provide: MatDialog, useValue: { open: jest.fn() } },
    ],
  });
  const fixture = TestBed.createComponent(OrderDrawerComponent);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1' } as any }));
  const settle = async (ms = 0) => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r, ms));
    }
    fixture.detectChanges();
  };
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const key = (id: string, k: string) => {
    q(id)!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    fixture.detectChanges();
  };
  TestBed.inject(OrderDrawer).open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' });
  await settle(10);
  return { fixture, el, q, key, settle, calls };
}

describe('Order drawer: Extra fields (issue #12, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the pinned fields, the order’s values (a switched-off one read-only) and the Main fields with suggestions and a manager select', async () => {
    const d = await render();
    expect(d.q<HTMLInputElement>('order-custom-gift-wrap')!.checked).toBe(true);
    expect(d.q<HTMLInputElement>('order-custom-gift-wrap')!.type).toBe('checkbox');
    const old = d.q<HTMLInputElement>('order-custom-old-code')!;
    expect(old.value).toBe('A-17');
    expect(old.disabled).toBe(true);
    expect(old.closest('label')!.textContent).toContain('Switched off');
    // not pinned, no value: offered by the search, not shown
    expect(d.q('order-custom-floor')).toBeNull();
    expect(d.q('order-custom-none')).toBeNull();
    // suggestions from recent orders
    const country = d.q<HTMLInputElement>('order-extra-country')!;
    expect(country.getAttribute('list')).toBe('order-dl-country');
    expect([...d.el.querySelectorAll<HTMLOptionElement>('#order-dl-country option')].map((o) => o.value)).toEqual(['Poland', 'Czechia']);
    // the manager: the workspace's active operators (orderManagerOptions), the current one selected
    const manager = d.q<HTMLSelectElement>('order-extra-managerId')!;
    expect([...manager.options].map((o) => o.textContent?.trim())).toEqual(['— No manager', 'Anna', 'Zofia']);
    expect(manager.value).toBe('op-a');
    expect(manager.closest('label')!.textContent).toContain('Manager');
  });

  it('adds a field through the search with the keyboard (ArrowDown, Enter; Esc closes the list, not the drawer); typed inputs', async () => {
    const d = await render();
    const search = d.q<HTMLInputElement>('order-field-search')!;
    expect(search.getAttribute('role')).toBe('combobox');
    search.dispatchEvent(new Event('focus'));
    search.value = 'l';
    search.dispatchEvent(new Event('input'));
    d.fixture.detectChanges();
    const labels = () => [...d.el.querySelectorAll('[role="option"]')].map((o) => o.textContent?.replace(/\s+/g, ' ').trim());
    // active fields not shown yet whose name has an "l", then the Main fields
    expect(labels()).toEqual(['Floor Number', 'Sales channel Choice', 'Deliver after Date']);
    expect(search.getAttribute('aria-expanded')).toBe('true');
    expect(search.getAttribute('aria-activedescendant')).toBe('order-field-option-0');
    d.key('order-field-search', 'ArrowDown');
    expect(search.getAttribute('aria-activedescendant')).toBe('order-field-option-1');
    expect(d.el.querySelector('#order-field-option-1')!.getAttribute('aria-selected')).toBe('true');
    d.key('order-field-search', 'ArrowUp');
    d.key('order-field-search', 'ArrowUp');
    expect(search.getAttribute('aria-activedescendant')).toBe('order-field-option-2');
    d.key('order-field-search', 'ArrowDown');
    d.key('order-field-search', 'ArrowDown');
    d.key('order-field-search', 'Enter');
    await d.settle(10);
    // Sales channel is a select with its options, now shown in this order and focused
    const channel = d.q<HTMLSelectElement>('order-custom-channel')!;
    expect(channel.tagName).toBe('SELECT');
    expect([...channel.options].map((o) => o.value)).toEqual(['', 'Web', 'Shop']);
    expect(document.activeElement).toBe(channel);
    expect(d.q('order-field-options')).toBeNull();

    // Esc with the list open closes the list and keeps the drawer
    search.dispatchEvent(new Event('focus'));
    search.value = 'floor';
    search.dispatchEvent(new Event('input'));
    d.fixture.detectChanges();
    expect(labels()).toEqual(['Floor Number']);
    d.key('order-field-search', 'Escape');
    expect(d.q('order-field-options')).toBeNull();
    expect(d.q('order-drawer')).not.toBeNull();
    // a Main field is found too: picking it goes to it
    search.value = 'manag';
    search.dispatchEvent(new Event('input'));
    d.fixture.detectChanges();
    expect(labels()).toEqual(['Manager Main']);

    // the date input is a date, the number one asks for decimals
    search.value = 'deliver';
    search.dispatchEvent(new Event('input'));
    d.fixture.detectChanges();
    d.key('order-field-search', 'Enter');
    await d.settle(10);
    expect(d.q<HTMLInputElement>('order-custom-deliver-after')!.type).toBe('date');
  });

  it('shows the server’s error under the field, sends every value and the manager through inputOf', async () => {
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', 'The order has 2 errors', [
      { message: 'x', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'custom.channel', message: 'Sales channel is required' }, { field: 'extra.managerId', message: 'Choose an operator of this workspace' }] } },
    ]);
    const d = await render({ saveFails: [refusal] });
    const manager = d.q<HTMLSelectElement>('order-extra-managerId')!;
    manager.value = 'op-z';
    manager.dispatchEvent(new Event('change'));
    const wrap = d.q<HTMLInputElement>('order-custom-gift-wrap')!;
    wrap.checked = false;
    wrap.dispatchEvent(new Event('change'));
    await d.settle(10);
    d.q<HTMLButtonElement>('order-save')!.click();
    await d.settle(10);
    const sent = d.calls.filter((c) => c.op === 'SaveOrder').at(-1)!.vars.input;
    expect(sent.extra.managerId).toBe('op-z');
    expect(sent.custom).toEqual([{ key: 'gift-wrap', value: 'false' }, { key: 'old-code', value: 'A-17' }]);
    // the required field at fault is shown (it had no value) with its error under it, marked invalid
    expect(d.q('order-error-custom.channel')!.textContent).toBe('Sales channel is required');
    expect(d.q('order-custom-channel')!.getAttribute('aria-invalid')).toBe('true');
    expect(d.q('order-error-extra.managerId')!.textContent).toBe('Choose an operator of this workspace');
    expect(d.q('order-extra-managerId')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('stays usable without custom fields: a hint for admins', async () => {
    const d = await render({ fields: [] });
    expect(d.q('order-custom-none')!.textContent).toContain('Settings › Orders');
    expect(d.q('order-extra-country')).not.toBeNull();
    const search = d.q<HTMLInputElement>('order-field-search')!;
    search.dispatchEvent(new Event('focus'));
    search.value = 'zzz';
    search.dispatchEvent(new Event('input'));
    d.fixture.detectChanges();
    expect(d.q('order-field-none')!.textContent).toContain('No other field matches “zzz”');
  });
});

describe('formOf / inputOf: custom values and the manager', () => {
  it('round-trip', () => {
    const form = formOf(order() as any);
    expect(form.custom).toEqual({ 'gift-wrap': 'true', 'old-code': 'A-17' });
    expect(form.extra.managerId).toBe('op-a');
    form.custom['floor'] = ' 3.5 ';
    form.custom['gift-wrap'] = '';
    form.extra.managerId = '';
    const input = inputOf(form, { contactId: 'k1', conversationId: 'c1', id: 'o1', version: 1 }, false);
    expect(input.custom).toEqual([{ key: 'gift-wrap', value: null }, { key: 'old-code', value: 'A-17' }, { key: 'floor', value: ' 3.5 ' }]);
    expect(input.extra?.managerId).toBeNull();
  });
});
