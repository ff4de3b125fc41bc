import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { DISPLAY_ACTIONS, DISPLAY_LIMITS, DisplayAction, DisplayRules, PRECHAT_FIELDS, PreChatField, PreChatSettings, validateDisplayRules } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError } from '@parley/web/shared/util';
import { CHANNEL_BEHAVIOUR, IdentitySecretDocument, RegenerateIdentitySecretDocument, SAVE_BEHAVIOUR } from '@parley/web/admin/data-access';
import { serverFieldErrors } from './webchat-form';


const FIELD_LABELS: Record<PreChatField, string> = { name: 'Name', email: 'E-mail', phone: 'Phone' };
const ACTION_LABELS: Record<DisplayAction, string> = { show: 'Show', teaser: 'Show with a teaser text', open: 'Open automatically after N seconds', hide: 'Hide' };

/** One display rule as the form edits it (lists as comma-separated text). */
export interface RuleRow {
  domains: string;
  urlContains: string;
  urlNotContains: string;
  urlPattern: string;
  countries: string;
  action: DisplayAction;
  teaserText: string;
  openAfterSeconds: number;
}

const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function toRulesInput(hideOnMobile: boolean, defaultAction: 'show' | 'hide', rows: RuleRow[]) {
  return {
    hideOnMobile,
    defaultAction,
    rules: rows.map((r) => ({
      domains: splitList(r.domains).map((d) => d.toLowerCase()),
      urlContains: r.urlContains.trim(),
      urlNotContains: r.urlNotContains.trim(),
      urlPattern: r.urlPattern.trim(),
      countries: splitList(r.countries).map((c) => c.toUpperCase()),
      action: r.action,
      teaserText: r.teaserText.trim(),
      openAfterSeconds: Number(r.openAfterSeconds) || 0,
    })),
  };
}

/**
 * Channel settings, part 2 (SPEC C3, C4 and the public JS API): the progressive pre-chat form,
 * display rules, and the identity secret for Parley.identify. Saved on its own; the window
 * settings form above keeps these when it saves.
 */
