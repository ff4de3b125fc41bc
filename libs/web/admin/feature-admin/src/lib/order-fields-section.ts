import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  AdminOrderCustomFieldsDocument,
  AdminOrderCustomFieldsQuery,
  CreateOrderCustomFieldDocument,
  DeleteOrderCustomFieldDocument,
  MoveOrderCustomFieldDocument,
  UpdateOrderCustomFieldDocument,
} from '@parley/web/admin/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

type OrderField = AdminOrderCustomFieldsQuery['orderCustomFields'][number];
type FieldType = OrderField['type'];

export const ORDER_FIELD_TYPES: ReadonlyArray<{ value: FieldType; label: string }> = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'select', label: 'Choice (select)' },
  { value: 'checkbox', label: 'Checkbox' },
];

interface Draft {
  id: string | null;
  name: string;
  type: FieldType;
  options: string;
  pinned: boolean;
  required: boolean;
}

const emptyDraft = (): Draft => ({ id: null, name: '', type: 'text', options: '', pinned: false, required: false });

function errorsOf(e: unknown): Record<string, string> {
  if (e instanceof GraphqlRequestError) {
    const fe = e.errors[0]?.extensions?.['fieldErrors'];
    if (Array.isArray(fe) && fe.length) return Object.fromEntries((fe as Array<{ field: string; message: string }>).map((f) => [f.field, f.message]));
    if (e.code === 'BAD_USER_INPUT') return { _: e.message };
  }
  return { _: describeError(e) };
}

/**
 * Settings › Orders › Order fields (issue #12, E5): the custom order fields the drawer's Extra
 * fields show — listed in their order (up/down), added and edited with a type, a select's options,
 * pinned (shown in every order) and required (checked when an order is placed); switched off or
 * deleted (a field orders use is switched off instead: their values stay). The server's errors
 * show under the fields; `refresh` (the page's live events) re-reads the list.
 */
