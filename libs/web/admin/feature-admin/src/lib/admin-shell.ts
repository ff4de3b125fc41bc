import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionStore } from '@parley/web/shared/data-access';
import { adminNavFor } from '@parley/web/admin/util';

/** `/admin`: a top bar, the side navigation (ADMIN_NAV, filtered by role) and the routed admin page. */
@Component({
  selector: 'pl-admin-shell',
  imports: [MatToolbarModule, MatButtonModule, MatListModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <mat-toolbar class="topbar">
      <span class="brand"><span class="logo" aria-hidden="true">P</span>Parley</span>
      <span class="section">Admin</span>
      <span class="spacer"></span>
      <a mat-stroked-button routerLink="/inbox" data-testid="back-to-inbox">Inbox</a>
    </mat-toolbar>
    <div class="body">
      <nav class="side" aria-label="Admin sections">
        <mat-nav-list>
          @for (item of nav(); track item.path) {
            <a mat-list-item [routerLink]="['/admin', item.path]" routerLinkActive #rla="routerLinkActive" [activated]="rla.isActive" [attr.aria-current]="rla.isActive ? 'page' : null" [attr.data-testid]="item.testId">
              {{ item.label }}
            </a>
          }
        </mat-nav-list>
      </nav>
      <main class="content"><router-outlet /></main>
    </div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100dvh; }
    .topbar { flex: none; gap: 12px; height: 56px; border-bottom: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); font: var(--mat-sys-body-medium); }
    .brand { display: inline-flex; align-items: center; gap: 8px; font: var(--mat-sys-title-medium); font-weight: 700; }
    .logo { width: 28px; height: 28px; border-radius: 8px; display: inline-flex; align-items: center; justify-content: center; background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .section { color: var(--mat-sys-on-surface-variant); }
    .spacer { flex: 1; }
    .body { flex: 1; display: flex; min-height: 0; }
    .side { flex: none; width: 200px; border-right: 1px solid var(--mat-sys-outline-variant); overflow: auto; }
    .content { flex: 1; overflow: auto; padding: 16px 24px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminShell {
  protected readonly session = inject(SessionStore);
  protected readonly nav = computed(() => adminNavFor(this.session.role(), this.session.permissions()));
}
