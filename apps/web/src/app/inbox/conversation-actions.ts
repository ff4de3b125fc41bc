import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { ConversationPriority } from '@parley/shared/contracts';
import { SessionStore } from '../auth/session-store';
import { ApiClient } from '../core/api-client';
import { describeError } from '../core/graphql-error';
import { Conversation } from '../core/models';
import { priorityLabel } from './inbox-filter';
import { InboxStore } from './inbox-store';
import { MARK_PENDING, REOPEN_CONVERSATION, SET_PRIORITY, SNOOZE_CONVERSATION, UNSNOOZE_CONVERSATION } from './inbox-operations';
import { ThreadStore } from './thread-store';
import { takenByOther } from './conversation-access';

/** Snooze choices: label and the time they mean from `now`. */
export function snoozeChoices(now: Date): Array<{ label: string; until: Date }> {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(tomorrow);
  while (nextWeek.getDay() !== 1) nextWeek.setDate(nextWeek.getDate() + 1);
  return [
    { label: '1 hour', until: new Date(now.getTime() + 3_600_000) },
    { label: '4 hours', until: new Date(now.getTime() + 4 * 3_600_000) },
    { label: 'Tomorrow 9:00', until: tomorrow },
    { label: 'Next Monday 9:00', until: nextWeek },
  ];
}

/** Status (pending / reopen), snooze and priority of the open conversation (issue #4). */
@Component({
  selector: 'pl-conversation-actions',
  imports: [MatButtonModule, MatMenuModule, DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.canReply() && !takenBy() && thread.conversation(); as c) {
      <span class="actions" role="group" aria-label="Status, snooze and priority">
        @if (c.status === 'open' || c.status === 'queued') {
          <button mat-button type="button" (click)="run(markPending, c)" [disabled]="busy()" data-testid="mark-pending">Pending</button>
        }
        @if (c.status === 'closed' || c.status === 'pending') {
          <button mat-button type="button" (click)="run(reopen, c)" [disabled]="busy()" data-testid="reopen">Reopen</button>
        }
        @if (c.snoozedUntil) {
          <button mat-button type="button" (click)="run(unsnooze, c)" [disabled]="busy()" data-testid="unsnooze">Unsnooze</button>
        } @else if (c.status !== 'closed') {
          <button mat-button type="button" [matMenuTriggerFor]="snoozeMenu" [disabled]="busy()" data-testid="snooze">Snooze</button>
          <mat-menu #snoozeMenu="matMenu">
            @for (choice of choices(); track choice.label) {
              <button mat-menu-item type="button" (click)="snooze(c, choice.until)">{{ choice.label }}</button>
            }
          </mat-menu>
        }
        <button mat-button type="button" [matMenuTriggerFor]="priorityMenu" [disabled]="busy()" data-testid="priority" [attr.aria-label]="'Priority: ' + priorityLabel(c.priority)">
          Priority: {{ priorityLabel(c.priority) }}
        </button>
        <mat-menu #priorityMenu="matMenu">
          @for (p of priorities; track p) {
            <button mat-menu-item type="button" (click)="setPriority(c, p)" [attr.aria-current]="p === (c.priority ?? 'normal')">{{ priorityLabel(p) }}</button>
          }
        </mat-menu>
      </span>
      @if (error(); as e) {
        <span class="error" role="alert">{{ e }}</span>
      }
      @if (c.snoozedUntil) {
        <span class="snoozed" data-testid="snoozed-until">Snoozed until {{ c.snoozedUntil | date: 'short' }}</span>
      }
    }
  `,
  styles: `
    :host { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
    .snoozed { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ConversationActions {
  protected readonly session = inject(SessionStore);
  protected readonly thread = inject(ThreadStore);
  private readonly inbox = inject(InboxStore);
  private readonly api = inject(ApiClient);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly priorities = Object.values(ConversationPriority);
  protected readonly priorityLabel = priorityLabel;
  protected readonly choices = computed(() => snoozeChoices(new Date()));
  /** Issue #17: another agent has the chat now: none of these is his to use. */
  protected readonly takenBy = computed(() => takenByOther(this.thread.conversation(), this.session.operator()?.id ?? null, this.session.role()));

  protected readonly markPending = (c: Conversation) => this.mutate<{ markConversationPending: Conversation }>(MARK_PENDING, { conversationId: c.id }).then((d) => d.markConversationPending);
  protected readonly reopen = (c: Conversation) => this.mutate<{ reopenConversation: Conversation }>(REOPEN_CONVERSATION, { conversationId: c.id }).then((d) => d.reopenConversation);
  protected readonly unsnooze = (c: Conversation) => this.mutate<{ unsnoozeConversation: Conversation }>(UNSNOOZE_CONVERSATION, { conversationId: c.id }).then((d) => d.unsnoozeConversation);

  protected snooze(c: Conversation, until: Date): void {
    void this.run((x) => this.mutate<{ snoozeConversation: Conversation }>(SNOOZE_CONVERSATION, { conversationId: x.id, until: until.toISOString() }).then((d) => d.snoozeConversation), c);
  }

  protected setPriority(c: Conversation, priority: ConversationPriority): void {
    void this.run((x) => this.mutate<{ setConversationPriority: Conversation }>(SET_PRIORITY, { conversationId: x.id, priority }).then((d) => d.setConversationPriority), c);
  }

  protected async run(action: (c: Conversation) => Promise<Conversation>, c: Conversation): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const updated = await action(c);
      this.thread.apply({ kind: 'conversation_updated', conversation: updated, message: null });
      this.inbox.applyConversation(updated);
    } catch (e) {
      // issue #17: a concurrent change shows the new state and says what it is
      this.error.set(this.thread.resolveConflict(e) ?? describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  private mutate<T>(query: string, input: Record<string, unknown>): Promise<T> {
    return this.api.request<T>(query, { input });
  }
}
