import { TestBed } from '@angular/core/testing';
import { HighlightedText } from './highlighted-text';

describe('HighlightedText', () => {
  function render(segments: { text: string; match: boolean }[]): HTMLElement {
    const fixture = TestBed.createComponent(HighlightedText);
    fixture.componentRef.setInput('segments', segments);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('marks the matched segments and keeps the text in order', () => {
    const el = render([
      { text: 'Do you ship to ', match: false },
      { text: 'Kraków', match: true },
      { text: '?', match: false },
    ]);
    expect(el.textContent?.replace(/\s+/g, ' ').trim()).toBe('Do you ship to Kraków?');
    const marks = el.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe('Kraków');
  });

  it('renders markup in visitor text as text, never as elements', () => {
    const el = render([
      { text: '<img src=x onerror=alert(1)> ', match: false },
      { text: '<b>bold</b>', match: true },
    ]);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('mark')?.textContent).toBe('<b>bold</b>');
  });

  it('renders nothing for no segments', () => {
    const el = render([]);
    expect(el.querySelectorAll('mark, span')).toHaveLength(0);
  });
});
