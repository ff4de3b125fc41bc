import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { ProductPicker } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ProductsWidget } from './products-widget';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const retail = { id: 'pt-r', code: 'retail', name: 'Retail', currency: 'EUR', isBase: true };
const wholesale = { id: 'pt-w', code: 'wholesale', name: 'Wholesale', currency: 'EUR', isBase: false };
const aProduct = (sku: string, name: string, price: string, over: Record<string, unknown> = {}) => ({
  id: `p-${sku}`, kind: 'product', sku, name, description: null, price, currency: 'EUR', active: true, inStock: true, stock: '3', url: `https://shop.example/${sku}`, images: [], vendor: null, properties: [], category: null,
  prices: [{ priceType: retail, amount: price, currency: 'EUR' }, { priceType: wholesale, amount: (Number(price) * 0.8).toFixed(2), currency: 'EUR' }],
  ...over,
});

async function render(opts: { permissions?: Permission[]; role?: OperatorRole; fail?: Record<string, Error> } = {}) {
  const list = [{ product: aProduct('kettle', 'Pour-over Kettle', '64.00'), addedAt: '2026-12-01T10:00:00Z', addedByName: 'Anna' }];
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
    if (op === 'ClientProducts') return { clientProducts: [...list] };
    if (op === 'RemoveClientProduct') {
      list.splice(list.findIndex((i) => i.product.id === vars.input.productId), 1);
      return { removeClientProduct: [...list] };
    }
    if (op === 'SendProductCard') return { sendProductCard: { messageId: 'm1', seq: 4 } };
    throw new Error(`unexpected ${op}`);
  });
  const open = jest.fn();
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
      { provide: SessionStore, useValue: { canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer), permissions: signal(new Set(opts.permissions ?? [Permission.edit_clients])) } },
      { provide: MatDialog, useValue: { open } },
    ],
  });
  const fixture = TestBed.createComponent(ProductsWidget);
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
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { fixture, el, q, settle, calls, open, list, push: (d: unknown) => live?.(d) };
}

describe('ProductsWidget (issue #12, E3)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lists the client’s products with their price; sends one as a card in the chosen price type', async () => {
    const w = await render();
    expect(w.q('client-product')!.textContent).toContain('Pour-over Kettle');
    expect(w.q('client-product')!.textContent).toMatch(/64\.00/);
    const select = w.q('products-price-type') as HTMLSelectElement;
    select.value = 'pt-w';
    select.dispatchEvent(new Event('change'));
    await w.settle();
    expect(w.q('client-product')!.textContent).toMatch(/51\.20/);
    w.q('client-product-send')!.click();
    await w.settle();
    const sent = w.calls.find((c) => c.op === 'SendProductCard')!;
    expect(sent.vars.input).toMatchObject({ conversationId: 'c1', productId: 'p-kettle', priceTypeId: 'pt-w', clientId: expect.stringMatching(/^card-/) });
    expect(w.q('products-status')!.textContent).toContain('Sent “Pour-over Kettle” to the client');
  });

  it('removes, shows the empty state, refetches on another operator’s change, and shows the server’s refusal', async () => {
    const w = await render({ fail: { SendProductCard: new GraphqlRequestError('FORBIDDEN', 'This conversation belongs to another operator') } });
    w.q('client-product-send')!.click();
    await w.settle();
    expect(w.q('products-status')!.textContent).toContain('This conversation belongs to another operator');
    w.q('client-product-remove')!.click();
    await w.settle();
    expect(w.q('client-product')).toBeNull();
    expect(w.q('products-none')!.textContent).toContain('Find product');
    w.list.push({ product: aProduct('mug', 'Stoneware Mug', '18.00'), addedAt: '2026-12-01T11:00:00Z', addedByName: 'Boris' });
    w.push({ contactChanged: { kind: 'products_changed', contactId: 'k1', actorId: 'boris' } });
    await new Promise((r) => setTimeout(r, 300));
    await w.settle();
    expect(w.q('client-product')!.textContent).toContain('Stoneware Mug');
  });

  it('opens the product popup from + and from “Find product” with the selected text; observers may not send or remove', async () => {
    const w = await render({ permissions: [Permission.edit_clients, Permission.manage_catalogue] });
    w.q('products-find')!.click();
    expect(w.open).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ data: expect.objectContaining({ query: '', canCreate: true, add: expect.any(Function), send: expect.any(Function) }) }));
    TestBed.inject(ProductPicker).find('  green sofa ', 'k1');
    await w.settle();
    expect(w.open).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ data: expect.objectContaining({ query: 'green sofa' }) }));
    expect(TestBed.inject(ProductPicker).request()).toBeNull();
    TestBed.resetTestingModule();
    const o = await render({ role: OperatorRole.observer, permissions: [] });
    expect(o.q('client-product-send')).toBeNull();
    expect(o.q('client-product-remove')).toBeNull();
    o.q('products-find')!.click();
    expect(o.open).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ data: expect.objectContaining({ canCreate: false, add: undefined, send: undefined }) }));
  });
});
