import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ClientFieldsService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ClientFieldsPage, parseOptions } from './client-fields-page';

async function render(opts: { confirm?: boolean; failCreate?: Error } = {}) {
  const fields: any[] = [{ id: 'f1', name: 'Company', type: 'text', options: [], required: false, pinned: true, position: 0 }];
  const service = {
    list: jest.fn(async () => fields.map((f) => ({ ...f }))),
    create: jest.fn(async (input: any) => {
      if (opts.failCreate) throw opts.failCreate;
      const f = { id: `f${fields.length + 1}`, options: [], position: 0, ...input };
      fields.push(f);
      return f;
    }),
    update: jest.fn(async (input: any) => Object.assign(fields.find((f) => f.id === input.id), input)),
    remove: jest.fn(async (id: string) => void fields.splice(fields.findIndex((f) => f.id === id), 1)),
  };
  const ask = jest.fn(async () => opts.confirm ?? true);
  TestBed.configureTestingModule({ providers: [provideNoopAnimations(), { provide: ClientFieldsService, useValue: service }, { provide: Confirmer, useValue: { ask } }] });
  const fixture = TestBed.createComponent(ClientFieldsPage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (id: string, value: string) => {
    const i = q<HTMLInputElement>(id)!;
    i.value = value;
    i.dispatchEvent(new Event('input'));
    await settle();
  };
  const submit = async () => {
    q<HTMLFormElement>('admin-field-form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const rows = () => [...el.querySelectorAll('[data-testid="admin-field"]')].map((r) => r.getAttribute('data-field'));
  return { fixture, el, q, type, submit, rows, service, ask, settle };
}

describe('ClientFieldsPage', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lists the fields and adds a text field', async () => {
    const p = await render();
    expect(p.rows()).toEqual(['Company']);
    expect(p.el.textContent).toContain('Text · pinned');
    await p.type('admin-field-name', 'Tax number');
    await p.submit();
    expect(p.service.create).toHaveBeenCalledWith({ name: 'Tax number', type: 'text', required: false, pinned: false });
    expect(p.rows()).toEqual(['Company', 'Tax number']);
    expect(p.q('admin-field-saved')!.textContent).toContain('“Tax number” added');
  });

  it('says what is missing without asking the server: a name, a choice of a choice field', async () => {
    const p = await render();
    await p.submit();
    expect(p.q('admin-field-error')!.textContent).toBe('Give the field a name');
    p.fixture.componentInstance['patch']({ name: 'Preferred contact', type: 'select' });
    await p.settle();
    await p.submit();
    expect(p.q('admin-field-error')!.textContent).toBe('Give at least one choice');
    await p.type('admin-field-options', 'Phone, E-mail, , Chat');
    await p.submit();
    expect(p.service.create).toHaveBeenCalledWith({ name: 'Preferred contact', type: 'select', required: false, pinned: false, options: ['Phone', 'E-mail', 'Chat'] });
  });

  it('shows the server’s refusal', async () => {
    const p = await render({ failCreate: new GraphqlRequestError('BAD_USER_INPUT', 'A field called “Company” exists') });
    await p.type('admin-field-name', 'Company');
    await p.submit();
    expect(p.q('admin-field-error')!.textContent).toBe('A field called “Company” exists');
  });

  it('edits a field (its type stays) and deletes one after confirming', async () => {
    const p = await render();
    p.q('admin-field-edit')!.click();
    await p.settle();
    expect(p.q<HTMLInputElement>('admin-field-name')!.value).toBe('Company');
    await p.type('admin-field-name', 'Company name');
    await p.submit();
    expect(p.service.update).toHaveBeenCalledWith({ id: 'f1', name: 'Company name', required: false, pinned: true });
    expect(p.rows()).toEqual(['Company name']);
    p.q('admin-field-delete')!.click();
    await p.settle();
    expect(p.ask).toHaveBeenCalledWith(expect.objectContaining({ title: 'Delete “Company name”?' }));
    expect(p.service.remove).toHaveBeenCalledWith('f1');
    expect(p.q('fields-empty')).not.toBeNull();
  });

  it('a delete not confirmed deletes nothing', async () => {
    const p = await render({ confirm: false });
    p.q('admin-field-delete')!.click();
    await p.settle();
    expect(p.service.remove).not.toHaveBeenCalled();
    expect(p.rows()).toEqual(['Company']);
  });

  it('splits choices on commas and lines', () => {
    expect(parseOptions(' a, b\nc ,, ')).toEqual(['a', 'b', 'c']);
  });
});
