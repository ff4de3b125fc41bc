import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { AI_TOKEN_BUDGET_MAX, AI_TOKEN_BUDGET_MIN } from '@parley/shared/contracts';
import { AiSettings, AiSettingsService } from '@parley/web/admin/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

type FieldName = 'baseUrl' | 'model' | 'tokenBudget' | 'apiKey';

/**
 * Settings › AI tools (SPEC E7): the workspace's OpenAI-compatible endpoint for the conversation
 * summary — OpenAI, Azure OpenAI's v1 endpoint, a local vLLM or Ollama. The API key is write-only:
 * the page says whether one is stored, a typed one replaces it, and it can be removed (endpoints
 * without keys). "Check connection" asks the endpoint for its models with what is typed, before
 * saving. Errors appear under their field; saving is audited.
 */
@Component({
  selector: 'pl-ai-settings-page',
  imports: [DatePipe, FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSlideToggleModule],
  template: `
    <div class="page">
      <h1>AI tools</h1>
      <p class="hint">
        The conversation summary in the chat's side panel asks a language model for the client's need, decisions, open questions and next step. Connect any OpenAI-compatible
        endpoint: OpenAI, Azure OpenAI, or a model of your own (vLLM, Ollama). Operators need the right “Use AI tools”.
      </p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the AI settings" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert" data-testid="ai-load-error">{{ e }} <button mat-button type="button" (click)="load()">Try again</button></p>
      } @else {
        <form (ngSubmit)="save()" (keydown.control.enter)="save()" (keydown.meta.enter)="save()" data-testid="ai-settings-form" novalidate>
          <mat-slide-toggle name="summaryEnabled" [(ngModel)]="summaryEnabled" data-testid="ai-summary-enabled">Conversation summaries on</mat-slide-toggle>

          <mat-form-field appearance="outline">
            <mat-label>Base URL</mat-label>
            <input matInput name="baseUrl" [(ngModel)]="baseUrl" (ngModelChange)="clear('baseUrl')" autocomplete="off" spellcheck="false" data-testid="ai-base-url" />
            <mat-hint>e.g. https://api.openai.com/v1, or http://localhost:11434/v1 for Ollama</mat-hint>
          </mat-form-field>
          @if (errors()['baseUrl']; as e) {
            <p class="error" role="alert" data-testid="ai-error-baseUrl">{{ e }}</p>
          }

          <mat-form-field appearance="outline">
            <mat-label>API key</mat-label>
            <input
              matInput
              type="password"
              name="apiKey"
              [(ngModel)]="apiKey"
              (ngModelChange)="clear('apiKey')"
              autocomplete="new-password"
              [placeholder]="settings()?.apiKeySet ? 'Stored — type a new key to replace it' : 'Not set'"
              [disabled]="removeKey"
              data-testid="ai-api-key"
            />
            <mat-hint>{{ settings()?.apiKeySet ? 'A key is stored (it is never shown). Leave this empty to keep it.' : 'Leave empty for endpoints without keys.' }}</mat-hint>
          </mat-form-field>
          @if (settings()?.apiKeySet) {
            <mat-checkbox name="removeKey" [(ngModel)]="removeKey" (ngModelChange)="apiKey = ''" data-testid="ai-remove-key">Remove the stored key</mat-checkbox>
          }
          @if (errors()['apiKey']; as e) {
            <p class="error" role="alert" data-testid="ai-error-apiKey">{{ e }}</p>
          }

          <mat-form-field appearance="outline">
            <mat-label>Model</mat-label>
            <input matInput name="model" [(ngModel)]="model" (ngModelChange)="clear('model')" autocomplete="off" spellcheck="false" data-testid="ai-model" />
            <mat-hint>e.g. gpt-4o-mini, or the deployment name on Azure, or llama3.1</mat-hint>
          </mat-form-field>
          @if (errors()['model']; as e) {
            <p class="error" role="alert" data-testid="ai-error-model">{{ e }}</p>
          }

          <mat-form-field appearance="outline">
            <mat-label>Token budget</mat-label>
            <input matInput type="number" name="tokenBudget" [(ngModel)]="tokenBudget" (ngModelChange)="clear('tokenBudget')" [min]="budgetMin" [max]="budgetMax" step="1000" data-testid="ai-token-budget" />
            <mat-hint>The most tokens one summary may use, its answer included: the newest messages that fit are sent.</mat-hint>
          </mat-form-field>
          @if (errors()['tokenBudget']; as e) {
            <p class="error" role="alert" data-testid="ai-error-tokenBudget">{{ e }}</p>
          }

          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="ai-save">Save</button>
            <button mat-stroked-button type="button" (click)="check()" [disabled]="busy()" data-testid="ai-check">Check connection</button>
            @if (busy()) {
              <span class="hint" aria-live="polite">{{ checking() ? 'Asking the endpoint…' : 'Saving…' }}</span>
            }
          </div>
          @if (formError(); as e) {
            <p class="error" role="alert" data-testid="ai-error">{{ e }}</p>
          }
          @if (checkResult(); as r) {
            <p [class.ok]="r.ok" [class.error]="!r.ok" role="status" data-testid="ai-check-result">{{ r.message }}</p>
          }
          @if (saved()) {
            <p class="ok" role="status" data-testid="ai-saved">Saved{{ summaryEnabled ? ': operators can summarise conversations now.' : '. Summaries are off.' }}</p>
          } @else if (settings()?.updatedAt; as at) {
            <p class="hint">Last saved {{ at | date: 'medium' }}</p>
          }
        </form>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 720px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    form { display: flex; flex-direction: column; gap: 8px; }
    mat-slide-toggle { margin-bottom: 12px; }
    .hint { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .actions { display: flex; gap: 12px; align-items: center; margin-top: 8px; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AiSettingsPage {
  private readonly service = inject(AiSettingsService);
  protected readonly budgetMin = AI_TOKEN_BUDGET_MIN;
  protected readonly budgetMax = AI_TOKEN_BUDGET_MAX;
  protected readonly settings = signal<AiSettings | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly checking = signal(false);
  protected readonly errors = signal<Partial<Record<FieldName, string>>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly checkResult = signal<{ ok: boolean; message: string } | null>(null);
  protected readonly saved = signal(false);

  protected summaryEnabled = false;
  protected baseUrl = '';
  protected apiKey = '';
  protected removeKey = false;
  protected model = '';
  protected tokenBudget: number | null = null;

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      this.apply(await this.service.get());
    } catch (e) {
      this.loadError.set(`The AI settings could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  protected clear(field: FieldName): void {
    this.saved.set(false);
    this.checkResult.set(null);
    if (this.errors()[field]) this.errors.update((e) => ({ ...e, [field]: undefined }));
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.saved.set(false);
    this.checkResult.set(null);
    this.formError.set(null);
    try {
      this.apply(await this.service.save(this.input()));
      this.saved.set(true);
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy.set(false);
    }
  }

  protected async check(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.checking.set(true);
    this.checkResult.set(null);
    this.formError.set(null);
    try {
      this.checkResult.set(await this.service.check(this.input()));
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy.set(false);
      this.checking.set(false);
    }
  }

  private input() {
    return {
      summaryEnabled: this.summaryEnabled,
      baseUrl: this.baseUrl,
      model: this.model,
      // an emptied number field: the server says what it takes
      tokenBudget: typeof this.tokenBudget === 'number' && Number.isFinite(this.tokenBudget) ? this.tokenBudget : 0,
      apiKey: this.removeKey ? null : this.apiKey || null,
      clearApiKey: this.removeKey,
    };
  }

  private apply(s: AiSettings): void {
    this.settings.set(s);
    this.summaryEnabled = s.summaryEnabled;
    this.baseUrl = s.baseUrl;
    this.model = s.model;
    this.tokenBudget = s.tokenBudget;
    this.apiKey = '';
    this.removeKey = false;
    this.errors.set({});
  }

  private fail(e: unknown): void {
    const field = e instanceof GraphqlRequestError ? e.errors[0]?.extensions?.['field'] : undefined;
    if (typeof field === 'string' && ['baseUrl', 'model', 'tokenBudget', 'apiKey'].includes(field)) {
      this.errors.update((x) => ({ ...x, [field]: (e as Error).message }));
    } else this.formError.set(e instanceof GraphqlRequestError && e.code === 'BAD_USER_INPUT' ? e.message : `Not saved: ${describeError(e)}`);
  }
}
