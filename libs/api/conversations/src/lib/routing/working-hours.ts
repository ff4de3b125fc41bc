/**
 * SPEC B6 working hours: a weekly schedule in the operator's IANA time zone. A range whose end is
 * not after its start runs overnight into the next day (22:00–06:00). Pure functions, unit-tested.
 */
export interface WorkingHoursRange {
  /** 0 = Sunday … 6 = Saturday (JavaScript's getDay), in the schedule's time zone. */
  day: number;
  /** "HH:MM", 24-hour. */
  start: string;
  end: string;
}

export interface WorkingHours {
  timezone: string;
  /** Switch the operator online/offline automatically at the boundaries. */
  auto: boolean;
  ranges: WorkingHoursRange[];
}

export const MAX_WORKING_HOURS_RANGES = 28;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string) => {
  const m = TIME.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** Every problem with a schedule (empty when valid). */
export function validateWorkingHours(w: WorkingHours): string[] {
  const errors: string[] = [];
  if (!isValidTimeZone(w.timezone)) errors.push(`timezone: "${String(w.timezone).slice(0, 64)}" is not an IANA time zone (e.g. Europe/Warsaw)`);
  if (typeof w.auto !== 'boolean') errors.push('auto: must be true or false');
  if (!Array.isArray(w.ranges)) return [...errors, 'ranges: must be a list'];
  if (w.ranges.length > MAX_WORKING_HOURS_RANGES) errors.push(`ranges: at most ${MAX_WORKING_HOURS_RANGES}`);
  w.ranges.forEach((r, i) => {
    if (!Number.isInteger(r.day) || r.day < 0 || r.day > 6) errors.push(`ranges.${i}.day: a whole number from 0 (Sunday) to 6 (Saturday)`);
    if (!TIME.test(String(r.start))) errors.push(`ranges.${i}.start: use HH:MM (00:00–23:59)`);
    if (!TIME.test(String(r.end))) errors.push(`ranges.${i}.end: use HH:MM (00:00–23:59)`);
    else if (r.start === r.end) errors.push(`ranges.${i}: start and end are the same`);
  });
  return errors;
}

/** Weekday (0–6) and minute of the day of `at` in the time zone. */
export function localDayAndMinute(at: Date, timezone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: WEEKDAYS[get('weekday')], minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether `at` falls inside the schedule (start inclusive, end exclusive). */
export function isWithinWorkingHours(w: Pick<WorkingHours, 'timezone' | 'ranges'>, at: Date): boolean {
  const { day, minute } = localDayAndMinute(at, w.timezone);
  const yesterday = (day + 6) % 7;
  return w.ranges.some((r) => {
    const start = minutes(r.start);
    const end = minutes(r.end);
    if (end > start) return r.day === day && minute >= start && minute < end;
    // overnight: from start until midnight on its day, then until end on the next day
    return (r.day === day && minute >= start) || (r.day === yesterday && minute < end);
  });
}
