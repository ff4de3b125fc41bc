import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { canAssignRole, OPERATOR_ROLES, OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { OperatorProfile } from '@parley/web/shared/data-access';
import { DEACTIVATE_OPERATOR, REACTIVATE_OPERATOR } from '@parley/web/shared/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { initials, serverMessage } from '@parley/web/shared/util';
import { ChangeOperatorRoleDocument, CreateOperatorDocument, OperatorUpdatedDocument, OperatorsDocument } from '@parley/web/shared/data-access';

export const ROLE_LABELS: Record<OperatorRole, string> = {
  [OperatorRole.admin]: 'Admin',
  [OperatorRole.supervisor]: 'Supervisor',
  [OperatorRole.agent]: 'Agent',
  [OperatorRole.observer]: 'Observer',
};

/** The roles the caller may pick for `target` (its current role always stays listed). */
export function assignableRoles(caller: OperatorRole | null, target: OperatorRole): OperatorRole[] {
  return OPERATOR_ROLES.filter((r) => r === target || (caller !== null && canAssignRole(caller, target, r)));
}

/**
 * `/admin/operators` (SPEC B2): everyone in the workspace; admins add operators, change any role
 * and deactivate; supervisors make observers agents. Changes from other screens arrive live.
 */
@Component({
  selector: 'pl-operators-page',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, MatProgressBarModule],
  template: `
    <h1>Operators</h1>
    <p class="lead">
      Admins change any role and deactivate operators; supervisors can make observers agents. A workspace always keeps at least one active admin.
    </p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading operators" />
    }
    @if (error()) {
      <p class="banner error" role="alert" data-testid="operators-error">{{ error() }}</p>
    }
    <table class="table" aria-label="Operators">
      <thead>
        <tr><th scope="col"><span class="sr-only">Avatar</span></th><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
      </thead>
      <tbody>
        @for (op of operators(); track op.id) {
          <tr [attr.data-testid]="'operator-row-' + op.email" [class.inactive]="!op.active">
            <td>
              @if (op.avatarUrl) {
                <img class="avatar" [src]="op.avatarUrl" width="32" height="32" alt="" />
              } @else {
                <span class="avatar initials" aria-hidden="true">{{ initials(op.displayName) }}</span>
              }
            </td>
            <td>{{ op.displayName }} @if (op.id === myId()) { <span class="you">(you)</span> }</td>
            <td>{{ op.email }}</td>
            <td>
              @let roles = rolesFor(op);
              @if (roles.length > 1) {
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="role">
                  <mat-select [value]="op.role" (selectionChange)="changeRole(op, $event.value, $event.source)" [disabled]="busy() === op.id" [attr.aria-label]="'Role of ' + op.displayName" [attr.data-testid]="'role-select-' + op.email">
                    @for (r of roles; track r) {
                      <mat-option [value]="r">{{ roleLabels[r] }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
              } @else {
                <span [attr.data-testid]="'role-' + op.email">{{ roleLabels[op.role] }}</span>
              }
            </td>
            <td>{{ op.active ? 'Active' : 'Deactivated' }}</td>
            <td>
              @if (isAdmin() && op.id !== myId()) {
                @if (op.active) {
                  <button mat-button type="button" (click)="setActive(op, false)" [disabled]="busy() === op.id" [attr.data-testid]="'deactivate-' + op.email">Deactivate</button>
                } @else {
                  <button mat-button type="button" (click)="setActive(op, true)" [disabled]="busy() === op.id" [attr.data-testid]="'reactivate-' + op.email">Reactivate</button>
                }
              }
            </td>
          </tr>
        } @empty {
          @if (!loading()) {
            <tr><td colspan="6" class="empty">No operators yet. Add the first one below.</td></tr>
          }
        }
      </tbody>
    </table>

    @if (isAdmin()) {
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Add an operator</h2>
        <form [formGroup]="form" (ngSubmit)="create()" novalidate class="add">
          <mat-form-field appearance="outline">
            <mat-label>Name</mat-label>
            <input matInput formControlName="displayName" required maxlength="100" />
            @if (form.controls.displayName.hasError('required')) { <mat-error>Enter a name.</mat-error> }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>E-mail (login)</mat-label>
            <input matInput type="email" formControlName="email" required />
            @if (form.controls.email.hasError('email')) { <mat-error>This does not look like an e-mail address.</mat-error> }
            @else if (form.controls.email.hasError('required')) { <mat-error>Enter an e-mail address.</mat-error> }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Initial password</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="new-password" required />
            @if (form.controls.password.invalid) { <mat-error>At least 8 characters.</mat-error> }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Role</mat-label>
            <mat-select formControlName="role">
              @for (r of allRoles; track r) { <mat-option [value]="r">{{ roleLabels[r] }}</mat-option> }
            </mat-select>
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="creating()">Add operator</button>
        </form>
        @if (createError()) {
          <p class="error" role="alert">{{ createError() }}</p>
        }
      </section>
    }
  `,
  styles: `
    :host { display: block; max-width: 1000px; }
    h1 { font: var(--mat-sys-headline-small); }
    h2 { font: var(--mat-sys-title-medium); margin: 0 0 12px; }
    .lead { color: var(--mat-sys-on-surface-variant); }
    .table { width: 100%; border-collapse: collapse; }
    .table th { text-align: left; font: var(--mat-sys-label-large); padding: 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .table td { padding: 4px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .inactive td { color: var(--mat-sys-on-surface-variant); }
    .avatar { width: 32px; height: 32px; border-radius: 50%; display: inline-grid; place-items: center; }
    .initials { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); font: var(--mat-sys-label-medium); }
    .you { color: var(--mat-sys-on-surface-variant); }
    .role { width: 160px; }
    .empty { text-align: center; padding: 16px; }
    .card { margin: 24px 0; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; }
    .add { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
    .error { color: var(--mat-sys-error); }
    .banner.error { padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OperatorsPage {
  private readonly api = inject(ApiClient);
  private readonly confirmer = inject(Confirmer);
  private readonly session = inject(SessionStore);
  private readonly realtime = inject(RealtimeClient);

  protected readonly operators = signal<OperatorProfile[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal('');
  protected readonly busy = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly createError = signal('');
  protected readonly myId = computed(() => this.session.operator()?.id ?? null);
  protected readonly isAdmin = computed(() => this.session.role() === OperatorRole.admin);
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly allRoles = OPERATOR_ROLES;
  protected readonly initials = initials;
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(8)]],
    role: [OperatorRole.agent as OperatorRole],
  });

  constructor() {
    void this.load();
    const off = this.realtime.subscribe(OperatorUpdatedDocument, {
      next: (d) => this.patch(d.operatorUpdated),
      error: () => undefined,
    });
    inject(DestroyRef).onDestroy(off);
  }

  protected rolesFor(op: OperatorProfile): OperatorRole[] {
    if (op.id === this.myId() && !this.isAdmin()) return [op.role];
    return assignableRoles(this.session.role(), op.role);
  }

  private async load(): Promise<void> {
    try {
      const data = await this.api.request(OperatorsDocument);
      this.operators.set(data.operators);
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  private patch(op: Partial<OperatorProfile> & { id: string }): void {
    this.operators.update((list) => list.map((o) => (o.id === op.id ? { ...o, ...op } : o)));
  }

  protected async changeRole(op: OperatorProfile, role: OperatorRole, select: MatSelect): Promise<void> {
    this.error.set('');
    this.busy.set(op.id);
    try {
      const data = await this.api.request(ChangeOperatorRoleDocument, { input: { operatorId: op.id, role } });
      this.patch(data.changeOperatorRole);
    } catch (e) {
      this.error.set(serverMessage(e));
      // the select shows the role the server kept
      select.value = op.role;
    } finally {
      this.busy.set(null);
    }
  }

  protected async setActive(op: OperatorProfile, active: boolean): Promise<void> {
    if (!active && !(await this.confirmer.ask({ title: `Deactivate ${op.displayName}?`, message: 'They are signed out at once and cannot sign in until reactivated.', confirmLabel: 'Deactivate' }))) return;
    this.error.set('');
    this.busy.set(op.id);
    try {
      const data = await this.api.request<Record<string, OperatorProfile>>(active ? REACTIVATE_OPERATOR : DEACTIVATE_OPERATOR, { input: { operatorId: op.id } });
      this.patch(Object.values(data)[0]);
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.busy.set(null);
    }
  }

  protected async create(): Promise<void> {
    this.createError.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.creating.set(true);
    try {
      const v = this.form.getRawValue();
      const data = await this.api.request(CreateOperatorDocument, { input: { ...v, email: v.email.trim(), displayName: v.displayName.trim() } });
      this.operators.update((list) => [...list, data.createOperator].sort((a, b) => a.displayName.localeCompare(b.displayName)));
      this.form.reset();
    } catch (e) {
      this.createError.set(serverMessage(e));
    } finally {
      this.creating.set(false);
    }
  }
}
