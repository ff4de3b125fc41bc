import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { AUDITED_ACTIONS, ErrorCode } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf, GraphqlRequestError } from '@parley/web/shared/util';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { actionLabel, auditSentence, AuditEntryView } from './audit-sentence';
import { AuditActorsDocument, AuditLogChangedDocument, AuditLogDocument } from '@parley/web/shared/data-access';

const PAGE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the URL keeps them (?actor=…&action=…&from=YYYY-MM-DD&to=YYYY-MM-DD, both days included). */
export interface AuditFilters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

type Part = { kind: 'text'; text: string } | { kind: 'name'; text: string; link: string | null; deleted: boolean };
interface Row {
  entry: AuditEntryView;
  parts: Part[];
}

const FIELD_LABELS: Record<string, string> = { actorId: 'Who', action: 'Action', from: 'From', to: 'To', first: 'Page size' };

/** The API's variables for the URL's filters: a day becomes local midnight, `to` the midnight after it; anything else goes as typed, for the API to refuse. */
export function auditVariables(f: AuditFilters): Record<string, string | null> {
  const day = (v: string, next: boolean): string | null => {
    if (!v) return null;
    if (!DAY.test(v)) return v;
    const [y, m, d] = v.split('-').map(Number);
    // an impossible day (2026-02-30) goes as typed: the API refuses it by name
    if (new Date(y, m - 1, d).getDate() !== d) return v;
    return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
  };
  return { actorId: f.actor || null, action: f.action || null, from: day(f.from, false), to: day(f.to, true) };
}

