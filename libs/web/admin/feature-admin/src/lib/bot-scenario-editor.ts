import { ChangeDetectionStrategy, Component, effect, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { BOT_BUTTONS_MAX, BOT_LABEL_MAX, BOT_MESSAGE_MAX, BOT_SCENARIO_NAME_MAX, BOT_STEPS_MAX, validateBotScenario } from '@parley/shared/contracts';
import { addButton, addStep, cloneDraft, ButtonDraft, removeStep, ScenarioDraft, stepLabel, StepDraft, toScenarioInput } from '@parley/web/admin/data-access';

/**
 * SPEC D2: edits one bot scenario — its steps (the bot's message and the visitor's answer
 * buttons), where each answer leads (another step, an operator, or closing), the start step and
 * the closing message. Checks the same rules as the server before emitting `save`; the page
 * passes the server's field errors back through `serverErrors`.
 */
@Component({
  selector: 'pl-bot-scenario-editor',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    @let d = draft();
    <form (ngSubmit)="submit()" novalidate data-testid="bot-editor" aria-label="Bot scenario">
      <div class="row">
        <mat-form-field appearance="outline" class="grow">
          <mat-label>Scenario name</mat-label>
          <input matInput name="name" [(ngModel)]="d.name" [maxlength]="nameMax" data-testid="bot-name" />
          @if (errors()['name']; as e) {
            <mat-hint class="error" role="alert">{{ e }}</mat-hint>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Start step</mat-label>
          <mat-select name="start" [(ngModel)]="d.startStepId" data-testid="bot-start">
            @for (s of d.steps; track s.id) {
              <mat-option [value]="s.id">{{ label(s.id) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (errors()['startStepId']; as e) {
        <p class="error" role="alert">{{ e }}</p>
      }

      <ol class="steps">
        @for (s of d.steps; track s.id; let i = $index) {
          <li class="step" [attr.data-testid]="'bot-step-' + i">
            <div class="row head">
              <h3 [id]="'step-title-' + i">Step {{ i + 1 }}@if (s.id === d.startStepId) { <span class="muted"> · start</span> }</h3>
              <button mat-button type="button" (click)="deleteStep(s)" [disabled]="d.steps.length <= 1" [attr.aria-label]="'Remove step ' + (i + 1)" [attr.data-testid]="'bot-remove-step-' + i">Remove step</button>
            </div>
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Bot's message</mat-label>
              <textarea matInput rows="2" [name]="'msg-' + s.id" [(ngModel)]="s.message" [maxlength]="messageMax" [attr.data-testid]="'bot-message-' + i"></textarea>
              @if (errors()['steps[' + i + '].message']; as e) {
                <mat-hint class="error" role="alert">{{ e }}</mat-hint>
              }
            </mat-form-field>
            @if (errors()['steps[' + i + '].id']; as e) {
              <p class="error" role="alert">{{ e }}</p>
            }
            <div role="group" [attr.aria-labelledby]="'step-title-' + i">
              @for (b of s.buttons; track b.id; let j = $index) {
                <div class="row answer" [attr.data-testid]="'bot-answer-' + i + '-' + j">
                  <mat-form-field appearance="outline" class="grow">
                    <mat-label>Visitor's answer</mat-label>
                    <input matInput [name]="'label-' + s.id + '-' + b.id" [(ngModel)]="b.label" [maxlength]="labelMax" [attr.data-testid]="'bot-label-' + i + '-' + j" />
                    @if (errors()['steps[' + i + '].buttons[' + j + '].label']; as e) {
                      <mat-hint class="error" role="alert">{{ e }}</mat-hint>
                    }
                  </mat-form-field>
                  <mat-form-field appearance="outline" class="target">
                    <mat-label>Then</mat-label>
                    <mat-select [name]="'target-' + s.id + '-' + b.id" [ngModel]="b.target" (ngModelChange)="setTarget(b, $event)" [attr.data-testid]="'bot-target-' + i + '-' + j">
                      @for (t of d.steps; track t.id) {
                        <mat-option [value]="'step:' + t.id">Go to {{ label(t.id) }}</mat-option>
                      }
                      <mat-option value="new">Go to a new step</mat-option>
                      <mat-option value="operator">Hand over to an operator</mat-option>
                      <mat-option value="close">Close with the closing message</mat-option>
                    </mat-select>
                    @if (targetError(i, j); as e) {
                      <mat-hint class="error" role="alert">{{ e }}</mat-hint>
                    }
                  </mat-form-field>
                  <button mat-button type="button" (click)="removeAnswer(s, b)" [attr.aria-label]="'Remove answer ' + (j + 1) + ' of step ' + (i + 1)">Remove</button>
                </div>
              } @empty {
                <p class="muted">No answers: after this message the scenario ends with the closing message.</p>
              }
              @if (errors()['steps[' + i + '].buttons']; as e) {
                <p class="error" role="alert">{{ e }}</p>
              }
              <button mat-stroked-button type="button" (click)="newAnswer(s)" [disabled]="s.buttons.length >= buttonsMax" [attr.data-testid]="'bot-add-answer-' + i">Add answer</button>
            </div>
          </li>
        }
      </ol>
      <button mat-stroked-button type="button" (click)="newStep()" [disabled]="d.steps.length >= stepsMax" data-testid="bot-add-step">Add step</button>
      @if (errors()['steps']; as e) {
        <p class="error" role="alert">{{ e }}</p>
      }

      <mat-form-field appearance="outline" class="wide closing">
        <mat-label>Closing message</mat-label>
        <textarea matInput rows="2" name="closing" [(ngModel)]="d.closingMessage" [maxlength]="messageMax" data-testid="bot-closing"></textarea>
        @if (errors()['closingMessage']; as e) {
          <mat-hint class="error" role="alert">{{ e }}</mat-hint>
        }
      </mat-form-field>
      <p class="muted">Sent when the scenario ends or the visitor chooses an answer that closes; empty = none. The visitor can then start again.</p>

      @if (hasErrors()) {
        <p class="error" role="alert" data-testid="bot-errors">Fix the marked fields: {{ errorCount() }} to correct.</p>
      }
      <div class="row">
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="bot-save">{{ busy() ? 'Saving…' : 'Save scenario' }}</button>
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .grow { flex: 1; min-width: 220px; }
    .wide { width: 100%; }
    .target { min-width: 260px; }
    .steps { list-style: none; padding: 0; margin: 8px 0; }
    .step { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 8px 16px; margin: 8px 0; }
    .head { justify-content: space-between; }
    h3 { font: var(--mat-sys-title-small); margin: 8px 0; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    .closing { margin-top: 16px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BotScenarioEditor {
  readonly scenario = input.required<ScenarioDraft>();
  readonly busy = input(false);
  /** Field errors the server returned (`steps[0].message` → message). */
  readonly serverErrors = input<Record<string, string>>({});
  readonly save = output<Record<string, unknown>>();
  readonly cancelled = output<void>();

  protected readonly draft = signal<ScenarioDraft>({ id: null, name: '', startStepId: '', closingMessage: '', steps: [] });
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly nameMax = BOT_SCENARIO_NAME_MAX;
  protected readonly messageMax = BOT_MESSAGE_MAX;
  protected readonly labelMax = BOT_LABEL_MAX;
  protected readonly buttonsMax = BOT_BUTTONS_MAX;
  protected readonly stepsMax = BOT_STEPS_MAX;

  constructor() {
    effect(() => {
      // a deep copy: editing never changes the list until saved
      this.draft.set(cloneDraft(this.scenario()));
      this.errors.set({});
    });
    effect(() => {
      const server = this.serverErrors();
      if (Object.keys(server).length) this.errors.set(server);
    });
  }

  protected hasErrors(): boolean {
    return Object.keys(this.errors()).length > 0;
  }

  protected errorCount(): number {
    return Object.keys(this.errors()).length;
  }

  protected label(stepId: string): string {
    return stepLabel(this.draft(), stepId);
  }

  protected targetError(i: number, j: number): string | undefined {
    const e = this.errors();
    return e[`steps[${i}].buttons[${j}].targetStepId`] ?? e[`steps[${i}].buttons[${j}].action`];
  }

  protected newStep(): void {
    addStep(this.draft());
    this.touch();
  }

  protected deleteStep(step: StepDraft): void {
    removeStep(this.draft(), step.id);
    this.touch();
  }

  protected newAnswer(step: StepDraft): void {
    addButton(step);
    this.touch();
  }

  protected removeAnswer(step: StepDraft, button: ButtonDraft): void {
    step.buttons = step.buttons.filter((b) => b !== button);
    this.touch();
  }

  /** "Go to a new step" adds the step and links the answer to it. */
  protected setTarget(button: ButtonDraft, value: string): void {
    button.target = value === 'new' ? `step:${addStep(this.draft())}` : value;
    this.touch();
  }

  protected submit(): void {
    const input = toScenarioInput(this.draft());
    const found = validateBotScenario(input['name'], input);
    const map: Record<string, string> = {};
    for (const e of found) if (!map[e.field]) map[e.field] = e.message;
    this.errors.set(map);
    if (!found.length) this.save.emit(input);
  }

  /** The draft is mutated in place by the form: a new reference re-renders the list. */
  private touch(): void {
    this.draft.set({ ...this.draft() });
    if (this.hasErrors()) this.submitQuietly();
  }

  private submitQuietly(): void {
    const input = toScenarioInput(this.draft());
    const map: Record<string, string> = {};
    for (const e of validateBotScenario(input['name'], input)) if (!map[e.field]) map[e.field] = e.message;
    this.errors.set(map);
  }
}
