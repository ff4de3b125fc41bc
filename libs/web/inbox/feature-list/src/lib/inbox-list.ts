import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { Clock } from '@parley/web/shared/util';
import { Conversation, ConversationView, Tag, TagEventsStore } from '@parley/web/shared/data-access';
import { relativeTime } from '@parley/web/shared/util';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { ConversationPriority, tagTextColor } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ContactAvatar } from '@parley/web/inbox/ui';
import { contactName, statusLabel } from '@parley/web/inbox/data-access';
import { priorityLabel } from '@parley/web/inbox/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { InboxToolbar } from './inbox-toolbar';
import { InboxViewsStore } from '@parley/web/inbox/data-access';
import { SNOOZE_SHORTCUT_MS } from './keyboard-shortcuts';

const EMPTY_TEXT: Record<ConversationView, string> = {
  all: 'No conversations yet. Open /demo in another tab and start a chat to see it arrive here.',
  mine: 'Nothing is assigned to you. Take a conversation from the Queue, or reply to one, to make it yours.',
  queue: 'Nothing is waiting: no unassigned chats. New chats wait here until an operator takes them.',
  pending: 'Nothing is pending. Set a conversation to pending when it waits for the client.',
  closed: 'No closed conversations here yet. Close a conversation (c) when it is done.',
  snoozed: 'Nothing is snoozed. Snooze a conversation (s) to hide it for an hour; it comes back by itself.',
};

/** The views in the order of the switcher, with their labels. */
export const VIEWS: ReadonlyArray<{ view: ConversationView; label: string }> = [
  { view: 'mine', label: 'Mine' },
  { view: 'queue', label: 'Unassigned' },
  { view: 'all', label: 'All' },
  { view: 'pending', label: 'Pending' },
  { view: 'closed', label: 'Closed' },
  { view: 'snoozed', label: 'Snoozed' },
];

@Component({
  selector: 'pl-inbox-list',
  imports: [MatButtonModule, MatButtonToggleModule, MatProgressBarModule, MatCheckboxModule, InboxToolbar, ContactAvatar],
  templateUrl: './inbox-list.html',
  styleUrl: './inbox-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxList {
  protected readonly store = inject(InboxStore);
  protected readonly views = inject(InboxViewsStore);
  private readonly session = inject(SessionStore);
  protected readonly viewList = VIEWS;
  protected readonly priorityLabel = priorityLabel;
  protected readonly normal = ConversationPriority.normal;
  private readonly router = inject(Router);
  private readonly clock = inject(Clock);
  private readonly listbox = viewChild<ElementRef<HTMLElement>>('listbox');

  protected readonly activeIndex = signal(0);
  protected readonly emptyText = computed(() => EMPTY_TEXT[this.store.view()]);
  protected readonly contactName = contactName;
  protected readonly statusLabel = statusLabel;
  private readonly tagEvents = inject(TagEventsStore);
  protected readonly textColor = tagTextColor;

  /** E1: the client's pinned tags, shown by the name (renames by an admin applied live). */
  protected pinnedTags(c: Conversation): Tag[] {
    return this.tagEvents.apply(c.contact?.tags).filter((t) => t.pinned);
  }

  protected liveTags(tags: readonly Tag[] | null | undefined): Tag[] {
    return this.tagEvents.apply(tags);
  }
  protected readonly rowId = rowId;
  /** Observers take no bulk action (they cannot reply, assign, close or tag): no row checkboxes. */
  protected readonly canSelect = computed(() => this.session.canReply());

  constructor() {
    this.tagEvents.ensureStarted();
    // Keep the keyboard cursor on the open conversation as the list reorders.
    effect(() => {
      const selected = this.store.selectedId();
      const index = this.store.conversations().findIndex((c) => c.id === selected);
      if (index >= 0) this.activeIndex.set(index);
      else this.activeIndex.update((i) => Math.min(i, Math.max(0, this.store.conversations().length - 1)));
    });
  }

  protected unread(conversation: Conversation): boolean {
    return conversation.lastSeq > conversation.operatorReadSeq;
  }

  protected badge(view: ConversationView): number {
    return this.views.counts()[view] ?? 0;
  }

  /** The ticked rows, or the row under the keyboard cursor when none is ticked. */
  private targets(): string[] {
    const checked = this.store.checkedIds();
    if (checked.length) return checked;
    const active = this.store.conversations()[this.activeIndex()];
    return active ? [active.id] : [];
  }

  protected time(conversation: Conversation): string {
    return relativeTime(conversation.lastMessageAt, this.clock.now());
  }

  protected setView(view: ConversationView): void {
    this.activeIndex.set(0);
    this.store.setView(view);
  }

  protected open(conversation: Conversation, index: number): void {
    this.activeIndex.set(index);
    void this.router.navigate(['/inbox', conversation.id]);
  }

  private async act(key: 'c' | 'a' | 's'): Promise<void> {
    const ids = this.targets();
    const me = this.session.operator()?.id;
    if (key === 'c') await this.views.closeMany(ids);
    else if (key === 'a' && me) await this.views.assignMany(ids, me);
    else if (key === 's') await this.views.snoozeMany(ids, new Date(Date.now() + SNOOZE_SHORTCUT_MS));
    this.focusActive();
  }

  /** Keeps keyboard focus in the list after rows moved or left. */
  private focusActive(): void {
    setTimeout(() => {
      const list = this.store.conversations();
      const conversation = list[Math.min(this.activeIndex(), list.length - 1)];
      if (conversation) this.listbox()?.nativeElement.querySelector<HTMLElement>(`#${CSS.escape(rowId(conversation))}`)?.focus();
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    const list = this.store.conversations();
    if (list.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    let index = this.activeIndex();
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        index = Math.min(index + 1, list.length - 1);
        break;
      case 'k':
      case 'ArrowUp':
        index = Math.max(index - 1, 0);
        break;
      case 'Home':
        index = 0;
        break;
      case 'End':
        index = list.length - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.open(list[index], index);
        return;
      case 'x':
        if (!this.canSelect()) return;
        event.preventDefault();
        this.store.toggleChecked(list[index].id);
        return;
      case 'Escape':
        if (this.store.checkedIds().length === 0) return;
        event.preventDefault();
        this.store.clearChecked();
        return;
      case 'c':
      case 'a':
      case 's':
        if (event.shiftKey || !this.session.canReply()) return;
        event.preventDefault();
        void this.act(event.key as 'c' | 'a' | 's');
        return;
      default:
        return;
    }
    event.preventDefault();
    this.activeIndex.set(index);
    const row = this.listbox()?.nativeElement.querySelector<HTMLElement>(`#${CSS.escape(rowId(list[index]))}`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }
}

function rowId(conversation: Conversation): string {
  return `conversation-${conversation.id}`;
}
