import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { AddClientNoteDocument, ClientNotesDocument, ClientNotesQuery, DeleteClientNoteDocument, NotesContactChangedDocument, UpdateClientNoteDocument } from './generated/graphql';
import { afterReconnect } from './after-reconnect';

export type ClientNote = ClientNotesQuery['clientNotes']['nodes'][number];

/** SPEC E6: the seed's pages — the 5 newest first, then 3 more per "Load more". */
export const NOTES_FIRST_PAGE = 5;
export const NOTES_MORE_PAGE = 3;
/** The API's page limit: a live refetch asks for as many as are shown, at most this. */
const NOTES_PAGE_MAX = 100;
const REFETCH_COALESCE_MS = 250;
const NOTE_KINDS = new Set(['note_added', 'note_updated', 'note_deleted']);

/**
 * Issue #11 (E6): the notes of one client for the Notes widget — newest first, 5 then 3 more at a
 * time; adds, edits and deletes answered by the server; live for other operators' changes
 * (`contactChanged` note_*) and after a reconnect, keeping as many notes shown as before.
 * Provided by the widget (one per panel).
 */
@Injectable()
export class ClientNotesStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private endCursor: string | null = null;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;

  readonly notes = signal<ClientNote[]>([]);
  readonly totalCount = signal(0);
  readonly hasMore = signal(false);
  readonly loaded = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  /** Follows this client's notes (null: none). */
  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.notes.set([]);
    this.totalCount.set(0);
    this.hasMore.set(false);
    this.endCursor = null;
    this.error.set(null);
    this.loaded.set(false);
    if (!contactId) {
      this.loaded.set(true);
      return;
    }
    this.unsubscribe = this.realtime.subscribe(
      NotesContactChangedDocument,
      {
        next: (data) => {
          if (NOTE_KINDS.has(data.contactChanged.kind)) this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  /** Reads the newest notes again, as many as are shown (at least the first page). */
  async reload(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const generation = ++this.generation;
    const first = Math.min(NOTES_PAGE_MAX, Math.max(NOTES_FIRST_PAGE, this.notes().length));
    try {
      const { clientNotes } = await this.api.request(ClientNotesDocument, { contactId, first });
      if (generation !== this.generation) return;
      this.notes.set(clientNotes.nodes);
      this.totalCount.set(clientNotes.totalCount);
      this.hasMore.set(clientNotes.pageInfo.hasNextPage);
      this.endCursor = clientNotes.pageInfo.endCursor;
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    }
  }

  /** "Load more": the next 3 older notes. */
  async loadMore(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId || !this.hasMore() || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const { clientNotes } = await this.api.request(ClientNotesDocument, { contactId, first: NOTES_MORE_PAGE, after: this.endCursor });
      if (generation !== this.generation) return;
      const known = new Set(this.notes().map((n) => n.id));
      this.notes.update((list) => [...list, ...clientNotes.nodes.filter((n) => !known.has(n.id))]);
      this.totalCount.set(clientNotes.totalCount);
      this.hasMore.set(clientNotes.pageInfo.hasNextPage);
      this.endCursor = clientNotes.pageInfo.endCursor;
      this.error.set(null);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  /** Adds a note; the server's error is thrown for the form to show. */
  async add(body: string): Promise<ClientNote> {
    const contactId = this.contactId;
    if (!contactId) throw new Error('No client is open');
    const { addClientNote } = await this.api.request(AddClientNoteDocument, { input: { contactId, body } });
    if (contactId === this.contactId && !this.notes().some((n) => n.id === addClientNote.id)) {
      this.notes.update((list) => [addClientNote, ...list]);
      this.totalCount.update((n) => n + 1);
    }
    return addClientNote;
  }

  async update(id: string, body: string): Promise<ClientNote> {
    const { updateClientNote } = await this.api.request(UpdateClientNoteDocument, { input: { id, body } });
    this.notes.update((list) => list.map((n) => (n.id === id ? updateClientNote : n)));
    return updateClientNote;
  }

  async remove(id: string): Promise<void> {
    await this.api.request(DeleteClientNoteDocument, { input: { id } });
    if (this.notes().some((n) => n.id === id)) {
      this.notes.update((list) => list.filter((n) => n.id !== id));
      this.totalCount.update((n) => Math.max(0, n - 1));
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
