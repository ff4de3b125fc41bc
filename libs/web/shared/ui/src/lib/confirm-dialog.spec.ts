import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Confirmer } from './confirm-dialog';

const $ = <T extends HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`);

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await TestBed.inject(ApplicationRef).whenStable();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Confirmer (the Material confirm dialog)', () => {
  // jsdom has no layout, so the CDK focus trap finds nothing focusable and says so
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation((m) => void (String(m).includes('cdkFocusInitial') || process.stderr.write(`${m}\n`))));
  afterEach(async () => {
    jest.restoreAllMocks();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function open(destructive?: boolean) {
    const answer = TestBed.inject(Confirmer).ask({ title: 'Deactivate Anna?', message: 'She is signed out at once.', confirmLabel: 'Deactivate', destructive });
    await settle();
    return answer;
  }

  it('shows the title, the message and a destructive confirm button, as a labelled alert dialog with focus on Cancel', async () => {
    const answer = open();
    await settle();
    expect($('confirm-title')?.textContent?.trim()).toBe('Deactivate Anna?');
    expect($('confirm-message')?.textContent?.trim()).toBe('She is signed out at once.');
    expect($('confirm-ok')?.textContent?.trim()).toBe('Deactivate');
    expect($('confirm-ok')?.classList.contains('destructive')).toBe(true);
    expect($('confirm-cancel')?.textContent?.trim()).toBe('Cancel');
    const dialog = document.querySelector('[role="alertdialog"]')!;
    expect(dialog.getAttribute('aria-describedby')).toBe('pl-confirm-message');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent?.trim()).toBe('Deactivate Anna?');
    // the focus itself needs layout (checked in Chromium, tests/e2e/snooze-confirm.e2e.ts)
    expect($('confirm-cancel')?.hasAttribute('cdkfocusinitial')).toBe(true);
    $('confirm-cancel')!.click();
    await settle();
    await expect(answer).resolves.toBe(false);
  });

  it('resolves true only for the confirm button', async () => {
    const answer = open();
    await settle();
    $('confirm-ok')!.click();
    await settle();
    await expect(answer).resolves.toBe(true);
    expect($('confirm-ok')).toBeNull();
  });

  it('Escape cancels', async () => {
    const answer = open();
    await settle();
    document.querySelector('[role="alertdialog"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', keyCode: 27, bubbles: true }));
    await settle();
    await expect(answer).resolves.toBe(false);
  });

  it('a non-destructive confirmation has a plain confirm button', async () => {
    const answer = open(false);
    await settle();
    expect($('confirm-ok')?.classList.contains('destructive')).toBe(false);
    $('confirm-cancel')!.click();
    await settle();
    await answer;
  });
});
