import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { Clock } from '../core/clock';
import { Conversation, ConversationView } from '../core/models';
import { relativeTime } from '../core/relative-time';
import { contactName, statusLabel } from './conversation-labels';
import { InboxStore } from './inbox-store';

const EMPTY_TEXT: Record<ConversationView, string> = {
  all: 'No conversations yet. Open /demo in another tab and start a chat to see it arrive here.',
  mine: 'Nothing is assigned to you. Take a conversation from the Queue, or reply to one, to make it yours.',
  queue: 'The queue is empty. New chats wait here until an operator takes them.',
};

@Component({
  selector: 'pl-inbox-list',
  imports: [MatButtonModule, MatButtonToggleModule, MatProgressBarModule],
  templateUrl: './inbox-list.html',
  styleUrl: './inbox-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxList {
  protected readonly store = inject(InboxStore);
  private readonly router = inject(Router);
  private readonly clock = inject(Clock);
  private readonly listbox = viewChild<ElementRef<HTMLElement>>('listbox');

  protected readonly activeIndex = signal(0);
  protected readonly emptyText = computed(() => EMPTY_TEXT[this.store.view()]);
  protected readonly contactName = contactName;
  protected readonly statusLabel = statusLabel;
  protected readonly rowId = rowId;

  constructor() {
    // Keep the keyboard cursor on the open conversation as the list reorders.
    effect(() => {
      const selected = this.store.selectedId();
      const index = this.store.conversations().findIndex((c) => c.id === selected);
      if (index >= 0) this.activeIndex.set(index);
      else this.activeIndex.update((i) => Math.min(i, Math.max(0, this.store.conversations().length - 1)));
    });
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
