import { CdkDrag, CdkDragDrop, CdkDragHandle, CdkDropList, moveItemInArray } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, signal } from '@angular/core';
import { ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { CardCustomField, ClientCard, ClientCardStore } from '@parley/web/crm/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';

const messageOf = (e: unknown) => (e instanceof GraphqlRequestError && e.message && [ErrorCode.BadUserInput, ErrorCode.Forbidden, ErrorCode.NotFound].includes(e.code as ErrorCode) ? e.message : describeError(e));

const TYPE_LABELS: Record<string, string> = { text: 'text', number: 'number', decimal: 'decimal', date: 'date', select: 'choice', multi_select: 'choices', boolean: 'yes / no', link: 'link' };

/**
 * The client widget's custom fields (SPEC E2, seed 004): the workspace's pinned fields, in the
 * admins' order, on every client; a search box finds any other field to fill (by a word of its
 * name) and shows it for this visit. A value is edited by a click — by its type: text, number,
 * decimal, link and date inputs (Enter saves, Escape cancels), a select, choices to tick, a yes /
 * no switch that saves at once — and the server's refusal is said under it. Admins pin and unpin
 * fields here (📌) and reorder the pinned ones by dragging them (or Alt+↑/↓ on the handle).
 */
@Component({
  selector: 'pl-client-fields',
  imports: [CdkDropList, CdkDrag, CdkDragHandle],
  template: `
    <section aria-labelledby="cf-title" data-testid="client-fields">
      <h3 id="cf-title">Fields</h3>
      <div class="search">
        <input type="search" placeholder="Find a field…" aria-label="Find a field to fill" [value]="query()" (input)="search($any($event.target).value)" (keydown.escape)="search('')" data-testid="field-search" />
        @if (query() && results(); as found) {
          <ul class="results" aria-label="Fields found" data-testid="field-results">
            @for (f of found; track f.id) {
              <li>
                <button type="button" class="link" (click)="show(f)" data-testid="field-result">{{ f.name }}</button>
                <span class="meta">{{ typeLabel(f.type) }}{{ f.pinned ? ' · pinned' : '' }}</span>
              </li>
            } @empty {
              <li class="none">No field is called that. Admins add fields in Settings › Client fields.</li>
            }
          </ul>
        }
      </div>
      @if (!fields().length) {
        <p class="none" data-testid="fields-none">No fields pinned. Find a field above to fill it.</p>
      }
      <div class="fields" cdkDropList [cdkDropListDisabled]="!isAdmin()" (cdkDropListDropped)="dropped($event)" aria-label="Client fields">
        @for (f of fields(); track f.id; let i = $index) {
          <div class="row" cdkDrag [cdkDragDisabled]="!f.pinned || !isAdmin()" [cdkDragData]="f.id" data-testid="client-field" [attr.data-field]="f.name" [attr.data-field-id]="f.id">
            @if (isAdmin() && f.pinned) {
              <button type="button" class="handle" cdkDragHandle (keydown.alt.arrowup)="$event.preventDefault(); move(f, -1)" (keydown.alt.arrowdown)="$event.preventDefault(); move(f, 1)" [attr.aria-label]="'Move ' + f.name + ' (Alt+↑/↓)'" title="Drag to move · Alt+↑/↓" data-testid="field-handle">⠿</button>
            }
            <span class="name" [id]="'cf-' + f.id">{{ f.name }}{{ f.required ? ' *' : '' }}</span>
            <div class="value">
              @if (editing() === f.id) {
                <form class="editor" (submit)="$event.preventDefault(); save(f)" (keydown.escape)="editing.set(null)" [attr.aria-labelledby]="'cf-' + f.id" data-testid="field-form">
                  @switch (f.type) {
                    @case ('select') {
                      <select [attr.aria-labelledby]="'cf-' + f.id" data-testid="field-input">
                        <option value="">—</option>
                        @for (o of f.options; track o) {
                          <option [value]="o" [selected]="valueOf(f) === o">{{ o }}</option>
                        }
                      </select>
                    }
                    @case ('multi_select') {
                      @for (o of f.options; track o) {
                        <label class="check"><input type="checkbox" [value]="o" [checked]="valuesOf(f).includes(o)" data-testid="field-choice" /> {{ o }}</label>
                      }
                    }
                    @default {
                      <input [type]="inputType(f.type)" [value]="valueOf(f) ?? ''" [attr.aria-labelledby]="'cf-' + f.id" [attr.step]="f.type === 'decimal' ? 'any' : null" autocomplete="off" data-testid="field-input" />
                    }
                  }
                  <div class="buttons">
                    <button type="submit" class="save" [disabled]="busy()" data-testid="field-save">Save</button>
                    <button type="button" class="link" (click)="editing.set(null)">Cancel</button>
                  </div>
                </form>
              } @else if (f.type === 'boolean') {
                <label class="check"><input type="checkbox" [checked]="valueOf(f) === 'true'" [disabled]="!canEdit() || busy()" (change)="toggle(f, $any($event.target).checked)" [attr.aria-labelledby]="'cf-' + f.id" data-testid="field-toggle" /> {{ valueOf(f) === 'true' ? 'Yes' : valueOf(f) === 'false' ? 'No' : '—' }}</label>
              } @else if (canEdit()) {
                <button type="button" class="field" (click)="edit(f)" [attr.aria-label]="'Edit ' + f.name" data-testid="field-value">
                  @if (display(f); as v) {
                    {{ v }}
                  } @else {
                    <span class="none">Add</span>
                  }
                </button>
              } @else if (f.type === 'link' && valueOf(f)) {
                <a [href]="valueOf(f)" target="_blank" rel="noopener noreferrer nofollow" data-testid="field-value">{{ valueOf(f) }}</a>
              } @else {
                <span data-testid="field-value">{{ display(f) || '—' }}</span>
              }
              @if (errorFor() === f.id && error(); as e) {
                <p class="error" role="alert" data-testid="field-error">{{ e }}</p>
              }
            </div>
            @if (isAdmin()) {
              <button type="button" class="pin" [class.on]="f.pinned" (click)="pin(f)" [attr.aria-pressed]="f.pinned" [attr.aria-label]="(f.pinned ? 'Unpin ' : 'Pin ') + f.name + ' for every client'" [title]="f.pinned ? 'Pinned for every client: click to unpin' : 'Pin for every client'" data-testid="field-pin">📌</button>
            }
          </div>
        }
      </div>
    </section>
  `,
  styles: `
    :host { display: block; }
    h3 { margin: 16px 0 6px; font: var(--mat-sys-title-small); color: var(--mat-sys-on-surface-variant); }
    .search input { box-sizing: border-box; width: 100%; font: inherit; padding: 4px 8px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 14px; }
    .results { list-style: none; margin: 4px 0 8px; padding: 0; display: flex; flex-direction: column; gap: 2px; }
    .results li { display: flex; gap: 6px; align-items: baseline; }
    .meta { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    .none { color: var(--mat-sys-on-surface-variant); }
    .fields { display: flex; flex-direction: column; gap: 2px; margin-top: 6px; }
    .row { display: grid; grid-template-columns: auto minmax(72px, 40%) minmax(0, 1fr) auto; gap: 4px 6px; align-items: start; background: var(--mat-sys-surface); padding: 2px 0; }
    .row .name { grid-column: 2; color: var(--mat-sys-on-surface-variant); overflow-wrap: anywhere; padding-top: 3px; }
    .row .value { grid-column: 3; min-width: 0; }
    .row .pin { grid-column: 4; }
    .handle { grid-column: 1; cursor: grab; border: 0; background: none; color: var(--mat-sys-on-surface-variant); padding: 2px; }
    .pin { border: 0; background: none; cursor: pointer; opacity: 0.35; padding: 2px; }
    .pin.on { opacity: 1; }
    .field { border: 0; background: none; padding: 2px 4px; margin: 0 -4px; border-radius: 4px; font: inherit; color: inherit; text-align: left; cursor: text; overflow-wrap: anywhere; }
    .field:hover, .field:focus-visible { background: var(--mat-sys-surface-container-high); outline: 1px solid var(--mat-sys-outline-variant); }
    .editor { display: flex; flex-direction: column; gap: 4px; }
    .editor input:not([type='checkbox']), .editor select { box-sizing: border-box; width: 100%; font: inherit; padding: 3px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px; }
    .check { display: flex; gap: 6px; align-items: center; }
    .buttons { display: flex; gap: 12px; align-items: center; }
    .save { font: var(--mat-sys-label-large); padding: 3px 12px; border-radius: 14px; border: 0; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); cursor: pointer; }
    .link { border: 0; background: none; padding: 0; color: var(--mat-sys-primary); cursor: pointer; font: inherit; text-decoration: underline; }
    .error { color: var(--mat-sys-error); margin: 2px 0 0; }
    .cdk-drag-preview { box-shadow: var(--mat-sys-level2); border-radius: 4px; }
    .cdk-drag-placeholder { opacity: 0.3; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientFields {
  readonly card = input.required<ClientCard>();
  readonly canEdit = input(false);
  protected readonly store = inject(ClientCardStore);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly isAdmin = computed(() => this.session.role() === OperatorRole.admin);
  protected readonly query = signal('');
  protected readonly results = signal<CardCustomField[] | null>(null);
  /** Fields found and shown for this client (not pinned), until another client opens. */
  private readonly extra = signal<CardCustomField[]>([]);
  protected readonly editing = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly errorFor = signal<string | null>(null);
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchSeq = 0;
  private shownFor: string | null = null;

  /** Pinned fields in order, then the ones found for this client; a field with a value stays listed too. */
  protected readonly fields = computed(() => {
    const pinned = this.store.pinnedFields();
    const ids = new Set(pinned.map((f) => f.id));
    if (this.shownFor !== this.card().id) {
      this.shownFor = this.card().id;
      queueMicrotask(() => this.extra.set([]));
    }
    return [...pinned, ...this.extra().filter((f) => !ids.has(f.id))];
  });

  protected typeLabel(type: string): string {
    return TYPE_LABELS[type] ?? type;
  }

  protected inputType(type: string): string {
    return type === 'number' || type === 'decimal' ? 'number' : type === 'date' ? 'date' : type === 'link' ? 'url' : 'text';
  }

  protected valueOf(f: CardCustomField): string | null {
    return this.card().customFields.find((v) => v.field.id === f.id)?.value ?? null;
  }

  protected valuesOf(f: CardCustomField): string[] {
    return this.card().customFields.find((v) => v.field.id === f.id)?.values ?? [];
  }

  protected display(f: CardCustomField): string {
    if (f.type === 'multi_select') return this.valuesOf(f).join(', ');
    return this.valueOf(f) ?? '';
  }

  protected search(q: string): void {
    this.query.set(q);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    const seq = ++this.searchSeq;
    if (!q.trim()) {
      this.results.set(null);
      return;
    }
    this.searchTimer = setTimeout(async () => {
      try {
        const found = await this.store.searchFields(q.trim());
        if (seq === this.searchSeq) this.results.set(found.slice(0, 8));
      } catch (e) {
        if (seq === this.searchSeq) this.results.set([]);
        this.error.set(messageOf(e));
      }
    }, 150);
  }

  /** A found field joins the list, opened for editing. */
  protected show(f: CardCustomField): void {
    if (!this.store.pinnedFields().some((p) => p.id === f.id) && !this.extra().some((x) => x.id === f.id)) this.extra.update((list) => [...list, f]);
    this.search('');
    if (this.canEdit() && f.type !== 'boolean') this.edit(f);
  }

  protected edit(f: CardCustomField): void {
    this.error.set(null);
    this.editing.set(f.id);
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('[data-testid="field-form"] input, [data-testid="field-form"] select')?.focus());
  }

  protected save(f: CardCustomField): Promise<void> {
    const form = this.host.nativeElement.querySelector<HTMLFormElement>('[data-testid="field-form"]');
    if (f.type === 'multi_select') {
      const values = [...(form?.querySelectorAll<HTMLInputElement>('[data-testid="field-choice"]') ?? [])].filter((c) => c.checked).map((c) => c.value);
      return this.run(f, () => this.store.setCustomField(f.id, null, values));
    }
    const raw = form?.querySelector<HTMLInputElement | HTMLSelectElement>('[data-testid="field-input"]')?.value.trim() ?? '';
    return this.run(f, () => this.store.setCustomField(f.id, raw || null));
  }

  protected toggle(f: CardCustomField, checked: boolean): Promise<void> {
    return this.run(f, () => this.store.setCustomField(f.id, checked ? 'true' : 'false'));
  }

  protected async pin(f: CardCustomField): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.store.pinField(f.id, !f.pinned);
      // an unpinned field stays on this client's list until another opens
      if (f.pinned) this.extra.update((list) => (list.some((x) => x.id === f.id) ? list : [...list, { ...f, pinned: false }]));
      else this.extra.update((list) => list.filter((x) => x.id !== f.id));
    } catch (e) {
      this.errorFor.set(f.id);
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }

  protected dropped(e: CdkDragDrop<unknown>): void {
    const ids = this.store.pinnedFields().map((f) => f.id);
    if (e.previousIndex === e.currentIndex || e.currentIndex >= ids.length || e.previousIndex >= ids.length) return;
    moveItemInArray(ids, e.previousIndex, e.currentIndex);
    void this.reorder(ids, ids[e.currentIndex]);
  }

  protected move(f: CardCustomField, by: -1 | 1): void {
    const ids = this.store.pinnedFields().map((x) => x.id);
    const i = ids.indexOf(f.id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    moveItemInArray(ids, i, j);
    void this.reorder(ids, f.id).then(() => setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>(`[data-field-id="${f.id}"] [data-testid="field-handle"]`)?.focus()));
  }

  private async reorder(ids: string[], movedId: string): Promise<void> {
    try {
      await this.store.reorderPinned(ids);
    } catch (e) {
      this.errorFor.set(movedId);
      this.error.set(messageOf(e));
    }
  }

  private async run(f: CardCustomField, save: () => Promise<unknown>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.errorFor.set(f.id);
    try {
      await save();
      this.editing.set(null);
    } catch (e) {
      this.error.set(messageOf(e));
    } finally {
      this.busy.set(false);
    }
  }
}
