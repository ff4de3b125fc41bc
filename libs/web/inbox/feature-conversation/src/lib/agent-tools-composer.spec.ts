import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { OperatorRole } from '@parley/shared/contracts';
import { Composer } from './composer';
import { QuickRepliesStore, TeammatesStore } from '@parley/web/tools/data-access';

const replies = [
  { id: 'q1', shortcut: 'greet', body: 'Hi {{client.name}}, {{operator.name}} here. Mail: {{client.email}}{{client.age}}', shared: true, updatedAt: '' },
  { id: 'q2', shortcut: 'green', body: 'Green ones are sold out.', shared: false, updatedAt: '' },
  { id: 'q3', shortcut: 'thanks', body: 'Thank you!', shared: false, updatedAt: '' },
];
const team = [
  { id: 'b', displayName: 'Boris Petrov', role: OperatorRole.agent, avatarUrl: null },
  { id: 'a', displayName: 'Alex Admin', role: OperatorRole.admin, avatarUrl: null },
];

async function render(canNote = true) {
  TestBed.configureTestingModule({
    providers: [
      { provide: QuickRepliesStore, useValue: { items: signal(replies), loaded: signal(true), ensureLoaded: () => Promise.resolve() } },
      { provide: TeammatesStore, useValue: { items: signal(team), ensureLoaded: () => Promise.resolve() } },
    ],
  });
  const fixture = TestBed.createComponent(Composer);
  fixture.componentRef.setInput('conversationId', 'c1');
  fixture.componentRef.setInput('canNote', canNote);
  fixture.componentRef.setInput('context', { client: { name: 'Jan', email: null }, operator: { name: 'Anna' } });
  const sent: string[] = [];
  const notes: string[] = [];
  fixture.componentInstance.send.subscribe((b) => sent.push(b));
  fixture.componentInstance.note.subscribe((b) => notes.push(b));
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const textarea = element.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')!;
  const type = async (value: string) => {
    textarea.value = value;
    textarea.setSelectionRange(value.length, value.length);
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const press = async (key: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, cancelable: true, ...init });
    textarea.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  };
  const options = () => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="suggestion"] .label')).map((o) => o.textContent?.trim());
  const active = () => document.querySelector('[data-testid="suggestion"][aria-selected="true"] .label')?.textContent?.trim();
  return { fixture, element, textarea, type, press, options, active, sent, notes };
}

describe('Composer agent tools', () => {
  it('lists quick replies after a leading /, filters while typing, moves with arrows and inserts with variables filled', async () => {
    const { type, press, options, active, textarea, sent } = await render();
    await type('/gre');
    expect(options()).toEqual(['/greet', '/green']);
    expect(textarea.getAttribute('aria-expanded')).toBe('true');
    expect(active()).toBe('/greet');
    await press('ArrowDown');
    expect(active()).toBe('/green');
    await press('ArrowUp');
    const enter = await press('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(sent).toEqual([]); // Enter picked the reply, it did not send "/gre"
    expect(textarea.value).toBe('Hi Jan, Anna here. Mail: ');
    expect(textarea.value).not.toMatch(/undefined|null|\{\{/);
    expect(options()).toEqual([]);
    await press('Enter');
    expect(sent).toEqual(['Hi Jan, Anna here. Mail:']);
  });

  it('closes the list with Esc without clearing the text, and says when nothing matches', async () => {
    const { type, press, options, textarea, element } = await render();
    await type('/zzz');
    expect(document.querySelector('[data-testid="composer-suggestions"]')?.textContent).toContain('No quick reply starts with that');
    await type('/th');
    expect(options()).toHaveLength(1);
    await press('Escape');
    expect(options()).toEqual([]);
    expect(textarea.value).toBe('/th');
    expect(element.querySelector('[data-testid="composer"]')?.getAttribute('aria-expanded')).toBe('false');
    // a slash later in the text is just text
    await type('see /thanks');
    expect(options()).toEqual([]);
  });

  it('writes a note in Note mode (Ctrl+/ toggles), with @ offering operators to mention', async () => {
    const { fixture, type, press, options, textarea, sent, notes, element } = await render();
    const typed: string[] = [];
    fixture.componentInstance.typing.subscribe((t) => typed.push(t));
    await press('/', { ctrlKey: true });
    expect(element.querySelector('.box')?.classList.contains('note')).toBe(true);
    expect(textarea.getAttribute('aria-label')).toBe('Private note (operators only)');
    await type('ask @bo');
    expect(options()).toEqual(['@Boris Petrov']);
    await press('Tab');
    expect(textarea.value).toBe('ask @Boris Petrov ');
    await type('ask @Boris Petrov about it');
    await press('Enter');
    expect(notes).toEqual(['ask @Boris Petrov about it']);
    expect(sent).toEqual([]);
    // writing a note reports no typing to the visitor
    expect(typed.filter((t) => t !== '')).toEqual([]);
    await press('/', { ctrlKey: true });
    await type('to the visitor');
    await press('Enter');
    expect(sent).toEqual(['to the visitor']);
  });

  it('offers no note mode to those who may not write notes', async () => {
    const { press, element, textarea } = await render(false);
    expect(element.querySelector('[data-testid="mode-note"]')).toBeNull();
    await press('/', { ctrlKey: true });
    expect(textarea.getAttribute('aria-label')).toBe('Reply to the visitor');
  });
});
