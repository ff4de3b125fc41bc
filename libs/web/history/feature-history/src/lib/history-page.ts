import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { ConversationStatus, Permission } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { Clock } from '@parley/web/shared/util';
import { messageTime } from '@parley/web/shared/util';
import { contactName, statusLabel } from '@parley/web/inbox/data-access';
import { HistoryFilter, HistoryStore } from '@parley/web/history/data-access';

/** `/history` (SPEC A12): past conversations in a table; admins delete one or many. */
@Component({
  selector: 'pl-history-page',
  imports: [MatTableModule, MatButtonModule, MatCheckboxModule, MatSelectModule, MatFormFieldModule, MatProgressBarModule, RouterLink],
  providers: [HistoryStore],
  templateUrl: './history-page.html',
  styleUrl: './history-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HistoryPage {
  protected readonly store = inject(HistoryStore);
  private readonly session = inject(SessionStore);
  private readonly clock = inject(Clock);

  /** SPEC F1: the delete_history right (admins by default, or through a permission group). */
  protected readonly canDelete = computed(() => this.session.permissions().has(Permission.delete_history));
  protected readonly columns = computed(() => [...(this.canDelete() ? ['select'] : []), 'client', 'contact', 'time', 'text', 'status', 'open']);
  protected readonly confirming = signal(false);
  protected readonly filters: { value: HistoryFilter; label: string }[] = [
    { value: ConversationStatus.closed, label: 'Closed' },
    { value: ConversationStatus.open, label: 'Open' },
    { value: ConversationStatus.queued, label: 'Queued' },
    { value: ConversationStatus.pending, label: 'Pending' },
    { value: ConversationStatus.bot, label: 'With the bot' },
    { value: 'all', label: 'All' },
  ];
  protected readonly contactName = contactName;
  protected readonly statusLabel = statusLabel;

  constructor() {
    void this.store.load();
  }

  protected setFilter(value: HistoryFilter): void {
    this.confirming.set(false);
    void this.store.load(value);
  }

  protected async confirmDelete(): Promise<void> {
    await this.store.deleteSelected();
    this.confirming.set(false);
  }

  protected time(iso: string): string {
    return messageTime(iso, this.clock.now());
  }
}
