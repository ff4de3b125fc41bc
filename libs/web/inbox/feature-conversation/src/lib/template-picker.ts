import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ApiClient } from '@parley/web/shared/data-access';
import { MessageTemplatesDocument, SendTemplateMessageDocument } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { Message } from '@parley/web/shared/data-access';
import { bodyError, filterTemplates, MessageTemplate, serverFieldErrors, templatePreview, variableError } from './template-form';

/**
 * Issue #10: "Send a template" — what the composer offers once WhatsApp's 24-hour window closed
 * (and on demand while it is open). The approved templates of the conversation's channel, searched
 * by name (arrows and Enter pick one); the chosen one shows its text, a field per variable
 * ({{1}}, {{2}} … with the errors at the field), a preview of what the client gets, and Send.
 * Esc goes back to the list. With no templates it says the admin must create and sync them.
 */
@Component({
  selector: 'pl-template-picker',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="picker" data-testid="template-picker" aria-labelledby="template-picker-title">
      <div class="head">
        <h3 id="template-picker-title" class="title">Send a template</h3>
        @if (closable()) {
          <button mat-button type="button" data-testid="template-close" (click)="closed.emit()">Write a message instead</button>
        }
      </div>
      @if (loading()) {
        <p class="hint" role="status">Loading templates…</p>
      } @else if (loadError(); as err) {
        <p class="error" role="alert" data-testid="template-load-error">{{ err }}</p>
        <button mat-button type="button" (click)="load()">Try again</button>
      } @else if (!templates().length) {
        <p class="empty" role="status" data-testid="template-empty">
          This channel has no approved message templates yet. An administrator must create them in WhatsApp Manager and, once WhatsApp approved them, sync them into Parley (the channel's settings: Sync templates).
        </p>
      } @else if (chosen(); as t) {
        <!-- not a <form>: the picker sits inside the composer's form; Enter in a field sends (and never submits the composer) -->
        <div class="form" role="group" aria-labelledby="template-chosen" data-testid="template-form" (keydown.escape)="back()">
          <p class="chosen">
            <strong id="template-chosen" data-testid="template-chosen">{{ t.name }}</strong>
            <span class="meta">{{ t.language }} · {{ t.category.toLowerCase() }}</span>
          </p>
          <p class="text" data-testid="template-text">{{ t.body }}</p>
          @for (n of numbers(); track n; let i = $index) {
            <div class="field">
              <label [for]="'template-var-' + n">{{ placeholder(n) }}</label>
              <input
                #variable
                type="text"
                autocomplete="off"
                data-testid="template-variable"
                [id]="'template-var-' + n"
                [value]="values()[i] ?? ''"
                [attr.aria-invalid]="!!fieldError(i)"
                [attr.aria-describedby]="fieldError(i) ? 'template-var-error-' + n : null"
                (input)="setValue(i, variable.value)"
                (keydown.enter)="$event.preventDefault(); submit()"
                (blur)="touch(i)"
              />
              @if (fieldError(i); as e) {
                <span class="error" role="alert" data-testid="template-variable-error" [id]="'template-var-error-' + n">{{ e }}</span>
              }
            </div>
          }
          @if (formError(); as e) {
            <p class="error" role="alert" data-testid="template-error">{{ e }}</p>
          }
          <p class="preview-label" id="template-preview-label">What the client gets</p>
          <p class="preview" data-testid="template-preview" aria-labelledby="template-preview-label">{{ preview() }}</p>
          <div class="actions">
            <button mat-button type="button" data-testid="template-back" (click)="back()">Choose another</button>
            <button mat-flat-button type="button" data-testid="template-send" [disabled]="sending()" (click)="submit()">{{ sending() ? 'Sending…' : 'Send template' }}</button>
          </div>
        </div>
      } @else {
        <label class="search-label" for="template-search">Search templates by name</label>
        <input
          #search
          id="template-search"
          type="search"
          autocomplete="off"
          data-testid="template-search"
          role="combobox"
          aria-autocomplete="list"
          aria-controls="template-options"
          [attr.aria-expanded]="true"
          [attr.aria-activedescendant]="matches().length ? 'template-option-' + active() : null"
          [value]="query()"
          (input)="setQuery(search.value)"
          (keydown)="onSearchKey($event)"
        />
        <ul class="options" id="template-options" role="listbox" aria-label="Approved templates">
          @for (t of matches(); track t.name + ':' + t.language; let i = $index) {
            <li
              role="option"
              data-testid="template-option"
              [id]="'template-option-' + i"
              [class.active]="i === active()"
              [attr.aria-selected]="i === active()"
              tabindex="-1"
              (mousedown)="$event.preventDefault()"
              (click)="choose(t)"
              (keydown.enter)="choose(t)"
            >
              <span class="name">{{ t.name }} <span class="meta">{{ t.language }}</span></span>
              <span class="detail">{{ t.body }}</span>
            </li>
          } @empty {
            <li class="empty" role="option" aria-disabled="true" aria-selected="false" data-testid="template-no-match">No template's name contains "{{ query().trim() }}".</li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .picker { display: flex; flex-direction: column; gap: 6px; margin-bottom: 6px; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    .title { margin: 0; font: var(--mat-sys-title-small); }
    .hint, .empty, .meta, .preview-label, .search-label { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); margin: 0; }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); margin: 0; }
    input { font: var(--mat-sys-body-medium); padding: 6px 8px; border: 1px solid var(--mat-sys-outline); border-radius: 8px; background: var(--mat-sys-surface-container-lowest); color: inherit; }
    input[aria-invalid='true'] { border-color: var(--mat-sys-error); }
    .options { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow: auto; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    .options li { display: flex; flex-direction: column; padding: 6px 10px; cursor: pointer; }
    .options li.active { background: var(--mat-sys-secondary-container); }
    .options .detail { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .form { display: flex; flex-direction: column; gap: 6px; }
    .chosen { margin: 0; display: flex; gap: 8px; align-items: baseline; }
    .text, .preview { margin: 0; white-space: pre-wrap; font: var(--mat-sys-body-medium); }
    .preview { padding: 8px 10px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .field { display: flex; flex-direction: column; gap: 2px; }
    .field label { font: var(--mat-sys-label-medium); }
    .actions { display: flex; justify-content: flex-end; gap: 8px; }
  `,
})
export class TemplatePicker {
  readonly conversationId = input.required<string>();
  /** Whether the operator may leave the picker for the text box (the window is open, or a re-engagement template carries text). */
  readonly closable = input(false);
  /** The stored message, once the API took it. */
  readonly sent = output<Message>();
  readonly closed = output<void>();

  private readonly api = inject(ApiClient);
  private readonly newClientId: () => string = () => crypto.randomUUID();
  private readonly searchBox = viewChild<ElementRef<HTMLInputElement>>('search');

  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly templates = signal<MessageTemplate[]>([]);
  protected readonly query = signal('');
  protected readonly active = signal(0);
  protected readonly matches = computed(() => filterTemplates(this.templates(), this.query()));
  protected readonly chosen = signal<MessageTemplate | null>(null);
  protected readonly values = signal<string[]>([]);
  /** Fields the operator has left (their errors show then), or all after a send attempt. */
  private readonly touched = signal<ReadonlySet<number>>(new Set());
  private readonly attempted = signal(false);
  private readonly serverErrors = signal<Record<string, string>>({});
  protected readonly sendError = signal<string | null>(null);
  protected readonly sending = signal(false);
  /** One clientId per attempt at sending the same choice: a retry after a lost answer is not sent twice. */
  private clientId: string | null = null;
  private generation = 0;

  protected readonly numbers = computed(() => Array.from({ length: this.chosen()?.variableCount ?? 0 }, (_, i) => i + 1));
  protected readonly preview = computed(() => {
    const t = this.chosen();
    return t ? templatePreview(t, this.values()) : '';
  });
  protected readonly formError = computed(() => {
    const t = this.chosen();
    const server = this.serverErrors();
    return this.sendError() ?? server['variables'] ?? server['templateName'] ?? (t && this.attempted() ? bodyError(t, this.values()) : null);
  });

  constructor() {
    effect(() => {
      this.conversationId();
      untracked(() => {
        this.reset();
        void this.load();
      });
    });
  }

  async load(): Promise<void> {
    const conversationId = this.conversationId();
    const generation = ++this.generation;
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const data = await this.api.request(MessageTemplatesDocument, { conversationId });
      if (generation !== this.generation) return;
      this.templates.set(data.messageTemplates);
    } catch (error) {
      if (generation === this.generation) this.loadError.set(`The templates could not be loaded: ${describeError(error)}`);
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  /** A field's label: the placeholder it fills. */
  protected placeholder(n: number): string {
    return `{{${n}}}`;
  }

  protected fieldError(i: number): string | null {
    const server = this.serverErrors()[`variables.${i + 1}`];
    if (server) return server;
    if (!this.attempted() && !this.touched().has(i)) return null;
    return variableError(this.values()[i] ?? '');
  }

  protected setQuery(value: string): void {
    this.query.set(value);
    this.active.set(0);
  }

  protected onSearchKey(event: KeyboardEvent): void {
    const count = this.matches().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) this.active.set((this.active() + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const t = this.matches()[this.active()];
      if (t) this.choose(t);
    } else if (event.key === 'Escape' && this.closable()) {
      event.preventDefault();
      this.closed.emit();
    }
  }

  protected choose(t: MessageTemplate): void {
    this.chosen.set(t);
    this.values.set(Array.from({ length: t.variableCount }, () => ''));
    this.touched.set(new Set());
    this.attempted.set(false);
    this.serverErrors.set({});
    this.sendError.set(null);
    this.clientId = null;
    // the first field, or Send for a template without variables
    setTimeout(() => (document.querySelector<HTMLElement>('[data-testid="template-variable"]') ?? document.querySelector<HTMLElement>('[data-testid="template-send"]'))?.focus());
  }

  protected back(): void {
    if (this.sending()) return;
    this.chosen.set(null);
    this.serverErrors.set({});
    this.sendError.set(null);
    setTimeout(() => this.searchBox()?.nativeElement.focus());
  }

  protected setValue(i: number, value: string): void {
    this.values.update((list) => list.map((v, j) => (j === i ? value : v)));
    this.serverErrors.update((errors) => {
      const { [`variables.${i + 1}`]: _gone, variables: _all, ...rest } = errors;
      return rest;
    });
    this.sendError.set(null);
    this.clientId = null;
  }

  protected touch(i: number): void {
    this.touched.update((set) => new Set([...set, i]));
  }

  async submit(): Promise<void> {
    const t = this.chosen();
    if (!t || this.sending()) return;
    this.attempted.set(true);
    const values = this.values();
    const firstBad = values.findIndex((v) => variableError(v) !== null);
    if (firstBad >= 0) {
      document.getElementById(`template-var-${firstBad + 1}`)?.focus();
      return;
    }
    if (bodyError(t, values)) return;
    this.sending.set(true);
    this.sendError.set(null);
    this.clientId ??= this.newClientId();
    const conversationId = this.conversationId();
    try {
      const data = await this.api.request(SendTemplateMessageDocument, {
        input: { conversationId, clientId: this.clientId, templateName: t.name, language: t.language, variables: values.map((v) => v.trim()) },
      });
      if (conversationId !== this.conversationId()) return;
      this.sent.emit(data.sendTemplateMessage as Message);
      this.reset();
    } catch (error) {
      const fields = serverFieldErrors(error);
      this.serverErrors.set(fields);
      if (!Object.keys(fields).length) this.sendError.set(describeError(error));
    } finally {
      this.sending.set(false);
    }
  }

  private reset(): void {
    this.chosen.set(null);
    this.values.set([]);
    this.query.set('');
    this.active.set(0);
    this.touched.set(new Set());
    this.attempted.set(false);
    this.serverErrors.set({});
    this.sendError.set(null);
    this.clientId = null;
  }
}
