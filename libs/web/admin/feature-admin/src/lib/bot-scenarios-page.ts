import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ErrorCode } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf } from '@parley/web/shared/util';
import { BOT_SCENARIOS, BotScenario, DELETE_BOT_SCENARIO, draftOf, newScenarioDraft, SAVE_BOT_SCENARIO, ScenarioDraft } from '@parley/web/admin/data-access';
import { BotScenarioEditor } from './bot-scenario-editor';
import { serverFieldErrors } from './webchat-form';

/**
 * `/admin/bots` (SPEC D2): the workspace's bot scenarios; one is edited at a time. A channel's bot
 * runs one of them (Channels › settings › Bot).
 */
@Component({
  selector: 'pl-bot-scenarios-page',
  imports: [MatButtonModule, MatProgressBarModule, BotScenarioEditor],
  template: `
    <h1>Bot scenarios</h1>
    <p class="muted">The bot greets a visitor who opens the chat, offers answer buttons, and hands over to an operator or closes. Switch it on per channel in Channels › Settings.</p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading bot scenarios" />
    }
    @if (error()) {
      <p class="error" role="alert" data-testid="bots-error">{{ error() }}</p>
    }
    @if (saved()) {
      <p class="ok" role="status" data-testid="bots-saved">{{ saved() }}</p>
    }

    @if (editing(); as draft) {
      <pl-bot-scenario-editor [scenario]="draft" [busy]="busy()" [serverErrors]="fieldErrors()" (save)="save($event)" (cancelled)="editing.set(null)" />
    } @else {
      <button mat-flat-button type="button" (click)="create()" data-testid="bot-new">New scenario</button>
      <ul class="list" aria-label="Bot scenarios">
        @for (s of scenarios(); track s.id) {
          <li class="card" [attr.data-testid]="'bot-scenario-' + s.name">
            <div>
              <strong>{{ s.name }}</strong>
              <span class="muted"> · {{ s.steps.length }} {{ s.steps.length === 1 ? 'step' : 'steps' }}</span>
            </div>
            <div class="actions">
              <button mat-stroked-button type="button" (click)="edit(s)" [attr.aria-label]="'Edit scenario ' + s.name">Edit</button>
              @if (confirming() === s.id) {
                <button mat-flat-button type="button" (click)="remove(s)" [disabled]="busy()" [attr.data-testid]="'bot-confirm-delete-' + s.name">Delete for good</button>
                <button mat-button type="button" (click)="confirming.set(null)">Keep</button>
              } @else {
                <button mat-button type="button" (click)="confirming.set(s.id)" [attr.aria-label]="'Delete scenario ' + s.name">Delete</button>
              }
            </div>
          </li>
        } @empty {
          @if (!loading()) {
            <li class="empty" data-testid="bots-empty">No bot scenarios yet. Create one with “New scenario”: write the bot’s greeting, add the visitor’s answers and say where each leads.</li>
          }
        }
      </ul>
    }
  `,
  styles: `
    :host { display: block; max-width: 960px; }
    h1 { font: var(--mat-sys-headline-small); }
    .list { list-style: none; padding: 0; }
    .card { display: flex; justify-content: space-between; align-items: center; gap: 12px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; margin: 8px 0; }
    .actions { display: flex; gap: 8px; }
    .muted, .empty { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    .ok { color: #15803d; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BotScenariosPage {
  private readonly api = inject(ApiClient);
  protected readonly scenarios = signal<BotScenario[]>([]);
  protected readonly editing = signal<ScenarioDraft | null>(null);
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly saved = signal('');
  protected readonly confirming = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected create(): void {
    this.saved.set('');
    this.fieldErrors.set({});
    this.editing.set(newScenarioDraft());
  }

  protected edit(s: BotScenario): void {
    this.saved.set('');
    this.fieldErrors.set({});
    this.editing.set(draftOf(s));
  }

  protected async save(input: Record<string, unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.request<{ saveBotScenario: BotScenario }>(SAVE_BOT_SCENARIO, { input });
      this.editing.set(null);
      this.saved.set(`Saved “${r.saveBotScenario.name}”.`);
      await this.load();
    } catch (e) {
      const fields = serverFieldErrors(e);
      this.fieldErrors.set(fields);
      this.error.set(Object.keys(fields).length ? 'The scenario was not saved: fix the marked fields.' : describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(s: BotScenario): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.request(DELETE_BOT_SCENARIO, { id: s.id });
      this.saved.set(`Deleted “${s.name}”.`);
      await this.load();
    } catch (e) {
      this.error.set(errorCodeOf(e) === ErrorCode.Conflict && e instanceof Error ? e.message : describeError(e));
    } finally {
      this.confirming.set(null);
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const r = await this.api.request<{ botScenarios: BotScenario[] }>(BOT_SCENARIOS);
      this.scenarios.set(r.botScenarios);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }
}
