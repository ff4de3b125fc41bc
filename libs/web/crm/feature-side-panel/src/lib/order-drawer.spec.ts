import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { OrderDrawer } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { OrderDrawerComponent } from './order-drawer';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const settings = {
  orderStatuses: [{ id: 's1', code: 'new', name: 'New', group: 'new', position: 0, active: true }, { id: 's2', code: 'assembling', name: 'Assembling', group: 'assembling', position: 0, active: true }],
  paymentTypes: [{ id: 't1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true }],
  productPriceTypes: [{ id: 'pt-r', code: 'retail', name: 'Retail', currency: 'EUR', isBase: true }],
};
const contact = { id: 'k1', name: 'Marta Nowak', displayName: 'Marta Nowak', firstName: 'Marta', lastName: 'Nowak', middleName: null, email: null, phone: null, phones: [{ id: 'ph', value: '+48601234567', primary: true }], emails: [], address: { line: 'Floriańska 1, Kraków', split: false, postalCode: '31-019', country: 'Poland', region: null, city: 'Kraków', street: 'Floriańska 1', house: null, flat: null, building: null, entrance: null, floor: null, block: null, metro: null } };
const placed = (over: Record<string, unknown> = {}) => ({
  id: 'o1', number: 7, isDraft: false, clientId: 'k1', conversationId: 'c1', version: 1, currency: 'EUR', priceTypeId: null, status: settings.orderStatuses[0],
  customer: { firstName: 'Marta', lastName: 'Nowak', phone: '+48601234567', email: null },
  items: [{ id: 'i1', productId: 'p-mug', sku: 'mug', name: 'Stoneware Mug', quantity: '2', listPrice: '18.00', unitPrice: '18.00', weightKg: null, lineTotal: '36.00', imageUrl: null }],
  discount: null, totals: { goods: '36.00', discount: '0.00', delivery: '0.00', total: '36.00', paid: '0.00', due: '36.00', paymentState: 'none', weightKg: '0.000' },
  delivery: { type: null, service: null, region: null, city: 'Kraków', street: 'Floriańska 1', postalCode: '31-019', date: null, slot: null, cost: '0.00', costManual: false, ruleId: null, ruleName: null },
  payments: [], extra: { country: 'Poland', orderType: null, orderMethod: null, store: null, managerId: null, managerName: null }, comment: null, createdByName: 'Anna', createdAt: '2026-12-07T08:00:00Z', updatedAt: '2026-12-07T08:00:00Z', placedAt: '2026-12-07T08:00:00Z',
  ...over,
});

async function render(opts: { ask?: jest.Mock; permissions?: Permission[]; role?: OperatorRole; saveFails?: GraphqlRequestError[]; order?: () => any; saved?: () => any; linkFails?: GraphqlRequestError[]; onLink?: () => void } = {}) {
  const calls: Array<{ op: string; vars: any }> = [];
  const saveFails = [...(opts.saveFails ?? [])];
  const linkFails = [...(opts.linkFails ?? [])];
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    if (op === 'OrderSettings') return settings;
    if (op === 'ClientOrderDraft') return { clientOrderDraft: null };
    if (op === 'ClientCard') return { contact };
    if (op === 'PreviewOrder') {
      const q = vars.input.items.map((i: any) => Number(i.quantity) * Number(i.unitPrice ?? '18.00'));
      const goods = q.reduce((a: number, b: number) => a + b, 0).toFixed(2);
      // the server's delivery rule: a courier without a typed cost costs 5.90 by “Courier up to 5 kg”
      const ruled = vars.input.delivery?.type === 'courier' && !vars.input.delivery?.cost;
      const delivery = ruled ? '5.90' : (vars.input.delivery?.cost ?? '0.00');
      const total = (Number(goods) + Number(delivery)).toFixed(2);
      return { previewOrder: { totals: { goods, discount: '0.00', delivery, total, paid: '0.00', due: total, paymentState: 'none', weightKg: '0.000' }, lineTotals: q.map((n: number) => n.toFixed(2)), deliveryCost: delivery, deliveryRuleId: ruled ? 'rule-1' : null, deliveryRuleName: ruled ? 'Courier up to 5 kg' : null, errors: [] } };
    }
    if (op === 'SaveOrder') {
      const e = saveFails.shift();
      if (e) throw e;
      return { saveOrder: opts.saved?.() ?? placed() };
    }
    if (op === 'Order') return { order: opts.order?.() ?? placed() };
    if (op === 'SendPaymentLink') {
      const e = linkFails.shift();
      if (e) throw e;
      opts.onLink?.();
      return { sendPaymentLink: { messageId: 'm2', link: { id: 'l1', url: 'http://localhost/pay/x', status: 'pending', amount: '36.00', lastError: null, paidAt: null } } };
    }
    if (op === 'SendOrderSummary') return { sendOrderSummary: { messageId: 'm1', seq: 3 } };
    throw new Error(`unexpected ${op}`);
  });
  const dialogOpen = jest.fn();
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: () => () => undefined } },
      { provide: SessionStore, useValue: { operator: signal({ id: 'me' }), canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer), permissions: signal(new Set(opts.permissions ?? [Permission.manage_orders])) } },
      { provide: MatDialog, useValue: { open: dialogOpen } },
      ...(opts.ask ? [{ provide: Confirmer, useValue: { ask: opts.ask } }] : []),
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
  const drawer = TestBed.inject(OrderDrawer);
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (id: string, value: string) => {
    const input = q<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle(350);
  };
  return { fixture, el, q, type, settle, calls, drawer, dialogOpen };
}

