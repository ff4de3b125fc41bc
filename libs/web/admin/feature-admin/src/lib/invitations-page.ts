import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ErrorCode, OperatorRole } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { describeError, errorCodeOf } from '@parley/web/shared/util';
import { Invitation } from '@parley/web/shared/data-access';
import { InvitationsDocument, InviteOperatorDocument, ResendInvitationDocument, RevokeInvitationDocument } from '@parley/web/shared/data-access';

const ROLE_LABELS: Record<OperatorRole, string> = {
  [OperatorRole.admin]: 'Admin',
  [OperatorRole.supervisor]: 'Supervisor',
  [OperatorRole.agent]: 'Agent',
  [OperatorRole.observer]: 'Observer',
};

/** `/admin/invitations` (SPEC B8): invite colleagues by e-mail; pending invitations can be resent or revoked. */
@Component({
  selector: 'pl-invitations-page',
  imports: [ReactiveFormsModule, DatePipe, MatTableModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatProgressBarModule],
  template: `
    <section class="page" aria-labelledby="inv-title">
      <h1 id="inv-title">Invitations</h1>
      <form class="invite" [formGroup]="form" (ngSubmit)="invite()" novalidate aria-label="Invite a colleague">
        <mat-form-field appearance="outline">
          <mat-label>Colleague's e-mail</mat-label>
          <input matInput type="email" formControlName="email" required maxlength="254" data-testid="invite-email-input" />
          @if (form.controls.email.hasError('required')) {
            <mat-error>Enter an e-mail address.</mat-error>
          } @else if (form.controls.email.hasError('email')) {
            <mat-error>This does not look like an e-mail address.</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <mat-select formControlName="role" data-testid="invite-role">
            @for (r of roles; track r) {
              <mat-option [value]="r">{{ roleLabel(r) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="invite-send">{{ busy() ? 'Sending…' : 'Send invitation' }}</button>
      </form>
      @if (busy() || loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Working" />
      }
      @if (error(); as e) {
        <p class="error" role="alert" data-testid="invitations-error">{{ e }}</p>
      }
      @if (notice(); as n) {
        <p class="ok" role="status" data-testid="invitations-notice">{{ n }}</p>
      }
      @if (!loading() && rows().length === 0) {
        <p class="empty" data-testid="invitations-empty">No pending invitations. Invite a colleague with the form above: they get an e-mail with a link that works once, for 5 days.</p>
      } @else {
        <table mat-table [dataSource]="rows()" aria-label="Pending invitations" data-testid="invitations-table">
          <ng-container matColumnDef="email">
            <th mat-header-cell *matHeaderCellDef>E-mail</th>
            <td mat-cell *matCellDef="let i">{{ i.email }}</td>
          </ng-container>
          <ng-container matColumnDef="role">
            <th mat-header-cell *matHeaderCellDef>Role</th>
            <td mat-cell *matCellDef="let i">{{ roleLabel(i.role) }}</td>
          </ng-container>
          <ng-container matColumnDef="state">
            <th mat-header-cell *matHeaderCellDef>Status</th>
            <td mat-cell *matCellDef="let i" [attr.data-state]="i.state">{{ i.state === 'expired' ? 'Expired' : 'Pending until ' + (i.expiresAt | date: 'medium') }}</td>
          </ng-container>
          <ng-container matColumnDef="by">
            <th mat-header-cell *matHeaderCellDef>Invited by</th>
            <td mat-cell *matCellDef="let i">{{ i.invitedByName ?? '—' }}</td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef><span class="sr">Actions</span></th>
            <td mat-cell *matCellDef="let i">
              <button mat-button type="button" (click)="resend(i)" [disabled]="busy()" [attr.aria-label]="'Resend the invitation to ' + i.email">Resend</button>
              <button mat-button type="button" (click)="revoke(i)" [disabled]="busy()" [attr.aria-label]="'Revoke the invitation of ' + i.email">Revoke</button>
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns" data-testid="invitation-row"></tr>
        </table>
        @if (endCursor()) {
          <button mat-stroked-button type="button" (click)="load(true)" [disabled]="loading()">Load more</button>
        }
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 960px; display: flex; flex-direction: column; gap: 12px; }
    h1 { font: var(--mat-sys-headline-small); margin: 0; }
    .invite { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .invite mat-form-field:first-child { flex: 1 1 280px; }
    .error { color: var(--mat-sys-error); margin: 0; }
    .ok { color: var(--mat-sys-primary); margin: 0; }
    .empty { color: var(--mat-sys-on-surface-variant); }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitationsPage {
  private readonly api = inject(ApiClient);
  protected readonly roles = [OperatorRole.agent, OperatorRole.supervisor, OperatorRole.observer, OperatorRole.admin];
  protected readonly columns = ['email', 'role', 'state', 'by', 'actions'];
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: [OperatorRole.agent as OperatorRole, Validators.required],
  });
  protected readonly rows = signal<Invitation[]>([]);
  protected readonly endCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  constructor() {
    void this.load(false);
  }

  protected roleLabel(role: string): string {
    return ROLE_LABELS[role as OperatorRole] ?? role;
  }

  async load(more: boolean): Promise<void> {
    this.loading.set(true);
    try {
      const data = await this.api.request(InvitationsDocument, { first: 50, after: more ? this.endCursor() : null });
      this.rows.update((r) => (more ? [...r, ...data.invitations.nodes] : data.invitations.nodes));
      this.endCursor.set(data.invitations.hasNextPage ? data.invitations.endCursor : null);
    } catch (e) {
      this.error.set(describeError(e));
    } finally {
      this.loading.set(false);
    }
  }

  protected async invite(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, role } = this.form.getRawValue();
    await this.run(async () => {
      await this.api.request(InviteOperatorDocument, { input: { email: email.trim(), role } });
      this.form.reset({ email: '', role: OperatorRole.agent });
      return `Invitation sent to ${email.trim()}.`;
    });
  }

  protected resend(i: Invitation): Promise<void> {
    return this.run(async () => {
      await this.api.request(ResendInvitationDocument, { id: i.id });
      return `A new link was sent to ${i.email}; the previous one no longer works.`;
    });
  }

  protected revoke(i: Invitation): Promise<void> {
    return this.run(async () => {
      await this.api.request(RevokeInvitationDocument, { id: i.id });
      return `The invitation of ${i.email} was revoked.`;
    });
  }

  private async run(action: () => Promise<string>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    try {
      this.notice.set(await action());
      await this.load(false);
    } catch (e) {
      const code = errorCodeOf(e);
      this.error.set(code === ErrorCode.Conflict || code === ErrorCode.BadUserInput ? (e as Error).message : describeError(e));
    } finally {
      this.busy.set(false);
    }
  }
}
