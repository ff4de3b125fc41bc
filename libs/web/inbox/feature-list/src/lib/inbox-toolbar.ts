import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ConversationPriority, ConversationStatus } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { statusLabel } from '@parley/web/inbox/data-access';
import { InboxFilter, priorityLabel } from '@parley/web/inbox/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { InboxViewsStore } from '@parley/web/inbox/data-access';

/** `yyyy-mm-dd` of a date input ↔ ISO time at local midnight. */
function dayToIso(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
function isoToDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Above the inbox rows: saved filters (the view sidebar), the filter bar and, while rows are
 * ticked, the bulk actions. Everything is reachable by Tab and labelled.
 */
@Component({
  selector: 'pl-inbox-toolbar',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="saved" aria-label="Saved filters" data-testid="saved-filters">
      @for (saved of views.savedFilters(); track saved.id) {
        <span class="saved-item">
          <button mat-button type="button" class="saved-apply" (click)="views.apply(saved)" data-testid="saved-filter">{{ saved.name }}</button>
          <button mat-icon-button type="button" class="saved-delete" (click)="views.deleteSaved(saved)" [attr.aria-label]="'Delete saved filter ' + saved.name">×</button>
        </span>
      } @empty {
        <span class="hint">No saved filters: set a filter, then “Save”.</span>
      }
      <button mat-button type="button" (click)="showFilters.set(!showFilters())" [attr.aria-expanded]="showFilters()" data-testid="toggle-filters">
        Filters{{ store.hasFilter() ? ' •' : '' }}
      </button>
    </nav>

    @if (showFilters()) {
      <form class="filters" aria-label="Filter conversations" (submit)="$event.preventDefault()" data-testid="filter-bar">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Channel</mat-label>
          <mat-select [value]="store.filter().channelId ?? ''" (selectionChange)="set({ channelId: $event.value })" data-testid="filter-channel">
            <mat-option value="">Any</mat-option>
            @for (channel of views.channels(); track channel.id) {
              <mat-option [value]="channel.id">{{ channel.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (views.groups().length) {
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Group</mat-label>
            <mat-select [value]="store.filter().groupId ?? ''" (selectionChange)="set({ groupId: $event.value })" data-testid="filter-group">
              <mat-option value="">Any</mat-option>
              @for (group of views.groups(); track group.id) {
                <mat-option [value]="group.id">{{ group.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Status</mat-label>
          <mat-select [value]="store.filter().status ?? ''" (selectionChange)="set({ status: $event.value })" data-testid="filter-status">
            <mat-option value="">Any</mat-option>
            @for (status of statuses; track status) {
              <mat-option [value]="status">{{ statusLabel(status) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Priority</mat-label>
          <mat-select [value]="store.filter().priority ?? ''" (selectionChange)="set({ priority: $event.value })" data-testid="filter-priority">
            <mat-option value="">Any</mat-option>
            @for (priority of priorities; track priority) {
              <mat-option [value]="priority">{{ priorityLabel(priority) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Tags</mat-label>
          <mat-select multiple [value]="filterTagIds()" (selectionChange)="set({ tagId: null, tagIds: $event.value })" data-testid="filter-tag">
            @for (tag of views.tags(); track tag.id) {
              <mat-option [value]="tag.id">{{ tag.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (filterTagIds().length > 1) {
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Match</mat-label>
            <mat-select [value]="store.filter().tagMatch ?? 'any'" (selectionChange)="set({ tagMatch: $event.value })" data-testid="filter-tag-match">
              <mat-option value="any">Any of the tags</mat-option>
              <mat-option value="all">All of the tags</mat-option>
            </mat-select>
          </mat-form-field>
        }
        @if (views.operators().length) {
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Assignee</mat-label>
            <mat-select [value]="store.filter().assigneeId ?? ''" (selectionChange)="set({ assigneeId: $event.value })" data-testid="filter-assignee">
              <mat-option value="">Anyone</mat-option>
              @for (operator of views.operators(); track operator.id) {
                <mat-option [value]="operator.id">{{ operator.displayName }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Active from</mat-label>
          <input matInput type="date" [value]="day(store.filter().from)" (change)="setDay('from', $event)" data-testid="filter-from" />
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Active before</mat-label>
          <input matInput type="date" [value]="day(store.filter().to)" (change)="setDay('to', $event)" data-testid="filter-to" />
        </mat-form-field>
        <div class="filter-actions">
          <button mat-button type="button" (click)="store.setFilter({})" [disabled]="!store.hasFilter()">Clear</button>
          <mat-form-field subscriptSizing="dynamic" class="name">
            <mat-label>Save as</mat-label>
            <input matInput #name maxlength="60" (keydown.enter)="save(name)" data-testid="saved-filter-name" />
          </mat-form-field>
          <button mat-stroked-button type="button" (click)="save(name)" [disabled]="views.busy()" data-testid="save-filter">Save</button>
        </div>
      </form>
    }

    @if (store.checkedIds().length > 0) {
      <div class="bulk" role="toolbar" aria-label="Bulk actions on the selected conversations" data-testid="bulk-bar">
        <span class="count">{{ store.checkedIds().length }} selected</span>
        @if (session.canReply()) {
          <button mat-button type="button" (click)="assignToMe()" [disabled]="views.busy()" data-testid="bulk-assign-me">Assign to me</button>
          @if (views.operators().length) {
            <mat-form-field subscriptSizing="dynamic" class="assign">
              <mat-label>Assign to</mat-label>
              <mat-select (selectionChange)="views.assignMany(store.checkedIds(), $event.value)" data-testid="bulk-assign">
                @for (operator of views.operators(); track operator.id) {
                  <mat-option [value]="operator.id">{{ operator.displayName }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
          }
          <button mat-button type="button" (click)="views.closeMany(store.checkedIds())" [disabled]="views.busy()" data-testid="bulk-close">Close</button>
          <button mat-button type="button" (click)="snooze()" [disabled]="views.busy()" data-testid="bulk-snooze">Snooze 1 h</button>
          <mat-form-field subscriptSizing="dynamic" class="tag">
            <mat-label>Tag</mat-label>
            <input matInput #tag maxlength="40" [attr.list]="'pl-tag-names'" (keydown.enter)="addTag(tag)" data-testid="bulk-tag-name" />
          </mat-form-field>
          <datalist id="pl-tag-names">
            @for (t of views.tags(); track t.id) {
              <option [value]="t.name"></option>
            }
          </datalist>
          <button mat-button type="button" (click)="addTag(tag)" [disabled]="views.busy()" data-testid="bulk-tag">Tag</button>
        }
        <button mat-button type="button" (click)="store.clearChecked()">Clear selection</button>
      </div>
    }
    @if (views.notice(); as notice) {
      <p class="notice" role="status" data-testid="inbox-notice">{{ notice }}</p>
    }
  `,
  styles: `
    :host { display: block; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .saved { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 4px; padding: 4px 12px; }
    .saved-item { display: inline-flex; align-items: center; }
    .saved-delete { width: 28px; height: 28px; padding: 0; line-height: 28px; }
    .hint { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); flex: 1; }
    .filters, .bulk { display: flex; flex-wrap: wrap; gap: 8px; padding: 8px 12px; align-items: center; }
    .filters mat-form-field { width: 150px; }
    .filter-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .bulk { background: var(--mat-sys-secondary-container); }
    .bulk .count { font: var(--mat-sys-label-large); }
    .bulk mat-form-field { width: 140px; }
    .notice { margin: 0; padding: 4px 12px; font: var(--mat-sys-body-small); }
  `,
})
export class InboxToolbar {
  protected readonly store = inject(InboxStore);
  protected readonly views = inject(InboxViewsStore);
  protected readonly session = inject(SessionStore);
  protected readonly showFilters = signal(false);
  protected readonly statuses = Object.values(ConversationStatus);
  protected readonly priorities = Object.values(ConversationPriority);
  protected readonly statusLabel = statusLabel;
  protected readonly priorityLabel = priorityLabel;
  protected readonly day = isoToDay;
  protected readonly meId = computed(() => this.session.operator()?.id ?? null);

  /** E1: the tags the filter asks for (a saved filter's single tagId counts as one). */
  protected filterTagIds(): string[] {
    const f = this.store.filter();
    return f.tagIds?.length ? [...f.tagIds] : f.tagId ? [f.tagId] : [];
  }

  protected set(change: Partial<InboxFilter>): void {
    this.store.setFilter({ ...this.store.filter(), ...change });
  }

  protected setDay(field: 'from' | 'to', event: Event): void {
    this.set({ [field]: dayToIso((event.target as HTMLInputElement).value) });
  }

  protected async save(input: HTMLInputElement): Promise<void> {
    if (await this.views.saveCurrent(input.value)) input.value = '';
  }

  protected assignToMe(): void {
    const me = this.meId();
    if (me) void this.views.assignMany(this.store.checkedIds(), me);
  }

  protected snooze(): void {
    void this.views.snoozeMany(this.store.checkedIds(), new Date(Date.now() + 3_600_000));
  }

  protected async addTag(input: HTMLInputElement): Promise<void> {
    if (await this.views.tagMany(this.store.checkedIds(), input.value)) input.value = '';
  }
}
