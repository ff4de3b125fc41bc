import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { SessionStore } from '../auth/session-store';

/** `/admin`: a top bar and the routed admin page. */
@Component({
  selector: 'pl-admin-shell',
  imports: [MatToolbarModule, MatButtonModule, RouterLink, RouterOutlet],
  template: `
    <mat-toolbar class="topbar">
      <span class="brand"><span class="logo" aria-hidden="true">P</span>Parley</span>
      <span class="section">Admin</span>
      <span class="spacer"></span>
      <a mat-button routerLink="/admin/channels" data-testid="admin-channels-link">Channels</a>
      <a mat-button routerLink="/admin/groups" data-testid="admin-groups-link">Groups</a>
      <a mat-stroked-button routerLink="/inbox" data-testid="back-to-inbox">Inbox</a>
    </mat-toolbar>
    <main class="content"><router-outlet /></main>
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100dvh; }
    .topbar { flex: none; gap: 12px; height: 56px; border-bottom: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); font: var(--mat-sys-body-medium); }
    .brand { display: inline-flex; align-items: center; gap: 8px; font: var(--mat-sys-title-medium); font-weight: 700; }
    .logo { width: 28px; height: 28px; border-radius: 8px; display: inline-flex; align-items: center; justify-content: center; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .section { color: var(--mat-sys-on-surface-variant); }
    .spacer { flex: 1; }
    .content { flex: 1; overflow: auto; padding: 16px 24px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminShell {
  protected readonly session = inject(SessionStore);
}
