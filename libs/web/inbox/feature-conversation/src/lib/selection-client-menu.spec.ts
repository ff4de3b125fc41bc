import { Component, signal, viewChild } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Permission, OperatorRole } from '@parley/shared/contracts';
import { ClientEditsService, ProductPicker } from '@parley/web/crm/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { SelectionClientMenu } from './selection-client-menu';

@Component({
  imports: [SelectionClientMenu],
  template: `
    <pl-selection-client-menu #menu [contactId]="contactId()" />
    <div class="messages" (contextmenu)="menu.open($event)">
      <article data-author-type="visitor"><p class="body" id="visitor">My number is +48 600 100 200, call me</p></article>
      <article data-author-type="operator"><p class="body" id="operator">Thanks Anna</p></article>
    </div>
  `,
})
class Host {
  readonly contactId = signal<string | null>('k1');
  readonly menu = viewChild.required(SelectionClientMenu);
}

async function render(opts: { permissions?: Permission[]; role?: OperatorRole; fail?: Error } = {}) {
  const setFromSelection = jest.fn(async () => {
    if (opts.fail) throw opts.fail;
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ClientEditsService, useValue: { setFromSelection } },
      { provide: SessionStore, useValue: { canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer), permissions: signal(new Set(opts.permissions ?? [Permission.edit_clients])) } },
    ],
  });
  const fixture = TestBed.createComponent(Host);
  fixture.detectChanges();
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  document.body.appendChild(el);
  const select = (id: string, from: number, to: number) => {
    const text = el.querySelector(`#${id}`)!.firstChild!;
    const range = document.createRange();
    range.setStart(text, from);
    range.setEnd(text, to);
    const s = getSelection()!;
    s.removeAllRanges();
    s.addRange(range);
  };
  const rightClick = async (id: string) => {
    const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 100, clientY: 120 });
    el.querySelector(`#${id}`)!.dispatchEvent(e);
    await new Promise((r) => setTimeout(r));
    fixture.detectChanges();
    return e;
  };
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const settle = async () => {
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  return { fixture, el, select, rightClick, q, settle, setFromSelection };
}

describe('SelectionClientMenu', () => {
  afterEach(() => {
    getSelection()?.removeAllRanges();
    TestBed.resetTestingModule();
  });

  it('opens on text selected in a customer message and sets it as the phone', async () => {
    const w = await render();
    w.select('visitor', 13, 28);
    const e = await w.rightClick('visitor');
    expect(e.defaultPrevented).toBe(true);
    expect(w.q('selection-menu')).not.toBeNull();
    expect(document.activeElement).toBe(w.q('selection-set-firstName'));
    w.q('selection-set-phone')!.click();
    await w.settle();
    expect(w.setFromSelection).toHaveBeenCalledWith('k1', 'phone', '+48 600 100 200');
    expect(w.q('selection-menu')).toBeNull();
    expect(w.q('selection-status')!.textContent).toContain('Phone saved on the client: +48 600 100 200');
  });

  it('moves with the arrow keys and closes with Escape', async () => {
    const w = await render();
    w.select('visitor', 0, 2);
    await w.rightClick('visitor');
    const menu = w.q('selection-menu')!;
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(w.q('selection-set-lastName'));
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(document.activeElement).toBe(w.q('selection-find-product')); // the last item wraps
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(document.activeElement).toBe(w.q('selection-set-address'));
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    w.fixture.detectChanges();
    expect(w.q('selection-menu')).toBeNull();
  });

  it('leaves the browser menu alone: no selection, an operator message, or an observer; without "Edit clients" only "Find product"', async () => {
    const w = await render();
    expect((await w.rightClick('visitor')).defaultPrevented).toBe(false);
    w.select('operator', 0, 6);
    expect((await w.rightClick('operator')).defaultPrevented).toBe(false);
    expect(w.q('selection-menu')).toBeNull();
    TestBed.resetTestingModule();
    const r = await render({ permissions: [] });
    r.select('visitor', 13, 28);
    expect((await r.rightClick('visitor')).defaultPrevented).toBe(true);
    expect(r.q('selection-set-email')).toBeNull();
    expect(r.q('selection-find-product')).not.toBeNull();
    TestBed.resetTestingModule();
    const o = await render({ role: OperatorRole.observer, permissions: [] });
    o.select('visitor', 13, 28);
    expect((await o.rightClick('visitor')).defaultPrevented).toBe(false);
  });

  it('"Find product" asks for the product popup with the selected text', async () => {
    const w = await render();
    w.select('visitor', 13, 28);
    await w.rightClick('visitor');
    w.q('selection-find-product')!.click();
    await w.settle();
    const picked = TestBed.inject(ProductPicker).request();
    expect(picked).toMatchObject({ query: '+48 600 100 200', contactId: 'k1' });
    expect(w.q('selection-menu')).toBeNull();
  });

  it('shows the server’s refusal', async () => {
    const w = await render({ fail: new GraphqlRequestError('BAD_USER_INPUT', 'This is not a valid e-mail address') });
    w.select('visitor', 0, 9);
    await w.rightClick('visitor');
    w.q('selection-set-email')!.click();
    await w.settle();
    expect(w.q('selection-status')!.textContent).toContain('E-mail not saved: This is not a valid e-mail address');
  });
});
