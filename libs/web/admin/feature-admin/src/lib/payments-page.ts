import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { AcquirerSettingsDocument, AcquirerSettingsQuery, UpdateAcquirerSettingsDocument } from '@parley/web/admin/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

type Acquirer = AcquirerSettingsQuery['acquirerSettings'][number];

const SECRET_LABELS: Record<string, { label: string; hint: string }> = {
  secretKey: { label: 'Secret key', hint: 'From the Stripe dashboard › Developers › API keys (sk_test_… or sk_live_…).' },
  webhookSecret: { label: 'Webhook signing secret', hint: 'From the webhook endpoint you add in Stripe for the URL below (whsec_…).' },
};

interface Draft {
  enabled: boolean;
  secrets: Record<string, string>;
  clear: Record<string, boolean>;
}

/**
 * Settings › Payments (SPEC E5): the acquirers whose payment links the order drawer sends. The
 * built-in test acquirer (on by default) takes test cards on Parley's own page; Stripe Checkout
 * needs the secret key and the webhook signing secret — write-only: the page says which are set,
 * a typed one replaces it, one can be removed — and shows the webhook URL to paste into Stripe.
 * Each acquirer is saved on its own; errors appear under it.
 */
@Component({
  selector: 'pl-payments-page',
  imports: [MatButtonModule, MatProgressBarModule, MatSlideToggleModule],
  template: `
    <div class="page">
      <h1>Payments</h1>
      <p class="hint">
        A payment type connected to an acquirer (“Card online” uses the test acquirer) gets a “Send payment link” button in the order drawer: the link goes into the chat, and the order’s
        payment turns paid by itself when the client pays.
      </p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the payment settings" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert" data-testid="payments-load-error">{{ e }} <button mat-button type="button" (click)="load()">Try again</button></p>
      } @else {
        @for (a of acquirers(); track a.kind) {
          <section class="acquirer" [attr.aria-labelledby]="'acq-' + a.kind" [attr.data-testid]="'acquirer-' + a.kind">
            <h2 [id]="'acq-' + a.kind">{{ a.label }}</h2>
            <mat-slide-toggle [checked]="draft(a).enabled" (change)="setEnabled(a, $event.checked)" [attr.data-testid]="'acquirer-enabled-' + a.kind">Send payment links with {{ a.label }}</mat-slide-toggle>
            @if (a.kind === 'test') {
              <p class="hint" data-testid="acquirer-test-cards">Clients pay on Parley’s own page: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. No money moves — for trying the flow out.</p>
            }
            @for (name of a.secretNames; track name) {
              <label class="field">
                <span>{{ secretLabel(name) }}</span>
                <input
                  type="password"
                  autocomplete="new-password"
                  spellcheck="false"
                  [value]="draft(a).secrets[name] ?? ''"
                  (input)="setSecret(a, name, $any($event.target).value)"
                  [disabled]="!!draft(a).clear[name]"
                  [placeholder]="a.secretsSet.includes(name) ? 'Set — type a new one to replace it' : 'Not set'"
                  [attr.aria-invalid]="!!errors()[a.kind + '.' + name]"
                  [attr.data-testid]="'acquirer-secret-' + a.kind + '-' + name"
                />
                <span class="hint">{{ secretHint(name) }}</span>
              </label>
              @if (a.secretsSet.includes(name)) {
                <label class="check"><input type="checkbox" [checked]="!!draft(a).clear[name]" (change)="setClear(a, name, $any($event.target).checked)" [attr.data-testid]="'acquirer-clear-' + a.kind + '-' + name" /> Remove the stored {{ secretLabel(name).toLowerCase() }}</label>
              }
              @if (errors()[a.kind + '.' + name]; as e) {
                <p class="error" role="alert" [attr.data-testid]="'acquirer-error-' + a.kind + '-' + name">{{ e }}</p>
              }
            }
            @if (a.webhookUrl; as url) {
              <div class="webhook">
                <label class="field">
                  <span>Webhook URL (in Stripe: the event <code>checkout.session.completed</code>)</span>
                  <input readonly [value]="url" (focus)="$any($event.target).select()" [attr.data-testid]="'acquirer-webhook-url-' + a.kind" />
                </label>
                <button mat-stroked-button type="button" (click)="copy(a.kind, url)" [attr.data-testid]="'acquirer-copy-' + a.kind">{{ copied() === a.kind ? 'Copied' : 'Copy' }}</button>
              </div>
            }
            @if (a.enabled && a.problem) {
              <p class="warn" role="status" [attr.data-testid]="'acquirer-problem-' + a.kind">{{ a.problem }}</p>
            }
            <div class="actions">
              <button mat-flat-button type="button" (click)="save(a)" [disabled]="busy() === a.kind" [attr.data-testid]="'acquirer-save-' + a.kind">{{ busy() === a.kind ? 'Saving…' : 'Save' }}</button>
              @if (saved() === a.kind) {
                <span class="ok" role="status" [attr.data-testid]="'acquirer-saved-' + a.kind">Saved</span>
              }
            </div>
            @if (errors()[a.kind]; as e) {
              <p class="error" role="alert" [attr.data-testid]="'acquirer-error-' + a.kind">{{ e }}</p>
            }
          </section>
        } @empty {
          <p class="hint">No acquirers are available.</p>
        }
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 720px; display: flex; flex-direction: column; gap: 16px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 8px; }
    .acquirer { display: flex; flex-direction: column; gap: 8px; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; }
    .field { display: flex; flex-direction: column; gap: 4px; font: var(--mat-sys-body-medium); }
    .field input { font: var(--mat-sys-body-large); padding: 8px 10px; border: 1px solid var(--mat-sys-outline); border-radius: 6px; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); }
    .field input[aria-invalid='true'] { border-color: var(--mat-sys-error); }
    .check { display: flex; align-items: center; gap: 6px; }
    .webhook { display: flex; align-items: flex-end; gap: 8px; }
    .webhook .field { flex: 1; }
    .hint { color: var(--mat-sys-on-surface-variant); margin: 0; font: var(--mat-sys-body-small); }
    .actions { display: flex; align-items: center; gap: 12px; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .warn { color: var(--mat-sys-on-tertiary-container); background: var(--mat-sys-tertiary-container); padding: 6px 10px; border-radius: 6px; margin: 0; }
    .ok { color: var(--mat-sys-primary); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PaymentsPage {
  private readonly api = inject(ApiClient);
  protected readonly acquirers = signal<Acquirer[]>([]);
  protected readonly drafts = signal<Record<string, Draft>>({});
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly copied = signal<string | null>(null);
  /** `kind` (the acquirer as a whole) or `kind.secretName` → message. */
  protected readonly errors = signal<Record<string, string>>({});

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const { acquirerSettings } = await this.api.request(AcquirerSettingsDocument);
      this.acquirers.set(acquirerSettings);
      this.drafts.set(Object.fromEntries(acquirerSettings.map((a) => [a.kind, { enabled: a.enabled, secrets: {}, clear: {} }])));
    } catch (e) {
      this.loadError.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  /** Unsaved changes on any acquirer (a typed secret, a switch flipped). */
  hasUnsavedChanges(): boolean {
    return this.acquirers().some((a) => {
      const d = this.drafts()[a.kind];
      return !!d && (d.enabled !== a.enabled || Object.values(d.secrets).some((v) => v !== '') || Object.values(d.clear).some(Boolean));
    });
  }

  protected draft(a: Acquirer): Draft {
    return this.drafts()[a.kind] ?? { enabled: a.enabled, secrets: {}, clear: {} };
  }

  protected secretLabel(name: string): string {
    return SECRET_LABELS[name]?.label ?? name;
  }

  protected secretHint(name: string): string {
    return SECRET_LABELS[name]?.hint ?? '';
  }

  protected setEnabled(a: Acquirer, enabled: boolean): void {
    this.change(a, (d) => ({ ...d, enabled }));
  }

  protected setSecret(a: Acquirer, name: string, value: string): void {
    this.change(a, (d) => ({ ...d, secrets: { ...d.secrets, [name]: value } }));
    this.errors.update((m) => ({ ...m, [`${a.kind}.${name}`]: '' }));
  }

  protected setClear(a: Acquirer, name: string, clear: boolean): void {
    this.change(a, (d) => ({ ...d, clear: { ...d.clear, [name]: clear }, secrets: { ...d.secrets, [name]: '' } }));
  }

  protected async copy(kind: string, url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copied.set(kind);
    } catch {
      this.errors.update((m) => ({ ...m, [kind]: 'Could not copy: select the URL and copy it by hand' }));
    }
  }

  protected async save(a: Acquirer): Promise<void> {
    const d = this.draft(a);
    this.busy.set(a.kind);
    this.saved.set(null);
    this.errors.update((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== a.kind && !k.startsWith(`${a.kind}.`))));
    const secret = (name: string) => (a.secretNames.includes(name) && d.secrets[name]?.trim() ? d.secrets[name].trim() : null);
    try {
      const { updateAcquirerSettings } = await this.api.request(UpdateAcquirerSettingsDocument, {
        input: { kind: a.kind, enabled: d.enabled, secretKey: secret('secretKey'), webhookSecret: secret('webhookSecret'), clearSecrets: Object.keys(d.clear).filter((k) => d.clear[k]) },
      });
      this.acquirers.update((list) => list.map((x) => (x.kind === a.kind ? { ...x, ...updateAcquirerSettings } : x)));
      this.drafts.update((m) => ({ ...m, [a.kind]: { enabled: updateAcquirerSettings.enabled, secrets: {}, clear: {} } }));
      this.saved.set(a.kind);
    } catch (e) {
      const field = e instanceof GraphqlRequestError ? e.errors[0]?.extensions?.['field'] : undefined;
      const message = e instanceof GraphqlRequestError && e.code !== 'NETWORK' ? e.message : describeError(e);
      this.errors.update((m) => ({ ...m, [typeof field === 'string' && a.secretNames.includes(field) ? `${a.kind}.${field}` : a.kind]: message }));
    } finally {
      this.busy.set(null);
    }
  }

  private change(a: Acquirer, f: (d: Draft) => Draft): void {
    this.drafts.update((m) => ({ ...m, [a.kind]: f(this.draft(a)) }));
    this.saved.set(null);
  }
}
