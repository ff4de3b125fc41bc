import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole } from '@parley/shared/contracts';
import { CART_ITEM_ACTIONS, CartItemAction } from '@parley/web/crm/data-access';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { Clock, GraphqlRequestError } from '@parley/web/shared/util';
import { CartWidget, cartItemMessage, updatedAgo } from './cart-widget';

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const item = (id: string, name: string, quantity: number, price: string | null, over: Record<string, unknown> = {}) => ({
  id,
  name,
  quantity,
  price,
  currency: price ? 'EUR' : null,
  lineTotal: price ? (Number(price) * quantity).toFixed(2) : null,
  url: `https://shop.example/${id}`,
  sku: null as string | null,
  imageUrl: null as string | null,
  ...over,
});
const NOW = Date.parse('2026-12-07T10:05:00Z');

async function render(opts: { role?: OperatorRole; fail?: Record<string, Error>; actions?: CartItemAction[]; empty?: boolean; channel?: Record<string, unknown> } = {}) {
  const cart = {
    conversationId: 'c1',
    updatedAt: opts.empty ? null : '2026-12-07T10:03:00Z',
    items: opts.empty ? [] : [item('mug', 'Stoneware Mug', 2, '18.00', { sku: 'MUG-1', imageUrl: 'https://shop.example/mug.jpg' }), item('tea', 'Green Tea', 1, '9.50', { url: 'javascript:alert(1)' })],
    totals: opts.empty ? [] : [{ currency: 'EUR', amount: '45.50', quantity: 3 }],
  };
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
    if (op === 'VisitorCart') return { visitorCart: JSON.parse(JSON.stringify(cart)) };
    if (op === 'CatalogueMatches') return { catalogueMatches: vars.codes.includes('MUG-1') ? [{ code: 'MUG-1', bySku: true, product: { id: 'p-mug', sku: 'MUG-1', name: 'Stoneware Mug', url: null, active: true } }] : [] };
    if (op === 'SendProductCard') return { sendProductCard: { messageId: 'm1', seq: 4 } };
    if (op === 'SendMessage') return { sendMessage: { id: 'm2' } };
    throw new Error(`unexpected ${op}`);
  });
  const now = signal(NOW);
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
      { provide: SessionStore, useValue: { canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer) } },
      { provide: Clock, useValue: { now } },
      ...(opts.actions ? [{ provide: CART_ITEM_ACTIONS, useValue: opts.actions }] : []),
    ],
  });
  const fixture = TestBed.createComponent(CartWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1' } as any, ...(opts.channel ? { channel: opts.channel as any } : {}) }));
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  return { fixture, el, q, all, settle, calls, cart, now, push: (d: unknown) => live?.(d) };
}

