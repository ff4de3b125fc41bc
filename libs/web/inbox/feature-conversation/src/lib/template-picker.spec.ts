import { TestBed } from '@angular/core/testing';
import { ErrorCode } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { Message } from '@parley/web/shared/data-access';
import { MESSAGE_TEMPLATES, SEND_TEMPLATE_MESSAGE } from '@parley/web/shared/data-access';
import { bodyError, filterTemplates, MessageTemplate, serverFieldErrors, templatePreview, variableError } from './template-form';
import { TemplatePicker } from './template-picker';

const ORDER: MessageTemplate = { name: 'order_update', language: 'en_US', category: 'UTILITY', header: 'Your order', body: 'Hello {{1}}, your order {{2}} has shipped.', footer: 'Parley Test Shop', variableCount: 2 };
const HELLO: MessageTemplate = { name: 'hello_again', language: 'pl', category: 'MARKETING', header: null, body: 'Dzień dobry! Czy możemy pomóc?', footer: null, variableCount: 0 };
const SHIPPING: MessageTemplate = { name: 'shipping_delay', language: 'en_US', category: 'UTILITY', header: null, body: 'Sorry {{1}}, a delay.', footer: null, variableCount: 1 };

describe('template form helpers', () => {
  it('finds templates by the words of their name, underscores or spaces alike', () => {
    expect(filterTemplates([ORDER, HELLO, SHIPPING], '').map((t) => t.name)).toEqual(['order_update', 'hello_again', 'shipping_delay']);
    expect(filterTemplates([ORDER, HELLO, SHIPPING], 'ORDER').map((t) => t.name)).toEqual(['order_update']);
    expect(filterTemplates([ORDER, HELLO, SHIPPING], 'shipping delay').map((t) => t.name)).toEqual(['shipping_delay']);
    expect(filterTemplates([ORDER, HELLO, SHIPPING], 'again pl').map((t) => t.name)).toEqual(['hello_again']);
    expect(filterTemplates([ORDER, HELLO, SHIPPING], 'refund')).toEqual([]);
  });

  it("checks a value as WhatsApp takes it and previews the client's text", () => {
    expect(variableError('Kasia')).toBeNull();
    expect(variableError('  ')).toBe('Required');
    expect(variableError('a\nb')).toMatch(/^One line only/);
    expect(variableError('a\tb')).toMatch(/^No tabs/);
    expect(variableError('a     b')).toBe('At most 4 spaces in a row');
    expect(variableError('x'.repeat(901))).toBe('At most 900 characters');
    expect(templatePreview(ORDER, [' Kasia ', ''])).toBe('Your order\n\nHello Kasia, your order {{2}} has shipped.\n\nParley Test Shop');
    expect(bodyError(ORDER, ['x'.repeat(600), 'y'.repeat(600)])).toMatch(/^Filled in, the text is \d+ characters; WhatsApp takes at most 1024$/);
    expect(bodyError(ORDER, ['a', 'b'])).toBeNull();
    const e = new GraphqlRequestError(ErrorCode.BadUserInput, 'bad', [{ message: 'bad', extensions: { code: ErrorCode.BadUserInput, fieldErrors: [{ field: 'variables.2', message: 'Required' }, { field: 'variables.2', message: 'later' }] } }]);
    expect(serverFieldErrors(e)).toEqual({ 'variables.2': 'Required' });
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });
});

