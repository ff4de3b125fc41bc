import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '../auth/session-store';
import { InboxList } from '../inbox/inbox-list';
import { InboxStore } from '../inbox/inbox-store';
import { LiveUpdates } from '../inbox/live-updates';
import { SearchBox } from '../search/search-box';
import { NotificationMenu } from '../notifications/notification-menu';

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  agent: 'Agent',
  observer: 'Observer',
};

/** Whether a key press happened while the operator was typing somewhere. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * `/inbox`: top bar, inbox list, and the routed conversation. Owns the session-long state: the
 * inbox list and the single live subscription.
 */
@Component({
  selector: 'pl-workspace-shell',
  imports: [MatToolbarModule, MatButtonModule, RouterOutlet, RouterLink, InboxList, SearchBox, NotificationMenu],
  providers: [InboxStore, LiveUpdates],
  templateUrl: './workspace-shell.html',
  styleUrl: './workspace-shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onDocumentKeydown($event)' },
})
export class WorkspaceShell {
  protected readonly session = inject(SessionStore);
  protected readonly inbox = inject(InboxStore);
  protected readonly live = inject(LiveUpdates);
  protected readonly roleLabel = computed(() => ROLE_LABELS[this.session.role() ?? ''] ?? '');
  protected readonly isAdmin = computed(() => this.session.role() === OperatorRole.admin);
  private readonly searchBox = viewChild(SearchBox);

  constructor() {
    void this.inbox.load();
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => this.inbox.apply(event));
    this.live.start();
    let seenReconnections = this.live.reconnections();
    effect(() => {
      const count = this.live.reconnections();
      if (count !== seenReconnections) {
        seenReconnections = count;
        untracked(() => void this.inbox.load());
      }
    });
  }

  protected logout(): void {
    void this.session.logout();
  }

  protected onDocumentKeydown(event: KeyboardEvent): void {
    if (event.key === '/' && !event.altKey && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target)) {
      event.preventDefault();
      this.searchBox()?.focus();
      return;
    }
    if (event.key !== 'r' || event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return;
    const composer = document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]');
    if (composer) {
      event.preventDefault();
      composer.focus();
    }
  }
}
