import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatDividerModule } from '@angular/material/divider';
import { MatMenu, MatMenuModule } from '@angular/material/menu';
import { ConversationPriority } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { Conversation } from '@parley/web/shared/data-access';
import { priorityLabel } from '@parley/web/inbox/data-access';
import { InboxStore } from '@parley/web/inbox/data-access';
import { MARK_PENDING, REOPEN_CONVERSATION, SET_PRIORITY, SNOOZE_CONVERSATION, UNSNOOZE_CONVERSATION } from '@parley/web/inbox/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';
import { takenByOther } from '@parley/web/inbox/data-access';
import { HeaderAction } from './header-actions';
import { SnoozeDialog, SnoozeDialogData } from './snooze-dialog';

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

/**
 * Status (pending / reopen), snooze and priority of the open conversation (issue #4). Secondary
 * actions (class `secondary`) hide when the header is narrow; the header then offers them in its
 * "More actions" menu through `overflow` (issue #17).
 */
@Component({
  selector: 'pl-conversation-actions',
  imports: [MatButtonModule, MatMenuModule, MatDividerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (session.canReply() && !takenBy() && thread.conversation(); as c) {
      <span class="actions" role="group" aria-label="Status, snooze and priority">
        @if (c.status === 'open' || c.status === 'queued') {
          <button mat-button type="button" class="secondary" (click)="run(markPending, c)" [disabled]="busy()" data-testid="mark-pending">Pending</button>
        }
        @if (c.status === 'closed' || c.status === 'pending') {
          <button mat-button type="button" (click)="run(reopen, c)" [disabled]="busy()" data-testid="reopen">Reopen</button>
        }
        @if (c.snoozedUntil) {
          <button mat-button type="button" class="secondary" (click)="run(unsnooze, c)" [disabled]="busy()" data-testid="unsnooze">Unsnooze</button>
        } @else if (c.status !== 'closed') {
          <button mat-button type="button" class="secondary" [matMenuTriggerFor]="snoozeMenu" [disabled]="busy()" data-testid="snooze">Snooze</button>
        }
        <mat-menu #snoozeMenu="matMenu" aria-label="Snooze until">
          @for (choice of choices; track choice.label) {
            <button mat-menu-item type="button" (click)="snoozePreset(c, choice.label)">{{ choice.label }}</button>
          }
          <mat-divider />
          <button mat-menu-item type="button" data-testid="snooze-custom" (click)="snoozeCustom(c)">Custom date and time…</button>
        </mat-menu>
        <button mat-button type="button" class="secondary" [matMenuTriggerFor]="priorityMenu" [disabled]="busy()" data-testid="priority" [attr.aria-label]="'Priority: ' + priorityLabel(c.priority)">
          Priority: {{ priorityLabel(c.priority) }}
        </button>
        <mat-menu #priorityMenu="matMenu" aria-label="Priority">
          @for (p of priorities; track p) {
            <button mat-menu-item type="button" (click)="setPriority(c, p)" [attr.aria-current]="p === (c.priority ?? 'normal')">{{ priorityLabel(p) }}</button>
          }
        </mat-menu>
      </span>
      @if (error(); as e) {
        <span class="error" role="alert">{{ e }}</span>
      }
    }
  `,
  styles: `
    :host { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; }
    .actions { display: inline-flex; align-items: center; gap: 4px; }
    /* the breakpoint of the conversation header (conversation-page.scss): narrower, these are in "More actions" */
    @container thread-header (max-width: 1099px) { .secondary { display: none; } }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
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
  /** The preset labels; their times are taken when one is clicked (a page left open for hours still snoozes "1 hour" from now). */
  protected readonly choices = snoozeChoices(new Date());
  /** Issue #17: another agent has the chat now: none of these is his to use. */
  protected readonly takenBy = computed(() => takenByOther(this.thread.conversation(), this.session.operator()?.id ?? null, this.session.role()));
  private readonly dialog = inject(MatDialog);
  private readonly snoozeMenu = viewChild<MatMenu>('snoozeMenu');
  private readonly priorityMenu = viewChild<MatMenu>('priorityMenu');

  /** The secondary actions, for the header's "More actions" menu on narrow screens: the same ones, under the same conditions, as the buttons above. */
  readonly overflow = computed<HeaderAction[]>(() => {
    const c = this.thread.conversation();
    if (!this.session.canReply() || !c || this.takenBy()) return [];
    const disabled = this.busy();
    const list: HeaderAction[] = [];
    if (c.status === 'open' || c.status === 'queued') list.push({ id: 'mark-pending', label: 'Pending', disabled, run: () => void this.run(this.markPending, c) });
    if (c.snoozedUntil) list.push({ id: 'unsnooze', label: 'Unsnooze', disabled, run: () => void this.run(this.unsnooze, c) });
    else if (c.status !== 'closed') list.push({ id: 'snooze', label: 'Snooze', disabled, menu: this.snoozeMenu() });
    list.push({ id: 'priority', label: `Priority: ${priorityLabel(c.priority)}`, disabled, menu: this.priorityMenu() });
    return list;
  });

  /** "Custom date and time…": the dialog snoozes (and shows the server's refusal) and closes on success. */
  protected snoozeCustom(c: Conversation): void {
    const data: SnoozeDialogData = {
      save: async (until) => {
        try {
          const updated = (await this.mutate<{ snoozeConversation: Conversation }>(SNOOZE_CONVERSATION, { conversationId: c.id, until: until.toISOString() })).snoozeConversation;
          this.thread.apply({ kind: 'conversation_updated', conversation: updated, message: null });
          this.inbox.applyConversation(updated);
          this.error.set(null);
          return null;
        } catch (e) {
          return describeError(e);
        }
      },
    };
    this.dialog.open(SnoozeDialog, { data, width: '420px', maxWidth: '92vw' });
  }

  protected readonly markPending = (c: Conversation) => this.mutate<{ markConversationPending: Conversation }>(MARK_PENDING, { conversationId: c.id }).then((d) => d.markConversationPending);
  protected readonly reopen = (c: Conversation) => this.mutate<{ reopenConversation: Conversation }>(REOPEN_CONVERSATION, { conversationId: c.id }).then((d) => d.reopenConversation);
  protected readonly unsnooze = (c: Conversation) => this.mutate<{ unsnoozeConversation: Conversation }>(UNSNOOZE_CONVERSATION, { conversationId: c.id }).then((d) => d.unsnoozeConversation);

  protected snoozePreset(c: Conversation, label: string): void {
    const choice = snoozeChoices(new Date()).find((x) => x.label === label);
    if (choice) this.snooze(c, choice.until);
  }

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
