import { ChangeDetectionStrategy, Component, OnDestroy, OnInit, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ClientFilterInput, ClientListStore, ClientRow, ClientRowDocument, ClientRowQuery, ClientTimelineService, ContactConversationsQuery } from '@parley/web/crm/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf } from '@parley/web/shared/util';
import { ErrorCode } from '@parley/shared/contracts';

/** Free text shorter than this is not sent (the API refuses it). */
export const CLIENT_QUERY_MIN = 3;
const TEXT_DEBOUNCE_MS = 300;

type FieldType = 'text' | 'number' | 'decimal' | 'date' | 'select' | 'multi_select' | 'boolean' | 'link';

/** The filter form as the side column holds it. */
export interface ClientFilterForm {
  query: string;
  tagIds: string[];
  tagMatch: 'any' | 'all';
  /** '' any owner, 'none' unassigned, else an operator id. */
  owner: string;
  createdFrom: string;
  createdTo: string;
  fieldId: string;
  fieldType: FieldType | null;
  equals: string;
  min: string;
  max: string;
  contains: string[];
}

export const EMPTY_FILTER: ClientFilterForm = { query: '', tagIds: [], tagMatch: 'any', owner: '', createdFrom: '', createdTo: '', fieldId: '', fieldType: null, equals: '', min: '', max: '', contains: [] };

/** The API's filter for the form: empty parts left out, a too short search not sent. */
export function toClientFilter(f: ClientFilterForm): ClientFilterInput {
  const out: ClientFilterInput = {};
  const q = f.query.trim();
  if (q.length >= CLIENT_QUERY_MIN) out.query = q;
  if (f.tagIds.length) {
    out.tagIds = f.tagIds;
    out.tagMatch = f.tagMatch;
  }
  if (f.owner === 'none') out.unassigned = true;
  else if (f.owner) out.ownerId = f.owner;
  if (f.createdFrom) out.createdFrom = f.createdFrom;
  if (f.createdTo) out.createdTo = f.createdTo;
  if (f.fieldId && f.fieldType) {
    const range = f.fieldType === 'number' || f.fieldType === 'decimal' || f.fieldType === 'date';
    if (f.fieldType === 'multi_select') {
      if (f.contains.length) out.customFields = [{ fieldId: f.fieldId, contains: f.contains }];
    } else if (range) {
      if (f.min.trim() || f.max.trim()) out.customFields = [{ fieldId: f.fieldId, ...(f.min.trim() ? { min: f.min.trim() } : {}), ...(f.max.trim() ? { max: f.max.trim() } : {}) }];
    } else if (f.equals.trim()) out.customFields = [{ fieldId: f.fieldId, equals: f.equals.trim() }];
  }
  return out;
}

/**
 * Issue #11 (E2): the Clients page — every client of the workspace, newest first, with the filters
 * in a side column (free text, tags any/all, owner or unassigned, created dates, one custom field),
 * "Load more" by cursor, loading / empty / error states, live rows; a client opens its card with
 * its conversations.
 */
@Component({
  selector: 'pl-clients-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatTableModule, RouterLink],
  providers: [ClientListStore],
  templateUrl: './clients-page.html',
  styleUrl: './clients-page.scss',
})
export class ClientsPage implements OnInit, OnDestroy {
  readonly store = inject(ClientListStore);
  private readonly api = inject(ApiClient);
  private readonly timeline = inject(ClientTimelineService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private textTimer: ReturnType<typeof setTimeout> | null = null;

  readonly form = signal<ClientFilterForm>({ ...EMPTY_FILTER });
  readonly columns = ['name', 'email', 'phone', 'owner', 'tags', 'created'];
  readonly queryTooShort = computed(() => {
    const q = this.form().query.trim();
    return q.length > 0 && q.length < CLIENT_QUERY_MIN;
  });
  readonly field = computed(() => this.store.choices()?.customFields.find((f) => f.id === this.form().fieldId) ?? null);
  readonly owners = computed(() => (this.store.choices()?.teammates ?? []).filter((o) => o.role !== 'observer'));

  // the open client's card
  readonly openId = signal<string | null>(null);
  readonly card = signal<ClientRowQuery['contact'] | null>(null);
  readonly cardConversations = signal<ContactConversationsQuery['contactConversations']['nodes']>([]);
  readonly cardLoading = signal(false);
  readonly cardError = signal<string | null>(null);

  ngOnInit(): void {
    this.store.start();
    void this.store.load({});
  }

  ngOnDestroy(): void {
    this.store.stop();
    if (this.textTimer) clearTimeout(this.textTimer);
  }

  patch(change: Partial<ClientFilterForm>, debounce = false): void {
    this.form.update((f) => ({ ...f, ...change }));
    if (this.textTimer) clearTimeout(this.textTimer);
    if (debounce) this.textTimer = setTimeout(() => this.apply(), TEXT_DEBOUNCE_MS);
    else this.apply();
  }

  toggleTag(id: string, on: boolean): void {
    const ids = this.form().tagIds.filter((t) => t !== id);
    this.patch({ tagIds: on ? [...ids, id] : ids });
  }

  chooseField(id: string): void {
    const f = this.store.choices()?.customFields.find((x) => x.id === id) ?? null;
    this.patch({ fieldId: id, fieldType: (f?.type as FieldType) ?? null, equals: '', min: '', max: '', contains: [] });
  }

  clear(): void {
    this.form.set({ ...EMPTY_FILTER });
    this.apply();
  }

  apply(): void {
    void this.store.load(toClientFilter(this.form()));
  }

  async open(row: ClientRow): Promise<void> {
    this.openId.set(row.id);
    await this.loadCard(row.id);
  }

  close(): void {
    this.openId.set(null);
    this.card.set(null);
    // a card opened by its link (/clients?client=…, e.g. from a task's notification): the address follows
    if (this.route.snapshot.queryParamMap.has('client')) void this.router.navigate([], { relativeTo: this.route, queryParams: { client: null }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  async loadCard(id: string): Promise<void> {
    this.cardLoading.set(true);
    this.cardError.set(null);
    try {
      const [{ contact }, conversations] = await Promise.all([this.api.request(ClientRowDocument, { id }), this.timeline.page(id, 10, null)]);
      if (this.openId() !== id) return;
      this.card.set(contact);
      this.cardConversations.set(conversations.nodes);
    } catch (e) {
      if (this.openId() === id) this.cardError.set(errorCodeOf(e) === ErrorCode.NotFound ? 'This client no longer exists or is not visible to you.' : describeError(e));
    } finally {
      if (this.openId() === id) this.cardLoading.set(false);
    }
  }

  constructor() {
    // /clients?client=<id> opens that client's card (links from notifications and elsewhere)
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const id = params.get('client');
      if (id && id !== this.openId()) {
        this.openId.set(id);
        void this.loadCard(id);
      }
    });
    // the open card follows its row when another operator edits the client (the row is read again live)
    effect(() => {
      const rows = this.store.rows();
      untracked(() => {
        const card = this.card();
        const row = card && rows.find((r) => r.id === card.id);
        if (card && row && row.updatedAt !== card.updatedAt && !this.cardLoading()) void this.loadCard(card.id);
      });
    });
  }

  created(at: string | null): string {
    return at ? new Date(at).toLocaleDateString() : '';
  }

  valueOf(v: { value: string | null; values: string[] | null }): string {
    return v.values?.length ? v.values.join(', ') : (v.value ?? '');
  }
}
