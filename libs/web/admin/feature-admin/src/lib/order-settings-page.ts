import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import {
  AdminOrderSettingsDocument,
  AdminOrderSettingsEventsDocument,
  AdminOrderSettingsQuery,
  CreateOrderStatusDocument,
  CreatePaymentTypeDocument,
  MoveOrderStatusDocument,
  UpdateOrderStatusDocument,
  UpdatePaymentTypeDocument,
} from '@parley/web/admin/data-access';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { OrderFieldsSection } from './order-fields-section';

type Status = AdminOrderSettingsQuery['orderStatuses'][number];
type PaymentType = AdminOrderSettingsQuery['paymentTypes'][number];
type OrderStatusGroup = Status['group'];

export const STATUS_GROUPS: ReadonlyArray<{ group: OrderStatusGroup; label: string; hint: string }> = [
  { group: 'new', label: 'New', hint: 'A placed order starts in the first active status here.' },
  { group: 'approval', label: 'Approval', hint: 'Waiting for the client or the shop to confirm.' },
  { group: 'assembling', label: 'Assembling', hint: 'Being picked and packed.' },
  { group: 'delivery', label: 'Delivery', hint: 'On its way to the client.' },
  { group: 'complete', label: 'Complete', hint: 'Delivered and paid.' },
  { group: 'cancelled', label: 'Cancelled', hint: 'Will not be fulfilled.' },
];

export const ACQUIRERS: ReadonlyArray<{ value: string | null; label: string }> = [
  { value: null, label: 'None (paid outside Parley)' },
  { value: 'test', label: 'Test acquirer (Parley’s own test page)' },
  { value: 'stripe', label: 'Stripe Checkout' },
];

/** The field errors of a BAD_USER_INPUT, by field; or the sentence for anything else under `_`. */
export function errorsOf(e: unknown): Record<string, string> {
  if (e instanceof GraphqlRequestError) {
    const fe = e.errors[0]?.extensions?.['fieldErrors'];
    if (Array.isArray(fe) && fe.length) return Object.fromEntries((fe as Array<{ field: string; message: string }>).map((f) => [f.field, f.message]));
    if (e.code === 'BAD_USER_INPUT') return { _: e.message };
  }
  return { _: describeError(e) };
}

/**
 * Settings › Orders (issue #12, E5): the order statuses an order moves through, in their six
 * groups (rename, switch off, move within and between groups, add), and the payment types (which
 * acquirer sends their payment links). Nothing is deleted — orders keep their status — so a
 * status or type is switched off instead. Every other admin's screen and every operator's status
 * menu follow a change live. The third section, Order fields, is OrderFieldsSection.
 */
