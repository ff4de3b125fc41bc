import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { OperatorRole, Permission, PERMISSION_LABELS, PERMISSIONS, ROLE_DEFAULT_PERMISSIONS } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { OperatorProfile, PermissionGroup } from '@parley/web/shared/data-access';
import { serverMessage } from '@parley/web/shared/util';
import { ROLE_LABELS } from './operators-page';
import { CreatePermissionGroupDocument, DeletePermissionGroupDocument, OperatorsDocument, PermissionGroupsDocument, SetPermissionGroupMembersDocument, UpdatePermissionGroupDocument } from '@parley/web/shared/data-access';

interface GroupDraft {
  id: string;
  name: string;
  permissions: Permission[];
  memberIds: string[];
}

export function togglePermission(list: readonly Permission[], p: Permission, on: boolean): Permission[] {
  return on ? PERMISSIONS.filter((x) => x === p || list.includes(x)) : list.filter((x) => x !== p);
}

/**
 * `/admin/permissions` (SPEC F1): permission groups (name + rights) and their members. An
 * operator's rights are their role's defaults plus every group they belong to.
 */
@Component({
  selector: 'pl-permissions-page',
  imports: [FormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatCheckboxModule, MatButtonModule, MatProgressBarModule],
  template: `
    <h1>Permissions</h1>
    <p class="lead">An operator's rights are their role's defaults plus the rights of every group they belong to.</p>
    <table class="defaults" aria-label="Rights each role has by default">
      <thead>
        <tr><th scope="col">Role</th><th scope="col">Rights by default</th></tr>
      </thead>
      <tbody>
        @for (r of roles; track r) {
          <tr><td>{{ roleLabels[r] }}</td><td>{{ defaultsOf(r) }}</td></tr>
        }
      </tbody>
    </table>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" aria-label="Loading permission groups" />
    }
    @if (error()) {
      <p class="banner error" role="alert" data-testid="permissions-error">{{ error() }}</p>
    }

    <h2>Groups</h2>
    @for (g of groups(); track g.id) {
      <section class="card" [attr.aria-label]="'Group ' + g.name" [attr.data-testid]="'group-' + g.name">
        <mat-form-field appearance="outline" class="name">
          <mat-label>Group name</mat-label>
          <input matInput [(ngModel)]="g.name" maxlength="80" required />
        </mat-form-field>
        <fieldset class="perms">
          <legend>Rights</legend>
          @for (p of permissions; track p) {
            <mat-checkbox [checked]="g.permissions.includes(p)" (change)="g.permissions = toggle(g.permissions, p, $event.checked)">{{ labels[p] }}</mat-checkbox>
          }
        </fieldset>
        <mat-form-field appearance="outline" class="members">
          <mat-label>Members</mat-label>
          <mat-select multiple [(ngModel)]="g.memberIds" aria-label="Members">
            @for (op of operators(); track op.id) {
              <mat-option [value]="op.id">{{ op.displayName }} ({{ roleLabels[op.role] }})</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <div class="actions">
          <button mat-flat-button type="button" (click)="save(g)" [disabled]="busy() === g.id">Save</button>
          <button mat-button type="button" (click)="remove(g)" [disabled]="busy() === g.id">Delete group</button>
        </div>
      </section>
    } @empty {
      @if (!loading()) {
        <p class="empty">No groups yet. Create one below to give some operators extra rights.</p>
      }
    }

    <section class="card" aria-labelledby="new-group-title">
      <h2 id="new-group-title">New group</h2>
      <mat-form-field appearance="outline" class="name">
        <mat-label>Group name</mat-label>
        <input matInput [(ngModel)]="newName" maxlength="80" data-testid="new-group-name" />
      </mat-form-field>
      <fieldset class="perms">
        <legend>Rights</legend>
        @for (p of permissions; track p) {
          <mat-checkbox [checked]="newPermissions.includes(p)" (change)="newPermissions = toggle(newPermissions, p, $event.checked)">{{ labels[p] }}</mat-checkbox>
        }
      </fieldset>
      <button mat-flat-button type="button" (click)="create()" [disabled]="busy() === 'new'" data-testid="new-group-create">Create group</button>
    </section>
  `,
  styles: `
    :host { display: block; max-width: 900px; }
    h1 { font: var(--mat-sys-headline-small); }
    h2 { font: var(--mat-sys-title-medium); }
    .lead { color: var(--mat-sys-on-surface-variant); }
    .defaults { border-collapse: collapse; margin-bottom: 16px; }
    .defaults th, .defaults td { text-align: left; padding: 4px 12px 4px 0; }
    .card { margin: 12px 0; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; display: flex; flex-direction: column; gap: 8px; }
    .name { max-width: 360px; }
    .members { max-width: 480px; }
    .perms { border: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
    .perms legend { font: var(--mat-sys-label-large); margin-bottom: 4px; }
    .actions { display: flex; gap: 8px; }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .banner.error { padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PermissionsPage {
  private readonly api = inject(ApiClient);
  private readonly confirmer = inject(Confirmer);
  protected readonly groups = signal<GroupDraft[]>([]);
  protected readonly operators = signal<OperatorProfile[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal('');
  protected readonly busy = signal<string | null>(null);
  protected readonly permissions = PERMISSIONS;
  protected readonly labels = PERMISSION_LABELS;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roles = Object.values(OperatorRole);
  protected readonly toggle = togglePermission;
  protected newName = '';
  protected newPermissions: Permission[] = [];
  private saved = new Map<string, PermissionGroup>();

  constructor() {
    void this.load();
  }

  protected defaultsOf(role: OperatorRole): string {
    return ROLE_DEFAULT_PERMISSIONS[role].map((p) => PERMISSION_LABELS[p]).join(', ') || 'None';
  }

  private async load(): Promise<void> {
    try {
      const [groups, ops] = await Promise.all([
        this.api.request(PermissionGroupsDocument),
        this.api.request(OperatorsDocument),
      ]);
      this.setGroups(groups.permissionGroups);
      this.operators.set(ops.operators);
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  private setGroups(groups: PermissionGroup[]): void {
    this.saved = new Map(groups.map((g) => [g.id, g]));
    this.groups.set(groups.map((g) => ({ ...g, permissions: [...g.permissions], memberIds: [...g.memberIds] })));
  }

  private replace(group: PermissionGroup): void {
    this.saved.set(group.id, group);
    this.groups.update((list) => list.map((g) => (g.id === group.id ? { ...group, permissions: [...group.permissions], memberIds: [...group.memberIds] } : g)));
  }

  protected async create(): Promise<void> {
    this.error.set('');
    if (!this.newName.trim()) {
      this.error.set('Give the new group a name.');
      return;
    }
    this.busy.set('new');
    try {
      const data = await this.api.request(CreatePermissionGroupDocument, { input: { name: this.newName, permissions: this.newPermissions } });
      const g = data.createPermissionGroup;
      this.saved.set(g.id, g);
      this.groups.update((list) => [...list, { ...g, permissions: [...g.permissions], memberIds: [...g.memberIds] }]);
      this.newName = '';
      this.newPermissions = [];
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.busy.set(null);
    }
  }

  protected async save(g: GroupDraft): Promise<void> {
    this.error.set('');
    if (!g.name.trim()) {
      this.error.set('A group needs a name.');
      return;
    }
    this.busy.set(g.id);
    try {
      const before = this.saved.get(g.id);
      let latest: PermissionGroup | undefined;
      if (!before || before.name !== g.name || before.permissions.join() !== g.permissions.join()) {
        latest = (await this.api.request(UpdatePermissionGroupDocument, { input: { id: g.id, name: g.name, permissions: g.permissions } })).updatePermissionGroup;
      }
      if (!before || [...before.memberIds].sort().join() !== [...g.memberIds].sort().join()) {
        latest = (await this.api.request(SetPermissionGroupMembersDocument, { input: { groupId: g.id, operatorIds: g.memberIds } })).setPermissionGroupMembers;
      }
      if (latest) this.replace(latest);
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.busy.set(null);
    }
  }

  protected async remove(g: GroupDraft): Promise<void> {
    if (!(await this.confirmer.ask({ title: `Delete the group "${g.name}"?`, message: 'Its members lose the rights it gave them.', confirmLabel: 'Delete' }))) return;
    this.error.set('');
    this.busy.set(g.id);
    try {
      await this.api.request(DeletePermissionGroupDocument, { id: g.id });
      this.saved.delete(g.id);
      this.groups.update((list) => list.filter((x) => x.id !== g.id));
    } catch (e) {
      this.error.set(serverMessage(e));
    } finally {
      this.busy.set(null);
    }
  }
}
