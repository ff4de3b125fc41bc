import { snoozeChoices } from './conversation-actions';

describe('snoozeChoices', () => {
  it('offers future times: 1 h, 4 h, tomorrow 9:00 and next Monday 9:00', () => {
    const now = new Date(2026, 2, 11, 15, 30); // a Wednesday
    const [hour, four, tomorrow, monday] = snoozeChoices(now);
    expect(hour.until.getTime() - now.getTime()).toBe(3_600_000);
    expect(four.until.getTime() - now.getTime()).toBe(4 * 3_600_000);
    expect(tomorrow.until).toEqual(new Date(2026, 2, 12, 9, 0));
    expect(monday.until).toEqual(new Date(2026, 2, 16, 9, 0));
    expect(monday.until.getDay()).toBe(1);
  });

  it('on a Sunday, next Monday is the day after', () => {
    const sunday = new Date(2026, 2, 15, 10, 0);
    const monday = snoozeChoices(sunday)[3].until;
    expect(monday).toEqual(new Date(2026, 2, 16, 9, 0));
    expect(monday.getTime()).toBeGreaterThan(sunday.getTime());
  });
});
