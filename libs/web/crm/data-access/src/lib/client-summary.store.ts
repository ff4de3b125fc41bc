import { computed, DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { afterReconnect } from './after-reconnect';
import { ClientSummaryDocument, ClientSummaryQuery, SummarizeClientDocument, SummaryContactChangedDocument } from './generated/graphql';

export type ClientSummaryState = ClientSummaryQuery['clientSummary'];
export type ClientSummary = NonNullable<ClientSummaryState['summary']>;
export type ClientSummaryRun = NonNullable<ClientSummaryState['run']>;

const ACTIVE = new Set(['queued', 'collecting', 'asking']);
const REFETCH_COALESCE_MS = 150;
/** While a run is active and no event comes (a missed one), the state is read again this often. */
const ACTIVE_POLL_MS = 3000;

/**
 * Issue #11 (E7): one client's AI summary for the summary widget — the saved summary, the latest
 * run with its stage, whether summaries are on; "Summarise" / "Refresh" start a run on the server,
 * whose stages arrive live (`contactChanged` summary_changed; a slow poll while a run is active
 * covers a missed event). Provided by the widget.
 */
@Injectable()
export class ClientSummaryStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  readonly state = signal<ClientSummaryState | null>(null);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  readonly starting = signal(false);
  readonly summary = computed(() => this.state()?.summary ?? null);
  readonly run = computed(() => this.state()?.run ?? null);
  readonly running = computed(() => this.starting() || ACTIVE.has(this.run()?.state ?? ''));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.state.set(null);
    this.error.set(null);
    this.loaded.set(false);
    if (!contactId) {
      this.loaded.set(true);
      return;
    }
    this.unsubscribe = this.realtime.subscribe(
      SummaryContactChangedDocument,
      {
        next: (data) => {
          if (data.contactChanged.kind === 'summary_changed') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const generation = ++this.generation;
    try {
      const { clientSummary } = await this.api.request(ClientSummaryDocument, { contactId });
      if (generation !== this.generation) return;
      this.state.set(clientSummary);
      this.error.set(null);
      this.loaded.set(true);
      this.pollWhileActive();
    } catch (error) {
      if (generation === this.generation) {
        this.error.set(describeError(error));
        this.loaded.set(true);
      }
    }
  }

  /** Starts a summary (or a refresh of the saved one) in `language`; the server's refusal is thrown for the widget to show. */
  async summarize(refresh: boolean, language: string): Promise<void> {
    const contactId = this.contactId;
    if (!contactId || this.running()) return;
    this.starting.set(true);
    try {
      const { summarizeClient } = await this.api.request(SummarizeClientDocument, { input: { contactId, refresh, language } });
      if (contactId !== this.contactId) return;
      this.state.update((s) => (s ? { ...s, run: summarizeClient } : s));
      this.pollWhileActive();
    } finally {
      this.starting.set(false);
    }
  }

  private pollWhileActive(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (!ACTIVE.has(this.run()?.state ?? '')) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.reload();
    }, ACTIVE_POLL_MS);
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      void this.reload();
    }, REFETCH_COALESCE_MS);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.refetchTimer) clearTimeout(this.refetchTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.refetchTimer = null;
    this.pollTimer = null;
    this.generation++;
  }
}