describe('CartWidget (issue #12, E9)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows items with image, name, quantity, price and line total, the total and a ticking "updated" with the exact time; links only http(s)', async () => {
    const w = await render();
    const rows = w.all('cart-item');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Stoneware Mug');
    expect(rows[0].querySelector('[data-testid=cart-item-quantity]')!.textContent).toBe('2');
    expect(rows[0].textContent).toMatch(/18\.00/);
    expect(rows[0].querySelector('[data-testid=cart-item-total]')!.textContent).toMatch(/36\.00/);
    expect(rows[0].querySelector('img')!.getAttribute('src')).toBe('https://shop.example/mug.jpg');
    const link = rows[0].querySelector<HTMLAnchorElement>('[data-testid=cart-item-link]')!;
    expect(link.href).toBe('https://shop.example/mug');
    expect(link.rel).toContain('noopener');
    // a javascript: URL is never a link
    expect(rows[1].querySelector('a')).toBeNull();
    expect(rows[1].querySelector('img')).toBeNull();
    expect(w.q('cart-total')!.textContent).toMatch(/45\.50/);
    const updated = w.q('cart-updated')!;
    expect(updated.textContent).toBe('Updated 2 min ago');
    expect(updated.getAttribute('datetime')).toBe('2026-12-07T10:03:00Z');
    expect(updated.title).toMatch(/2026/);
    w.now.set(NOW + 5 * 60_000);
    await w.settle();
    expect(w.q('cart-updated')!.textContent).toBe('Updated 7 min ago');
  });

  it('follows the visitor’s cart live (conversationActivity cart) and ignores other activity', async () => {
    const w = await render();
    const reads = () => w.calls.filter((c) => c.op === 'VisitorCart').length;
    expect(reads()).toBe(1);
    w.push({ conversationActivity: { kind: 'typing', conversationId: 'c1' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(reads()).toBe(1);
    w.cart.items[0] = item('mug', 'Stoneware Mug', 3, '18.00', { sku: 'MUG-1' });
    w.cart.totals = [{ currency: 'EUR', amount: '63.50', quantity: 4 }];
    w.push({ conversationActivity: { kind: 'cart', conversationId: 'c1' } });
    w.push({ conversationActivity: { kind: 'cart', conversationId: 'c1' } });
    await new Promise((r) => setTimeout(r, 300));
    await w.settle();
    expect(reads()).toBe(2);
    expect(w.all('cart-item-quantity')[0].textContent).toBe('3');
    expect(w.q('cart-total')!.textContent).toMatch(/63\.50/);
  });

  it('shows the empty state when the site never reported a cart', async () => {
    const w = await render({ empty: true });
    expect(w.q('cart-empty')!.textContent).toContain("The visitor's cart is empty; it fills when your site calls Parley.setCart");
    expect(w.q('cart-items')).toBeNull();
    expect(w.q('cart-updated')).toBeNull();
    expect(w.calls.map((c) => c.op)).toEqual(['VisitorCart']);
  });

  it('says a cart comes from the web chat for a conversation on another channel, and asks nothing', async () => {
    const w = await render({ channel: { id: 'ch2', name: 'Mail', type: 'email', capabilities: { editable: false } } });
    expect(w.q('cart-not-webchat')).not.toBeNull();
    expect(w.q('cart-empty')).toBeNull();
    expect(w.calls).toEqual([]);
  });

  it('sends a catalogue item as its product card and any other item as a text with name, price and link', async () => {
    const w = await render();
    expect(w.calls.find((c) => c.op === 'CatalogueMatches')!.vars.codes).toEqual(['MUG-1', 'tea']);
    const [mug, tea] = w.all('cart-item-send');
    mug.click();
    await w.settle();
    expect(w.calls.find((c) => c.op === 'SendProductCard')!.vars.input).toMatchObject({ conversationId: 'c1', productId: 'p-mug', priceTypeId: null, clientId: expect.stringMatching(/^card-/) });
    expect(w.q('cart-status')!.textContent).toContain('product card of “Stoneware Mug”');
    tea.click();
    await w.settle();
    const text = w.calls.find((c) => c.op === 'SendMessage')!.vars.input;
    expect(text).toMatchObject({ conversationId: 'c1', clientId: expect.stringMatching(/^cart-/) });
    // the javascript: URL is left out of the message too
    expect(text.body).toBe('Green Tea — €9.50');
    expect(w.q('cart-status')!.textContent).toContain('Sent “Green Tea” to the client');
  });

  it('shows the server’s refusal, the load error with a retry; observers read only', async () => {
    const w = await render({ fail: { SendMessage: new GraphqlRequestError('FORBIDDEN', 'This conversation belongs to another operator') } });
    w.all('cart-item-send')[1].click();
    await w.settle();
    expect(w.q('cart-status')!.textContent).toContain('This conversation belongs to another operator');
    expect(w.q('cart-status')!.classList).toContain('error');
    TestBed.resetTestingModule();
    const broken = await render({ fail: { VisitorCart: new GraphqlRequestError('FORBIDDEN', 'You may not see this conversation') } });
    expect(broken.el.querySelector('[role=alert]')!.textContent).toContain('could not be loaded');
    expect(broken.q('cart-item')).toBeNull();
    TestBed.resetTestingModule();
    const o = await render({ role: OperatorRole.observer });
    expect(o.all('cart-item')).toHaveLength(2);
    expect(o.q('cart-item-send')).toBeNull();
  });

  it('renders the actions other code provides (the orders’ “Add to order”) and shows what they report', async () => {
    const run = jest.fn(async () => 'Added to order #1042');
    const w = await render({ actions: [{ id: 'add-to-order', label: 'Add to order', ariaLabel: (i) => `Add ${i.name} to the order`, available: (ctx) => !!ctx.product, run }] });
    const buttons = w.all('cart-item-add-to-order');
    expect(buttons).toHaveLength(1);
    expect(buttons[0].getAttribute('aria-label')).toBe('Add Stoneware Mug to the order');
    buttons[0].click();
    await w.settle();
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ contactId: 'k1', product: expect.objectContaining({ id: 'p-mug' }), item: expect.objectContaining({ id: 'mug' }) }));
    expect(w.q('cart-status')!.textContent).toContain('Added to order #1042');
  });
});

describe('cart widget helpers', () => {
  it('says how long ago and writes the text message', () => {
    expect(updatedAgo('2026-12-07T10:04:30Z', NOW)).toBe('Updated just now');
    expect(updatedAgo('2026-12-07T07:00:00Z', NOW)).toBe('Updated 3 h ago');
    expect(updatedAgo('2026-12-01T07:00:00Z', NOW)).toMatch(/^Updated on 1 Dec/);
    expect(cartItemMessage(item('mug', 'Mug', 2, '18.00'))).toBe('Mug — €18.00\nhttps://shop.example/mug');
    expect(cartItemMessage(item('x', 'Thing', 1, null, { url: null }))).toBe('Thing');
  });
});
