import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatSelectModule } from '@angular/material/select';
import { OperatorRole } from '@parley/shared/contracts';
import { routingError } from '@parley/web/admin/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { Conversation } from '@parley/web/shared/data-access';
import { GroupNamesDocument, MoveConversationToGroupDocument } from '@parley/web/admin/data-access';

/**
 * SPEC B3 "by hand": the conversation's group, and for supervisors, admins or the assigned agent
 * a control to move it to another group (everyone's screen follows through the inbox events).
 */
@Component({
  selector: 'pl-conversation-group-control',
  imports: [MatSelectModule],
  template: `
    @if (canMove()) {
      <mat-select class="select" [value]="conversation().group?.id ?? ''" (selectionChange)="move($event.value)" (openedChange)="$event && loadGroups()"
        aria-label="Group of this conversation" data-testid="conversation-group-select" [disabled]="busy()">
        <mat-option value="">No group</mat-option>
        @if (conversation().group; as g) {
          @if (!hasGroup(g.id)) {
            <mat-option [value]="g.id">{{ g.name }}</mat-option>
          }
        }
        @for (g of groups(); track g.id) {
          <mat-option [value]="g.id">{{ g.name }}</mat-option>
        }
      </mat-select>
    } @else {
      <span data-testid="conversation-group">{{ conversation().group ? 'Group: ' + conversation().group?.name : 'No group' }}</span>
    }
    @if (error()) {
      <span class="error" role="alert">{{ error() }}</span>
    }
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 6px; }
    .select { min-width: 140px; font: var(--mat-sys-body-small); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationGroupControl {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  readonly conversation = input.required<Conversation>();
  protected readonly groups = signal<Array<{ id: string; name: string }>>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly canMove = computed(() => {
    const role = this.session.role();
    if (role === OperatorRole.admin || role === OperatorRole.supervisor) return true;
    return role === OperatorRole.agent && this.conversation().assignee?.id === this.session.operator()?.id;
  });
  private loaded = false;

  protected hasGroup(id: string): boolean {
    return this.groups().some((g) => g.id === id);
  }

  protected async loadGroups(): Promise<void> {
    if (this.loaded) return;
    try {
      this.groups.set((await this.api.request(GroupNamesDocument)).groups);
      this.loaded = true;
    } catch (e) {
      this.error.set(routingError(e));
    }
  }

  protected async move(groupId: string): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.request(MoveConversationToGroupDocument, { input: { conversationId: this.conversation().id, groupId: groupId || null } });
    } catch (e) {
      this.error.set(routingError(e));
    } finally {
      this.busy.set(false);
    }
  }
}
