import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { DeliveryRule, DeliveryRulesService, DeliveryRulesTest } from '@parley/web/admin/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

/** The order drawer's delivery types (its Type select); a rule may also be for any type. */
export const RULE_DELIVERY_TYPES: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any type' },
  { value: 'courier', label: 'Courier' },
  { value: 'pickup', label: 'Pickup' },
  { value: 'post', label: 'Post' },
];

type Field = 'name' | 'deliveryType' | 'regions' | 'minWeightKg' | 'maxWeightKg' | 'minTotal' | 'maxTotal' | 'currency' | 'cost';
type TestField = 'deliveryType' | 'region' | 'weightKg' | 'total' | 'currency';

interface Draft {
  id: string | null;
  version: number;
  name: string;
  active: boolean;
  deliveryType: string;
  regions: string;
  minWeightKg: string;
  maxWeightKg: string;
  minTotal: string;
  maxTotal: string;
  currency: string;
  cost: string;
}

interface TestDraft {
  deliveryType: string;
  region: string;
  weightKg: string;
  total: string;
  currency: string;
}

/** "Berlin, Brandenburg" → the regions, trimmed, empty ones dropped. */
export const parseRegions = (text: string) => text.split(/[,\n]/).map((r) => r.trim()).filter(Boolean);

const typeLabel = (t: string | null) => (t ? (RULE_DELIVERY_TYPES.find((d) => d.value === t)?.label ?? t) : 'Any type');

/** One line a person reads: "Courier · in Berlin · from 2 kg, below 5 kg · from 100.00 EUR → 5.90 EUR". */
export function ruleSummary(r: DeliveryRule): string {
  const parts = [typeLabel(r.deliveryType)];
  if (r.regions.length) parts.push(`in ${r.regions.join(', ')}`);
  const weight = [r.minWeightKg !== null ? `from ${r.minWeightKg} kg` : '', r.maxWeightKg !== null ? `below ${r.maxWeightKg} kg` : ''].filter(Boolean).join(', ');
  if (weight) parts.push(weight);
  const total = [r.minTotal !== null ? `from ${r.minTotal} ${r.currency}` : '', r.maxTotal !== null ? `below ${r.maxTotal} ${r.currency}` : ''].filter(Boolean).join(', ');
  if (total) parts.push(`order ${total}`);
  const cost = Number(r.cost) === 0 ? 'free' : `${r.cost} ${r.currency ?? ''}`.trim();
  return `${parts.join(' · ')} → ${cost}`;
}

/** The server's refusal: its field errors by field (when it names them) and its sentence. */
function serverErrors(e: unknown): { fields: Record<string, string>; message: string } {
  if (!(e instanceof GraphqlRequestError)) return { fields: {}, message: describeError(e) };
  const ext = e.errors[0]?.extensions ?? {};
  const list = Array.isArray(ext['fieldErrors']) ? (ext['fieldErrors'] as Array<{ field: string; message: string }>) : [];
  const fields: Record<string, string> = {};
  for (const f of list) fields[f.field] ??= f.message;
  const known = ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'].includes(e.code);
  return { fields, message: known && e.message ? e.message : describeError(e) };
}

/**
 * Settings › Delivery (issue #12, E5): the delivery cost rules an order takes when the operator
 * types no cost — the first active rule in this list whose conditions all hold (type, regions,
 * weight, the goods after the discount; from min, below max). Admins add, change, switch off,
 * delete (after a confirmation) and reorder them (Move up / Move down: buttons, so the keyboard
 * does it; focus stays on the moved rule). The tester says which rule an order like this gets and
 * why each earlier one does not apply. Other admins' changes show at once (deliveryRulesChanged).
 */
