import { TestBed } from '@angular/core/testing';
import { ApiClient } from '@parley/web/shared/data-access';
import { Message } from '@parley/web/shared/data-access';
import { MESSAGE_TEMPLATES, SEND_TEMPLATE_MESSAGE } from '@parley/web/shared/data-access';
import { Composer } from './composer';

const HELLO = { name: 'hello_again', language: 'pl', category: 'MARKETING', header: null, body: 'Dzień dobry!', footer: null, variableCount: 0 };

async function render(templates: 'only' | 'offer' | null, replyClosed: string | null) {
  const request = jest.fn(async (doc: unknown) => {
    if (doc === MESSAGE_TEMPLATES) return { messageTemplates: [HELLO] };
    if (doc === SEND_TEMPLATE_MESSAGE) return { sendTemplateMessage: { id: 'm9', conversationId: 'c1', body: 'Dzień dobry!' } };
    throw new Error('unexpected');
  });
  TestBed.configureTestingModule({ providers: [{ provide: ApiClient, useValue: { request } }] });
  const fixture = TestBed.createComponent(Composer);
  fixture.componentRef.setInput('conversationId', 'c1');
  fixture.componentRef.setInput('canNote', true);
  fixture.componentRef.setInput('templates', templates);
  fixture.componentRef.setInput('replyClosed', replyClosed);
  const sentTexts: string[] = [];
  const sentTemplates: Message[] = [];
  fixture.componentInstance.send.subscribe((b) => sentTexts.push(b));
  fixture.componentInstance.templateSent.subscribe((m) => sentTemplates.push(m));
  const el = fixture.nativeElement as HTMLElement;
  document.body.appendChild(el);
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
  };
  await settle();
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const box = () => el.querySelector<HTMLElement>('.box')!;
  return { fixture, el, q, box, settle, sentTexts, sentTemplates, request };
}

describe('Composer with message templates (issue #10)', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('once the window closed, the template picker takes the text box\'s place; a note can still be written', async () => {
    const { q, box, el, settle, sentTemplates } = await render('only', 'The 24-hour reply window closed Dec 4, 10:00.');
    expect(q('composer-reply-closed')?.textContent).toContain('The 24-hour reply window closed Dec 4, 10:00. Only an approved template can be sent now; a private note can still be added.');
    expect(q('template-picker')).not.toBeNull();
    expect(box().classList.contains('hidden')).toBe(true);
    // the only way: no "write instead", no Template button
    expect(q('template-close')).toBeNull();
    expect(q('composer-template')).toBeNull();
    q('template-option')!.click();
    await settle();
    q('template-send')!.click();
    await settle();
    expect(sentTemplates.map((m) => m.id)).toEqual(['m9']);
    // Note mode brings the text box back
    el.querySelector<HTMLElement>('[data-testid="mode-note"] button')!.click();
    await settle();
    expect(q('template-picker')).toBeNull();
    expect(box().classList.contains('hidden')).toBe(false);
  });

  it('while the window is open, the Template button opens the picker and "Write a message instead" closes it', async () => {
    const { q, box, settle, request } = await render('offer', null);
    expect(q('template-picker')).toBeNull();
    expect(box().classList.contains('hidden')).toBe(false);
    expect(request).not.toHaveBeenCalled();
    q('composer-template')!.click();
    await settle();
    expect(q('template-picker')).not.toBeNull();
    expect(box().classList.contains('hidden')).toBe(true);
    expect(document.activeElement).toBe(q('template-search'));
    q('template-close')!.click();
    await settle();
    expect(q('template-picker')).toBeNull();
    expect(document.activeElement).toBe(q('composer'));
  });

  it('channels without templates show neither the picker nor the button', async () => {
    const { q } = await render(null, null);
    expect(q('template-picker')).toBeNull();
    expect(q('composer-template')).toBeNull();
  });
});
