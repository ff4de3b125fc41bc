import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { ADMIN_AREA_ROLES } from '@parley/web/admin/util';
import { SessionStore } from '@parley/web/shared/data-access';
import { InboxList } from '@parley/web/inbox/feature-list';
import { CONVERSATION_SIDE_PANEL } from '@parley/web/inbox/data-access';
import { CrmSidePanel } from '@parley/web/crm/feature-side-panel';
import { InboxStore } from '@parley/web/inbox/data-access';
import { LiveUpdates } from '@parley/web/inbox/data-access';
import { SearchBox } from '@parley/web/search/feature-search-box';
import { MatDialog } from '@angular/material/dialog';
import { InboxViewsStore } from '@parley/web/inbox/data-access';
import { ShortcutsHelp } from '@parley/web/inbox/feature-list';
import { NotificationsBell } from '@parley/web/notifications/feature-bell';
import { StatusSwitcher } from './status-switcher';
import { followOperatorChanges } from './operator-live';
import { Notifier } from '@parley/web/notifications/data-access';

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
  imports: [MatToolbarModule, MatButtonModule, MatMenuModule, RouterOutlet, RouterLink, InboxList, SearchBox, NotificationsBell, StatusSwitcher],
  // the conversation page (a child route) shows the CRM side panel on its right
  providers: [InboxStore, LiveUpdates, InboxViewsStore, Notifier, { provide: CONVERSATION_SIDE_PANEL, useValue: CrmSidePanel }],
  templateUrl: './workspace-shell.html',
  styleUrl: './workspace-shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onDocumentKeydown($event)' },
})
export class WorkspaceShell {
  protected readonly session = inject(SessionStore);
  protected readonly inbox = inject(InboxStore);
  protected readonly live = inject(LiveUpdates);
  private readonly views = inject(InboxViewsStore);
  private readonly dialog = inject(MatDialog);
  protected readonly roleLabel = computed(() => ROLE_LABELS[this.session.role() ?? ''] ?? '');
  /** One entry into the admin area (its side navigation lists what the role may open). */
  protected readonly canAdmin = computed(() => {
    const role = this.session.role();
    return role !== null && ADMIN_AREA_ROLES.includes(role);
  });
  private readonly searchBox = viewChild(SearchBox);

  constructor() {
    // SPEC A7: sound and browser notifications, switched on the profile page
    inject(Notifier);
    void this.inbox.load();
    void this.views.init();
    this.live.events.pipe(takeUntilDestroyed()).subscribe((event) => {
      this.inbox.apply(event);
      this.views.scheduleCounts();
    });
    this.live.start();
    followOperatorChanges();
    // the list loaded above may predate the subscription (a chat that arrived in between would be
    // missing): refetch each time the server says the subscription is in place, also after a reconnect
    let seenSubscriptions = this.live.subscriptions();
    effect(() => {
      const count = this.live.subscriptions();
      if (count !== seenSubscriptions) {
        seenSubscriptions = count;
        untracked(() => {
          void this.inbox.load();
          void this.views.refreshCounts();
        });
      }
    });
  }

  protected logout(): void {
    void this.session.logout();
  }

  protected onDocumentKeydown(event: KeyboardEvent): void {
    if (!event.defaultPrevented && !event.altKey && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target)) {
      if (event.key === '?') {
        event.preventDefault();
        if (this.dialog.openDialogs.length === 0) this.dialog.open(ShortcutsHelp, { autoFocus: 'dialog', ariaLabel: 'Keyboard shortcuts', width: '520px' });
        return;
      }
      // j/k from anywhere outside the list (and outside dialogs) jumps into it
      const inList = event.target instanceof HTMLElement && event.target.closest('[role="listbox"], .cdk-overlay-container');
      const row = document.querySelector<HTMLElement>('[data-testid="conversation-row"][tabindex="0"]');
      if ((event.key === 'j' || event.key === 'k') && !inList && row) {
        event.preventDefault();
        row.focus();
        return;
      }
    }
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
