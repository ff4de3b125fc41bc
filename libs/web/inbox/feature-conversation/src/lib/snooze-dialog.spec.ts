import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { SNOOZE_MAX_DAYS } from '@parley/shared/contracts';
import { combineDateAndTime, dateFormatHint, dateOrder, parseLocalDate, SnoozeDialog, snoozedUntilLabel, snoozeTimeError } from './snooze-dialog';

const DAY = 86_400_000;

describe('custom snooze: parsing and validation', () => {
  it('reads a typed date in the operator’s locale order, or ISO', () => {
    expect(dateOrder('en-GB')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('en-US')).toEqual(['month', 'day', 'year']);
    expect(parseLocalDate('24/12/2026', 'en-GB')).toEqual(new Date(2026, 11, 24));
    expect(parseLocalDate('12/24/2026', 'en-US')).toEqual(new Date(2026, 11, 24));
    expect(parseLocalDate('24.12.2026', 'de-DE')).toEqual(new Date(2026, 11, 24));
    expect(parseLocalDate('2026-12-24', 'en-US')).toEqual(new Date(2026, 11, 24));
    expect(parseLocalDate('3/1/27', 'en-GB')).toEqual(new Date(2027, 0, 3));
    expect(dateFormatHint('en-GB')).toBe('DD/MM/YYYY');
    expect(dateFormatHint('en-US')).toBe('MM/DD/YYYY');
    expect(dateFormatHint('de-DE')).toBe('DD.MM.YYYY');
  });

  it('refuses what is not a calendar date', () => {
    expect(parseLocalDate('31/02/2026', 'en-GB')).toBeNull();
    expect(parseLocalDate('12/24/2026', 'en-GB')).toBeNull();
    expect(parseLocalDate('tomorrow', 'en-GB')).toBeNull();
    expect(parseLocalDate('1/2', 'en-GB')).toBeNull();
  });

  it('combines the date and the time on the operator’s own clock', () => {
    const until = combineDateAndTime(new Date(2026, 11, 1), '14:30')!;
    expect([until.getFullYear(), until.getMonth(), until.getDate(), until.getHours(), until.getMinutes()]).toEqual([2026, 11, 1, 14, 30]);
    expect(combineDateAndTime(new Date(2026, 11, 1), '25:00')).toBeNull();
    expect(combineDateAndTime(new Date(2026, 11, 1), 'noon')).toBeNull();
    expect(combineDateAndTime(null, '10:00')).toBeNull();
  });

  it('says why a time cannot be used: missing, not a date, past, now, too far ahead', () => {
    const now = new Date(2026, 11, 1, 12, 0, 0);
    const today = new Date(2026, 11, 1);
    expect(snoozeTimeError(null, '', '10:00', now)).toBe('Enter a date');
    expect(snoozeTimeError(null, '31/02/2026', '10:00', now)).toMatch(/^Enter a real date, e\.g\. /);
    expect(snoozeTimeError(today, '', '', now)).toBe('Enter a time');
    expect(snoozeTimeError(today, '', '11:59', now)).toBe('Choose a time in the future');
    expect(snoozeTimeError(today, '', '12:00', now)).toBe('Choose a time in the future');
    expect(snoozeTimeError(new Date(2026, 10, 30), '', '18:00', now)).toBe('Choose a time in the future');
    expect(snoozeTimeError(today, '', '12:01', now)).toBeNull();
    const far = new Date(now.getTime() + (SNOOZE_MAX_DAYS + 1) * DAY);
    expect(snoozeTimeError(new Date(far.getFullYear(), far.getMonth(), far.getDate()), '', '12:00', now)).toBe(`Snooze for at most ${SNOOZE_MAX_DAYS} days`);
    const justUnder = new Date(now.getTime() + (SNOOZE_MAX_DAYS - 1) * DAY);
    expect(snoozeTimeError(new Date(justUnder.getFullYear(), justUnder.getMonth(), justUnder.getDate()), '', '12:00', now)).toBeNull();
  });

  it('labels the snooze "Tue 14:30" within the week, with the date later on', () => {
    const now = new Date(2026, 11, 1, 9, 0).getTime(); // Tue 1 Dec 2026
    expect(snoozedUntilLabel(new Date(2026, 11, 1, 14, 30).toISOString(), now)).toBe('Tue 14:30');
    expect(snoozedUntilLabel(new Date(2026, 11, 4, 9, 0).toISOString(), now)).toBe('Fri 09:00');
    expect(snoozedUntilLabel(new Date(2026, 11, 15, 14, 30).toISOString(), now)).toBe('Tue 15 Dec 14:30');
    expect(snoozedUntilLabel(new Date(2027, 0, 5, 8, 0).toISOString(), now)).toBe('Tue 5 Jan 2027 08:00');
    expect(snoozedUntilLabel('nonsense', now)).toBe('');
  });
});

describe('SnoozeDialog', () => {
  const $ = <T extends HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`)!;
  async function settle(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      await TestBed.inject(ApplicationRef).whenStable();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  function type(testId: string, value: string): void {
    const input = $<HTMLInputElement>(testId);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }
  const submit = () => $('snooze-save').closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = '')));

  async function open(save: (until: Date) => Promise<string | null>, now = new Date(2026, 11, 1, 12, 0)) {
    const ref = TestBed.inject(MatDialog).open(SnoozeDialog, { data: { save, now: () => now } });
    await settle();
    return ref;
  }

  it('shows a visible error for a past time and does not save', async () => {
    const save = jest.fn(async () => null);
    await open(save);
    expect($('snooze-error').textContent?.trim()).toBe('');
    type('snooze-time', '08:00');
    type('snooze-date', '1/12/2026');
    await settle();
    submit();
    await settle();
    expect($('snooze-error').textContent?.trim()).toBe('Choose a time in the future');
    expect($('snooze-error').getAttribute('role')).toBe('alert');
    expect($<HTMLInputElement>('snooze-time').getAttribute('aria-invalid')).toBe('true');
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a date more than a year ahead and a date that does not exist', async () => {
    const save = jest.fn(async () => null);
    await open(save);
    const far = new Date(2026 + 2, 0, 10);
    type('snooze-date', `${far.getMonth() + 1}/${far.getDate()}/${far.getFullYear()}`);
    await settle();
    submit();
    await settle();
    expect($('snooze-error').textContent?.trim()).toBe(`Snooze for at most ${SNOOZE_MAX_DAYS} days`);
    type('snooze-date', '2/31/2027');
    await settle();
    expect($('snooze-error').textContent?.trim()).toMatch(/^Enter a real date/);
    expect(save).not.toHaveBeenCalled();
  });

  it('saves the chosen local time, closes with it, and shows the server’s refusal when there is one', async () => {
    const refusals = ['Snooze until a time in the future', null];
    const save = jest.fn(async (until: Date) => (void until, refusals.shift() ?? null));
    const ref = await open(save);
    let closedWith: Date | undefined;
    ref.afterClosed().subscribe((v) => (closedWith = v));
    type('snooze-date', '2026-12-03');
    type('snooze-time', '14:30');
    await settle();
    submit();
    await settle();
    expect(save).toHaveBeenCalledWith(new Date(2026, 11, 3, 14, 30));
    expect($('snooze-error').textContent?.trim()).toBe('Snooze until a time in the future');
    submit();
    await settle();
    expect(save).toHaveBeenCalledTimes(2);
    expect(closedWith).toEqual(new Date(2026, 11, 3, 14, 30));
  });
});
