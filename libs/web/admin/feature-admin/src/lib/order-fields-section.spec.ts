import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { OrderFieldsSection } from './order-fields-section';

const fld = (id: string, key: string, name: string, type: string, position: number, over: Record<string, unknown> = {}) => ({ id, key, name, type, options: [] as string[], required: false, pinned: false, position, active: true, ...over });

async function render(mutate: (doc: string, vars: any) => unknown, list = [fld('f2', 'floor', 'Floor', 'number', 1), fld('f1', 'gift-wrap', 'Gift wrap', 'checkbox', 0, { pinned: true })]) {
  let fields = list.map((f) => ({ ...f }));
  const request = jest.fn(async (document: unknown, vars?: any) => {
    const q = String(document);
    if (q.includes('mutation')) return mutate(q, vars);
    return { orderCustomFields: fields.map((f) => ({ ...f })) };
  });
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: ApiClient, useValue: { request } }] });
  const fixture = TestBed.createComponent(OrderFieldsSection);
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
    fixture.detectChanges();
  };
  await settle();
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`)!;
  const names = () => Array.from(el.querySelectorAll('[data-testid="order-field-name"]')).map((e) => e.textContent?.trim());
  const type = async (id: string, value: string) => {
    const input = q<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
    await settle();
  };
  const setFields = (next: typeof fields) => (fields = next);
  return { fixture, el, q, names, type, settle, request, setFields };
}

describe('OrderFieldsSection (Settings › Orders › Order fields, E5)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lists the fields in position order with their type and flags; an empty state', async () => {
    const r = await render(() => ({}));
    expect(r.names()).toEqual(['Gift wrap', 'Floor']);
    const first = r.el.querySelector('[data-testid="order-field-row"]')!;
    expect(first.textContent).toContain('gift-wrap');
    expect(first.textContent).toContain('Checkbox');
    expect(first.textContent).toContain('Pinned');
    expect(r.q<HTMLButtonElement>('order-field-up').disabled).toBe(true);
    TestBed.resetTestingModule();
    const empty = await render(() => ({}), []);
    expect(empty.q('order-fields-none').textContent).toContain('No order fields yet');
  });

  it('adds a select field with its options, pinned and required; shows the server’s errors under the fields', async () => {
    const calls: any[] = [];
    let refuse = true;
    const r = await render((doc, vars) => {
      calls.push(vars);
      if (doc.includes('createOrderCustomField')) {
        if (refuse) {
          refuse = false;
          throw new GraphqlRequestError('BAD_USER_INPUT', 'x', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'name', message: 'A field “Floor” exists already' }, { field: 'options', message: 'At most 50 options' }] } }]);
        }
        return { createOrderCustomField: fld('f3', 'channel', vars.input.name, vars.input.type, 2, { options: vars.input.options, pinned: vars.input.pinned, required: vars.input.required }) };
      }
      return {};
    });
    await r.type('order-field-name-input', 'Floor');
    await r.type('order-field-type', 'select');
    await r.type('order-field-options', 'Web\n Shop \n\nPhone');
    r.q('order-field-pinned').querySelector('input')!.click();
    r.q('order-field-required').querySelector('input')!.click();
    await r.settle();
    r.q<HTMLButtonElement>('order-field-save').click();
    await r.settle();
    expect(calls[0]).toEqual({ input: { name: 'Floor', type: 'select', options: ['Web', 'Shop', 'Phone'], pinned: true, required: true } });
    expect(r.q('order-field-name-error').textContent).toBe('A field “Floor” exists already');
    expect(r.q('order-field-options-error').textContent).toBe('At most 50 options');
    expect(r.q('order-field-name-input').getAttribute('aria-invalid')).toBe('true');
    await r.type('order-field-name-input', 'Sales channel');
    r.q<HTMLButtonElement>('order-field-save').click();
    await r.settle();
    expect(r.names()).toEqual(['Gift wrap', 'Floor', 'Sales channel']);
    expect(r.q('order-fields-status').textContent).toContain('Added “Sales channel”');
    // the form is empty again, its type back to text
    expect(r.q<HTMLInputElement>('order-field-name-input').value).toBe('');
  });

  it('edits (the type fixed), moves, switches off and deletes (a used field is switched off instead); re-reads on a live event', async () => {
    const calls: Array<{ doc: string; vars: any }> = [];
    const r = await render((doc, vars) => {
      calls.push({ doc, vars });
      if (doc.includes('updateOrderCustomField')) return { updateOrderCustomField: fld(vars.input.id, 'floor', vars.input.name ?? 'Floor', 'number', 1, { active: vars.input.active ?? true, required: vars.input.required ?? false }) };
      if (doc.includes('moveOrderCustomField')) return { moveOrderCustomField: [fld('f2', 'floor', 'Floor', 'number', 0), fld('f1', 'gift-wrap', 'Gift wrap', 'checkbox', 1, { pinned: true })] };
      if (doc.includes('deleteOrderCustomField')) return { deleteOrderCustomField: vars.id === 'f2' ? fld('f2', 'floor', 'Floor', 'number', 0, { active: false }) : null };
      return {};
    });
    const rows = () => Array.from(r.el.querySelectorAll<HTMLElement>('[data-testid="order-field-row"]'));
    (rows()[1].querySelector('[data-testid="order-field-edit"]') as HTMLButtonElement).click();
    await r.settle();
    expect(r.q<HTMLSelectElement>('order-field-type').disabled).toBe(true);
    await r.type('order-field-name-input', 'Floor number');
    r.q<HTMLButtonElement>('order-field-save').click();
    await r.settle();
    expect(calls.at(-1)!.vars).toEqual({ input: { id: 'f2', name: 'Floor number', options: null, pinned: false, required: false } });
    expect(r.names()).toEqual(['Gift wrap', 'Floor number']);

    (rows()[1].querySelector('[data-testid="order-field-up"]') as HTMLButtonElement).click();
    await r.settle();
    expect(calls.at(-1)!.vars).toEqual({ id: 'f2', position: 0 });
    expect(r.names()).toEqual(['Floor', 'Gift wrap']);

    (rows()[0].querySelector('[data-testid="order-field-delete"]') as HTMLButtonElement).click();
    await r.settle();
    expect(r.q('order-fields-status').textContent).toContain('used by orders, so it was switched off');
    expect(rows()[0].classList.contains('off')).toBe(true);
    expect(rows()[0].textContent).toContain('Switch on');
    (rows()[1].querySelector('[data-testid="order-field-delete"]') as HTMLButtonElement).click();
    await r.settle();
    expect(r.names()).toEqual(['Floor']);

    // another admin's change: the page bumps refresh and the list is re-read
    r.setFields([fld('f9', 'note', 'Note', 'text', 0)]);
    r.fixture.componentRef.setInput('refresh', 1);
    await r.settle();
    expect(r.names()).toEqual(['Note']);
  });
});
