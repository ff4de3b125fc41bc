import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { ThreadItem } from '@parley/web/inbox/data-access';
import { NOTE_ADDED } from './tools-operations';
import { Note } from './tools-models';
import { AddNoteDocument, ConversationNotesDocument } from './generated/graphql';

export type TimelineItem = ThreadItem | { kind: 'note'; note: Note };

/**
 * Puts each note after the message with seq = afterSeq. While older messages are not loaded
 * (`hasMore`), notes before the first loaded message wait with them; the operator's unconfirmed
 * messages stay last.
 */
export function withNotes(items: readonly ThreadItem[], notes: readonly Note[], hasMore: boolean): TimelineItem[] {
  const first = items.find((i): i is Extract<ThreadItem, { kind: 'message' }> => i.kind === 'message');
  const firstSeq = first ? first.message.seq : Infinity;
  const pending = [...notes]
    .filter((n) => !hasMore || n.afterSeq >= firstSeq)
    .sort((a, b) => a.afterSeq - b.afterSeq || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const out: TimelineItem[] = [];
  let i = 0;
  for (const item of items) {
    if (item.kind === 'message') {
      while (i < pending.length && pending[i].afterSeq < item.message.seq) out.push({ kind: 'note', note: pending[i++] });
    } else {
      while (i < pending.length) out.push({ kind: 'note', note: pending[i++] });
    }
    out.push(item);
  }
  while (i < pending.length) out.push({ kind: 'note', note: pending[i++] });
  return out;
}

/** Merges by id, keeping thread order. */
export function mergeNotes(existing: readonly Note[], incoming: readonly Note[]): Note[] {
  const byId = new Map(existing.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.afterSeq - b.afterSeq || a.createdAt.localeCompare(b.createdAt));
}

/** The private notes of the open conversation (SPEC A11): loaded, live, and written from the composer. */
@Injectable()
export class NotesStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private unsubscribe: (() => void) | null = null;
  private conversationId: string | null = null;
  readonly notes = signal<Note[]>([]);
  readonly saving = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.unsubscribe?.());
  }

  open(id: string): void {
    if (this.conversationId === id) return;
    this.conversationId = id;
    this.notes.set([]);
    this.error.set(null);
    this.unsubscribe?.();
    this.unsubscribe = this.realtime.subscribe<{ noteAdded: Note }>(
      NOTE_ADDED,
      { next: (d) => this.conversationId === id && this.notes.update((list) => mergeNotes(list, [d.noteAdded])), error: () => undefined },
      { conversationId: id },
    );
    void this.reload();
  }

  async reload(): Promise<void> {
    const id = this.conversationId;
    if (!id) return;
    try {
      const r = await this.api.request(ConversationNotesDocument, { conversationId: id });
      if (this.conversationId === id) this.notes.update((list) => mergeNotes(list, r.conversationNotes));
    } catch {
      // the conversation's own error banner tells the operator; notes follow on the next reload
    }
  }

  async add(body: string): Promise<boolean> {
    const id = this.conversationId;
    if (!id) return false;
    this.saving.set(true);
    this.error.set(null);
    try {
      const r = await this.api.request(AddNoteDocument, { input: { conversationId: id, clientId: crypto.randomUUID(), body } });
      if (this.conversationId === id) this.notes.update((list) => mergeNotes(list, [r.addNote]));
      return true;
    } catch (e) {
      this.error.set(`The note was not saved: ${describeError(e)}`);
      return false;
    } finally {
      this.saving.set(false);
    }
  }
}
