import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { AdminCustomField, ClientFieldsService } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

export const FIELD_TYPES: ReadonlyArray<{ type: string; label: string }> = [
  { type: 'text', label: 'Text' },
  { type: 'number', label: 'Number' },
  { type: 'decimal', label: 'Decimal (money, weights)' },
  { type: 'date', label: 'Date' },
  { type: 'select', label: 'One choice' },
  { type: 'multi_select', label: 'Several choices' },
  { type: 'boolean', label: 'Yes / no' },
  { type: 'link', label: 'Link' },
];
const label = (type: string) => FIELD_TYPES.find((t) => t.type === type)?.label ?? type;
const hasOptions = (type: string) => type === 'select' || type === 'multi_select';
/** "Phone, E-mail, Chat" → the choices, trimmed, empty ones dropped. */
export const parseOptions = (text: string) => text.split(/[,\n]/).map((o) => o.trim()).filter(Boolean);

const errorOf = (e: unknown) => (e instanceof GraphqlRequestError && e.message && ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'].includes(e.code) ? e.message : describeError(e));

interface Draft {
  id: string | null;
  name: string;
  type: string;
  options: string;
  required: boolean;
  pinned: boolean;
}

/**
 * Settings › Client fields (SPEC E2): the custom fields every client has — text, number, decimal,
 * date, one or several choices, yes / no, link — required or not, pinned (shown on every client's
 * card in the chat) or found by the card's search. Admins add, rename, change the choices and
 * delete (every client's value of it goes, after a confirmation). Pinned fields are ordered by
 * dragging them in the chat's client widget. The server validates and its words appear here.
 */
@Component({
  selector: 'pl-client-fields-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  template: `
    <div class="page">
      <h1>Client fields</h1>
      <p class="hint">Fields every client card has, beside name, phones, e-mails and address. Pinned fields show on every client in the chat; the others are found by the card's search.</p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the fields" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Try again</button></p>
      } @else {
        @if (!fields().length) {
          <p class="hint" data-testid="fields-empty">No fields yet. Add one below — e.g. “Company”, or “Preferred contact” with its choices.</p>
        }
        <ul class="list" aria-label="Client fields">
          @for (f of fields(); track f.id) {
            <li data-testid="admin-field" [attr.data-field]="f.name">
              <span class="name">{{ f.name }}</span>
              <span class="meta">{{ typeLabel(f.type) }}{{ f.options.length ? ': ' + f.options.join(', ') : '' }}{{ f.required ? ' · required' : '' }}{{ f.pinned ? ' · pinned' : '' }}</span>
              <span class="actions">
                <button mat-button type="button" (click)="edit(f)" [attr.aria-label]="'Edit ' + f.name" data-testid="admin-field-edit">Edit</button>
                <button mat-button type="button" (click)="remove(f)" [attr.aria-label]="'Delete ' + f.name" data-testid="admin-field-delete">Delete</button>
              </span>
            </li>
          }
        </ul>

        <form class="form" (ngSubmit)="save()" (keydown.escape)="reset()" data-testid="admin-field-form" aria-labelledby="field-form-title" novalidate>
          <h2 id="field-form-title">{{ draft().id ? 'Change “' + editingName() + '”' : 'Add a field' }}</h2>
          <div class="row">
            <mat-form-field appearance="outline">
              <mat-label>Name</mat-label>
              <input matInput name="name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event })" maxlength="80" autocomplete="off" data-testid="admin-field-name" />
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Type</mat-label>
              <mat-select name="type" [ngModel]="draft().type" (ngModelChange)="patch({ type: $event })" [disabled]="!!draft().id" data-testid="admin-field-type">
                @for (t of types; track t.type) {
                  <mat-option [value]="t.type">{{ t.label }}</mat-option>
                }
              </mat-select>
              @if (draft().id) {
                <mat-hint>The type of an existing field stays.</mat-hint>
              }
            </mat-form-field>
          </div>
          @if (choices()) {
            <mat-form-field appearance="outline" class="wide">
              <mat-label>Choices</mat-label>
              <input matInput name="options" [ngModel]="draft().options" (ngModelChange)="patch({ options: $event })" autocomplete="off" data-testid="admin-field-options" />
              <mat-hint>Separated by commas, e.g. Phone, E-mail, Chat</mat-hint>
            </mat-form-field>
          }
          <div class="row">
            <mat-checkbox name="required" [ngModel]="draft().required" (ngModelChange)="patch({ required: $event })" data-testid="admin-field-required">Required</mat-checkbox>
            <mat-checkbox name="pinned" [ngModel]="draft().pinned" (ngModelChange)="patch({ pinned: $event })" data-testid="admin-field-pinned">Pinned on every client</mat-checkbox>
          </div>
          @if (error(); as e) {
            <p class="error" role="alert" data-testid="admin-field-error">{{ e }}</p>
          }
          <div class="row">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="admin-field-save">{{ draft().id ? 'Save' : 'Add field' }}</button>
            @if (draft().id) {
              <button mat-button type="button" (click)="reset()">Cancel</button>
            }
          </div>
          @if (saved(); as s) {
            <p class="ok" role="status" data-testid="admin-field-saved">{{ s }}</p>
          }
        </form>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 760px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 8px 0; }
    .hint, .meta { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
    .list li { display: flex; gap: 12px; align-items: center; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .name { font: var(--mat-sys-title-small); min-width: 160px; }
    .meta { flex: 1; overflow-wrap: anywhere; }
    .form { display: flex; flex-direction: column; gap: 4px; }
    .row { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
    .wide { width: 100%; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientFieldsPage {
  private readonly service = inject(ClientFieldsService);
  private readonly confirmer = inject(Confirmer);
  protected readonly types = FIELD_TYPES;
  protected readonly typeLabel = label;
  protected readonly fields = signal<AdminCustomField[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly draft = signal<Draft>(this.blank());
  protected readonly editingName = signal('');
  protected readonly choices = () => hasOptions(this.draft().type);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      this.fields.set(await this.service.list());
    } catch (e) {
      this.loadError.set(`The fields could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  protected patch(change: Partial<Draft>): void {
    this.draft.update((d) => ({ ...d, ...change }));
    this.error.set(null);
    this.saved.set(null);
  }

  protected edit(f: AdminCustomField): void {
    this.editingName.set(f.name);
    this.draft.set({ id: f.id, name: f.name, type: f.type, options: f.options.join(', '), required: f.required, pinned: f.pinned });
    this.error.set(null);
    this.saved.set(null);
  }

  protected reset(): void {
    this.draft.set(this.blank());
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    const d = this.draft();
    const name = d.name.trim();
    if (!name) {
      this.error.set('Give the field a name');
      return;
    }
    const options = hasOptions(d.type) ? parseOptions(d.options) : undefined;
    if (options && !options.length) {
      this.error.set('Give at least one choice');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const saved = d.id
        ? await this.service.update({ id: d.id, name, required: d.required, pinned: d.pinned, ...(options ? { options } : {}) })
        : await this.service.create({ name, type: d.type as never, required: d.required, pinned: d.pinned, ...(options ? { options } : {}) });
      this.saved.set(d.id ? `“${saved.name}” saved.` : `“${saved.name}” added: every client has it now.`);
      this.draft.set(this.blank());
      await this.load();
    } catch (e) {
      this.error.set(errorOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(f: AdminCustomField): Promise<void> {
    const ok = await this.confirmer.ask({ title: `Delete “${f.name}”?`, message: `Every client's value of “${f.name}” is deleted with it. This cannot be undone.`, confirmLabel: 'Delete field' });
    if (!ok) return;
    this.error.set(null);
    try {
      await this.service.remove(f.id);
      this.saved.set(`“${f.name}” deleted.`);
      if (this.draft().id === f.id) this.reset();
      await this.load();
    } catch (e) {
      this.error.set(errorOf(e));
    }
  }

  private blank(): Draft {
    return { id: null, name: '', type: 'text', options: '', required: false, pinned: false };
  }
}
