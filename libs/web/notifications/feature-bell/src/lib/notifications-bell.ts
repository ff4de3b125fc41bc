import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { Router } from '@angular/router';
import { Notifier } from '@parley/web/notifications/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { AppNotification } from '@parley/web/tools/data-access';
import { MarkNotificationsReadDocument, NotificationAddedDocument, NotificationsDocument } from '@parley/web/tools/data-access';

const KIND_TEXT: Record<AppNotification['kind'], string> = {
  mention: 'mentioned you in a note',
  invited: 'invited you into a conversation',
  transferred: 'transferred a conversation to you',
  task_due: 'set you a task that is due now',
};

/** The same, naming the conversation's contact as the inbox does (issue #17). */
const WITH_CONTACT_TEXT: Record<AppNotification['kind'], (who: string) => string> = {
  mention: (who) => `mentioned you in a note on ${who}`,
  invited: (who) => `invited you into the conversation with ${who}`,
  transferred: (who) => `transferred the conversation with ${who} to you`,
  task_due: (who) => `set you a task on ${who} that is due now`,
};

/** The top bar's notifications (mentions, invitations, transfers, tasks due) with the unread count, live. */
@Component({
  selector: 'pl-notifications-bell',
  imports: [MatBadgeModule, MatButtonModule, MatMenuModule],
  template: `
    <button
      mat-button
      type="button"
      data-testid="notifications"
      [matMenuTriggerFor]="menu"
      (menuOpened)="reload()"
      [matBadge]="unread() || null"
      matBadgeColor="warn"
      [attr.aria-label]="unread() ? 'Notifications, ' + unread() + ' unread' : 'Notifications'"
    >
      Notifications
    </button>
    <mat-menu #menu="matMenu" class="pl-notifications" aria-label="Notifications">
      @if (error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
      @for (n of items(); track n.id) {
        <button mat-menu-item type="button" data-testid="notification" [class.unread]="!n.readAt" (click)="open(n)">
          <span class="line"><strong>{{ n.actorName || 'Someone' }}</strong> {{ text(n) }}</span>
          @if (n.preview) {
            <span class="preview">{{ n.preview }}</span>
          }
        </button>
      } @empty {
        <p class="empty">Nothing yet. When a colleague mentions you with &#64;your name in a note, it shows here.</p>
      }
      @if (unread()) {
        <button mat-menu-item type="button" data-testid="notifications-read-all" (click)="markAll()">Mark all as read</button>
      }
    </mat-menu>
  `,
  styles: `
    .line { display: block; }
    .preview { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); max-width: 320px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .unread { font-weight: 600; }
    .empty, .error { margin: 8px 16px; max-width: 300px; color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsBell implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  /** The workspace shell's sound and browser notifications (absent outside the shell). */
  private readonly notifier = inject(Notifier, { optional: true });
  protected readonly items = signal<AppNotification[]>([]);
  protected readonly unread = signal(0);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    void this.reload();
    const off = this.realtime.subscribe(NotificationAddedDocument, {
      next: (d) => {
        if (this.items().some((n) => n.id === d.notificationAdded.id)) return;
        const n = d.notificationAdded;
        this.items.update((list) => [n, ...list].slice(0, 20));
        this.unread.update((count) => count + 1);
        if (n.kind === 'task_due') {
          this.notifier?.taskDue({ id: n.id, title: n.preview ? `Task due: ${n.preview}` : 'A task is due', body: `${n.actorName ?? 'Someone'} ${this.text(n)}`, conversationId: n.conversationId ?? null, contactId: n.contactId ?? null });
        }
      },
      error: () => undefined,
    });
    this.destroyRef.onDestroy(off);
  }

  protected text(n: AppNotification): string {
    const who = n.contactName?.trim();
    return (who ? WITH_CONTACT_TEXT[n.kind]?.(who) : undefined) ?? KIND_TEXT[n.kind] ?? 'sent you a notification';
  }

  protected async reload(): Promise<void> {
    try {
      const r = await this.api.request(NotificationsDocument, { first: 20 });
      this.items.set(r.notifications.nodes);
      this.unread.set(r.notifications.unreadCount);
      this.error.set(null);
    } catch (e) {
      this.error.set(describeError(e));
    }
  }

  protected async open(n: AppNotification): Promise<void> {
    if (!n.readAt) await this.mark([n.id]);
    if (n.conversationId) void this.router.navigate(['/inbox', n.conversationId]);
    // a task's notification opens its client's card
    else if (n.contactId) void this.router.navigate(['/clients'], { queryParams: { client: n.contactId } });
  }

  protected markAll(): Promise<void> {
    return this.mark(null);
  }

  private async mark(ids: string[] | null): Promise<void> {
    try {
      const r = await this.api.request(MarkNotificationsReadDocument, { input: ids ? { ids } : {} });
      const now = new Date().toISOString();
      this.items.update((list) => list.map((n) => (!ids || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)));
      this.unread.set(r.markNotificationsRead);
    } catch (e) {
      this.error.set(describeError(e));
    }
  }
}