describe('TemplatePicker', () => {
  async function render(opts: { templates?: MessageTemplate[]; send?: (input: Record<string, unknown>) => Promise<unknown>; load?: () => Promise<unknown> } = {}) {
    const sendCalls: Array<Record<string, unknown>> = [];
    const request = jest.fn(async (doc: unknown, vars: { input?: Record<string, unknown>; conversationId?: string }) => {
      if (doc === MESSAGE_TEMPLATES) return opts.load ? opts.load() : { messageTemplates: opts.templates ?? [ORDER, HELLO, SHIPPING] };
      if (doc === SEND_TEMPLATE_MESSAGE) {
        sendCalls.push(vars.input ?? {});
        if (opts.send) return opts.send(vars.input ?? {});
        return { sendTemplateMessage: { id: 'm1', conversationId: 'c1', body: 'sent text', authorType: 'operator', deliveryStatus: 'queued' } };
      }
      throw new Error(`unexpected ${String(doc)}`);
    });
    TestBed.configureTestingModule({ providers: [{ provide: ApiClient, useValue: { request } }] });
    const fixture = TestBed.createComponent(TemplatePicker);
    fixture.componentRef.setInput('conversationId', 'c1');
    const sent: Message[] = [];
    fixture.componentInstance.sent.subscribe((m) => sent.push(m));
    const el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    const settle = async () => {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    };
    await settle();
    const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
    const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
    const key = async (target: HTMLElement, k: string) => {
      const event = new KeyboardEvent('keydown', { key: k, cancelable: true, bubbles: true });
      target.dispatchEvent(event);
      await settle();
      return event;
    };
    const type = async (input: HTMLInputElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await settle();
    };
    return { fixture, el, q, all, key, type, settle, sent, sendCalls, request };
  }

  afterEach(() => document.body.innerHTML = '');

  it('lists the approved templates, narrows them by name and picks one with the keyboard', async () => {
    const { q, all, key, type } = await render();
    const search = q<HTMLInputElement>('template-search')!;
    expect(document.querySelector(`label[for="${search.id}"]`)?.textContent).toContain('Search templates by name');
    expect(all('template-option').map((o) => o.textContent)).toEqual([expect.stringContaining('order_update'), expect.stringContaining('hello_again'), expect.stringContaining('shipping_delay')]);
    await type(search, 'ship');
    expect(all('template-option').map((o) => o.textContent)).toEqual([expect.stringContaining('shipping_delay')]);
    await type(search, 'nothing like it');
    expect(q('template-no-match')?.textContent).toContain('No template\'s name contains "nothing like it"');
    await type(search, '');
    await key(search, 'ArrowDown');
    expect(search.getAttribute('aria-activedescendant')).toBe('template-option-1');
    expect(all('template-option')[1].getAttribute('aria-selected')).toBe('true');
    await key(search, 'ArrowUp');
    await key(search, 'ArrowUp');
    expect(search.getAttribute('aria-activedescendant')).toBe('template-option-2');
    await key(search, 'Enter');
    expect(q('template-chosen')?.textContent).toBe('shipping_delay');
    expect(q('template-text')?.textContent).toBe('Sorry {{1}}, a delay.');
  });

  it('shows a field per variable labelled {{N}}, errors at the field, a live preview, and sends the values', async () => {
    const { q, all, type, key, settle, sent, sendCalls } = await render();
    all('template-option')[0].click();
    await settle();
    const fields = all('template-variable') as HTMLInputElement[];
    expect(fields.map((f) => document.querySelector(`label[for="${f.id}"]`)?.textContent)).toEqual(['{{1}}', '{{2}}']);
    expect(q('template-preview')?.textContent).toBe('Your order\n\nHello {{1}}, your order {{2}} has shipped.\n\nParley Test Shop');
    // nothing is wrong before the operator tried or left a field
    expect(all('template-variable-error')).toEqual([]);
    await type(fields[0], 'Kasia');
    expect(q('template-preview')?.textContent).toBe('Your order\n\nHello Kasia, your order {{2}} has shipped.\n\nParley Test Shop');
    q('template-send')!.click();
    await settle();
    expect(sendCalls).toEqual([]);
    expect(all('template-variable-error').map((e) => e.textContent)).toEqual(['Required']);
    expect(fields[1].getAttribute('aria-invalid')).toBe('true');
    expect(fields[1].getAttribute('aria-describedby')).toBe('template-var-error-2');
    expect(document.activeElement).toBe(fields[1]);
    // a text field drops pasted line breaks itself; tabs and runs of spaces get through
    await type(fields[1], 'a\tb');
    expect(all('template-variable-error').map((e) => e.textContent)).toEqual([expect.stringMatching(/^No tabs/)]);
    await type(fields[1], ' #1234 ');
    expect(all('template-variable-error')).toEqual([]);
    // Enter in a field sends
    const enter = await key(fields[1], 'Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(sendCalls).toEqual([{ conversationId: 'c1', clientId: expect.any(String), templateName: 'order_update', language: 'en_US', variables: ['Kasia', '#1234'] }]);
    expect(sent.map((m) => m.id)).toEqual(['m1']);
    // back at the list for the next one
    expect(q('template-search')).not.toBeNull();
  });

  it("shows the server's field errors at their fields and keeps the clientId for a retry of the same values", async () => {
    let calls = 0;
    const { q, all, type, settle, sendCalls } = await render({
      send: async () => {
        calls += 1;
        if (calls === 1) throw new GraphqlRequestError(ErrorCode.BadUserInput, 'bad', [{ message: 'bad', extensions: { code: ErrorCode.BadUserInput, field: 'variables.1', fieldErrors: [{ field: 'variables.1', message: 'At most 4 spaces in a row' }] } }]);
        if (calls === 2) throw new GraphqlRequestError('NETWORK', 'Network error: down');
        return { sendTemplateMessage: { id: 'm2', conversationId: 'c1' } };
      },
    });
    all('template-option')[2].click();
    await settle();
    const [field] = all('template-variable') as HTMLInputElement[];
    await type(field, 'Kasia');
    q('template-send')!.click();
    await settle();
    expect(all('template-variable-error').map((e) => e.textContent)).toEqual(['At most 4 spaces in a row']);
    // typing clears the server's error; a network error is said as such and the same clientId goes again
    await type(field, 'Kasia K');
    expect(all('template-variable-error')).toEqual([]);
    q('template-send')!.click();
    await settle();
    expect(q('template-error')?.textContent).toContain('Cannot reach Parley');
    q('template-send')!.click();
    await settle();
    expect(sendCalls).toHaveLength(3);
    expect(sendCalls[2]['clientId']).toBe(sendCalls[1]['clientId']);
    expect(sendCalls[1]['clientId']).not.toBe(sendCalls[0]['clientId']);
  });

  it('a template without variables shows its text and sends at once; Esc and "Choose another" go back to the list', async () => {
    const { q, all, key, settle, sendCalls } = await render();
    all('template-option')[1].click();
    await settle();
    expect(all('template-variable')).toEqual([]);
    expect(q('template-preview')?.textContent).toBe('Dzień dobry! Czy możemy pomóc?');
    await key(q('template-form')!, 'Escape');
    expect(q('template-search')).not.toBeNull();
    all('template-option')[1].click();
    await settle();
    q('template-back')!.click();
    await settle();
    expect(q('template-search')).not.toBeNull();
    all('template-option')[1].click();
    await settle();
    q('template-send')!.click();
    await settle();
    expect(sendCalls).toEqual([expect.objectContaining({ templateName: 'hello_again', language: 'pl', variables: [] })]);
  });

  it('says the admin must create and sync templates when the channel has none, and when loading failed offers to try again', async () => {
    const empty = await render({ templates: [] });
    expect(empty.q('template-empty')?.textContent).toMatch(/An administrator must create them in WhatsApp Manager.*sync them into Parley/);
    expect(empty.q('template-search')).toBeNull();
    TestBed.resetTestingModule();
    document.body.innerHTML = '';
    let fail = true;
    const failing = await render({ load: async () => { if (fail) throw new GraphqlRequestError('NETWORK', 'down'); return { messageTemplates: [ORDER] }; } });
    expect(failing.q('template-load-error')?.textContent).toContain('The templates could not be loaded');
    fail = false;
    (failing.el.querySelector('button') as HTMLButtonElement).click();
    await failing.settle();
    expect(failing.all('template-option')).toHaveLength(1);
  });
});
