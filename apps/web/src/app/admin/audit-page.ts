import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ApiClient } from '../core/api-client';
import { describeError } from '../core/graphql-error';
import { AuditEntry } from '../core/models';
import { AUDIT_LOG } from '../core/operations';

const ACTION_LABELS: Record<string, string> = {
  'conversation.deleted': 'Deleted a conversation',
  'operator.created': 'Added an operator',
  'operator.role_changed': 'Changed a role',
  'operator.invited': 'Invited a colleague',
  'invitation.resent': 'Resent an invitation',
  'invitation.revoked': 'Revoked an invitation',
  'invitation.accepted': 'Accepted an invitation',
  'channel.mail_settings_changed': 'Changed offline form / e-mail settings',
  'channel.contact_acquisition_changed': 'Changed the tag / owner of contacts from a chat',
  'operator.deactivated': 'Deactivated an operator',
  'operator.reactivated': 'Reactivated an operator',
  'operator.email_changed': 'Changed a login e-mail',
  'operator.password_changed': 'Changed a password',
  'permission_group.created': 'Created a permission group',
  'permission_group.updated': 'Changed a permission group',
  'permission_group.deleted': 'Deleted a permission group',
  'permission_group.members_changed': 'Changed group members',
};

/** A one-line, plain-text summary of an entry's details (JSON from the API). */
export function auditSummary(entry: Pick<AuditEntry, 'action' | 'details'>): string {
  let d: Record<string, unknown> = {};
  try {
    d = JSON.parse(entry.details) as Record<string, unknown>;
  } catch {
    return '';
  }
  switch (entry.action) {
    case 'conversation.deleted':
      return [d['contactName'] ?? d['contactEmail'] ?? 'Visitor', d['messages'] !== undefined ? `${d['messages']} messages` : null, d['status']].filter(Boolean).join(' · ');
    case 'operator.created':
      return [d['displayName'], d['email'], d['role']].filter(Boolean).join(' · ');
    case 'operator.role_changed':
      return [d['displayName'] ?? d['email'], `${String(d['from'])} → ${String(d['to'])}`].filter(Boolean).join(' · ');
    default:
      return Object.entries(d).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  }
}

/** `/admin/audit` (SPEC F4): who did what, when. The API refuses non-admins. */
@Component({
  selector: 'pl-audit-page',
  imports: [MatTableModule, MatButtonModule, MatProgressBarModule],
  template: `
    <section class="page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the audit log" />
      }
      @if (error(); as error) {
        <div class="banner error" role="alert" data-testid="audit-error">{{ error }}</div>
      }
      <table mat-table [dataSource]="rows()" aria-label="Audit entries">
        <ng-container matColumnDef="when">
          <th mat-header-cell *matHeaderCellDef>When</th>
          <td mat-cell *matCellDef="let e"><time [attr.datetime]="e.createdAt">{{ when(e.createdAt) }}</time></td>
        </ng-container>
        <ng-container matColumnDef="who">
          <th mat-header-cell *matHeaderCellDef>Who</th>
          <td mat-cell *matCellDef="let e">{{ e.actorName ?? 'System' }}</td>
        </ng-container>
        <ng-container matColumnDef="action">
          <th mat-header-cell *matHeaderCellDef>Action</th>
          <td mat-cell *matCellDef="let e">{{ label(e.action) }}</td>
        </ng-container>
        <ng-container matColumnDef="target">
          <th mat-header-cell *matHeaderCellDef>Target</th>
          <td mat-cell *matCellDef="let e"><span class="mono" [title]="e.targetId ?? ''">{{ e.targetType }} {{ e.targetId?.slice(0, 8) }}</span></td>
        </ng-container>
        <ng-container matColumnDef="details">
          <th mat-header-cell *matHeaderCellDef>Details</th>
          <td mat-cell *matCellDef="let e">{{ summary(e) }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let e; columns: columns" data-testid="audit-row" [attr.data-target-id]="e.targetId"></tr>
      </table>
      @if (!loading() && !error() && rows().length === 0) {
        <p class="empty">Nothing recorded yet.</p>
      }
      @if (hasNextPage()) {
        <div class="more"><button mat-stroked-button type="button" (click)="load()" [disabled]="loading()">Load more</button></div>
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .page { max-width: 1100px; }
    h1 { font: var(--mat-sys-headline-small); }
    table { width: 100%; }
    .mono { font-family: ui-monospace, monospace; }
    .empty, .more { text-align: center; margin: 16px 0; }
    .banner.error { margin: 8px 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(ApiClient);
  protected readonly columns = ['when', 'who', 'action', 'target', 'details'];
  protected readonly rows = signal<AuditEntry[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly hasNextPage = signal(false);
  private endCursor: string | null = null;
  protected readonly summary = auditSummary;

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    if (this.loading()) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      const data = await this.api.request<{ auditLog: { nodes: AuditEntry[]; hasNextPage: boolean; endCursor: string | null } }>(AUDIT_LOG, { first: 50, after: this.endCursor });
      this.rows.update((rows) => [...rows, ...data.auditLog.nodes]);
      this.hasNextPage.set(data.auditLog.hasNextPage);
      this.endCursor = data.auditLog.endCursor;
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected label(action: string): string {
    return ACTION_LABELS[action] ?? action;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  }
}
