import { isValidTimeZone, isWithinWorkingHours, localDayAndMinute, validateWorkingHours, WorkingHours } from './working-hours';

const weekdays9to17 = (timezone: string): WorkingHours => ({
  timezone,
  auto: true,
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
});

describe('working hours', () => {
  it('reads the weekday and minute in the schedule time zone', () => {
    // Monday 2026-11-23 07:30 UTC is 08:30 in Warsaw (CET) and 02:30 in New York (EST)
    const at = new Date('2026-11-23T07:30:00Z');
    expect(localDayAndMinute(at, 'Europe/Warsaw')).toEqual({ day: 1, minute: 8 * 60 + 30 });
    expect(localDayAndMinute(at, 'America/New_York')).toEqual({ day: 1, minute: 2 * 60 + 30 });
    expect(localDayAndMinute(new Date('2026-11-23T03:00:00Z'), 'America/Los_Angeles')).toEqual({ day: 0, minute: 19 * 60 });
  });

  it('applies the time zone at the boundaries (start inclusive, end exclusive)', () => {
    const w = weekdays9to17('Europe/Warsaw');
    expect(isWithinWorkingHours(w, new Date('2026-11-23T07:59:00Z'))).toBe(false); // 08:59 Warsaw
    expect(isWithinWorkingHours(w, new Date('2026-11-23T08:00:00Z'))).toBe(true); // 09:00
    expect(isWithinWorkingHours(w, new Date('2026-11-23T15:59:00Z'))).toBe(true); // 16:59
    expect(isWithinWorkingHours(w, new Date('2026-11-23T16:00:00Z'))).toBe(false); // 17:00
    // the same instant is outside hours in New York (03:00)
    expect(isWithinWorkingHours(weekdays9to17('America/New_York'), new Date('2026-11-23T08:00:00Z'))).toBe(false);
    // Saturday
    expect(isWithinWorkingHours(w, new Date('2026-11-28T10:00:00Z'))).toBe(false);
  });

  it('follows daylight saving time', () => {
    const w = weekdays9to17('Europe/Warsaw');
    // Monday 2026-07-06: CEST (UTC+2), 09:00 local is 07:00 UTC
    expect(isWithinWorkingHours(w, new Date('2026-07-06T07:00:00Z'))).toBe(true);
    expect(isWithinWorkingHours(w, new Date('2026-07-06T06:59:00Z'))).toBe(false);
  });

  it('runs an overnight range into the next day, including Saturday into Sunday', () => {
    const w: WorkingHours = { timezone: 'UTC', auto: true, ranges: [{ day: 6, start: '22:00', end: '06:00' }] };
    expect(isWithinWorkingHours(w, new Date('2026-11-28T21:59:00Z'))).toBe(false); // Sat 21:59
    expect(isWithinWorkingHours(w, new Date('2026-11-28T22:00:00Z'))).toBe(true); // Sat 22:00
    expect(isWithinWorkingHours(w, new Date('2026-11-29T05:59:00Z'))).toBe(true); // Sun 05:59
    expect(isWithinWorkingHours(w, new Date('2026-11-29T06:00:00Z'))).toBe(false); // Sun 06:00
    expect(isWithinWorkingHours(w, new Date('2026-11-29T23:00:00Z'))).toBe(false); // Sun 23:00: not a Sunday range
    expect(isWithinWorkingHours(w, new Date('2026-11-22T02:00:00Z'))).toBe(true); // the Sunday after the previous Saturday
  });

  it('an empty schedule is never inside', () => {
    expect(isWithinWorkingHours({ timezone: 'UTC', ranges: [] }, new Date())).toBe(false);
  });

  it('validates time zones and ranges', () => {
    expect(isValidTimeZone('Europe/Warsaw')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(validateWorkingHours(weekdays9to17('Asia/Tokyo'))).toEqual([]);
    const errors = validateWorkingHours({
      timezone: 'Not/AZone',
      auto: true,
      ranges: [
        { day: 7, start: '09:00', end: '17:00' },
        { day: 1, start: '24:00', end: '9:00' },
        { day: 2, start: '10:00', end: '10:00' },
      ],
    });
    expect(errors).toEqual([
      expect.stringContaining('timezone'),
      expect.stringContaining('ranges.0.day'),
      expect.stringContaining('ranges.1.start'),
      expect.stringContaining('ranges.1.end'),
      expect.stringContaining('ranges.2: start and end'),
    ]);
  });
});
