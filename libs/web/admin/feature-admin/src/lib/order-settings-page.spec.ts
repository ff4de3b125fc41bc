import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ErrorCode } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { OrderSettingsPage } from './order-settings-page';

const st = (id: string, code: string, name: string, group: string, position: number, active = true) => ({ id, code, name, group, position, active });

async function render(mutate: (doc: string, vars: any) => unknown) {
  const statuses = [st('s1', 'new', 'New', 'new', 0), st('s2', 'awaiting', 'Awaiting confirmation', 'approval', 0), st('s3', 'call', 'Call back', 'approval', 1), st('s4', 'done', 'Complete', 'complete', 0)];
  const types = [{ id: 'p1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true }];
  const request = jest.fn(async (document: unknown, vars?: any) => {
    const q = String(document);
    if (q.includes('mutation')) return mutate(q, vars);
    return { orderStatuses: statuses.map((s) => ({ ...s })), paymentTypes: types.map((t) => ({ ...t })) };
  });
  let push: (() => void) | null = null;
  TestBed.configureTestingModule({
    providers: [
      provideNoopAnimations(),
      { provide: ApiClient, useValue: { request } },
      {
        provide: RealtimeClient,
        useValue: {
          subscribe: (_doc: unknown, sink: { next: () => void }) => {
            push = () => sink.next();
            return () => undefined;
          },
        },
      },
    ],
  });
  const fixture = TestBed.createComponent(OrderSettingsPage);
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
    fixture.detectChanges();
  };
  await settle();
  const group = (g: string) => el.querySelector<HTMLElement>(`[data-testid="status-group"][data-group="${g}"]`)!;
  const names = (g: string) => Array.from(group(g).querySelectorAll('[data-testid="order-status-name"]')).map((e) => e.textContent?.trim());
  const inGroup = (g: string, id: string) => group(g).querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
  const type = async (input: HTMLInputElement, value: string) => {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  return { fixture, el, settle, request, group, names, inGroup, type, statuses, push: () => push?.() };
}

describe('OrderSettingsPage (Settings › Orders, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows the statuses in their six groups in order, and the payment types with their acquirer', async () => {
    const r = await render(() => ({}));
    // the third section, Order fields, is there (its own spec: order-fields-section.spec.ts)
    expect(r.el.querySelector('[data-testid="order-fields"] h2')!.textContent).toBe('Order fields');
    expect(Array.from(r.el.querySelectorAll('[data-testid="status-group"]')).map((g) => g.getAttribute('data-group'))).toEqual(['new', 'approval', 'assembling', 'delivery', 'complete', 'cancelled']);
    expect(r.names('approval')).toEqual(['Awaiting confirmation', 'Call back']);
    expect(r.group('assembling').textContent).toContain('No statuses in this group.');
    expect(r.el.querySelector('[data-testid="payment-type-name"]')!.textContent).toBe('Card online');
    // the first of a group cannot move up, the last not down
    const ups = r.group('approval').querySelectorAll<HTMLButtonElement>('[data-testid="order-status-up"]');
    expect([...ups].map((b) => b.disabled)).toEqual([true, false]);
    expect(ups[1].getAttribute('aria-label')).toBe('Move Call back up');
  });

  it('adds a status to a group; the server’s field error shows under the field and nothing is added', async () => {
    let fail = true;
    const r = await render((q, vars) => {
      if (fail) throw new GraphqlRequestError(ErrorCode.BadUserInput, 'exists', [{ message: 'exists', extensions: { code: ErrorCode.BadUserInput, fieldErrors: [{ field: 'name', message: 'A status “Call back” exists already' }] } }]);
      return { createOrderStatus: st('s9', 'paid', vars.input.name, vars.input.group, 2) };
    });
    await r.type(r.inGroup('approval', 'order-status-add-input') as HTMLInputElement, 'Call back');
    r.inGroup('approval', 'order-status-add').click();
    await r.settle();
    expect(r.inGroup('approval', 'order-status-add-error').textContent).toBe('A status “Call back” exists already');
    expect(r.group('new').querySelector('[data-testid="order-status-add-error"]')).toBeNull();
    expect(r.names('approval')).toEqual(['Awaiting confirmation', 'Call back']);
    fail = false;
    await r.type(r.inGroup('approval', 'order-status-add-input') as HTMLInputElement, 'Awaiting payment');
    r.inGroup('approval', 'order-status-add').click();
    await r.settle();
    expect(r.request).toHaveBeenLastCalledWith(expect.anything(), { input: { name: 'Awaiting payment', group: 'approval' } });
    expect(r.names('approval')).toEqual(['Awaiting confirmation', 'Call back', 'Awaiting payment']);
    expect((r.inGroup('approval', 'order-status-add-input') as HTMLInputElement).value).toBe('');
    expect(r.el.querySelector('[data-testid="order-settings-status"]')!.textContent).toBe('Added “Awaiting payment”.');
  });

  it('moves a status down, renames it with Enter and refuses to switch off the last “New” status with the server’s reason', async () => {
    const r = await render((q, vars) => {
      if (q.includes('moveOrderStatus')) return { moveOrderStatus: [st('s1', 'new', 'New', 'new', 0), st('s3', 'call', 'Call back', 'approval', 0), st('s2', 'awaiting', 'Awaiting confirmation', 'approval', 1)] };
      if (vars.input.active === false) throw new GraphqlRequestError(ErrorCode.BadUserInput, 'x', [{ message: 'x', extensions: { code: ErrorCode.BadUserInput, fieldErrors: [{ field: 'active', message: 'The “New” group needs one active status: a placed order starts in it' }] } }]);
      return { updateOrderStatus: { ...st('s3', 'call', 'Call back', 'approval', 0), ...vars.input } };
    });
    r.group('approval').querySelectorAll<HTMLButtonElement>('[data-testid="order-status-down"]')[0].click();
    await r.settle();
    expect(r.request).toHaveBeenLastCalledWith(expect.anything(), { id: 's2', position: 1 });
    expect(r.names('approval')).toEqual(['Call back', 'Awaiting confirmation']);

    r.group('approval').querySelectorAll<HTMLButtonElement>('[data-testid="order-status-rename"]')[0].click();
    await r.settle();
    const input = r.inGroup('approval', 'order-status-rename-input') as HTMLInputElement;
    expect(input.value).toBe('Call back');
    await r.type(input, 'Call the client');
    input.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await r.settle();
    expect(r.names('approval')).toEqual(['Call the client', 'Awaiting confirmation']);

    const toggle = r.inGroup('new', 'order-status-active').querySelector<HTMLButtonElement>('button')!;
    toggle.click();
    await r.settle();
    expect(r.el.querySelector('[data-testid="order-settings-error"]')!.textContent).toBe('The “New” group needs one active status: a placed order starts in it');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('connects a payment type to Stripe; refetches when another admin changes the settings', async () => {
    const r = await render((_q, vars) => ({ updatePaymentType: { id: 'p1', code: 'card-online', name: 'Card online', acquirer: vars.input.acquirer, active: true } }));
    r.fixture.componentInstance['setAcquirer']({ id: 'p1', code: 'card-online', name: 'Card online', acquirer: 'test', active: true }, 'stripe');
    await r.settle();
    expect(r.request).toHaveBeenLastCalledWith(expect.anything(), { input: { id: 'p1', acquirer: 'stripe' } });
    expect(r.el.querySelector('[data-testid="order-settings-status"]')!.textContent).toBe('“Card online” sends payment links through Stripe Checkout.');
    const before = r.request.mock.calls.length;
    r.statuses.push(st('s8', 'returned', 'Returned', 'cancelled', 0));
    r.push();
    await r.settle();
    // the page's settings and its Order fields section are re-read once each
    const reread = r.request.mock.calls.slice(before).map((c) => /query (\w+)/.exec(String(c[0]))?.[1]);
    expect(reread.sort()).toEqual(['AdminOrderCustomFields', 'AdminOrderSettings']);
    expect(r.names('cancelled')).toEqual(['Returned']);
  });
});
