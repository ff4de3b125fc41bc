import { TestBed } from '@angular/core/testing';
import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { Composer } from './composer';

async function render(conversationId = 'c1') {
  const fixture = TestBed.createComponent(Composer);
  fixture.componentRef.setInput('conversationId', conversationId);
  const sent: string[] = [];
  fixture.componentInstance.send.subscribe((body) => sent.push(body));
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const textarea = element.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')!;
  const type = async (value: string) => {
    textarea.value = value;
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const press = async (key: string, shiftKey = false) => {
    const event = new KeyboardEvent('keydown', { key, shiftKey, cancelable: true });
    textarea.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  };
  const error = () => element.querySelector('[data-testid="composer-error"]')?.textContent?.trim() ?? null;
  const sendButton = () => element.querySelector<HTMLButtonElement>('[data-testid="send"]')!;
  return { fixture, element, textarea, type, press, error, sendButton, sent };
}

describe('Composer', () => {
  it('sends the trimmed text on Enter and clears the box', async () => {
    const { type, press, sent, textarea } = await render();
    await type('  Hello there  ');
    const event = await press('Enter');
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toEqual(['Hello there']);
    expect(textarea.value).toBe('');
  });

  it('refuses a reply while the channel\'s reply window is closed, says why, and lets a note through (issue #10)', async () => {
    const { fixture, element, type, press, sent, textarea, sendButton } = await render();
    fixture.componentRef.setInput('canNote', true);
    const notes: string[] = [];
    fixture.componentInstance.note.subscribe((b) => notes.push(b));
    await type('Are you still there?');
    fixture.componentRef.setInput('replyClosed', 'The 24-hour reply window closed Dec 4, 10:00.');
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="composer-reply-closed"]')?.textContent).toContain('The 24-hour reply window closed Dec 4, 10:00. A private note can still be added.');
    expect(textarea.disabled).toBe(true);
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(sent).toEqual([]);
    // a note may still be written
    element.querySelector<HTMLElement>('[data-testid="mode-note"] button')?.click();
    await fixture.whenStable();
    expect(textarea.disabled).toBe(false);
    await type('Client gone quiet, follow up by phone');
    await press('Enter');
    expect(notes).toEqual(['Client gone quiet, follow up by phone']);
    // the window opens again (the client wrote): replies go
    element.querySelector<HTMLElement>('[data-testid="mode-reply"] button')?.click();
    fixture.componentRef.setInput('replyClosed', null);
    await fixture.whenStable();
    await type('Welcome back');
    await press('Enter');
    expect(sent).toEqual(['Welcome back']);
  });

  it('keeps Shift+Enter as a newline and does not send', async () => {
    const { type, press, sent } = await render();
    await type('line one');
    const event = await press('Enter', true);
    expect(event.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('refuses an empty message and says why only after trying', async () => {
    const { type, press, sent, error, sendButton } = await render();
    await type('   ');
    expect(error()).toBeNull();
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(sent).toEqual([]);
    expect(error()).toBe('Write a message first.');
  });

  it('shows the counter near the limit and an error above it, and will not send', async () => {
    const { type, press, sent, error, element, sendButton } = await render();
    await type('x'.repeat(100));
    expect(element.querySelector('[data-testid="composer-counter"]')).toBeNull();
    await type('x'.repeat(MAX_MESSAGE_LENGTH));
    expect(element.querySelector('[data-testid="composer-counter"]')?.textContent).toContain(`${MAX_MESSAGE_LENGTH} / ${MAX_MESSAGE_LENGTH}`);
    expect(error()).toBeNull();
    await type('x'.repeat(MAX_MESSAGE_LENGTH + 5));
    expect(error()).toContain('too long');
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(sent).toEqual([]);
  });

  it('keeps a separate draft per conversation', async () => {
    const { fixture, type, textarea } = await render('c1');
    await type('draft for one');
    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    expect(textarea.value).toBe('');
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    expect(textarea.value).toBe('draft for one');
  });

  it('reports what is typed for typing indicators, and an empty text on send and on blur', async () => {
    const { fixture, type, press, textarea } = await render();
    const typed: string[] = [];
    fixture.componentInstance.typing.subscribe((t) => typed.push(t));
    await type('He');
    await type('Hello');
    await press('Enter');
    expect(typed).toEqual(['He', 'Hello', '']);
    await type('x');
    textarea.dispatchEvent(new Event('blur'));
    expect(typed.slice(-2)).toEqual(['x', '']);
  });
});