@Component({
  selector: 'pl-delivery-rules-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  template: `
    <div class="page">
      <h1>Delivery</h1>
      <p class="hint">
        When the operator types no delivery cost, an order takes the cost of the first active rule below that matches it: its delivery type, region, weight and the goods’ total after the discount.
        Bounds count from the minimum and stop below the maximum (“up to 5 kg” and “from 5 kg” never both apply). No matching rule: delivery costs 0.
      </p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the delivery rules" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Try again</button></p>
      } @else {
        @if (!rules().length) {
          <p class="hint" data-testid="rules-empty">No delivery rules yet, so every order’s delivery costs 0 unless the operator types it. Add one below — e.g. “Courier up to 5 kg”, type Courier, max weight 5, cost 5.90 EUR — and put the most specific rules first.</p>
        }
        <ol class="list" aria-label="Delivery rules, first match wins">
          @for (r of rules(); track r.id; let i = $index, first = $first, last = $last) {
            <li data-testid="delivery-rule" [attr.data-rule]="r.name" [attr.data-rule-id]="r.id" [class.off]="!r.active">
              <span class="pos" aria-hidden="true">{{ i + 1 }}</span>
              <span class="body">
                <span class="name">{{ r.name }}@if (!r.active) {<span class="badge"> · switched off</span>}</span>
                <span class="meta" data-testid="delivery-rule-summary">{{ summary(r) }}</span>
                @if (rowError()[r.id]; as e) {
                  <span class="error" role="alert">{{ e }}</span>
                }
              </span>
              <span class="actions">
                <button mat-icon-button type="button" (click)="move(r, i - 1, 'up')" [disabled]="first || busy()" [attr.aria-label]="'Move ' + r.name + ' up'" data-testid="rule-up"><span aria-hidden="true">↑</span></button>
                <button mat-icon-button type="button" (click)="move(r, i + 1, 'down')" [disabled]="last || busy()" [attr.aria-label]="'Move ' + r.name + ' down'" data-testid="rule-down"><span aria-hidden="true">↓</span></button>
                <button mat-button type="button" (click)="edit(r)" [attr.aria-label]="'Edit ' + r.name" data-testid="rule-edit">Edit</button>
                <button mat-button type="button" (click)="remove(r)" [attr.aria-label]="'Delete ' + r.name" data-testid="rule-delete">Delete</button>
              </span>
            </li>
          }
        </ol>
        <p class="sr-only" role="status" aria-live="polite" data-testid="rules-announce">{{ announce() }}</p>

        <form class="form" (ngSubmit)="save()" (keydown.escape)="reset()" data-testid="rule-form" aria-labelledby="rule-form-title" novalidate>
          <h2 id="rule-form-title">{{ draft().id ? 'Change “' + editingName() + '”' : 'Add a rule' }}</h2>
          <div class="row">
            <mat-form-field appearance="outline" class="grow">
              <mat-label>Name</mat-label>
              <input matInput name="name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event }, 'name')" maxlength="100" autocomplete="off" [attr.aria-invalid]="!!errors()['name']" aria-describedby="rule-error-name" data-testid="rule-name" />
            </mat-form-field>
            <mat-checkbox name="active" [ngModel]="draft().active" (ngModelChange)="patch({ active: $event })" data-testid="rule-active">Active</mat-checkbox>
          </div>
          @if (errors()['name']; as e) {
            <p class="error" id="rule-error-name" role="alert" data-testid="rule-error-name">{{ e }}</p>
          }
          <div class="row">
            <mat-form-field appearance="outline">
              <mat-label>Delivery type</mat-label>
              <mat-select name="deliveryType" [ngModel]="draft().deliveryType" (ngModelChange)="patch({ deliveryType: $event }, 'deliveryType')" data-testid="rule-type">
                @for (t of typesFor(draft().deliveryType); track t.value) {
                  <mat-option [value]="t.value">{{ t.label }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" class="grow">
              <mat-label>Regions</mat-label>
              <input matInput name="regions" [ngModel]="draft().regions" (ngModelChange)="patch({ regions: $event }, 'regions')" autocomplete="off" [attr.aria-invalid]="!!errors()['regions']" aria-describedby="rule-error-regions" data-testid="rule-regions" />
              <mat-hint>Separated by commas; empty: any region</mat-hint>
            </mat-form-field>
          </div>
          @for (f of errorsOf(['deliveryType', 'regions']); track f.field) {
            <p class="error" [id]="'rule-error-' + f.field" role="alert" [attr.data-testid]="'rule-error-' + f.field">{{ f.message }}</p>
          }
          <div class="row">
            @for (f of bounds; track f.key) {
              <mat-form-field appearance="outline" class="bound">
                <mat-label>{{ f.label }}</mat-label>
                <input matInput [name]="f.key" inputmode="decimal" [ngModel]="draft()[f.key]" (ngModelChange)="patchField(f.key, $event)" autocomplete="off" [attr.aria-invalid]="!!errors()[f.key]" [attr.aria-describedby]="'rule-error-' + f.key" [attr.data-testid]="'rule-' + f.key" />
                <mat-hint>{{ f.hint }}</mat-hint>
              </mat-form-field>
            }
          </div>
          @for (f of errorsOf(['minWeightKg', 'maxWeightKg', 'minTotal', 'maxTotal']); track f.field) {
            <p class="error" [id]="'rule-error-' + f.field" role="alert" [attr.data-testid]="'rule-error-' + f.field">{{ f.message }}</p>
          }
          <div class="row">
            <mat-form-field appearance="outline" class="bound">
              <mat-label>Cost</mat-label>
              <input matInput name="cost" inputmode="decimal" [ngModel]="draft().cost" (ngModelChange)="patch({ cost: $event }, 'cost')" autocomplete="off" [attr.aria-invalid]="!!errors()['cost']" aria-describedby="rule-error-cost" data-testid="rule-cost" />
              <mat-hint>0 for free delivery</mat-hint>
            </mat-form-field>
            <mat-form-field appearance="outline" class="bound">
              <mat-label>Currency</mat-label>
              <input matInput name="currency" [ngModel]="draft().currency" (ngModelChange)="patch({ currency: $event }, 'currency')" maxlength="3" autocomplete="off" spellcheck="false" [attr.aria-invalid]="!!errors()['currency']" aria-describedby="rule-error-currency" data-testid="rule-currency" />
              <mat-hint>Orders in this currency only</mat-hint>
            </mat-form-field>
          </div>
          @for (f of errorsOf(['cost', 'currency']); track f.field) {
            <p class="error" [id]="'rule-error-' + f.field" role="alert" [attr.data-testid]="'rule-error-' + f.field">{{ f.message }}</p>
          }
          @if (error(); as e) {
            <p class="error" role="alert" data-testid="rule-form-error">{{ e }}</p>
          }
          <div class="row">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="rule-save">{{ draft().id ? 'Save' : 'Add rule' }}</button>
            @if (draft().id) {
              <button mat-button type="button" (click)="reset()">Cancel</button>
            }
          </div>
          @if (saved(); as s) {
            <p class="ok" role="status" data-testid="rule-saved">{{ s }}</p>
          }
        </form>

        <form class="form tester" (ngSubmit)="runTest()" data-testid="rule-tester" aria-labelledby="rule-tester-title" novalidate>
          <h2 id="rule-tester-title">Test the rules</h2>
          <p class="hint">Which rule would an order like this get?</p>
          <div class="row">
            <mat-form-field appearance="outline">
              <mat-label>Delivery type</mat-label>
              <mat-select name="testType" [ngModel]="test().deliveryType" (ngModelChange)="patchTest({ deliveryType: $event })" data-testid="tester-type">
                @for (t of types; track t.value) {
                  <mat-option [value]="t.value">{{ t.value ? t.label : 'None' }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" class="grow">
              <mat-label>Region</mat-label>
              <input matInput name="testRegion" [ngModel]="test().region" (ngModelChange)="patchTest({ region: $event })" autocomplete="off" data-testid="tester-region" />
            </mat-form-field>
          </div>
          <div class="row">
            <mat-form-field appearance="outline" class="bound">
              <mat-label>Weight, kg</mat-label>
              <input matInput name="testWeight" inputmode="decimal" [ngModel]="test().weightKg" (ngModelChange)="patchTest({ weightKg: $event })" autocomplete="off" [attr.aria-invalid]="!!testErrors()['weightKg']" data-testid="tester-weight" />
            </mat-form-field>
            <mat-form-field appearance="outline" class="bound">
              <mat-label>Goods total after discount</mat-label>
              <input matInput name="testTotal" inputmode="decimal" [ngModel]="test().total" (ngModelChange)="patchTest({ total: $event })" autocomplete="off" [attr.aria-invalid]="!!testErrors()['total']" data-testid="tester-total" />
            </mat-form-field>
            <mat-form-field appearance="outline" class="bound">
              <mat-label>Currency</mat-label>
              <input matInput name="testCurrency" [ngModel]="test().currency" (ngModelChange)="patchTest({ currency: $event })" maxlength="3" autocomplete="off" [attr.aria-invalid]="!!testErrors()['currency']" data-testid="tester-currency" />
            </mat-form-field>
            <button mat-stroked-button type="submit" [disabled]="testing()" data-testid="tester-run">Test</button>
          </div>
          @for (f of testErrorList(); track f.field) {
            <p class="error" role="alert" [attr.data-testid]="'tester-error-' + f.field">{{ f.message }}</p>
          }
          <div aria-live="polite">
            @if (result(); as r) {
              <p class="verdict" data-testid="tester-verdict">{{ verdict(r) }}</p>
              @if (earlier(r).length) {
                <ul class="reasons" aria-label="Rules that do not apply" data-testid="tester-reasons">
                  @for (c of earlier(r); track c.ruleId) {
                    <li data-testid="tester-reason">“{{ c.ruleName }}” does not apply: {{ c.reasons.join('; ') }}</li>
                  }
                </ul>
              }
            }
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 860px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 8px 0; }
    .hint, .meta { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
    .list li { display: flex; gap: 12px; align-items: center; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .list li.off .name, .list li.off .meta { opacity: 0.6; }
    .pos { min-width: 24px; text-align: right; color: var(--mat-sys-on-surface-variant); }
    .body { flex: 1; display: flex; flex-direction: column; min-width: 0; }
    .name { font: var(--mat-sys-title-small); }
    .meta { overflow-wrap: anywhere; }
    .actions { display: flex; align-items: center; }
    .form { display: flex; flex-direction: column; gap: 4px; }
    .tester { border-top: 1px solid var(--mat-sys-outline-variant); padding-top: 8px; }
    .row { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
    .grow { flex: 1; min-width: 220px; }
    .bound { width: 170px; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
    .verdict { font: var(--mat-sys-title-small); margin: 0; }
    .reasons { margin: 4px 0 0; color: var(--mat-sys-on-surface-variant); }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryRulesPage {
  private readonly service = inject(DeliveryRulesService);
  private readonly confirmer = inject(Confirmer);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly types = RULE_DELIVERY_TYPES;
  protected readonly summary = ruleSummary;
  protected readonly bounds: ReadonlyArray<{ key: 'minWeightKg' | 'maxWeightKg' | 'minTotal' | 'maxTotal'; label: string; hint: string }> = [
    { key: 'minWeightKg', label: 'From weight, kg', hint: 'Inclusive; empty: no minimum' },
    { key: 'maxWeightKg', label: 'Below weight, kg', hint: 'Exclusive; empty: no maximum' },
    { key: 'minTotal', label: 'From order total', hint: 'Inclusive, after the discount' },
    { key: 'maxTotal', label: 'Below order total', hint: 'Exclusive' },
  ];
  protected readonly rules = signal<DeliveryRule[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly errors = signal<Partial<Record<Field, string>>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly rowError = signal<Record<string, string>>({});
  protected readonly saved = signal<string | null>(null);
  protected readonly announce = signal('');
  protected readonly draft = signal<Draft>(this.blank());
  protected readonly editingName = signal('');
  protected readonly test = signal<TestDraft>({ deliveryType: 'courier', region: '', weightKg: '', total: '', currency: 'EUR' });
  protected readonly testErrors = signal<Partial<Record<TestField | 'form', string>>>({});
  protected readonly testing = signal(false);
  protected readonly result = signal<DeliveryRulesTest | null>(null);

  constructor() {
    const off = this.service.changes(() => void this.load(false));
    inject(DestroyRef).onDestroy(() => off());
    void this.load();
  }

  protected async load(spinner = true): Promise<void> {
    if (spinner) this.loading.set(true);
    this.loadError.set(null);
    try {
      const rules = await this.service.list();
      this.rules.set(rules);
      const currency = rules.find((r) => r.currency)?.currency;
      if (spinner && currency) {
        this.test.update((t) => ({ ...t, currency }));
        if (!this.draft().id && !this.draft().currency) this.draft.update((d) => ({ ...d, currency }));
      }
    } catch (e) {
      if (spinner) this.loadError.set(`The delivery rules could not be loaded: ${describeError(e)}`);
    } finally {
      this.loading.set(false);
    }
  }

  /** The select's types, plus a rule's own type that the drawer does not list. */
  protected typesFor(current: string): ReadonlyArray<{ value: string; label: string }> {
    return RULE_DELIVERY_TYPES.some((t) => t.value === current) ? RULE_DELIVERY_TYPES : [...RULE_DELIVERY_TYPES, { value: current, label: current }];
  }

  protected errorsOf(fields: Field[]): Array<{ field: Field; message: string }> {
    const e = this.errors();
    return fields.filter((f) => e[f]).map((f) => ({ field: f, message: e[f] as string }));
  }

  protected patch(change: Partial<Draft>, field?: Field): void {
    this.draft.update((d) => ({ ...d, ...change }));
    if (field) this.errors.update((e) => ({ ...e, [field]: undefined }));
    this.error.set(null);
    this.saved.set(null);
  }

  protected patchField(key: 'minWeightKg' | 'maxWeightKg' | 'minTotal' | 'maxTotal', value: string): void {
    this.patch({ [key]: value }, key);
  }

  protected edit(r: DeliveryRule): void {
    this.editingName.set(r.name);
    this.draft.set({
      id: r.id,
      version: r.version,
      name: r.name,
      active: r.active,
      deliveryType: r.deliveryType ?? '',
      regions: r.regions.join(', '),
      minWeightKg: r.minWeightKg ?? '',
      maxWeightKg: r.maxWeightKg ?? '',
      minTotal: r.minTotal ?? '',
      maxTotal: r.maxTotal ?? '',
      currency: r.currency ?? '',
      cost: r.cost,
    });
    this.errors.set({});
    this.error.set(null);
    this.saved.set(null);
    this.host.nativeElement.querySelector<HTMLInputElement>('[data-testid="rule-name"]')?.focus();
  }

  protected reset(): void {
    this.draft.set(this.blank());
    this.errors.set({});
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    const d = this.draft();
    const local: Partial<Record<Field, string>> = {};
    if (!d.name.trim()) local.name = 'Give the rule a name';
    if (!d.cost.trim()) local.cost = 'Give the cost (0 for free delivery)';
    if (Object.keys(local).length) {
      this.errors.set(local);
      return;
    }
    const opt = (v: string) => v.trim() || null;
    const input = {
      name: d.name.trim(),
      active: d.active,
      deliveryType: d.deliveryType || null,
      regions: parseRegions(d.regions),
      minWeightKg: opt(d.minWeightKg),
      maxWeightKg: opt(d.maxWeightKg),
      minTotal: opt(d.minTotal),
      maxTotal: opt(d.maxTotal),
      currency: opt(d.currency)?.toUpperCase() ?? null,
      cost: d.cost.trim(),
    };
    this.busy.set(true);
    this.errors.set({});
    this.error.set(null);
    try {
      const saved = d.id ? await this.service.update({ ...input, id: d.id, expectedVersion: d.version }) : await this.service.create(input);
      this.saved.set(d.id ? `“${saved.name}” saved.` : `“${saved.name}” added at the end of the list.`);
      this.draft.set({ ...this.blank(), currency: input.currency ?? '' });
      await this.load(false);
    } catch (e) {
      const { fields, message } = serverErrors(e);
      const known = Object.keys(fields).filter((f) => f !== 'rules');
      if (known.length) this.errors.set(fields as Partial<Record<Field, string>>);
      else this.error.set(fields['rules'] ?? message);
      if (e instanceof GraphqlRequestError && e.code === 'CONFLICT') await this.load(false);
    } finally {
      this.busy.set(false);
    }
  }

  protected async move(r: DeliveryRule, position: number, direction: 'up' | 'down'): Promise<void> {
    if (this.busy() || position < 0 || position >= this.rules().length) return;
    this.busy.set(true);
    this.rowError.set({});
    try {
      this.rules.set(await this.service.move(r.id, position));
      this.announce.set(`“${r.name}” moved to position ${position + 1} of ${this.rules().length}.`);
    } catch (e) {
      this.rowError.set({ [r.id]: serverErrors(e).message });
    } finally {
      this.busy.set(false);
    }
    // the keyboard stays on the moved rule (its same button, or the other one at an end)
    setTimeout(() => {
      const row = this.host.nativeElement.querySelector(`[data-rule-id="${r.id}"]`);
      const same = row?.querySelector<HTMLButtonElement>(`[data-testid="rule-${direction}"]`);
      const other = row?.querySelector<HTMLButtonElement>(`[data-testid="rule-${direction === 'up' ? 'down' : 'up'}"]`);
      (same && !same.disabled ? same : other)?.focus();
    });
  }

  protected async remove(r: DeliveryRule): Promise<void> {
    const ok = await this.confirmer.ask({ title: `Delete “${r.name}”?`, message: `Orders no longer get their delivery cost from “${r.name}”; placed orders keep theirs. This cannot be undone.`, confirmLabel: 'Delete rule' });
    if (!ok) return;
    this.rowError.set({});
    try {
      await this.service.remove(r.id);
      this.saved.set(`“${r.name}” deleted.`);
      if (this.draft().id === r.id) this.reset();
      await this.load(false);
    } catch (e) {
      this.rowError.set({ [r.id]: serverErrors(e).message });
    }
  }

  protected patchTest(change: Partial<TestDraft>): void {
    this.test.update((t) => ({ ...t, ...change }));
    this.testErrors.set({});
  }

  protected testErrorList(): Array<{ field: string; message: string }> {
    return Object.entries(this.testErrors())
      .filter(([, m]) => !!m)
      .map(([field, message]) => ({ field, message: message as string }));
  }

  protected async runTest(): Promise<void> {
    if (this.testing()) return;
    const t = this.test();
    this.testing.set(true);
    this.testErrors.set({});
    try {
      this.result.set(await this.service.test({ deliveryType: t.deliveryType || null, region: t.region.trim() || null, weightKg: t.weightKg.trim() || null, total: t.total.trim() || null, currency: t.currency.trim().toUpperCase() }));
    } catch (e) {
      const { fields, message } = serverErrors(e);
      this.result.set(null);
      this.testErrors.set(Object.keys(fields).length ? fields : { form: message });
    } finally {
      this.testing.set(false);
    }
  }

  protected verdict(r: DeliveryRulesTest): string {
    return r.rule && r.cost !== null ? `Rule “${r.rule.name}” applies: ${r.cost} ${r.currency}` : 'No rule applies: the delivery costs 0 unless the operator types a cost.';
  }

  /** The rules before the one that applies (all of them when none does), with why each does not. */
  protected earlier(r: DeliveryRulesTest): DeliveryRulesTest['checks'] {
    return r.checks.filter((c) => c.outcome === 'not_matched' || c.outcome === 'inactive');
  }

  private blank(): Draft {
    return { id: null, version: 0, name: '', active: true, deliveryType: '', regions: '', minWeightKg: '', maxWeightKg: '', minTotal: '', maxTotal: '', currency: this.rules?.()?.find((r) => r.currency)?.currency ?? 'EUR', cost: '' };
  }
}
