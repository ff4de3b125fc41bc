import { ChangeDetectionStrategy, Component, Injectable, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { DateAdapter, MAT_DATE_LOCALE, NativeDateAdapter, provideNativeDateAdapter } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SNOOZE_MAX_DAYS } from '@parley/shared/contracts';

const DAY_MS = 86_400_000;

/** The operator's locale (the browser's), for the date field's format. */
export function browserLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-GB';
}

/** The order of day, month and year in `locale`'s numeric dates, e.g. ['day', 'month', 'year'] for en-GB. */
export function dateOrder(locale: string): Array<'day' | 'month' | 'year'> {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(2026, 11, 24));
  return parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as 'day' | 'month' | 'year');
}

/**
 * A typed date in the operator's locale ("24/12/2026" in en-GB, "12/24/2026" in en-US,
 * "24.12.2026" in de) or ISO ("2026-12-24"); null when it is not a real calendar date.
 */
export function parseLocalDate(text: string, locale: string): Date | null {
  const numbers = text.trim().split(/[^0-9]+/).filter(Boolean).map(Number);
  if (numbers.length !== 3) return null;
  const iso = /^\s*\d{4}\D/.test(text);
  const order = iso ? (['year', 'month', 'day'] as const) : dateOrder(locale);
  const value: Record<string, number> = {};
  order.forEach((part, i) => (value[part] = numbers[i]));
  let { year } = value;
  const { month, day } = value;
  if (year < 100) year += 2000;
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}

/** Material's native date adapter, parsing what the operator types in their own locale's order. */
@Injectable()
export class LocaleDateAdapter extends NativeDateAdapter {
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    if (typeof value === 'string') return value.trim() ? (parseLocalDate(value, this.locale as string) ?? this.invalid()) : null;
    return super.parse(value, parseFormat);
  }
}

/** The date (local midnight) at the time "HH:mm", in the operator's time zone; null when the time is not one. */
export function combineDateAndTime(date: Date | null, time: string): Date | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!date || Number.isNaN(date.getTime()) || !m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), hours, minutes, 0, 0);
}

/** Why a custom snooze time cannot be used, or null when it can (the API refuses the same). */
export function snoozeTimeError(date: Date | null, dateText: string, time: string, now: Date): string | null {
  if (!date || Number.isNaN(date.getTime())) return dateText.trim() ? `Enter a real date, e.g. ${dateExample()}` : 'Enter a date';
  if (!time.trim()) return 'Enter a time';
  const until = combineDateAndTime(date, time);
  if (!until) return 'Enter a time such as 14:30';
  if (until.getTime() <= now.getTime()) return 'Choose a time in the future';
  if (until.getTime() > now.getTime() + SNOOZE_MAX_DAYS * DAY_MS) return `Snooze for at most ${SNOOZE_MAX_DAYS} days`;
  return null;
}

function dateExample(locale = browserLocale()): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(2026, 11, 24));
}

/** The field's format in `locale`, e.g. "DD/MM/YYYY" (en-GB), "MM/DD/YYYY" (en-US), "DD.MM.YYYY" (de). */
export function dateFormatHint(locale = browserLocale()): string {
  const names: Record<string, string> = { day: 'DD', month: 'MM', year: 'YYYY' };
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(2026, 11, 24))
    .map((p) => names[p.type] ?? p.value)
    .join('');
}

