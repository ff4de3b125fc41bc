import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { AUTO_ASSIGN_LABELS, OperatorStatusValue, STATUS_LABELS, WEEKDAYS, routingError } from '@parley/web/admin/data-access';
import { CreateGroupDocument, DeleteGroupDocument, GroupsDocument, OperatorsChangedDocument, RoutingOperatorsDocument, SetAutoAssignDocument, SetGroupMembersDocument, UpdateGroupDocument, UpdateOperatorRoutingDocument } from '@parley/web/admin/data-access';

interface GroupRow {
  id: string;
  name: string;
  description: string;
  members: Array<{ id: string; displayName: string; email: string }>;
  /** Kept as one array per load: a new array on every check would make ngModel write forever. */
  memberIds: string[];
}

interface WorkingHours {
  timezone: string;
  auto: boolean;
  ranges: Array<{ day: number; start: string; end: string }>;
}

interface OperatorRow {
  id: string;
  displayName: string;
  email: string;
  role: string;
  status: OperatorStatusValue;
  maxChats: number | null;
  workingHours: WorkingHours | null;
}

/** The editable copy of an operator's limit and hours (one start/end for the chosen days). */
interface OperatorDraft {
  maxChats: string;
  hoursOn: boolean;
  timezone: string;
  auto: boolean;
  days: number[];
  start: string;
  end: string;
  saving: boolean;
  error: string;
  saved: boolean;
}

function draftOf(o: OperatorRow): OperatorDraft {
  const w = o.workingHours;
  return {
    maxChats: o.maxChats === null ? '' : String(o.maxChats),
    hoursOn: !!w,
    timezone: w?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    auto: w?.auto ?? true,
    days: w ? [...new Set(w.ranges.map((r) => r.day))] : [1, 2, 3, 4, 5],
    start: w?.ranges[0]?.start ?? '09:00',
    end: w?.ranges[0]?.end ?? '17:00',
    saving: false,
    error: '',
    saved: false,
  };
}