@Component({
  selector: 'pl-widget-behaviour-section',
  imports: [FormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule, MatCheckboxModule, MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    `:host{display:block;max-width:46rem;margin-top:24px}
     section{margin-bottom:24px}
     .row{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
     .rule{border:1px solid rgba(0,0,0,.15);border-radius:8px;padding:12px;margin:8px 0}
     .rule mat-form-field{min-width:14rem}
     .error{color:#b3261e}
     code{word-break:break-all}`,
  ],
  template: `
    <h2 id="sec-behaviour">Visitors: pre-chat form, display rules, identity</h2>
    @if (loading()) { <mat-progress-bar mode="indeterminate" aria-label="Loading" /> }
    @if (loaded()) {
      <section aria-labelledby="sec-prechat" data-testid="prechat-section">
        <h3 id="sec-prechat">Pre-chat form</h3>
        <mat-slide-toggle [(ngModel)]="preChatEnabled" data-testid="prechat-enabled">Ask before the first message</mat-slide-toggle>
        <mat-slide-toggle [(ngModel)]="skipKnown" data-testid="prechat-skip-known">Do not show it to known contacts</mat-slide-toggle>
        <p>The widget asks only for the fields this contact has not given yet.</p>
        @for (f of fieldNames; track f) {
          <div class="row">
            <mat-checkbox [ngModel]="asked()[f]" (ngModelChange)="toggleField(f, $event)" [attr.data-testid]="'prechat-ask-' + f">{{ fieldLabels[f] }}</mat-checkbox>
            <mat-checkbox [disabled]="!asked()[f]" [ngModel]="required()[f]" (ngModelChange)="setRequired(f, $event)" [attr.data-testid]="'prechat-required-' + f">required</mat-checkbox>
          </div>
        }
        @if (fieldError('preChat')) { <p class="error" role="alert">{{ fieldError('preChat') }}</p> }
      </section>

      <section aria-labelledby="sec-rules" data-testid="rules-section">
        <h3 id="sec-rules">Display rules</h3>
        <div class="row">
          <mat-slide-toggle [(ngModel)]="hideOnMobile" data-testid="rules-hide-mobile">Hide on mobile</mat-slide-toggle>
          <mat-form-field>
            <mat-label>When no rule matches</mat-label>
            <mat-select [(ngModel)]="defaultAction" data-testid="rules-default">
              <mat-option value="show">Show</mat-option>
              <mat-option value="hide">Hide</mat-option>
            </mat-select>
          </mat-form-field>
        </div>
        @if (!rows().length) { <p>No rules: the chat shows on every page. Add a rule to hide it on some pages, show a teaser, or open it automatically.</p> }
        @for (r of rows(); track $index; let i = $index) {
          <fieldset class="rule" [attr.aria-label]="'Rule ' + (i + 1)" [attr.data-testid]="'rule-' + i">
            <div class="row">
              <mat-form-field><mat-label>Domains (comma-separated)</mat-label><input matInput [(ngModel)]="r.domains" placeholder="shop.example.com, *.example.com" /><mat-hint class="error">{{ fieldError('displayRules.rules.' + i + '.domains') }}</mat-hint></mat-form-field>
              <mat-form-field><mat-label>Countries (ISO codes)</mat-label><input matInput [(ngModel)]="r.countries" placeholder="PL, DE" /><mat-hint class="error">{{ fieldError('displayRules.rules.' + i + '.countries') }}</mat-hint></mat-form-field>
            </div>
            <div class="row">
              <mat-form-field><mat-label>URL contains</mat-label><input matInput [(ngModel)]="r.urlContains" [maxlength]="limits.text" /></mat-form-field>
              <mat-form-field><mat-label>URL does not contain</mat-label><input matInput [(ngModel)]="r.urlNotContains" [maxlength]="limits.text" /></mat-form-field>
              <mat-form-field><mat-label>URL matches (* any text, ? one character)</mat-label><input matInput [(ngModel)]="r.urlPattern" [maxlength]="limits.text" placeholder="*/checkout*" /><mat-hint class="error">{{ fieldError('displayRules.rules.' + i + '.urlPattern') }}</mat-hint></mat-form-field>
            </div>
            <div class="row">
              <mat-form-field>
                <mat-label>Action</mat-label>
                <mat-select [(ngModel)]="r.action" [attr.data-testid]="'rule-action-' + i">
                  @for (a of actions; track a) { <mat-option [value]="a">{{ actionLabels[a] }}</mat-option> }
                </mat-select>
              </mat-form-field>
              @if (r.action === 'teaser') {
                <mat-form-field><mat-label>Teaser text</mat-label><input matInput [(ngModel)]="r.teaserText" [maxlength]="limits.teaser" /><mat-hint class="error">{{ fieldError('displayRules.rules.' + i + '.teaserText') }}</mat-hint></mat-form-field>
              }
              @if (r.action === 'open') {
                <mat-form-field><mat-label>Open after (seconds)</mat-label><input matInput type="number" min="0" [max]="limits.openAfterMax" [(ngModel)]="r.openAfterSeconds" /><mat-hint class="error">{{ fieldError('displayRules.rules.' + i + '.openAfterSeconds') }}</mat-hint></mat-form-field>
              }
              <button mat-button type="button" (click)="removeRule(i)" [attr.aria-label]="'Remove rule ' + (i + 1)">Remove</button>
            </div>
          </fieldset>
        }
        <button mat-stroked-button type="button" (click)="addRule()" [disabled]="rows().length >= limits.rules" data-testid="rules-add">Add rule</button>
      </section>

      <div class="row">
        <button mat-flat-button type="button" (click)="save()" [disabled]="saving()" data-testid="behaviour-save">Save pre-chat form and display rules</button>
        @if (saving()) { <span role="status">Saving…</span> }
        @if (saved()) { <span role="status" data-testid="behaviour-saved">Saved</span> }
      </div>
      @if (error()) { <p class="error" role="alert" data-testid="behaviour-error">{{ error() }}</p> }

      <section aria-labelledby="sec-secret" data-testid="secret-section">
        <h3 id="sec-secret">Identity secret (Parley.identify)</h3>
        <p>Your site's server computes <code>HMAC-SHA256(externalId or e-mail, secret)</code> and passes it as <code>hash</code> to <code>Parley.identify</code>. Never put the secret in a web page.</p>
        @if (secret()) {
          <p><code data-testid="identity-secret">{{ showSecret() ? secret() : '••••••••••••••••' }}</code></p>
          <div class="row">
            <button mat-button type="button" (click)="showSecret.set(!showSecret())">{{ showSecret() ? 'Hide' : 'Show' }}</button>
            <button mat-button type="button" (click)="copySecret()">Copy</button>
            <button mat-stroked-button type="button" (click)="regenerate()" data-testid="secret-regenerate">Regenerate…</button>
          </div>
        }
      </section>
    }
    @if (loadError()) { <p class="error" role="alert">{{ loadError() }}</p> }
  `,
})
export class WidgetBehaviourSection {
  readonly channelId = input.required<string>();
  private readonly api = inject(ApiClient);
  private readonly confirmer = inject(Confirmer);
  private readonly clipboard = inject(Clipboard);

