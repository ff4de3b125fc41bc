import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenu, MatMenuModule } from '@angular/material/menu';
import { ConversationStatus, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { Conversation } from '@parley/web/shared/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';
import { TeammatesStore } from '@parley/web/tools/data-access';
import { Teammate } from '@parley/web/tools/data-access';
import { HeaderAction } from './header-actions';
import { InviteToConversationDocument, TransferConversationDocument } from '@parley/web/tools/data-access';

/**
 * Header actions of a conversation (SPEC B7): transfer it to another operator, or invite one into it.
 * On a narrow header the buttons hide and the header's "More actions" menu offers them (`overflow`, issue #17).
 */
@Component({
  selector: 'pl-conversation-tools',
  imports: [MatButtonModule, MatMenuModule],
  template: `
    @if (conversation(); as c) {
      @if (participants().length) {
        <span class="with" data-testid="participants">With {{ participants() }}</span>
      }
      @if (mayHandOver()) {
        <button mat-stroked-button type="button" class="secondary" data-testid="transfer" [matMenuTriggerFor]="transferMenu" (menuOpened)="load()" [disabled]="busy()">
          Transfer
        </button>
        @if (c.assignee) {
          <button mat-stroked-button type="button" class="secondary" data-testid="invite" [matMenuTriggerFor]="inviteMenu" (menuOpened)="load()" [disabled]="busy()">
            Invite
          </button>
        }
      }
      <mat-menu #transferMenu="matMenu" aria-label="Transfer to">
        @for (t of candidates(); track t.id) {
          <button mat-menu-item type="button" data-testid="transfer-option" (click)="run('transfer', t)">{{ t.displayName }}</button>
        } @empty {
          <p class="empty">No other operator can take it.</p>
        }
      </mat-menu>
      <mat-menu #inviteMenu="matMenu" aria-label="Invite into the conversation">
        @for (t of candidates(); track t.id) {
          <button mat-menu-item type="button" data-testid="invite-option" (click)="run('invite', t)">{{ t.displayName }}</button>
        } @empty {
          <p class="empty">Everyone who can help is already here.</p>
        }
      </mat-menu>
      @if (error(); as e) {
        <span class="error" role="alert" data-testid="tools-error">{{ e }}</span>
      }
      @if (notice(); as n) {
        <span class="notice" role="status" data-testid="tools-notice">{{ n }}</span>
      }
    }
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .with { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); white-space: nowrap; }
    /* the breakpoint of the conversation header (conversation-page.scss): narrower, these are in "More actions" */
    @container thread-header (max-width: 1099px) { .secondary { display: none; } }
    .empty { margin: 8px 16px; color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
    .notice { font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationTools {
  readonly conversation = input<(Conversation & { participants?: Array<{ id: string; displayName: string }> }) | null>(null);
  readonly changed = output<Conversation>();

  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private readonly teammates = inject(TeammatesStore);
  private readonly thread = inject(ThreadStore, { optional: true });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly participants = computed(() => (this.conversation()?.participants ?? []).map((p) => p.displayName).join(', '));
  protected readonly mayHandOver = computed(() => {
    const c = this.conversation();
    const role = this.session.role();
    if (!c || !role || !ROLES_THAT_REPLY.includes(role) || c.status === ConversationStatus.closed) return false;
    return role !== OperatorRole.agent || c.assignee?.id === this.session.operator()?.id;
  });
  protected readonly candidates = computed(() => {
    const c = this.conversation();
    const inside = new Set([c?.assignee?.id, ...(c?.participants ?? []).map((p) => p.id), this.session.operator()?.id]);
    return this.teammates.items().filter((t) => ROLES_THAT_REPLY.includes(t.role) && !inside.has(t.id));
  });

  private readonly transferMenu = viewChild<MatMenu>('transferMenu');
  private readonly inviteMenu = viewChild<MatMenu>('inviteMenu');

  /** Transfer and Invite for the header's "More actions" menu: the same conditions as the buttons. */
  readonly overflow = computed<HeaderAction[]>(() => {
    const c = this.conversation();
    if (!c || !this.mayHandOver()) return [];
    const disabled = this.busy();
    const opened = () => this.load();
    const list: HeaderAction[] = [{ id: 'transfer', label: 'Transfer', disabled, menu: this.transferMenu(), opened }];
    if (c.assignee) list.push({ id: 'invite', label: 'Invite', disabled, menu: this.inviteMenu(), opened });
    return list;
  });

  protected load(): void {
    void this.teammates.ensureLoaded();
  }

  protected async run(what: 'transfer' | 'invite', target: Teammate): Promise<void> {
    const c = this.conversation();
    if (!c) return;
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    try {
      const input = { conversationId: c.id, operatorId: target.id };
      const updated =
        what === 'transfer'
          ? (await this.api.request(TransferConversationDocument, { input })).transferConversation
          : (await this.api.request(InviteToConversationDocument, { input })).inviteToConversation;
      this.notice.set(what === 'transfer' ? `Transferred to ${target.displayName}.` : `${target.displayName} was invited.`);
      this.changed.emit(updated);
    } catch (e) {
      // issue #17: a concurrent change (someone transferred or closed it meanwhile) shows the new state
      this.error.set(this.thread?.resolveConflict(e) ?? describeError(e));
    } finally {
      this.busy.set(false);
    }
  }
}
