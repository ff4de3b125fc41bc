import { Injectable, inject, signal } from '@angular/core';
import { TagEventsDocument, TagEventsSubscription } from './generated/graphql';
import { RealtimeClient } from './realtime-client';
import { SessionStore } from './session-store';

export type TagEvent = TagEventsSubscription['tagEvents'];
export type TagJob = NonNullable<TagEvent['job']>;
interface TagLike {
  id: string;
  name: string;
  color?: string;
}

/**
 * E1: one subscription to the workspace's tag events for every screen. Renames and recolours that
 * finished since the screen loaded (`changed`) and deleted tags (`deleted`) are applied to any tag
 * list with `apply`, so the panel, the inbox rows and the admin page show the new name at once.
 */
@Injectable({ providedIn: 'root' })
export class TagEventsStore {
  private readonly realtime = inject(RealtimeClient);
  private readonly session = inject(SessionStore);
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<(e: TagEvent) => void>();

  readonly changed = signal<ReadonlyMap<string, { name: string; color: string }>>(new Map());
  readonly deleted = signal<ReadonlySet<string>>(new Set());
  /** The latest state of the job the workspace runs (or ran last). */
  readonly job = signal<TagJob | null>(null);

  ensureStarted(): void {
    if (this.unsubscribe || !this.session.isAuthenticated()) return;
    this.unsubscribe = this.realtime.subscribe(TagEventsDocument, { next: (data) => this.receive(data.tagEvents), error: () => undefined });
  }

  /** Also for tests: what one event does. */
  receive(e: TagEvent): void {
    if (e.job) this.job.set(e.job);
    const tag = e.tag;
    if (tag && e.kind === 'tag_updated') this.changed.update((m) => new Map(m).set(tag.id, { name: tag.name, color: tag.color }));
    if (tag && e.kind === 'tag_deleted') this.deleted.update((s) => new Set(s).add(tag.id));
    this.listeners.forEach((l) => l(e));
  }

  /** Calls `listener` for every event until the returned function is called. */
  listen(listener: (e: TagEvent) => void): () => void {
    this.ensureStarted();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The list as it is now: deleted tags gone, renamed / recoloured ones with their new name and colour. */
  apply<T extends TagLike>(tags: readonly T[] | null | undefined): T[] {
    const changed = this.changed();
    const deleted = this.deleted();
    return (tags ?? []).filter((t) => !deleted.has(t.id)).map((t) => (changed.has(t.id) ? { ...t, ...changed.get(t.id) } : t));
  }
}