@Component({
  selector: 'pl-order-fields-section',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule],
  template: `
    <section aria-labelledby="order-fields-title" data-testid="order-fields">
      <h2 id="order-fields-title">Order fields</h2>
      <p class="hint">Extra fields of an order. Pinned fields show in every order’s drawer; operators add the others to an order through its “Add a field…” search. Required fields are checked when an order is placed.</p>
      @if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Retry</button></p>
      }
      @if (errors()['_']; as e) {
        <p class="error" role="alert" data-testid="order-field-error">{{ e }}</p>
      }
      <ol class="list" aria-label="Order fields">
        @for (f of fields(); track f.id; let first = $first; let last = $last) {
          <li data-testid="order-field-row" [attr.data-key]="f.key" [class.off]="!f.active">
            <span class="name" data-testid="order-field-name">{{ f.name }}</span>
            <code class="code">{{ f.key }}</code>
            <span class="tag">{{ typeLabel(f.type) }}</span>
            @if (f.pinned) {
              <span class="tag">Pinned</span>
            }
            @if (f.required) {
              <span class="tag">Required</span>
            }
            @if (!f.active) {
              <span class="tag">Off</span>
            }
            <span class="spacer"></span>
            <button mat-icon-button type="button" [disabled]="first || busy()" (click)="move(f, -1)" [attr.aria-label]="'Move ' + f.name + ' up'" data-testid="order-field-up">↑</button>
            <button mat-icon-button type="button" [disabled]="last || busy()" (click)="move(f, 1)" [attr.aria-label]="'Move ' + f.name + ' down'" data-testid="order-field-down">↓</button>
            <button mat-button type="button" [disabled]="busy()" (click)="edit(f)" [attr.aria-label]="'Edit ' + f.name" data-testid="order-field-edit">Edit</button>
            <button mat-button type="button" [disabled]="busy()" (click)="setActive(f, !f.active)" [attr.aria-label]="(f.active ? 'Switch off ' : 'Switch on ') + f.name" data-testid="order-field-active">{{ f.active ? 'Switch off' : 'Switch on' }}</button>
            <button mat-button type="button" [disabled]="busy()" (click)="remove(f)" [attr.aria-label]="'Delete ' + f.name" data-testid="order-field-delete">Delete</button>
          </li>
        } @empty {
          <li class="hint" data-testid="order-fields-none">No order fields yet: add the details your orders need (a gift note, a floor, a sales channel…).</li>
        }
      </ol>

      <form class="editor" (submit)="$event.preventDefault(); submit()" [attr.aria-label]="draft().id ? 'Edit the order field' : 'Add an order field'" data-testid="order-field-form">
        <h3>{{ draft().id ? 'Edit “' + editingName() + '”' : 'Add a field' }}</h3>
        <div class="row">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Name</mat-label>
            <input matInput name="field-name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event })" maxlength="100" [attr.aria-invalid]="!!errors()['name']" data-testid="order-field-name-input" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Type</mat-label>
            <select matNativeControl name="field-type" [ngModel]="draft().type" (ngModelChange)="patch({ type: $event })" [disabled]="!!draft().id" [attr.aria-invalid]="!!errors()['type']" data-testid="order-field-type">
              @for (t of types; track t.value) {
                <option [value]="t.value">{{ t.label }}</option>
              }
            </select>
          </mat-form-field>
        </div>
        @if (errors()['name']; as e) {
          <p class="error" role="alert" data-testid="order-field-name-error">{{ e }}</p>
        }
        @if (errors()['key'] || errors()['type']; as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
        @if (draft().type === 'select') {
          <mat-form-field class="options" subscriptSizing="dynamic">
            <mat-label>Options (one a line)</mat-label>
            <textarea matInput rows="4" name="field-options" [ngModel]="draft().options" (ngModelChange)="patch({ options: $event })" [attr.aria-invalid]="!!errors()['options']" data-testid="order-field-options"></textarea>
          </mat-form-field>
          @if (errors()['options']; as e) {
            <p class="error" role="alert" data-testid="order-field-options-error">{{ e }}</p>
          }
        }
        <div class="row">
          <mat-checkbox name="field-pinned" [ngModel]="draft().pinned" (ngModelChange)="patch({ pinned: $event })" data-testid="order-field-pinned">Pinned: shown in every order</mat-checkbox>
          <mat-checkbox name="field-required" [ngModel]="draft().required" (ngModelChange)="patch({ required: $event })" data-testid="order-field-required">Required when placing</mat-checkbox>
        </div>
        <div class="row">
          <button mat-flat-button type="submit" [disabled]="busy() || !draft().name.trim()" data-testid="order-field-save">{{ draft().id ? 'Save' : 'Add field' }}</button>
          @if (draft().id) {
            <button mat-button type="button" (click)="cancel()" data-testid="order-field-cancel">Cancel</button>
          }
        </div>
      </form>
      <p class="status" aria-live="polite" data-testid="order-fields-status">{{ status() }}</p>
    </section>
  `,
  styles: [
    `
      .hint { color: var(--mat-sys-on-surface-variant, #555); font-size: 13px; }
      .error { color: var(--mat-sys-error, #b3261e); margin: 2px 0; }
      .list { list-style: none; padding: 0; margin: 0 0 8px; }
      .list li { display: flex; align-items: center; gap: 8px; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant, #e0e0e0); min-height: 48px; flex-wrap: wrap; }
      .list li.off .name { color: var(--mat-sys-on-surface-variant, #777); text-decoration: line-through; }
      .code { font-size: 12px; color: var(--mat-sys-on-surface-variant, #666); }
      .tag { font-size: 12px; padding: 0 6px; border-radius: 8px; background: var(--mat-sys-surface-container-high, #eee); }
      .spacer { flex: 1; }
      .editor { margin-top: 12px; }
      .editor h3 { margin: 0 0 8px; font-size: 15px; }
      .row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
      .options { width: 100%; max-width: 420px; }
      .status { min-height: 1.5em; color: var(--mat-sys-on-surface-variant, #555); }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderFieldsSection {
  private readonly api = inject(ApiClient);
  /** Bumped by the page on every orderSettingsEvents event: the list is re-read. */
  readonly refresh = input(0);

  protected readonly types = ORDER_FIELD_TYPES;
  protected readonly fields = signal<OrderField[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly status = signal('');
  protected readonly draft = signal<Draft>(emptyDraft());
  protected readonly editingName = signal('');

  constructor() {
    effect(() => {
      this.refresh();
      untracked(() => void this.load());
    });
  }

  async load(): Promise<void> {
    try {
      const r = await this.api.request(AdminOrderCustomFieldsDocument, {});
      this.fields.set([...(r.orderCustomFields ?? [])].sort((a, b) => a.position - b.position));
      this.loadError.set(null);
    } catch (e) {
      this.loadError.set(describeError(e));
    }
  }

  protected typeLabel(t: FieldType): string {
    return ORDER_FIELD_TYPES.find((x) => x.value === t)?.label ?? t;
  }

  protected patch(change: Partial<Draft>): void {
    this.draft.update((d) => ({ ...d, ...change }));
  }

  protected edit(f: OrderField): void {
    this.errors.set({});
    this.editingName.set(f.name);
    this.draft.set({ id: f.id, name: f.name, type: f.type, options: f.options.join('\n'), pinned: f.pinned, required: f.required });
  }

  protected cancel(): void {
    this.errors.set({});
    this.draft.set(emptyDraft());
  }

  protected async submit(): Promise<void> {
    const d = this.draft();
    const options = d.type === 'select' ? d.options.split('\n').map((o) => o.trim()).filter(Boolean) : null;
    const done = await this.run(async () => {
      if (d.id) {
        const u = (await this.api.request(UpdateOrderCustomFieldDocument, { input: { id: d.id, name: d.name, options, pinned: d.pinned, required: d.required } })).updateOrderCustomField;
        this.replace(u);
        return `Saved “${u.name}”.`;
      }
      const c = (await this.api.request(CreateOrderCustomFieldDocument, { input: { name: d.name, type: d.type, options, pinned: d.pinned, required: d.required } })).createOrderCustomField;
      this.fields.update((list) => [...list.filter((x) => x.id !== c.id), c]);
      return `Added “${c.name}”.`;
    });
    if (done) this.draft.set(emptyDraft());
  }

  protected async setActive(f: OrderField, active: boolean): Promise<void> {
    await this.run(async () => {
      const u = (await this.api.request(UpdateOrderCustomFieldDocument, { input: { id: f.id, active } })).updateOrderCustomField;
      this.replace(u);
      return `“${u.name}” is ${u.active ? 'on' : 'off'}.`;
    });
  }

  protected async remove(f: OrderField): Promise<void> {
    await this.run(async () => {
      const r = (await this.api.request(DeleteOrderCustomFieldDocument, { id: f.id })).deleteOrderCustomField;
      if (r) {
        this.replace(r);
        return `“${f.name}” is used by orders, so it was switched off: their values stay.`;
      }
      this.fields.update((list) => list.filter((x) => x.id !== f.id));
      if (this.draft().id === f.id) this.draft.set(emptyDraft());
      return `Deleted “${f.name}”.`;
    });
  }

  protected async move(f: OrderField, by: -1 | 1): Promise<void> {
    const position = this.fields().findIndex((x) => x.id === f.id) + by;
    if (position < 0 || position >= this.fields().length) return;
    await this.run(async () => {
      this.fields.set((await this.api.request(MoveOrderCustomFieldDocument, { id: f.id, position })).moveOrderCustomField);
      return `Moved “${f.name}” ${by < 0 ? 'up' : 'down'}.`;
    });
  }

  private replace(u: OrderField): void {
    this.fields.update((list) => list.map((x) => (x.id === u.id ? u : x)));
  }

  /** One change at a time: its field errors under the form's fields (or on top), a polite status line. */
  private async run(change: () => Promise<string>): Promise<boolean> {
    this.busy.set(true);
    this.errors.set({});
    try {
      this.status.set(await change());
      return true;
    } catch (e) {
      const errs = errorsOf(e);
      if (!errs['name'] && !errs['options'] && !errs['key'] && !errs['type'] && !errs['_']) errs['_'] = Object.values(errs)[0] ?? describeError(e);
      this.errors.set(errs);
      this.status.set('');
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