@Component({
  selector: 'pl-order-settings-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule, MatSlideToggleModule, OrderFieldsSection],
  template: `
    <div class="page">
      <h1>Orders</h1>
      <p class="hint">The statuses an order moves through and the ways a client pays. Switched-off entries stay on the orders that have them but are no longer offered.</p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the order settings" />
      } @else if (loadError(); as e) {
        <p class="error" role="alert">{{ e }} <button mat-button type="button" (click)="load()">Retry</button></p>
      } @else {
        @if (errors()['_']; as e) {
          <p class="error" role="alert" data-testid="order-settings-error">{{ e }}</p>
        }
        <h2>Statuses</h2>
        @for (g of groups; track g.group) {
          <section class="group" [attr.aria-labelledby]="'group-' + g.group" data-testid="status-group" [attr.data-group]="g.group">
            <h3 [id]="'group-' + g.group">{{ g.label }} <span class="hint">{{ g.hint }}</span></h3>
            <ol class="list">
              @for (s of byGroup()[g.group]; track s.id; let first = $first; let last = $last) {
                <li data-testid="order-status-row" [attr.data-code]="s.code" [class.off]="!s.active">
                  @if (renaming() === s.id) {
                    <form class="inline" (submit)="$event.preventDefault(); rename(s)">
                      <mat-form-field subscriptSizing="dynamic">
                        <mat-label>Name</mat-label>
                        <input matInput name="rename" [(ngModel)]="draftName" maxlength="100" data-testid="order-status-rename-input" (keydown.escape)="renaming.set(null)" />
                      </mat-form-field>
                      @if (errors()['name']; as e) {
                        <p class="error" role="alert" data-testid="order-status-name-error">{{ e }}</p>
                      }
                      <button mat-flat-button type="submit" [disabled]="busy()" data-testid="order-status-rename-save">Save</button>
                      <button mat-button type="button" (click)="renaming.set(null)">Cancel</button>
                    </form>
                  } @else {
                    <span class="name" data-testid="order-status-name">{{ s.name }}</span>
                    <code class="code">{{ s.code }}</code>
                    <span class="spacer"></span>
                    <mat-slide-toggle [checked]="s.active" [disabled]="busy()" (change)="setActive(s, $event.checked, $event.source)" [aria-label]="(s.active ? 'Switch off ' : 'Switch on ') + s.name" data-testid="order-status-active">{{ s.active ? 'On' : 'Off' }}</mat-slide-toggle>
                    <mat-form-field class="group-select" subscriptSizing="dynamic">
                      <mat-label>Group</mat-label>
                      <mat-select [value]="s.group" (selectionChange)="moveToGroup(s, $event.value, $event.source)" [disabled]="busy()" [aria-label]="'Group of ' + s.name" data-testid="order-status-group">
                        @for (o of groups; track o.group) {
                          <mat-option [value]="o.group">{{ o.label }}</mat-option>
                        }
                      </mat-select>
                    </mat-form-field>
                    <button mat-icon-button type="button" [disabled]="first || busy()" (click)="move(s, -1)" [attr.aria-label]="'Move ' + s.name + ' up'" data-testid="order-status-up">↑</button>
                    <button mat-icon-button type="button" [disabled]="last || busy()" (click)="move(s, 1)" [attr.aria-label]="'Move ' + s.name + ' down'" data-testid="order-status-down">↓</button>
                    <button mat-button type="button" [disabled]="busy()" (click)="startRename(s)" [attr.aria-label]="'Rename ' + s.name" data-testid="order-status-rename">Rename</button>
                  }
                </li>
              } @empty {
                <li class="hint">No statuses in this group.</li>
              }
            </ol>
            <form class="inline add" (submit)="$event.preventDefault(); addStatus(g.group)">
              <mat-form-field subscriptSizing="dynamic">
                <mat-label>New status in {{ g.label }}</mat-label>
                <input matInput [name]="'add-' + g.group" [ngModel]="newStatus()[g.group] ?? ''" (ngModelChange)="setNewStatus(g.group, $event)" maxlength="100" data-testid="order-status-add-input" />
              </mat-form-field>
              <button mat-stroked-button type="submit" [disabled]="busy() || !(newStatus()[g.group] ?? '').trim()" data-testid="order-status-add">Add</button>
              @if (addErrorGroup() === g.group && errors()['name']; as e) {
                <p class="error" role="alert" data-testid="order-status-add-error">{{ e }}</p>
              }
            </form>
          </section>
        }

        <h2>Payment types</h2>
        <p class="hint">A type connected to an acquirer offers “Send payment link” in the order drawer.</p>
        <ul class="list" aria-label="Payment types">
          @for (t of paymentTypes(); track t.id) {
            <li data-testid="payment-type-row" [attr.data-code]="t.code" [class.off]="!t.active">
              <span class="name" data-testid="payment-type-name">{{ t.name }}</span>
              <span class="spacer"></span>
              <mat-form-field class="acquirer" subscriptSizing="dynamic">
                <mat-label>Payment links</mat-label>
                <mat-select [value]="t.acquirer ?? null" (selectionChange)="setAcquirer(t, $event.value, $event.source)" [disabled]="busy()" [aria-label]="'Acquirer of ' + t.name" data-testid="payment-type-acquirer">
                  @for (a of acquirers; track a.value) {
                    <mat-option [value]="a.value">{{ a.label }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-slide-toggle [checked]="t.active" [disabled]="busy()" (change)="setTypeActive(t, $event.checked, $event.source)" [aria-label]="(t.active ? 'Switch off ' : 'Switch on ') + t.name" data-testid="payment-type-active">{{ t.active ? 'On' : 'Off' }}</mat-slide-toggle>
            </li>
          } @empty {
            <li class="hint">No payment types yet: add the ways your clients pay.</li>
          }
        </ul>
        <form class="inline add" (submit)="$event.preventDefault(); addPaymentType()">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>New payment type</mat-label>
            <input matInput name="new-type" [(ngModel)]="newTypeName" maxlength="100" data-testid="payment-type-add-input" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Payment links</mat-label>
            <mat-select name="new-type-acquirer" [(ngModel)]="newTypeAcquirer" data-testid="payment-type-add-acquirer">
              @for (a of acquirers; track a.value) {
                <mat-option [value]="a.value">{{ a.label }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button mat-stroked-button type="submit" [disabled]="busy() || !newTypeName.trim()" data-testid="payment-type-add">Add</button>
          @if (addErrorGroup() === 'payment' && errors()['name']; as e) {
            <p class="error" role="alert" data-testid="payment-type-add-error">{{ e }}</p>
          }
        </form>

        <pl-order-fields-section [refresh]="liveTick()" />
      }
      <p class="status" aria-live="polite" data-testid="order-settings-status">{{ status() }}</p>
    </div>
  `,
  styles: [
    `
      .page { max-width: 900px; }
      .hint { color: var(--mat-sys-on-surface-variant, #555); font-size: 13px; font-weight: normal; }
      h3 .hint { margin-left: 8px; }
      .error { color: var(--mat-sys-error, #b3261e); }
      .list { list-style: none; padding: 0; margin: 0 0 8px; }
      .list li { display: flex; align-items: center; gap: 8px; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant, #e0e0e0); min-height: 48px; }
      .list li.off .name { color: var(--mat-sys-on-surface-variant, #777); text-decoration: line-through; }
      .code { font-size: 12px; color: var(--mat-sys-on-surface-variant, #666); }
      .spacer { flex: 1; }
      .inline { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .group-select { width: 150px; }
      .acquirer { width: 280px; }
      .group { margin-bottom: 16px; }
      .status { min-height: 1.5em; color: var(--mat-sys-on-surface-variant, #555); }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderSettingsPage {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);

  protected readonly groups = STATUS_GROUPS;
  protected readonly acquirers = ACQUIRERS;
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly statuses = signal<Status[]>([]);
  protected readonly paymentTypes = signal<PaymentType[]>([]);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly addErrorGroup = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly renaming = signal<string | null>(null);
  /** Bumped on every live event: the Order fields section re-reads its list. */
  protected readonly liveTick = signal(0);
  protected readonly newStatus = signal<Partial<Record<OrderStatusGroup, string>>>({});
  protected draftName = '';
  protected newTypeName = '';
  protected newTypeAcquirer: string | null = null;

  protected readonly byGroup = computed(() => {
    const out = Object.fromEntries(STATUS_GROUPS.map((g) => [g.group, [] as Status[]])) as Record<OrderStatusGroup, Status[]>;
    for (const s of this.statuses()) out[s.group]?.push(s);
    for (const list of Object.values(out)) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    return out;
  });

  constructor() {
    void this.load();
    // another admin's change (or this one's, from another tab) refetches
    const off = this.realtime.subscribe(AdminOrderSettingsEventsDocument, {
      next: () => {
        void this.load(false);
        this.liveTick.update((n) => n + 1);
      },
      error: () => undefined,
    });
    inject(DestroyRef).onDestroy(off);
  }

  async load(showProgress = true): Promise<void> {
    if (showProgress) this.loading.set(true);
    try {
      const r = await this.api.request(AdminOrderSettingsDocument, {});
      this.statuses.set(r.orderStatuses);
      this.paymentTypes.set(r.paymentTypes);
      this.loadError.set(null);
    } catch (e) {
      if (showProgress) this.loadError.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  protected setNewStatus(group: OrderStatusGroup, value: string): void {
    this.newStatus.update((m) => ({ ...m, [group]: value }));
  }

  protected startRename(s: Status): void {
    this.errors.set({});
    this.draftName = s.name;
    this.renaming.set(s.id);
  }

  protected async addStatus(group: OrderStatusGroup): Promise<void> {
    const name = (this.newStatus()[group] ?? '').trim();
    const done = await this.run(
      async () => {
        const s = (await this.api.request(CreateOrderStatusDocument, { input: { name, group } })).createOrderStatus;
        this.statuses.update((list) => [...list, s]);
        return `Added “${s.name}”.`;
      },
      group,
    );
    if (done) this.setNewStatus(group, '');
  }

  protected async rename(s: Status): Promise<void> {
    const done = await this.run(async () => {
      const u = (await this.api.request(UpdateOrderStatusDocument, { input: { id: s.id, name: this.draftName } })).updateOrderStatus;
      this.replaceStatus(u);
      return `Renamed to “${u.name}”.`;
    });
    if (done) this.renaming.set(null);
  }

  protected async setActive(s: Status, active: boolean, control?: { checked: boolean }): Promise<void> {
    const done = await this.run(async () => {
      const u = (await this.api.request(UpdateOrderStatusDocument, { input: { id: s.id, active } })).updateOrderStatus;
      this.replaceStatus(u);
      return `“${u.name}” is ${u.active ? 'on' : 'off'}.`;
    });
    // refused (the last active "New" status): the toggle goes back
    if (!done && control) control.checked = !active;
  }

  protected async moveToGroup(s: Status, group: OrderStatusGroup, control?: { value: unknown }): Promise<void> {
    const done = await this.run(async () => {
      const u = (await this.api.request(UpdateOrderStatusDocument, { input: { id: s.id, group } })).updateOrderStatus;
      this.replaceStatus(u);
      return `Moved “${u.name}” to ${STATUS_GROUPS.find((g) => g.group === u.group)?.label ?? u.group}.`;
    });
    if (!done && control) control.value = s.group;
  }

  protected async move(s: Status, by: -1 | 1): Promise<void> {
    const list = this.byGroup()[s.group];
    const position = list.findIndex((x) => x.id === s.id) + by;
    if (position < 0 || position >= list.length) return;
    await this.run(async () => {
      this.statuses.set((await this.api.request(MoveOrderStatusDocument, { id: s.id, position })).moveOrderStatus);
      return `Moved “${s.name}” ${by < 0 ? 'up' : 'down'}.`;
    });
  }

  protected async addPaymentType(): Promise<void> {
    const name = this.newTypeName.trim();
    const done = await this.run(
      async () => {
        const t = (await this.api.request(CreatePaymentTypeDocument, { input: { name, acquirer: this.newTypeAcquirer } })).createPaymentType;
        this.paymentTypes.update((list) => [...list, t]);
        return `Added “${t.name}”.`;
      },
      'payment',
    );
    if (done) {
      this.newTypeName = '';
      this.newTypeAcquirer = null;
    }
  }

  protected async setAcquirer(t: PaymentType, acquirer: string | null, control?: { value: unknown }): Promise<void> {
    const done = await this.run(async () => {
      const u = (await this.api.request(UpdatePaymentTypeDocument, { input: { id: t.id, acquirer } })).updatePaymentType;
      this.paymentTypes.update((list) => list.map((x) => (x.id === u.id ? u : x)));
      return u.acquirer ? `“${u.name}” sends payment links through ${ACQUIRERS.find((a) => a.value === u.acquirer)?.label ?? u.acquirer}.` : `“${u.name}” no longer sends payment links.`;
    });
    if (!done && control) control.value = t.acquirer ?? null;
  }

  protected async setTypeActive(t: PaymentType, active: boolean, control?: { checked: boolean }): Promise<void> {
    const done = await this.run(async () => {
      const u = (await this.api.request(UpdatePaymentTypeDocument, { input: { id: t.id, active } })).updatePaymentType;
      this.paymentTypes.update((list) => list.map((x) => (x.id === u.id ? u : x)));
      return `“${u.name}” is ${u.active ? 'on' : 'off'}.`;
    });
    if (!done && control) control.checked = !active;
  }

  private replaceStatus(u: Status): void {
    this.statuses.update((list) => list.map((x) => (x.id === u.id ? u : x)));
  }

  /** Runs one change: busy while it runs, its errors under their fields (or on top), a polite status line. */
  private async run(change: () => Promise<string>, addGroup: string | null = null): Promise<boolean> {
    this.busy.set(true);
    this.errors.set({});
    this.addErrorGroup.set(addGroup);
    try {
      this.status.set(await change());
      return true;
    } catch (e) {
      const errs = errorsOf(e);
      // a field error with no field shown here goes on top
      if (!errs['name'] && !errs['_']) errs['_'] = Object.values(errs)[0] ?? describeError(e);
      this.errors.set(errs);
      this.status.set('');
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
