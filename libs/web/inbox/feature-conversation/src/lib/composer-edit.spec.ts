import { TestBed } from '@angular/core/testing';
import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { Composer, EditableMessage } from './composer';

/** SPEC A10 in the composer: ArrowUp / startEdit, the "Editing message" bar, Enter saves, Esc cancels. */
async function render(target: EditableMessage | null = { id: 'm7', body: 'Teh parcel left today' }, answer: string | null = null) {
  const fixture = TestBed.createComponent(Composer);
  const saved: Array<{ id: string; body: string }> = [];
  let settle: ((error: string | null) => void) | null = null;
  const hold = { on: false };
  fixture.componentRef.setInput('conversationId', 'c1');
  fixture.componentRef.setInput('editTarget', target);
  fixture.componentRef.setInput('saveEdit', (id: string, body: string) => {
    saved.push({ id, body });
    if (hold.on) return new Promise<string | null>((r) => (settle = r));
    return Promise.resolve(answer);
  });
  const sent: string[] = [];
  const typed: string[] = [];
  fixture.componentInstance.send.subscribe((b) => sent.push(b));
  fixture.componentInstance.typing.subscribe((t) => typed.push(t));
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const textarea = element.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')!;
  const type = async (value: string) => {
    textarea.value = value;
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const press = async (key: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, ...init });
    textarea.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  };
  const bar = () => element.querySelector('[data-testid="composer-edit-bar"]');
  const error = () => element.querySelector('[data-testid="composer-error"]')?.textContent?.trim() ?? null;
  const button = () => element.querySelector<HTMLButtonElement>('[data-testid="send"]')!;
  return { fixture, element, textarea, type, press, bar, error, button, saved, sent, typed, hold, settle: (e: string | null) => settle?.(e) };
}

describe('Composer — editing the last message', () => {
  it('ArrowUp in the empty box loads the last message; Enter saves the new text and empties the box', async () => {
    const { press, bar, textarea, type, saved, sent, button, fixture } = await render();
    expect(bar()).toBeNull();
    const up = await press('ArrowUp');
    expect(up.defaultPrevented).toBe(true);
    expect(bar()?.textContent).toContain('Editing message');
    expect(textarea.value).toBe('Teh parcel left today');
    expect(textarea.getAttribute('aria-label')).toBe('Edit your message');
    expect(button().getAttribute('aria-label')).toBe('Save edit');
    expect(fixture.componentInstance.editingId()).toBe('m7');
    await type('The parcel left today');
    await press('Enter');
    await fixture.whenStable();
    expect(saved).toEqual([{ id: 'm7', body: 'The parcel left today' }]);
    expect(sent).toEqual([]);
    expect(bar()).toBeNull();
    expect(textarea.value).toBe('');
  });

  it('ArrowUp does nothing with text in the box, with a modifier, or with nothing to edit', async () => {
    const a = await render();
    await a.type('half a reply');
    expect((await a.press('ArrowUp')).defaultPrevented).toBe(false);
    expect(a.bar()).toBeNull();
    await a.type('');
    expect((await a.press('ArrowUp', { shiftKey: true })).defaultPrevented).toBe(false);
    expect(a.bar()).toBeNull();
    const none = await render(null);
    expect((await none.press('ArrowUp')).defaultPrevented).toBe(false);
    expect(none.bar()).toBeNull();
  });

  it('Esc cancels: no save, the message keeps its text and the draft comes back', async () => {
    const { fixture, type, press, bar, textarea, saved } = await render();
    await type('my draft');
    fixture.componentInstance.startEdit({ id: 'm7', body: 'Teh parcel left today' });
    await fixture.whenStable();
    expect(textarea.value).toBe('Teh parcel left today');
    await type('something else');
    const esc = await press('Escape');
    expect(esc.defaultPrevented).toBe(true);
    expect(bar()).toBeNull();
    expect(textarea.value).toBe('my draft');
    expect(saved).toEqual([]);
  });

  it('the Cancel button ends the edit too; an unchanged text saves nothing', async () => {
    const { fixture, element, press, bar, saved } = await render();
    await press('ArrowUp');
    element.querySelector<HTMLButtonElement>('[data-testid="composer-edit-cancel"]')!.click();
    await fixture.whenStable();
    expect(bar()).toBeNull();
    await press('ArrowUp');
    await press('Enter');
    expect(bar()).toBeNull();
    expect(saved).toEqual([]);
  });

  it('refuses an empty or too long edit with a clear error and keeps editing', async () => {
    const { press, type, error, bar, saved, button } = await render();
    await press('ArrowUp');
    await type('   ');
    await press('Enter');
    expect(error()).toBe('An edited message cannot be empty. Press Esc to keep it as it was.');
    expect(bar()).not.toBeNull();
    await type('x'.repeat(MAX_MESSAGE_LENGTH + 1));
    expect(error()).toContain('too long');
    expect(button().disabled).toBe(true);
    await press('Enter');
    expect(saved).toEqual([]);
  });

  it('shows the server refusal and stays in the edit; the text can be fixed and saved again', async () => {
    const r = await render({ id: 'm7', body: 'old' }, 'The edit was not saved. Only your last message can be edited.');
    await r.press('ArrowUp');
    await r.type('new');
    await r.press('Enter');
    await r.fixture.whenStable();
    expect(r.error()).toBe('The edit was not saved. Only your last message can be edited.');
    expect(r.bar()).not.toBeNull();
    await r.type('newer');
    expect(r.error()).toBeNull();
  });

  it('says Saving… while the request runs and sends no typing reports while editing', async () => {
    const r = await render();
    r.hold.on = true;
    await r.press('ArrowUp');
    await r.type('The parcel left today');
    await r.press('Enter');
    expect(r.button().textContent?.trim()).toBe('Saving…');
    expect(r.button().disabled).toBe(true);
    r.settle(null);
    await r.fixture.whenStable();
    await r.fixture.whenStable();
    expect(r.bar()).toBeNull();
    expect(r.typed.filter((t) => t !== '')).toEqual([]);
  });

  it('leaves the edit when another conversation opens, and brings back that one’s draft', async () => {
    const { fixture, type, textarea, bar } = await render();
    await type('draft in c1');
    fixture.componentInstance.startEdit({ id: 'm7', body: 'edit me' });
    await fixture.whenStable();
    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    expect(bar()).toBeNull();
    expect(textarea.value).toBe('');
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    expect(textarea.value).toBe('draft in c1');
  });
});