describe('OrderDrawerComponent (issue #12, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('asks before another order replaces unsaved changes (Keep editing stays, Discard switches); an untouched order gives way at once', async () => {
    let answer = false;
    const ask = jest.fn(async () => answer);
    const d = await render({ ask, order: () => placed() });
    expect(await d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' })).toBe(true);
    await d.settle(350);
    expect(d.q('order-title')!.textContent).toBe('Order #7');
    await d.type('order-comment', 'Gift wrap, please');
    // Keep editing: the drawer stays on #7 with the typed comment
    expect(await d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null })).toBe(false);
    await d.settle();
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ title: 'Discard your changes?', message: 'Order #7 has changes you have not saved.', confirmLabel: 'Discard changes', cancelLabel: 'Keep editing' }));
    expect(d.q('order-title')!.textContent).toBe('Order #7');
    expect(d.q<HTMLTextAreaElement>('order-comment')!.value).toBe('Gift wrap, please');
    // the same order again is no switch: nothing to ask
    ask.mockClear();
    expect(await d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' })).toBe(true);
    expect(ask).not.toHaveBeenCalled();
    // Discard: the new order opens; Esc on an untouched order closes without asking
    answer = true;
    expect(await d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null })).toBe(true);
    await d.settle(350);
    expect(d.q('order-title')!.textContent).toBe('New order');
    ask.mockClear();
    await d.fixture.componentInstance.close();
    expect(ask).not.toHaveBeenCalled();
    expect(d.drawer.request()).toBeNull();
  }, 15000);

  it('shows which delivery rule the server applied and its cost, and that a typed cost overrides it', async () => {
    const d = await render();
    d.drawer.addProduct('k1', 'c1', { id: 'p-mug', sku: 'mug', name: 'Stoneware Mug', price: '18.00' });
    await d.settle(350);
    expect(d.q('order-delivery-rule')!.textContent).toContain('No delivery rule applies');
    const select = d.q<HTMLSelectElement>('order-delivery-type')!;
    select.value = 'courier';
    select.dispatchEvent(new Event('change'));
    await d.settle(350);
    expect(d.q('order-delivery-rule')!.textContent).toMatch(/By the rule “Courier up to 5 kg”: .*5\.90/);
    expect(d.q('order-delivery-cost')!.textContent).toMatch(/5\.90/);
    await d.type('order-delivery-cost-input', '3.00');
    expect(d.q('order-delivery-rule')!.textContent).toContain('Typed by you');
  }, 15000);

  it('starts a new order prefilled from the client; a product added from the widget becomes a line; the server’s totals follow the typing', async () => {
    const d = await render();
    expect(d.q('order-drawer')).toBeNull();
    d.drawer.addProduct('k1', 'c1', { id: 'p-mug', sku: 'mug', name: 'Stoneware Mug', price: '18.00' });
    await d.settle(350);
    expect(d.q('order-title')!.textContent).toBe('New order');
    expect(d.q<HTMLInputElement>('order-customer-firstName')!.value).toBe('Marta');
    expect(d.q<HTMLInputElement>('order-customer-phone')!.value).toBe('+48601234567');
    expect(d.q<HTMLInputElement>('order-delivery-city')!.value).toBe('Kraków');
    expect(d.q<HTMLInputElement>('order-delivery-postalCode')!.value).toBe('31-019');
    expect(d.q('order-item')!.textContent).toContain('Stoneware Mug');
    await d.type('order-item-qty', '3');
    expect(d.q('order-goods')!.textContent).toMatch(/54\.00/);
    const preview = d.calls.filter((c) => c.op === 'PreviewOrder').at(-1)!.vars.input;
    expect(preview).toMatchObject({ clientId: 'k1', conversationId: 'c1', draft: false, items: [{ productId: 'p-mug', quantity: '3', unitPrice: null }] });
  });

  it('shows the server’s refusal under each field and on top; saving again places the order; Send order posts it', async () => {
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', 'The order has 2 errors', [
      { message: 'The order has 2 errors', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'items.0.quantity', message: 'A quantity cannot be negative' }, { field: 'payments', message: 'The paid payments exceed the total by 1.00 EUR' }] } },
    ]);
    const d = await render({ saveFails: [refusal] });
    d.drawer.addProduct('k1', 'c1', { id: 'p-mug', sku: 'mug', name: 'Stoneware Mug', price: '18.00' });
    await d.settle(350);
    await d.type('order-item-qty', '-2');
    d.q('order-save')!.click();
    await d.settle();
    expect(d.q('order-item-qty-error')!.textContent).toContain('A quantity cannot be negative');
    expect(d.q('order-errors')!.textContent).toContain('The paid payments exceed the total by 1.00 EUR');
    expect(d.q('order-status-line')!.textContent).toContain('Not saved');
    expect(d.q('order-title')!.textContent).toBe('New order');
    await d.type('order-item-qty', '2');
    d.q('order-save')!.click();
    await d.settle();
    expect(d.q('order-title')!.textContent).toBe('Order #7');
    expect(d.q('order-status-line')!.textContent).toContain('Order #7 placed');
    expect(d.q('order-errors')).toBeNull();
    d.q('order-send')!.click();
    await d.settle();
    expect(d.calls.find((c) => c.op === 'SendOrderSummary')!.vars.input).toMatchObject({ orderId: 'o1', conversationId: 'c1', clientId: expect.stringMatching(/^order-/) });
    expect(d.q('order-status-line')!.textContent).toContain('The order was sent to the chat');
  });

  it('keeps a half-filled new order as the draft on Esc; closes an untouched one without saving; Save & close closes', async () => {
    const d = await render();
    d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null });
    await d.settle(350);
    d.q('order-drawer')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await d.settle();
    expect(d.drawer.request()).toBeNull();
    expect(d.calls.some((c) => c.op === 'SaveOrder')).toBe(false);

    d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null });
    await d.settle(350);
    d.q('order-add-line')!.click();
    await d.settle();
    await d.type('order-item-name', 'Engraving');
    await d.type('order-item-price', '12.50');
    d.q('order-drawer')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await d.settle();
    const kept = d.calls.filter((c) => c.op === 'SaveOrder').at(-1)!.vars.input;
    expect(kept).toMatchObject({ draft: true, items: [{ productId: null, name: 'Engraving', unitPrice: '12.50', quantity: '1' }] });
    expect(d.drawer.request()).toBeNull();
  });

  it('“Add” opens the product popup adding to the order; read-only without “Manage orders”', async () => {
    const d = await render();
    d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null });
    await d.settle(350);
    d.q('order-add-product')!.click();
    const data = d.dialogOpen.mock.calls[0][1].data;
    expect(data.add).toBeUndefined();
    await data.addToOrder({ id: 'p-k', sku: 'kettle', name: 'Pour-over Kettle', price: '64.00', images: [] });
    await d.settle(350);
    expect(Array.from(d.el.querySelectorAll('[data-testid="order-item"]')).map((r) => r.getAttribute('data-sku'))).toEqual(['kettle']);
    TestBed.resetTestingModule();
    const r = await render({ permissions: [] });
    r.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: null });
    await r.settle(350);
    expect(r.q('order-save')).toBeNull();
    expect(r.q('order-add-product')).toBeNull();
  });

  it('“Send payment link” on a payment with an acquirer: saves unsaved changes first, posts the link, then shows “Link sent” and its state; a refusal shows under the row', async () => {
    const cardType = { id: 't1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true };
    const payment = (link: unknown = null, amount = '36.00') => ({ id: 'pay1', type: cardType, status: 'pending', amount, paidAt: null, link });
    let stored = placed({ payments: [payment()] });
    const refusal = new GraphqlRequestError('BAD_USER_INPUT', 'Test acquirer (built in) is switched off in Settings › Payments', [
      { message: 'Test acquirer (built in) is switched off in Settings › Payments', extensions: { code: 'BAD_USER_INPUT', reason: 'ACQUIRER_DISABLED' } },
    ]);
    let sent = false;
    const d = await render({ order: () => (sent ? placed({ version: 2, payments: [payment({ id: 'l1', url: 'http://localhost/pay/x', status: 'pending', amount: '30.00', lastError: null, paidAt: null }, '30.00')] }) : stored), saved: () => stored, linkFails: [refusal], onLink: () => (sent = true) });
    d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' });
    await d.settle(350);
    expect(d.q('order-payment-link-state')).toBeNull();
    expect(d.q('order-send-payment-link')!.textContent).toContain('Send payment link');

    // a refusal: visible under the row, nothing else changes
    d.q('order-send-payment-link')!.click();
    await d.settle();
    expect(d.q('order-payment-link-send-error')!.textContent).toContain('switched off in Settings › Payments');
    expect(d.calls.some((c) => c.op === 'SaveOrder')).toBe(false);

    // unsaved changes are saved first, then the link is sent
    await d.type('order-payment-amount', '30.00');
    stored = placed({ version: 2, payments: [payment(null, '30.00')] });
    const before = d.calls.length;
    d.q('order-send-payment-link')!.click();
    await d.settle();
    const ops = d.calls.slice(before).map((c) => c.op).filter((op) => op !== 'PreviewOrder');
    expect(ops.slice(0, 2)).toEqual(['SaveOrder', 'SendPaymentLink']);
    expect(d.calls.find((c) => c.op === 'SaveOrder')!.vars.input.payments).toEqual([{ id: 'pay1', type: 'card-online', status: 'pending', amount: '30.00' }]);
    expect(d.calls.find((c) => c.op === 'SendPaymentLink')!.vars.input).toEqual({ orderId: 'o1', paymentId: 'pay1', conversationId: 'c1', clientId: expect.stringMatching(/^pay-/) });
    expect(d.q('order-status-line')!.textContent).toContain('The payment link was sent to the chat');
    expect(d.q('order-payment-link-send-error')).toBeNull();
    expect(d.q('order-payment-link-state')!.textContent).toContain('Link sent · waiting for payment');
    expect(d.q('order-send-payment-link')!.textContent).toContain('Send link again');
  });

  it('shows the link’s state: paid turns the row paid and hides the button; a declined attempt shows why; no button for a type without acquirer', async () => {
    const cardType = { id: 't1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true };
    const d = await render({
      order: () =>
        placed({
          payments: [
            { id: 'pay1', type: cardType, status: 'pending', amount: '20.00', paidAt: null, link: { id: 'l1', url: 'http://x/pay/a', status: 'pending', amount: '20.00', lastError: 'Your card was declined. Try another card.', paidAt: null } },
            { id: 'pay2', type: cardType, status: 'paid', amount: '16.00', paidAt: '2026-12-07T09:00:00Z', link: { id: 'l2', url: 'http://x/pay/b', status: 'paid', amount: '16.00', lastError: null, paidAt: '2026-12-07T09:00:00Z' } },
          ],
        }),
    });
    d.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' });
    await d.settle(350);
    const rows = Array.from(d.el.querySelectorAll('[data-testid="order-payment-link"]'));
    expect(rows.map((r) => r.querySelector('[data-testid="order-payment-link-state"]')!.textContent!.trim())).toEqual(['Link sent · waiting for payment', 'Link sent · paid']);
    expect(rows[0].querySelector('[data-testid="order-payment-link-error"]')!.textContent).toContain('declined');
    expect(rows[0].querySelector('[data-testid="order-send-payment-link"]')!.textContent).toContain('Send link again');
    expect(rows[1].querySelector('[data-testid="order-send-payment-link"]')).toBeNull();
    TestBed.resetTestingModule();
    const cash = await render({ order: () => placed({ payments: [{ id: 'pay3', type: { id: 't2', code: 'cash', name: 'Cash', acquirer: null, active: true }, status: 'pending', amount: '36.00', paidAt: null, link: null }] }) });
    cash.drawer.open({ contactId: 'k1', conversationId: 'c1', orderId: 'o1' });
    await cash.settle(350);
    expect(cash.q('order-payment')).not.toBeNull();
    expect(cash.q('order-payment-link')).toBeNull();
  });
});
