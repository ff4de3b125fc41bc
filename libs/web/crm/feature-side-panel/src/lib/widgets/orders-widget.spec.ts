import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { OrderDrawer } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { OrdersWidget } from './orders-widget';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const statuses = [
  { id: 's1', code: 'new', name: 'New', group: 'new', position: 0, active: true },
  { id: 's2', code: 'assembling', name: 'Assembling', group: 'assembling', position: 0, active: true },
  { id: 's3', code: 'complete', name: 'Complete', group: 'complete', position: 0, active: true },
];
const anOrder = (n: number, over: Record<string, unknown> = {}) => ({
  id: `o${n}`, number: n, isDraft: false, clientId: 'k1', conversationId: 'c1', version: 1, currency: 'EUR', createdAt: '2026-12-01T10:00:00Z',
  status: statuses[0], items: [{ id: `i${n}` }],
  totals: { goods: '36.00', discount: '0.00', delivery: '5.90', total: '41.90', paid: '0.00', due: '41.90', paymentState: 'none' },
  delivery: { type: 'courier', service: null, region: null, city: 'Kraków', street: 'Floriańska 1', postalCode: null, date: '2026-12-24', slot: null, cost: '5.90', costManual: false, ruleName: 'Courier' },
  payments: [],
  ...over,
});

async function render(opts: { permissions?: Permission[]; role?: OperatorRole; fail?: Record<string, Error>; draft?: boolean } = {}) {
  let orders = [anOrder(2, { totals: { goods: '10.00', discount: '0.00', delivery: '0.00', total: '10.00', paid: '4.00', due: '6.00', paymentState: 'partial' }, payments: [{ id: 'p1', type: { id: 't1', code: 'cash', name: 'Cash on delivery' }, status: 'paid', amount: '4.00' }] }), anOrder(1)];
  const fail = { ...(opts.fail ?? {}) };
  const calls: Array<{ op: string; vars: any }> = [];
  let live: ((d: unknown) => void) | null = null;
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    if (fail[op]) {
      const e = fail[op];
      delete fail[op];
      throw e;
    }
    if (op === 'ClientOrders') return { clientOrders: { nodes: [...orders], pageInfo: { hasNextPage: false, endCursor: null } }, clientOrderDraft: opts.draft ? anOrder(0, { id: 'd1', number: null, isDraft: true }) : null };
    if (op === 'OrderSettings') return { orderStatuses: statuses, paymentTypes: [], productPriceTypes: [] };
    if (op === 'SetOrderStatus') {
      const o = { ...orders.find((x) => x.id === vars.input.orderId)!, status: statuses.find((s) => s.code === vars.input.status)! };
      orders = orders.map((x) => (x.id === o.id ? o : x));
      return { setOrderStatus: o };
    }
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
      { provide: SessionStore, useValue: { canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer), permissions: signal(new Set(opts.permissions ?? [Permission.manage_orders])) } },
    ],
  });
  const fixture = TestBed.createComponent(OrdersWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1' } as any }));
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const rows = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="order-row"]'));
  const q = (id: string, within: ParentNode = el) => within.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { fixture, el, q, rows, settle, calls, setOrders: (o: any[]) => (orders = o), push: (d: unknown) => live?.(d), drawer: TestBed.inject(OrderDrawer) };
}

describe('OrdersWidget (issue #12, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lists the client’s orders: number, status, amount due coloured by payment state; delivery and payments on a click', async () => {
    const w = await render();
    const [second, first] = w.rows();
    expect(second.getAttribute('data-number')).toBe('2');
    expect(w.q('order-due', second)!.className).toContain('state-partial');
    expect(w.q('order-due', second)!.textContent).toMatch(/6\.00/);
    expect(w.q('order-due', first)!.className).toContain('state-none');
    expect((w.q('order-status', first) as HTMLSelectElement).value).toBe('new');
    w.q('order-delivery', first)!.click();
    await w.settle();
    expect(w.q('order-delivery-detail', first)!.textContent).toContain('Floriańska 1, Kraków');
    expect(w.q('order-delivery-detail', first)!.textContent).toContain('rule “Courier”');
    w.q('order-due', second)!.click();
    await w.settle();
    expect(w.q('order-delivery-detail', first)).toBeNull();
    expect(w.q('order-payments-detail', second)!.textContent).toContain('Cash on delivery · paid');
    expect(w.q('order-payments-detail', second)!.textContent).toMatch(/Paid €4\.00 of €10\.00 \(partly paid\)/);
  });

  it('changes the status in place; a refusal puts it back and shows the server’s message on the row', async () => {
    const w = await render({ fail: { SetOrderStatus: new GraphqlRequestError('BAD_USER_INPUT', '“Complete” is switched off') } });
    const first = w.rows()[1];
    const select = w.q('order-status', first) as HTMLSelectElement;
    select.value = 'complete';
    select.dispatchEvent(new Event('change'));
    await w.settle();
    expect(w.q('order-row-error', w.rows()[1])!.textContent).toContain('“Complete” is switched off');
    expect((w.q('order-status', w.rows()[1]) as HTMLSelectElement).value).toBe('new');
    select.value = 'assembling';
    select.dispatchEvent(new Event('change'));
    await w.settle();
    expect(w.calls.filter((c) => c.op === 'SetOrderStatus').at(-1)!.vars).toEqual({ input: { orderId: 'o1', status: 'assembling' } });
    expect((w.q('order-status', w.rows()[1]) as HTMLSelectElement).value).toBe('assembling');
  });

  it('opens an order, a new one and the draft in the drawer; follows other operators’ changes live', async () => {
    const w = await render({ draft: true });
    w.q('order-open', w.rows()[0])!.click();
    expect(w.drawer.request()).toEqual({ contactId: 'k1', conversationId: 'c1', orderId: 'o2' });
    w.q('orders-new')!.click();
    expect(w.drawer.request()).toEqual({ contactId: 'k1', conversationId: 'c1', orderId: null });
    expect(w.q('order-draft')!.textContent).toContain('Draft · 1 item');
    w.q('order-draft-resume')!.click();
    expect(w.drawer.request()?.orderId).toBe('d1');

    w.setOrders([anOrder(3), anOrder(2), anOrder(1)]);
    w.push({ contactChanged: { kind: 'orders_changed', contactId: 'k1', actorId: 'someone' } });
    await new Promise((r) => setTimeout(r, 300));
    await w.settle();
    expect(w.rows().map((r) => r.getAttribute('data-number'))).toEqual(['3', '2', '1']);
  });

  it('reads only for observers and operators without “Manage orders”; an empty state that says what to do; a load error with Try again', async () => {
    const w = await render({ role: OperatorRole.observer, permissions: [] });
    expect(w.q('orders-new')).toBeNull();
    expect((w.q('order-status', w.rows()[0]) as HTMLSelectElement).disabled).toBe(true);
    TestBed.resetTestingModule();
    const e = await render({ fail: { ClientOrders: new Error('offline') } });
    expect(e.el.textContent).toContain('The orders could not be loaded');
    e.setOrders([]);
    (e.el.querySelector('.error button') as HTMLElement).click();
    await e.settle();
    expect(e.q('orders-none')!.textContent).toContain('“New order” starts one from this chat');
  });
});
