import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { VisitActivityDocument, VisitorVisitDocument, VisitorVisitQuery } from './generated/graphql';
import { afterReconnect } from './after-reconnect';

export type VisitorVisit = NonNullable<VisitorVisitQuery['visitorVisit']>;

/** Refetches that arrive closer together than this are merged (a visitor clicking through pages). */
const REFETCH_COALESCE_MS = 400;

/**
 * SPEC E8: the visit behind the open conversation for the Visit widget — loaded per conversation,
 * read again when the visitor opens another page (conversationActivity `visit`) and after a
 * reconnect. Provided by the widget (one per panel).
 */
@Injectable()
export class VisitStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private conversationId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;

  readonly visit = signal<VisitorVisit | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** False until the first answer for this conversation: "no visit" is only said once known. */
  readonly loaded = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    // a page opened while the socket was down announced nothing: read the visit again
    afterReconnect(this.realtime, () => void this.reload());
  }

  /** Follows this conversation's visit (null: none). */
  open(conversationId: string | null): void {
    if (conversationId === this.conversationId) return;
    this.stop();
    this.conversationId = conversationId;
    this.visit.set(null);
    this.loaded.set(false);
    this.error.set(null);
    if (!conversationId) {
      this.loaded.set(true);
      return;
    }
    this.unsubscribe = this.realtime.subscribe(
      VisitActivityDocument,
      {
        next: (data) => {
          if (data.conversationActivity.kind === 'visit') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { conversationId },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const id = this.conversationId;
    if (!id) return;
    const generation = ++this.generation;
    this.loading.set(true);
    try {
      const data = await this.api.request(VisitorVisitDocument, { conversationId: id });
      if (generation !== this.generation) return;
      this.visit.set(data.visitorVisit);
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
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
    this.refetchTimer = null;
    this.generation++;
  }
}