  protected readonly fieldNames = PRECHAT_FIELDS;
  protected readonly fieldLabels = FIELD_LABELS;
  protected readonly actions = DISPLAY_ACTIONS;
  protected readonly actionLabels = ACTION_LABELS;
  protected readonly limits = DISPLAY_LIMITS;

  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal('');
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal('');
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly secret = signal('');
  protected readonly showSecret = signal(false);

  protected preChatEnabled = false;
  protected skipKnown = true;
  protected readonly asked = signal<Record<string, boolean>>({});
  protected readonly required = signal<Record<string, boolean>>({});
  protected hideOnMobile = false;
  protected defaultAction: 'show' | 'hide' = 'show';
  protected readonly rows = signal<RuleRow[]>([]);
  /** The stored window settings, sent back unchanged with the behaviour. */
  private base: Record<string, unknown> = {};
  private channel: { id: string; name: string; active: boolean } | null = null;
  private order: PreChatField[] = [];

  constructor() {
    effect(() => void this.load(this.channelId()));
  }

  protected fieldError(prefix: string): string {
    const errors = this.fieldErrors();
    const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(prefix + '.'));
    return key ? errors[key] : '';
  }

  protected toggleField(f: PreChatField, on: boolean): void {
    this.asked.update((a) => ({ ...a, [f]: on }));
    this.order = on ? [...this.order.filter((x) => x !== f), f] : this.order.filter((x) => x !== f);
  }

  protected setRequired(f: PreChatField, on: boolean): void {
    this.required.update((r) => ({ ...r, [f]: on }));
  }

  protected addRule(): void {
    this.rows.update((r) => [...r, { domains: '', urlContains: '', urlNotContains: '', urlPattern: '', countries: '', action: 'hide', teaserText: '', openAfterSeconds: 0 }]);
  }

  protected removeRule(i: number): void {
    this.rows.update((r) => r.filter((_, j) => j !== i));
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    try {
      const r = await this.api.request<{ channel: { id: string; name: string; active: boolean; webchat: Record<string, unknown> & { preChat: PreChatSettings; displayRules: DisplayRules } } }>(CHANNEL_BEHAVIOUR, { id });
      const { preChat, displayRules, version: _v, ...base } = r.channel.webchat;
      this.channel = { id: r.channel.id, name: r.channel.name, active: r.channel.active };
      this.base = base;
      this.preChatEnabled = preChat.enabled;
      this.skipKnown = preChat.skipKnownContacts;
      this.order = preChat.fields.map((f) => f.field);
      this.asked.set(Object.fromEntries(preChat.fields.map((f) => [f.field, true])));
      this.required.set(Object.fromEntries(preChat.fields.map((f) => [f.field, f.required])));
      this.hideOnMobile = displayRules.hideOnMobile;
      this.defaultAction = displayRules.defaultAction;
      this.rows.set(
        displayRules.rules.map((x) => ({ ...x, domains: x.domains.join(', '), countries: x.countries.join(', ') })),
      );
      this.loaded.set(true);
      const s = await this.api.request(IdentitySecretDocument, { id });
      this.secret.set(s.webchatIdentitySecret);
    } catch (e) {
      this.loadError.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  protected async save(): Promise<void> {
    if (!this.channel) return;
    this.error.set('');
    this.saved.set(false);
    const displayRules = toRulesInput(this.hideOnMobile, this.defaultAction, this.rows());
    const local = validateDisplayRules(displayRules);
    if (local.length) {
      this.fieldErrors.set(Object.fromEntries(local.map((e) => [e.field, e.message])));
      this.error.set('Check the highlighted rules.');
      return;
    }
    const preChat = { enabled: this.preChatEnabled, skipKnownContacts: this.skipKnown, fields: this.order.map((f) => ({ field: f, required: !!this.required()[f] })) };
    this.saving.set(true);
    try {
      await this.api.request(SAVE_BEHAVIOUR, { input: { id: this.channel.id, name: this.channel.name, active: this.channel.active, settings: { ...this.base, preChat, displayRules } } });
      this.fieldErrors.set({});
      this.saved.set(true);
    } catch (e) {
      const fields = serverFieldErrors(e);
      this.fieldErrors.set(fields);
      this.error.set(Object.keys(fields).length ? Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; ') : describeError(e));
    } finally {
      this.saving.set(false);
    }
  }

  protected copySecret(): void {
    this.clipboard.copy(this.secret());
  }

  protected async regenerate(): Promise<void> {
    if (!(await this.confirmer.ask({ title: 'Regenerate the identity secret?', message: 'Hashes made with the old one stop working at once.', confirmLabel: 'Regenerate' }))) return;
    try {
      const r = await this.api.request(RegenerateIdentitySecretDocument, { id: this.channelId() });
      this.secret.set(r.regenerateWebchatIdentitySecret);
      this.showSecret.set(true);
    } catch (e) {
      this.error.set(describeError(e));
    }
  }
}
