import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { OperatorRole } from '@parley/shared/contracts';
import { OperatorStatusValue, SET_MY_STATUS, STATUS_LABELS } from '@parley/web/admin/data-access';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { MyStatusAgentDocument, MyStatusDocument, OperatorsChangedDocument } from '@parley/web/admin/data-access';

interface Teammate {
  id: string;
  displayName: string;
  status: OperatorStatusValue;
  active?: boolean;
}

/**
 * SPEC B6 in the top bar: the operator's status (online / away / invisible / offline) and, for
 * supervisors and admins, who else is online — live through `operatorsChanged`.
 */
@Component({
  selector: 'pl-status-switcher',
  imports: [MatButtonModule, MatMenuModule],
  template: `
    <button mat-stroked-button type="button" class="switch" [matMenuTriggerFor]="menu" data-testid="status-switcher"
      [attr.aria-label]="'Your status: ' + label() + '. Change status'" [disabled]="busy()">
      <span class="dot" [class]="'dot ' + (status() ?? 'offline')" aria-hidden="true"></span>
      <span data-testid="my-status">{{ label() }}</span>
      @if (teammates().length) {
        <span class="team">· {{ onlineCount() }} online</span>
      }
    </button>
    <mat-menu #menu="matMenu">
      @for (s of statuses; track s) {
        <button mat-menu-item type="button" (click)="set(s)" [attr.data-testid]="'status-' + s" [attr.aria-checked]="s === status()" role="menuitemradio">
          <span class="dot" [class]="'dot ' + s" aria-hidden="true"></span> {{ labels[s] }}
        </button>
      }
      @if (teammates().length) {
        <div class="team-list" role="group" aria-label="Team status" data-testid="team-status">
          @for (t of teammates(); track t.id) {
            <div class="mate"><span class="dot" [class]="'dot ' + t.status" aria-hidden="true"></span>{{ t.displayName }} · {{ labels[t.status] }}</div>
          }
        </div>
      }
    </mat-menu>
    @if (error()) {
      <span class="error" role="alert">{{ error() }}</span>
    }
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 6px; }
    .switch { gap: 6px; }
    .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; background: #9ca3af; }
    .dot.online { background: #16a34a; }
    .dot.away { background: #f59e0b; }
    .dot.invisible { background: transparent; border: 2px solid #6b7280; width: 7px; height: 7px; }
    .team { color: var(--mat-sys-on-surface-variant); margin-left: 4px; }
    .team-list { border-top: 1px solid var(--mat-sys-outline-variant); padding: 8px 16px; font: var(--mat-sys-body-small); }
    .mate { padding: 2px 0; }
    .error { color: var(--mat-sys-error); font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusSwitcher {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private readonly realtime = inject(RealtimeClient);
  protected readonly statuses: OperatorStatusValue[] = ['online', 'away', 'invisible', 'offline'];
  protected readonly labels = STATUS_LABELS;
  protected readonly status = signal<OperatorStatusValue | null>(null);
  protected readonly teammates = signal<Teammate[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly label = computed(() => (this.status() ? STATUS_LABELS[this.status() as OperatorStatusValue] : 'Status…'));
  protected readonly onlineCount = computed(() => this.teammates().filter((t) => t.status === 'online').length);
  private readonly seesTeam = computed(() => [OperatorRole.admin, OperatorRole.supervisor].includes(this.session.role() as OperatorRole));

  constructor() {
    void this.load();
    const off = this.realtime.subscribe(OperatorsChangedDocument, { next: () => void this.load(), error: () => undefined });
    inject(DestroyRef).onDestroy(off);
    // connecting (first time or again) undoes an automatic Away/Offline on the server before this
    // socket's subscription is in place: read the status again on every connection (issue #17)
    effect(() => {
      if (this.realtime.connected()) untracked(() => void this.load());
    });
  }

  protected async set(status: OperatorStatusValue): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const r = await this.api.request<{ setMyStatus: { status: OperatorStatusValue } }>(SET_MY_STATUS, { input: { status } });
      this.status.set(r.setMyStatus.status);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      if (this.seesTeam()) {
        const r = await this.api.request(MyStatusDocument);
        this.status.set(r.me.status);
        const me = this.session.operator()?.id;
        // deactivated operators are no longer part of the team
        this.teammates.set(r.operators.filter((o) => o.id !== me && o.active !== false));
      } else {
        const r = await this.api.request(MyStatusAgentDocument);
        this.status.set(r.me.status);
      }
    } catch (e) {
      this.error.set(describeError(e));
    }
  }
}