/** "Tue 14:30" within the coming week, "Tue 15 Dec 14:30" later, with the year when not this one. */
export function snoozedUntilLabel(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const date = new Date(time);
  const weekday = date.toLocaleDateString('en-GB', { weekday: 'short' });
  const clock = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (time - now < 6 * DAY_MS) return `${weekday} ${clock}`;
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  const day = date.toLocaleDateString('en-GB', sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
  return `${weekday} ${day} ${clock}`;
}

export interface SnoozeDialogData {
  /** Snoozes until the chosen time; resolves to the server's message when it refused, else null. */
  save(until: Date): Promise<string | null>;
  now?: () => Date;
}

/** Default choice: an hour from now, on the next quarter hour. */
function defaultUntil(now: Date): Date {
  const t = new Date(now.getTime() + 3_600_000);
  t.setMinutes(Math.ceil(t.getMinutes() / 15) * 15, 0, 0);
  return t;
}

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Snooze until a date and time the operator chooses (issue #17), in their locale and time zone. */
@Component({
  selector: 'pl-snooze-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatDatepickerModule],
  providers: [provideNativeDateAdapter(), { provide: MAT_DATE_LOCALE, useFactory: browserLocale }, { provide: DateAdapter, useClass: LocaleDateAdapter }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Snooze until</h2>
    <form id="snooze-custom-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="fields">
        <mat-form-field>
          <mat-label>Date</mat-label>
          <input
            #dateInput
            matInput
            [matDatepicker]="picker"
            formControlName="date"
            [min]="minDate"
            [max]="maxDate"
            data-testid="snooze-date"
            autocomplete="off"
            [attr.aria-invalid]="shownError() ? 'true' : null"
            aria-describedby="snooze-custom-error"
          />
          <mat-hint>{{ example }}</mat-hint>
          <mat-datepicker-toggle matIconSuffix [for]="picker" aria-label="Open the calendar" />
          <mat-datepicker #picker />
        </mat-form-field>
        <mat-form-field>
          <mat-label>Time</mat-label>
          <input
            matInput
            type="time"
            formControlName="time"
            data-testid="snooze-time"
            [attr.aria-invalid]="shownError() ? 'true' : null"
            aria-describedby="snooze-custom-error"
          />
          <mat-hint>{{ timeZone }}</mat-hint>
        </mat-form-field>
        <p id="snooze-custom-error" class="form-error" role="alert" data-testid="snooze-error">{{ shownError() }}</p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="snooze-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="snooze-save">{{ busy() ? 'Snoozing…' : 'Snooze' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields { display: flex; flex-wrap: wrap; gap: 0 12px; }
    .fields mat-form-field { flex: 1 1 160px; }
    .form-error { flex-basis: 100%; margin: 4px 0 0; min-height: 1.25em; color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
  `,
})
export class SnoozeDialog {
  private readonly data = inject<SnoozeDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<SnoozeDialog, Date>);
  private readonly now = this.data.now ?? (() => new Date());
  private readonly initial = defaultUntil(this.now());
  protected readonly example = dateFormatHint();
  protected readonly timeZone = `Your time (${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
  protected readonly minDate = new Date(this.now().getFullYear(), this.now().getMonth(), this.now().getDate());
  protected readonly maxDate = new Date(this.now().getTime() + SNOOZE_MAX_DAYS * DAY_MS);
  protected readonly form = inject(NonNullableFormBuilder).group({
    date: new Date(this.initial.getFullYear(), this.initial.getMonth(), this.initial.getDate()) as Date | null,
    time: hhmm(this.initial),
  });
  protected readonly busy = signal(false);
  /** Set once the operator tried to save: from then on the error follows what they type. */
  private readonly tried = signal(false);
  private readonly serverError = signal<string | null>(null);
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  protected readonly shownError = computed(() => {
    this.value();
    if (this.serverError()) return this.serverError();
    return this.tried() ? (this.currentError() ?? '') : '';
  });

  private currentError(): string | null {
    const { date, time } = this.form.getRawValue();
    const parse = this.form.controls.date.getError('matDatepickerParse') as { text?: string } | null;
    return snoozeTimeError(parse ? null : date, parse?.text ?? '', time, this.now());
  }

  protected async submit(): Promise<void> {
    this.tried.set(true);
    this.serverError.set(null);
    this.form.updateValueAndValidity();
    if (this.currentError() || this.busy()) return;
    const { date, time } = this.form.getRawValue();
    const until = combineDateAndTime(date, time);
    if (!until) return;
    this.busy.set(true);
    try {
      const refused = await this.data.save(until);
      if (refused) this.serverError.set(refused);
      else this.ref.close(until);
    } finally {
      this.busy.set(false);
    }
  }
}
