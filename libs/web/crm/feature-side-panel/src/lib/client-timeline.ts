import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { Clock } from '@parley/web/shared/util';
import { describeError } from '@parley/web/shared/util';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Conversation, InboxEvent } from '@parley/web/shared/data-access';
import { LiveUpdates } from '@parley/web/inbox/data-access';
import { messageTime } from '@parley/web/shared/util';
import { statusLabel } from '@parley/web/inbox/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';
import { NotesStore } from '@parley/web/tools/data-access';
import { TimelineConversation } from '@parley/web/tools/data-access';
import { ClientTimelineService } from '@parley/web/crm/data-access';

const PAGE = 5;

/**
 * The client's conversations on every channel, newest first (keyset-paged), in the CRM side panel.
 * Any of them opens; another one can be merged into the open conversation (one timeline).
 */
@Component({
  selector: 'pl-client-timeline',
  imports: [MatButtonModule, RouterLink],
  template: `
    <h3 id="timeline-title">Client timeline</h3>
    @if (error(); as e) {
      <p class="error" role="alert" data-testid="timeline-error">{{ e }}</p>
    }
    <ul class="timeline" aria-labelledby="timeline-title" data-testid="client-timeline">
      @for (c of shown(); track c.id) {
        <li [class.current]="c.id === conversation()?.id" data-testid="timeline-item">
          <a [routerLink]="['/inbox', c.id]" [attr.aria-current]="c.id === conversation()?.id ? 'page' : null">
            <span class="channel">{{ c.channel.name }}</span>
            <span class="status">{{ statusLabel(c.status) }}</span>
            <time [attr.datetime]="c.lastMessageAt">{{ time(c.lastMessageAt) }}</time>
            <span class="preview">{{ c.lastMessagePreview || 'No messages' }}</span>
          </a>
          @if (c.id !== conversation()?.id && canMerge()) {
            <button mat-button type="button" data-testid="timeline-merge" [disabled]="merging() !== null" (click)="merge(c)"
              [attr.aria-label]="'Merge the ' + c.channel.name + ' conversation into this one'">
              {{ merging() === c.id ? 'Merging…' : 'Merge into this' }}
            </button>
          }
        </li>
      } @empty {
        @if (!loading()) {
          <li class="empty">No other conversations with this client yet.</li>
        }
      }
    </ul>
    @if (loading()) {
      <p class="empty" role="status">Loading…</p>
    } @else if (hasMore()) {
      <button mat-button type="button" data-testid="timeline-more" (click)="load(false)">Show older</button>
    }
  `,
  styles: `
    h3 { margin: 24px 0 8px; font: var(--mat-sys-title-small); color: var(--mat-sys-on-surface-variant); }
    .timeline { list-style: none; margin: 0; padding: 0; }
    li { padding: 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    li.current { font-weight: 600; }
    a { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; color: inherit; text-decoration: none; }
    a:focus-visible { outline: 2px solid var(--mat-sys-primary); }
    .status, time { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    .preview { grid-column: 1 / -1; font: var(--mat-sys-body-small); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .empty { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClientTimeline {
  readonly conversation = input<Conversation | null>(null);
  private readonly timeline = inject(ClientTimelineService);
  private readonly clock = inject(Clock);
  private readonly session = inject(SessionStore);
  private readonly thread = inject(ThreadStore, { optional: true });
  private readonly notes = inject(NotesStore, { optional: true });
  private readonly inbox = inject(InboxStore, { optional: true });
  protected readonly items = signal<TimelineConversation[]>([]);
  protected readonly hasMore = signal(false);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly merging = signal<string | null>(null);
  protected readonly statusLabel = statusLabel;
  private cursor: string | null = null;
  private contactId: string | null = null;
  protected readonly canMerge = computed(() => {
    const role = this.session.role();
    return role !== null && ROLES_THAT_REPLY.includes(role);
  });

  /**
   * Issue #17: the list as loaded, following the open conversation (status, last message,
   * assignee) as the header shows it, so the panel never says "Queued" next to "Open".
   */
  protected readonly shown = computed(() => {
    const open = this.conversation();
    const list = this.items();
    return open ? list.map((c) => (c.id === open.id ? followed(c, open) : c)) : list;
  });

  constructor() {
    // the client's other conversations change too (another operator closes one, a new e-mail arrives)
    inject(LiveUpdates, { optional: true })
      ?.events.pipe(takeUntilDestroyed())
      .subscribe((event) => this.applyEvent(event));
    effect(() => {
      const contactId = this.conversation()?.contact?.id ?? null;
      untracked(() => {
        if (contactId === this.contactId) return;
        this.contactId = contactId;
        this.items.set([]);
        this.cursor = null;
        if (contactId) void this.load(true);
      });
    });
  }

  private applyEvent(event: InboxEvent): void {
    const c = event.conversation;
    const known = this.items().some((x) => x.id === c.id);
    if (event.kind === 'conversation_deleted') {
      if (known) this.items.update((list) => list.filter((x) => x.id !== c.id));
      return;
    }
    if (known) {
      // moved to another contact (Parley.identify, a merge): no longer on this client's timeline
      if (c.contact && c.contact.id !== this.contactId) this.items.update((list) => list.filter((x) => x.id !== c.id));
      else this.items.update((list) => list.map((x) => (x.id === c.id ? followed(x, c) : x)));
    } else if (this.contactId && c.contact?.id === this.contactId && event.kind !== 'conversation_removed') {
      this.items.update((list) => [followed(c, c), ...list]);
    }
  }

  protected time(iso: string): string {
    return messageTime(iso, this.clock.now());
  }

  async load(fresh: boolean): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.timeline.page(contactId, PAGE, fresh ? null : this.cursor);
      if (contactId !== this.contactId) return;
      this.items.update((list) => (fresh ? page.nodes : [...list, ...page.nodes.filter((n) => !list.some((x) => x.id === n.id))]));
      this.cursor = page.pageInfo.endCursor;
      this.hasMore.set(page.pageInfo.hasNextPage);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  protected async merge(other: TimelineConversation): Promise<void> {
    const current = this.conversation();
    if (!current) return;
    this.merging.set(other.id);
    this.error.set(null);
    try {
      this.inbox?.applyConversation(await this.timeline.merge(current.id, other.id));
      this.thread?.reload();
      void this.notes?.reload();
      await this.load(true);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.merging.set(null);
    }
  }
}

/** A timeline entry with what a newer copy of its conversation says. */
function followed(entry: TimelineConversation, c: Pick<Conversation, 'id' | 'status' | 'lastMessageAt' | 'lastMessagePreview' | 'channel' | 'assignee'>): TimelineConversation {
  return { id: entry.id, status: c.status, lastMessageAt: c.lastMessageAt, lastMessagePreview: c.lastMessagePreview, channel: c.channel ?? entry.channel, assignee: c.assignee ?? null };
}