function filtersOf(params: ParamMap): AuditFilters {
  return { actor: params.get('actor') ?? '', action: params.get('action') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
}

function toRow(entry: AuditEntryView): Row {
  return {
    entry,
    parts: auditSentence(entry).map((p) => ('text' in p ? { kind: 'text', text: p.text } : { kind: 'name', text: p.label, link: p.link, deleted: p.subject.deleted })),
  };
}

/** `/admin/audit` (SPEC F4): who did what, when, in sentences; filters in the URL; new entries arrive live. The API refuses non-admins. */
@Component({
  selector: 'pl-audit-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatProgressBarModule],
  template: `
    <section class="page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form class="filters" role="search" aria-label="Filter the audit log" (ngSubmit)="apply()" data-testid="audit-filters">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Who</mat-label>
          <mat-select name="actor" [ngModel]="filters().actor" (ngModelChange)="set('actor', $event)" data-testid="audit-filter-actor" [attr.aria-invalid]="errorField() === 'actorId'">
            <mat-option value="">Anyone</mat-option>
            @for (o of actors(); track o.id) {
              <mat-option [value]="o.id">{{ o.displayName }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Action</mat-label>
          <mat-select name="action" [ngModel]="filters().action" (ngModelChange)="set('action', $event)" data-testid="audit-filter-action" [attr.aria-invalid]="errorField() === 'action'">
            <mat-option value="">Any action</mat-option>
            @for (a of actions; track a.value) {
              <mat-option [value]="a.value">{{ a.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>From</mat-label>
          <input matInput type="date" name="from" [ngModel]="filters().from" (change)="set('from', $any($event.target).value)" data-testid="audit-filter-from" [attr.aria-invalid]="errorField() === 'from'" />
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>To</mat-label>
          <input matInput type="date" name="to" [ngModel]="filters().to" (change)="set('to', $any($event.target).value)" data-testid="audit-filter-to" [attr.aria-invalid]="errorField() === 'to'" />
        </mat-form-field>
        @if (filtered()) {
          <button mat-button type="button" (click)="clear()" data-testid="audit-filter-clear">Clear filters</button>
        }
      </form>
      @if (formError(); as formError) {
        <p class="banner error" role="alert" data-testid="audit-filter-error">{{ formError }}</p>
      }
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the audit log" />
      }
      @if (error(); as error) {
        <div class="banner error" role="alert" data-testid="audit-error">{{ error }}</div>
      }
      <ol class="entries" aria-label="Audit entries" aria-live="polite">
        @for (row of rows(); track row.entry.id) {
          <li class="entry" data-testid="audit-row" [attr.data-id]="row.entry.id" [attr.data-target-id]="row.entry.target?.id ?? null" [attr.data-action]="row.entry.action">
            <time [attr.datetime]="row.entry.createdAt">{{ when(row.entry.createdAt) }}</time>
            <p class="sentence" data-testid="audit-sentence">@for (part of row.parts; track $index) {@if (part.kind === 'text') {<span>{{ part.text }}</span>} @else if (part.link) {<a class="name" [routerLink]="part.link">{{ part.text }}</a>} @else {<strong class="name" [class.deleted]="part.deleted">{{ part.text }}</strong>}}</p>
            <span class="kind">{{ label(row.entry.action) }}</span>
          </li>
        }
      </ol>
      @if (!loading() && !error() && !formError() && rows().length === 0) {
        <p class="empty" data-testid="audit-empty">{{ filtered() ? 'Nothing matches these filters.' : 'Nothing recorded yet.' }}</p>
      }
      @if (hasNextPage()) {
        <div class="more"><button mat-stroked-button type="button" (click)="load(false)" [disabled]="loading()" data-testid="audit-load-more">Load more</button></div>
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 1100px; }
    h1 { font: var(--mat-sys-headline-small); }
    .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 8px; }
    .filters mat-form-field { width: 170px; }
    .entries { list-style: none; margin: 0; padding: 0; }
    .entry { display: grid; grid-template-columns: 150px 1fr auto; gap: 12px; align-items: baseline; padding: 10px 4px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .entry time { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .sentence { margin: 0; overflow-wrap: anywhere; }
    .name { font-weight: 600; }
    .name.deleted { font-style: italic; font-weight: 500; }
    .kind { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-small); }
    .empty, .more { text-align: center; margin: 16px 0; }
    .banner.error { margin: 8px 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    @media (max-width: 720px) { .entry { grid-template-columns: 1fr; gap: 2px; } }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly actions = AUDITED_ACTIONS.map((value) => ({ value, label: actionLabel(value) })).sort((a, b) => a.label.localeCompare(b.label));
  protected readonly actors = signal<Array<{ id: string; displayName: string }>>([]);
  protected readonly filters = signal<AuditFilters>({ actor: '', action: '', from: '', to: '' });
  protected readonly rows = signal<Row[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly errorField = signal<string | null>(null);
  protected readonly hasNextPage = signal(false);
  private endCursor: string | null = null;
  /** Bumped by every new filter: a slower answer for old filters is dropped. */
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.filters.set(filtersOf(params));
      void this.load(true);
    });
    void this.api
      .request(AuditActorsDocument)
      .then((d) => this.actors.set([...d.operators].sort((a, b) => a.displayName.localeCompare(b.displayName))))
      .catch(() => undefined);
    const off = this.realtime.subscribe(AuditLogChangedDocument, { next: () => this.scheduleRefresh(), error: () => undefined });
    inject(DestroyRef).onDestroy(() => {
      off();
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
    });
  }

  protected filtered(): boolean {
    const f = this.filters();
    return !!(f.actor || f.action || f.from || f.to);
  }

  protected set(key: keyof AuditFilters, value: string): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? '' }));
    this.apply();
  }

  protected clear(): void {
    this.filters.set({ actor: '', action: '', from: '', to: '' });
    this.apply();
  }

  /** The URL carries the filters (a reload keeps them); the query-param subscription loads. */
  protected apply(): void {
    const f = this.filters();
    void this.router.navigate([], { relativeTo: this.route, queryParams: { actor: f.actor || null, action: f.action || null, from: f.from || null, to: f.to || null }, replaceUrl: true });
  }

  protected async load(reset: boolean): Promise<void> {
    if (!reset && this.loading()) return;
    const generation = reset ? ++this.generation : this.generation;
    if (reset) {
      this.endCursor = null;
      this.rows.set([]);
      this.hasNextPage.set(false);
    }
    this.loading.set(true);
    this.error.set(null);
    this.formError.set(null);
    this.errorField.set(null);
    try {
      const data = await this.page(this.endCursor);
      if (generation !== this.generation) return;
      this.rows.update((rows) => [...rows, ...data.nodes.map(toRow)]);
      this.hasNextPage.set(data.hasNextPage);
      this.endCursor = data.endCursor;
    } catch (error) {
      if (generation !== this.generation) return;
      const field = error instanceof GraphqlRequestError ? (error.errors[0]?.extensions?.['field'] as string | undefined) : undefined;
      if (errorCodeOf(error) === ErrorCode.BadUserInput && field && FIELD_LABELS[field]) {
        this.errorField.set(field);
        const message = (error as GraphqlRequestError).errors[0]?.message ?? '';
        this.formError.set(`${FIELD_LABELS[field]}: ${message.replace(/^[a-zA-Z]+:\s*/, '')}`);
      } else {
        this.error.set(describeError(error));
      }
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  private page(after: string | null): Promise<{ nodes: AuditEntryView[]; hasNextPage: boolean; endCursor: string | null }> {
    return this.api
      .request(AuditLogDocument, { first: PAGE, after, ...auditVariables(this.filters()) })
      .then((d) => d.auditLog);
  }

  /** A new entry was committed: put the newest ones (matching the filters) on top, once per burst. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.prependNew();
    }, 250);
  }

  private async prependNew(): Promise<void> {
    if (this.loading() || this.formError()) return;
    const generation = this.generation;
    try {
      const data = await this.page(null);
      if (generation !== this.generation) return;
      const known = new Set(this.rows().map((r) => r.entry.id));
      const fresh: AuditEntryView[] = [];
      for (const n of data.nodes) {
        if (known.has(n.id)) break;
        fresh.push(n);
      }
      if (!fresh.length) return;
      if (!this.rows().length) {
        this.hasNextPage.set(data.hasNextPage);
        this.endCursor = data.endCursor;
      }
      this.rows.update((rows) => [...fresh.map(toRow), ...rows]);
    } catch {
      // the next event or a reload shows it
    }
  }

  protected label(action: string): string {
    return actionLabel(action);
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  }
}