/** `/admin/groups`: groups (departments) and members, auto-assignment, chat limits and working hours (SPEC B3–B6). */
@Component({
  selector: 'pl-groups-page',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  template: `
    <h1>Groups and routing</h1>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading groups" />
    }
    @if (error()) {
      <p class="error" role="alert" data-testid="groups-error">{{ error() }}</p>
    }

    <section aria-labelledby="auto-title">
      <h2 id="auto-title">Auto-assignment</h2>
      <mat-form-field appearance="outline" class="wide">
        <mat-label>New chats</mat-label>
        <mat-select [ngModel]="autoAssign()" (ngModelChange)="setAutoAssign($event)" data-testid="auto-assign">
          @for (m of autoModes; track m) {
            <mat-option [value]="m">{{ autoLabels[m] }}</mat-option>
          }
        </mat-select>
        <mat-hint>Assigned to an online operator of the chat's group who is below their limit.</mat-hint>
      </mat-form-field>
    </section>

    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      <form class="row" (ngSubmit)="create()" data-testid="new-group-form">
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput name="newName" [(ngModel)]="newName" required maxlength="80" data-testid="new-group-name" />
        </mat-form-field>
        <mat-form-field appearance="outline" class="grow">
          <mat-label>Description</mat-label>
          <input matInput name="newDescription" [(ngModel)]="newDescription" maxlength="500" data-testid="new-group-description" />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="create-group">Add group</button>
      </form>
      @for (g of groups(); track g.id) {
        <article class="card" [attr.data-testid]="'group-' + g.name">
          <div class="row">
            <mat-form-field appearance="outline">
              <mat-label>Name</mat-label>
              <input matInput [name]="'name-' + g.id" [(ngModel)]="g.name" maxlength="80" />
            </mat-form-field>
            <mat-form-field appearance="outline" class="grow">
              <mat-label>Description</mat-label>
              <input matInput [name]="'desc-' + g.id" [(ngModel)]="g.description" maxlength="500" />
            </mat-form-field>
            <button mat-stroked-button type="button" (click)="save(g)" [disabled]="busy()">Save</button>
            <button mat-button type="button" (click)="remove(g)" [disabled]="busy()" [attr.aria-label]="'Delete group ' + g.name">Delete</button>
          </div>
          <mat-form-field appearance="outline" class="wide">
            <mat-label>Members</mat-label>
            <mat-select multiple [(ngModel)]="g.memberIds" [name]="'members-' + g.id" (openedChange)="!$event && saveMembers(g)" [attr.data-testid]="'members-' + g.name">
              @for (o of operators(); track o.id) {
                <mat-option [value]="o.id">{{ o.displayName }} ({{ o.role }})</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </article>
      } @empty {
        @if (!loading()) {
          <p class="empty">No groups yet. Add one (e.g. Sales, Support) to route chats by page or embed line.</p>
        }
      }
    </section>

    <section aria-labelledby="ops-title">
      <h2 id="ops-title">Operators: chat limit and working hours</h2>
      @for (o of operators(); track o.id) {
        @let d = drafts()[o.id];
        @if (d) {
          <article class="card" [attr.data-testid]="'operator-' + o.email">
            <h3>{{ o.displayName }} <span class="muted">· {{ statusLabels[o.status] }}</span></h3>
            <div class="row">
              <mat-form-field appearance="outline">
                <mat-label>Max chats at once</mat-label>
                <input matInput type="number" min="0" [name]="'max-' + o.id" [(ngModel)]="d.maxChats" placeholder="Unlimited" />
                <mat-hint>Empty = unlimited</mat-hint>
              </mat-form-field>
              <mat-checkbox [(ngModel)]="d.hoursOn" [name]="'hours-' + o.id">Working hours</mat-checkbox>
            </div>
            @if (d.hoursOn) {
              <div class="row">
                <mat-form-field appearance="outline">
                  <mat-label>Time zone</mat-label>
                  <input matInput [name]="'tz-' + o.id" [(ngModel)]="d.timezone" placeholder="Europe/Warsaw" />
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Days</mat-label>
                  <mat-select multiple [(ngModel)]="d.days" [name]="'days-' + o.id">
                    @for (w of weekdays; track $index) {
                      <mat-option [value]="$index">{{ w }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <mat-form-field appearance="outline" class="time">
                  <mat-label>From</mat-label>
                  <input matInput type="time" [name]="'start-' + o.id" [(ngModel)]="d.start" />
                </mat-form-field>
                <mat-form-field appearance="outline" class="time">
                  <mat-label>To</mat-label>
                  <input matInput type="time" [name]="'end-' + o.id" [(ngModel)]="d.end" />
                  <mat-hint>Earlier than From = overnight</mat-hint>
                </mat-form-field>
                <mat-checkbox [(ngModel)]="d.auto" [name]="'auto-' + o.id">Switch online/offline automatically</mat-checkbox>
              </div>
            }
            <div class="row">
              <button mat-stroked-button type="button" (click)="saveOperator(o)" [disabled]="d.saving">{{ d.saving ? 'Saving…' : 'Save' }}</button>
              @if (d.saved) {
                <span class="ok" role="status">Saved</span>
              }
              @if (d.error) {
                <span class="error" role="alert">{{ d.error }}</span>
              }
            </div>
          </article>
        }
      }
    </section>
  `,
  styles: `
    :host { display: block; max-width: 960px; }
    h1 { font: var(--mat-sys-headline-small); }
    h2 { font: var(--mat-sys-title-medium); margin-top: 24px; }
    h3 { font: var(--mat-sys-title-small); margin: 0 0 8px; }
    .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .grow { flex: 1; min-width: 220px; }
    .wide { width: 100%; max-width: 560px; }
    .time { width: 130px; }
    .card { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; margin: 8px 0; }
    .muted, .empty { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    .ok { color: #15803d; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GroupsPage {
  private readonly api = inject(ApiClient);
  private readonly confirmer = inject(Confirmer);
  private readonly realtime = inject(RealtimeClient);
  protected readonly groups = signal<GroupRow[]>([]);
  protected readonly operators = signal<OperatorRow[]>([]);
  protected readonly drafts = signal<Record<string, OperatorDraft>>({});
  protected readonly autoAssign = signal('off');
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly autoModes = ['off', 'round_robin', 'least_busy'];
  protected readonly autoLabels = AUTO_ASSIGN_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly weekdays = WEEKDAYS;
  protected newName = '';
  protected newDescription = '';

  constructor() {
    void this.load(true);
    const off = this.realtime.subscribe(OperatorsChangedDocument, { next: () => void this.load(false), error: () => undefined });
    inject(DestroyRef).onDestroy(off);
  }

  protected create(): Promise<void> {
    return this.run(async () => {
      await this.api.request(CreateGroupDocument, { input: { name: this.newName, description: this.newDescription } });
      this.newName = '';
      this.newDescription = '';
    });
  }

  protected save(g: GroupRow): Promise<void> {
    return this.run(() => this.api.request(UpdateGroupDocument, { input: { id: g.id, name: g.name, description: g.description } }));
  }

  protected async remove(g: GroupRow): Promise<void> {
    if (!(await this.confirmer.ask({ title: `Delete the group "${g.name}"?`, message: 'Its conversations stay, without a group.', confirmLabel: 'Delete' }))) return;
    return this.run(() => this.api.request(DeleteGroupDocument, { id: g.id }));
  }

  /** Saved when the member list closes, if it changed. */
  protected saveMembers(g: GroupRow): Promise<void> {
    const before = g.members.map((m) => m.id).sort().join();
    if ([...g.memberIds].sort().join() === before) return Promise.resolve();
    return this.run(() => this.api.request(SetGroupMembersDocument, { input: { groupId: g.id, operatorIds: g.memberIds } }));
  }

  protected setAutoAssign(mode: string): Promise<void> {
    return this.run(() => this.api.request(SetAutoAssignDocument, { mode }));
  }

  protected async saveOperator(o: OperatorRow): Promise<void> {
    const d = this.drafts()[o.id];
    const update = (patch: Partial<OperatorDraft>) => this.drafts.update((all) => ({ ...all, [o.id]: { ...all[o.id], ...patch } }));
    const max = String(d.maxChats ?? '').trim();
    if (max && !/^\d+$/.test(max)) return update({ error: 'Max chats: a whole number of 0 or more, or empty', saved: false });
    if (d.hoursOn && !d.days.length) return update({ error: 'Choose at least one day', saved: false });
    update({ saving: true, error: '', saved: false });
    try {
      const workingHours = d.hoursOn ? { timezone: d.timezone.trim(), auto: d.auto, ranges: [...d.days].sort().map((day) => ({ day, start: d.start, end: d.end })) } : null;
      await this.api.request(UpdateOperatorRoutingDocument, { input: { operatorId: o.id, maxChats: max ? Number(max) : null, workingHours } });
      update({ saving: false, saved: true });
    } catch (e) {
      update({ saving: false, error: routingError(e) });
    }
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await action();
      await this.load(false);
    } catch (e) {
      this.error.set(routingError(e));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(withDrafts: boolean): Promise<void> {
    try {
      const [g, o] = await Promise.all([
        this.api.request(GroupsDocument),
        this.api.request(RoutingOperatorsDocument),
      ]);
      this.groups.set(g.groups.map((x) => ({ ...x, memberIds: x.members.map((m) => m.id) })));
      this.operators.set(o.operators);
      this.autoAssign.set(o.routingSettings.autoAssign);
      this.drafts.update((all) => {
        const next: Record<string, OperatorDraft> = {};
        for (const op of o.operators) next[op.id] = withDrafts || !all[op.id] ? draftOf(op) : all[op.id];
        return next;
      });
    } catch (e) {
      this.error.set(routingError(e));
    } finally {
      this.loading.set(false);
    }
  }
}
