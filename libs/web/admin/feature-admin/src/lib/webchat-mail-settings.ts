import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { EMAIL_ADDRESS_PATTERN, OFFLINE_FORM_FIELDS, OFFLINE_FORM_LABELS, OFFLINE_FORM_TEXT_LIMITS, OfflineFormFieldKey } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { UPDATE_WEBCHAT_MAIL_SETTINGS, WEBCHAT_MAIL_SETTINGS, WebchatMailSettings } from '@parley/web/shared/data-access';

type FieldRow = FormGroup<{ key: FormControl<OfflineFormFieldKey>; ask: FormControl<boolean>; required: FormControl<boolean> }>;

/** One address per line or separated by commas / semicolons. */
export function parseEmailList(text: string): string[] {
  return text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

/** Settings → the form's rows: the configured fields first (in their order), then the others unticked. */
export function fieldRows(fields: Array<{ key: string; required: boolean }>): Array<{ key: OfflineFormFieldKey; ask: boolean; required: boolean }> {
  const chosen = fields.filter((f) => (OFFLINE_FORM_FIELDS as readonly string[]).includes(f.key)).map((f) => ({ key: f.key as OfflineFormFieldKey, ask: true, required: f.required }));
  const rest = OFFLINE_FORM_FIELDS.filter((k) => !chosen.some((c) => c.key === k)).map((key) => ({ key, ask: false, required: false }));
  return [...chosen, ...rest];
}

/** The offline form, notification e-mails, reply sender and marketing consent of one web chat channel (SPEC C2, C7, C8). */
@Component({
  selector: 'pl-webchat-mail-settings',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatCheckboxModule, MatSlideToggleModule, MatButtonModule, MatProgressBarModule],
  template: `
    <form class="mail" [formGroup]="form" (ngSubmit)="save()" novalidate aria-labelledby="sec-mail" data-testid="mail-settings-form">
      <h2 id="sec-mail">Offline form and e-mail</h2>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the mail settings" />
      }
      <mat-slide-toggle formControlName="enabled" data-testid="offline-enabled">Show the offline form when no operator is available</mat-slide-toggle>
      <fieldset class="fields">
        <legend>Form fields</legend>
        <div class="row head" aria-hidden="true"><span>Field</span><span>Ask</span><span>Required</span></div>
        @for (row of rows.controls; track row.controls.key.value; let i = $index) {
          <div class="row" [formGroup]="row">
            <span [id]="'off-field-' + i">{{ label(row.controls.key.value) }}</span>
            <mat-checkbox formControlName="ask" [attr.aria-labelledby]="'off-field-' + i" [attr.data-testid]="'off-ask-' + row.controls.key.value" />
            <mat-checkbox formControlName="required" [aria-label]="'Required: ' + label(row.controls.key.value)" [attr.data-testid]="'off-required-' + row.controls.key.value" />
          </div>
        }
      </fieldset>
      <mat-form-field appearance="outline">
        <mat-label>Form title</mat-label>
        <input matInput formControlName="title" [maxlength]="limits.title" required />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Text above the form</mat-label>
        <textarea matInput formControlName="intro" rows="2" [maxlength]="limits.intro"></textarea>
      </mat-form-field>
      <div class="colors">
        <label>Title colour <input type="color" formControlName="headerColor" aria-label="Offline form title colour" /></label>
        <label>Button colour <input type="color" formControlName="buttonColor" aria-label="Offline form button colour" /></label>
      </div>
      <mat-form-field appearance="outline">
        <mat-label>Notify these addresses about offline messages</mat-label>
        <textarea matInput formControlName="notifyEmails" rows="2" data-testid="notify-emails"></textarea>
        <mat-hint>One per line or separated by commas; at most {{ limits.notifyEmails }}. The message also lands in Pending.</mat-hint>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Reply sender address</mat-label>
        <input matInput type="email" formControlName="replyFrom" data-testid="reply-from" />
        <mat-hint>Answers a visitor has not read are e-mailed to them from this address — at once when they have no chat window open, else after a delay. Empty turns it off.</mat-hint>
        @if (form.controls.replyFrom.hasError('pattern')) {
          <mat-error>Enter an e-mail address, or leave it empty.</mat-error>
        }
      </mat-form-field>
      <mat-slide-toggle formControlName="consentEnabled" data-testid="consent-enabled">Ask for marketing consent (double opt-in e-mail)</mat-slide-toggle>
      <mat-form-field appearance="outline">
        <mat-label>Consent checkbox text</mat-label>
        <input matInput formControlName="consentText" [maxlength]="limits.consentText" />
        <mat-hint>Shown unticked on the offline form, and on the pre-chat form when it asks for the e-mail. The default text is shown in the visitor's language.</mat-hint>
      </mat-form-field>
      @if (errors().length) {
        <ul class="error" role="alert" data-testid="mail-save-error">
          @for (e of errors(); track $index) {
            <li>{{ e }}</li>
          }
        </ul>
      }
      @if (saved()) {
        <p class="ok" role="status" data-testid="mail-saved">Saved. Open widgets update now.</p>
      }
      <button mat-flat-button type="submit" [disabled]="saving() || loading()" data-testid="mail-save">{{ saving() ? 'Saving…' : 'Save offline form and e-mail' }}</button>
    </form>
  `,
  styles: `
    :host { display: block; max-width: 640px; margin-top: 24px; }
    .mail { display: flex; flex-direction: column; gap: 8px; }
    h2 { font: var(--mat-sys-title-medium); margin: 16px 0 8px; }
    .fields { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; }
    .row { display: grid; grid-template-columns: 1fr 80px 80px; align-items: center; }
    .head { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .colors { display: flex; gap: 24px; label { display: flex; gap: 8px; align-items: center; } input[type='color'] { width: 36px; height: 36px; padding: 0; } }
    mat-form-field { width: 100%; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
    button[type='submit'] { align-self: flex-start; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WebchatMailSettingsForm {
  readonly channelId = input.required<string>();

  private readonly api = inject(ApiClient);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly limits = OFFLINE_FORM_TEXT_LIMITS;
  protected readonly rows = new FormArray<FieldRow>([]);
  protected readonly form = this.fb.group({
    enabled: [true],
    rows: this.rows,
    title: ['', [Validators.required, Validators.maxLength(OFFLINE_FORM_TEXT_LIMITS.title)]],
    intro: ['', Validators.maxLength(OFFLINE_FORM_TEXT_LIMITS.intro)],
    headerColor: ['#3b5bdb'],
    buttonColor: ['#3b5bdb'],
    notifyEmails: [''],
    replyFrom: ['', Validators.pattern(EMAIL_ADDRESS_PATTERN)],
    consentEnabled: [false],
    consentText: ['', Validators.maxLength(OFFLINE_FORM_TEXT_LIMITS.consentText)],
  });
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly errors = signal<string[]>([]);

  constructor() {
    effect(() => void this.load(this.channelId()));
  }

  protected label(key: OfflineFormFieldKey): string {
    return OFFLINE_FORM_LABELS[key];
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    try {
      const data = await this.api.request<{ channel: { webchatMail: WebchatMailSettings | null } }>(WEBCHAT_MAIL_SETTINGS, { id });
      if (data.channel.webchatMail) this.fill(data.channel.webchatMail);
    } catch (e) {
      this.errors.set([describeError(e)]);
    } finally {
      this.loading.set(false);
    }
  }

  private fill(s: WebchatMailSettings): void {
    this.rows.clear();
    for (const r of fieldRows(s.offlineForm.fields)) {
      this.rows.push(this.fb.group({ key: this.fb.control(r.key), ask: this.fb.control(r.ask), required: this.fb.control(r.required) }) as FieldRow);
    }
    this.form.patchValue({
      enabled: s.offlineForm.enabled,
      title: s.offlineForm.title,
      intro: s.offlineForm.intro,
      headerColor: s.offlineForm.colors.header,
      buttonColor: s.offlineForm.colors.button,
      notifyEmails: s.notifyEmails.join('\n'),
      replyFrom: s.replyFrom,
      consentEnabled: s.marketingConsent.enabled,
      consentText: s.marketingConsent.text,
    });
    this.form.markAsPristine();
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    this.saved.set(false);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.errors.set(['Check the highlighted fields.']);
      return;
    }
    const v = this.form.getRawValue();
    const input = {
      channelId: this.channelId(),
      offlineForm: {
        enabled: v.enabled,
        fields: v.rows.filter((r) => r.ask).map((r) => ({ key: r.key, required: r.required })),
        title: v.title,
        intro: v.intro,
        colors: { header: v.headerColor, button: v.buttonColor },
      },
      notifyEmails: parseEmailList(v.notifyEmails),
      replyFrom: v.replyFrom.trim(),
      marketingConsent: { enabled: v.consentEnabled, text: v.consentText },
    };
    this.saving.set(true);
    this.errors.set([]);
    try {
      const data = await this.api.request<{ updateWebchatMailSettings: { webchatMail: WebchatMailSettings } }>(UPDATE_WEBCHAT_MAIL_SETTINGS, { input });
      this.fill(data.updateWebchatMailSettings.webchatMail);
      this.saved.set(true);
    } catch (e) {
      const fieldErrors = e instanceof GraphqlRequestError ? (e.errors[0]?.extensions?.['fieldErrors'] as Array<{ field: string; message: string }> | undefined) : undefined;
      this.errors.set(fieldErrors?.length ? fieldErrors.map((f) => `${f.field}: ${f.message}`) : [describeError(e)]);
    } finally {
      this.saving.set(false);
    }
  }
}
