import { messageTime, relativeTime } from './relative-time';

describe('relativeTime', () => {
  const now = new Date(2026, 2, 12, 15, 0, 0).getTime();
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('formats recent times compactly', () => {
    expect(relativeTime(ago(10_000), now)).toBe('now');
    expect(relativeTime(ago(5 * 60_000), now)).toBe('5m');
    expect(relativeTime(ago(3 * 3_600_000), now)).toBe('3h');
  });

  it('says yesterday for the previous calendar day', () => {
    expect(relativeTime(new Date(2026, 2, 11, 23, 0).toISOString(), now)).toBe('yesterday');
  });

  it('shows a date for older times and the year when it differs', () => {
    expect(relativeTime(new Date(2026, 0, 3, 9, 0).toISOString(), now)).toBe('3 Jan');
    expect(relativeTime(new Date(2024, 0, 3, 9, 0).toISOString(), now)).toBe('3 Jan 2024');
  });

  it('treats a timestamp slightly in the future as now and garbage as empty', () => {
    expect(relativeTime(new Date(now + 5_000).toISOString(), now)).toBe('now');
    expect(relativeTime('not a date', now)).toBe('');
  });
});

describe('messageTime', () => {
  const now = new Date(2026, 2, 12, 15, 0, 0).getTime();
  it('shows the clock today and the date otherwise', () => {
    expect(messageTime(new Date(2026, 2, 12, 9, 5).toISOString(), now)).toBe('09:05');
    expect(messageTime(new Date(2026, 2, 10, 9, 5).toISOString(), now)).toBe('10 Mar, 09:05');
    expect(messageTime('', now)).toBe('');
  });
});
